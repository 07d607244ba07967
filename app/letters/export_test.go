package letters_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doxguard/doxguard/app/letters"
	"github.com/doxguard/doxguard/monitor/cases"
	"github.com/doxguard/doxguard/monitor/detect"
	"github.com/doxguard/doxguard/store"
)

// Every kind a person can register, with fictitious values
// (docs/ARCHITECTURE.md "Test identities").
var registered = []struct{ kind, value, onPage string }{
	{"phone", "+8613800138000", "手机 138 0013 8000"},
	{"cn_id", "11010519491231002X", "身份证 11010519491231002X"},
	{"bank_card", "6222021234567890128", "银行卡 6222021234567890128"},
	{"email", "anran.cheng@example.com", "邮箱 anran.cheng@example.com"},
	{"address", "浙江省杭州市西湖区文三路88号5幢2单元301室", "住址 浙江省杭州市西湖区文三路88号5幢2单元301室"},
	{"qq", "48151623", "QQ 48151623"},
	{"wechat", "anran_wx_2024", "微信 anran_wx_2024"},
	{"plate", "浙AD12345", "车牌 浙A·D12345"},
	{"passport", "E12345678", "护照 E12345678"},
	{"handle", "anran_live", "账号 @anran_live"},
}

// TestEveryLetterEveryFormatMasked runs the real path: a page exposing every
// kind is scanned by the detector, the matches become findings, a case is
// opened, and every template is exported in every format and language. No
// registered value may appear in full in any file, and the masked forms must.
func TestEveryLetterEveryFormatMasked(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "test.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Init([]byte("pass phrase for tests"), store.TestKDF); err != nil {
		t.Fatal(err)
	}
	if err := db.Unlock([]byte("pass phrase for tests")); err != nil {
		t.Fatal(err)
	}
	var page strings.Builder
	page.WriteString("<html><body><p>开盒 程安然</p>")
	roster := detect.Person{Name: "程安然", Aliases: []string{"安然然"}}
	var pid string
	err = db.Update(func(tx *store.Tx) error {
		p := store.Person{Name: "程安然", Aliases: []string{"安然然"}}
		if err := tx.PutPerson(&p); err != nil {
			return err
		}
		pid, roster.ID = p.ID, p.ID
		for _, r := range registered {
			id := store.Identifier{PersonID: pid, Kind: r.kind, Value: r.value}
			if err := tx.PutIdentifier(&id); err != nil {
				return err
			}
			roster.Identifiers = append(roster.Identifiers, detect.Identifier{ID: id.ID, Kind: r.kind, Value: id.Value})
			page.WriteString("<p>" + r.onPage + "</p>")
		}
		return tx.PutSetting(letters.SettingContact, "reach-me@example.org")
	})
	if err != nil {
		t.Fatal(err)
	}
	page.WriteString("</body></html>")
	det, err := detect.New(detect.Roster{People: []detect.Person{roster}}, detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const url = "https://bbs.example/thread/1"
	res := det.Scan(detect.Doc{Body: []byte(page.String()), ContentType: "text/html; charset=utf-8", URL: url})
	t0 := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	kinds := map[string]string{}
	err = db.Update(func(tx *store.Tx) error {
		for _, m := range res.Matches {
			if m.Kind == "name" {
				continue
			}
			kinds[m.Kind] = m.Masked
			f := store.Finding{Key: tx.FindingKey(url, pid, m.IdentifierID, m.ValueKey), URL: url, Host: "bbs.example",
				PersonID: pid, IdentifierID: m.IdentifierID, Kind: m.Kind, Form: m.Form, Severity: m.Severity,
				Status: "new", Masked: m.Masked, Snippet: m.Snippet, CaptureID: strings.Repeat("ab", 32),
				FirstSeen: t0, LastSeen: t0}
			if err := tx.PutFinding(&f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"phone", "cn_id", "bank_card", "email", "address", "qq"} {
		if kinds[k] == "" {
			t.Fatalf("detector did not report %s (found %v); the test needs every core kind on the page", k, kinds)
		}
	}
	t.Logf("kinds on the page: %v", kinds)
	c, err := cases.Create(ctx, db, pid, "bbs.example", cases.OpenOptions{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	secrets := []letters.Secret{{Kind: "name", Value: "程安然"}, {Kind: "name", Value: "安然然"}}
	for _, r := range registered {
		secrets = append(secrets, letters.Secret{Kind: r.kind, Value: r.value})
	}
	out := t.TempDir()
	for _, tpl := range letters.Templates() {
		for _, lang := range []string{letters.LangZH, letters.LangEN} {
			for _, f := range letters.Formats() {
				path := filepath.Join(out, tpl.Name+"."+lang+"."+string(f))
				_, err := letters.Export(ctx, db, letters.Renderer{}, c.ID, path, letters.BuildOptions{Template: tpl.Name, Lang: lang, Now: t0})
				if err != nil {
					t.Fatalf("%s: %v", filepath.Base(path), err)
				}
				text := readBack(t, path, f)
				if err := letters.Check(text, secrets); err != nil {
					t.Errorf("%s: %v", filepath.Base(path), err)
				}
				flat := strings.Join(strings.Fields(text), "")
				for kind, masked := range kinds {
					if !strings.Contains(flat, strings.Join(strings.Fields(masked), "")) {
						t.Errorf("%s: masked %s missing", filepath.Base(path), kind)
					}
				}
				if !strings.Contains(flat, "程某") {
					t.Errorf("%s: masked requester name missing", filepath.Base(path))
				}
				if st, err := os.Stat(path); err == nil && st.Mode().Perm() != 0o600 {
					t.Errorf("%s: mode %v, want 0600", filepath.Base(path), st.Mode().Perm())
				}
			}
		}
	}
	var got store.Case
	if err := db.View(func(tx *store.Tx) (err error) { got, err = tx.GetCase(c.ID); return }); err != nil {
		t.Fatal(err)
	}
	if want := len(letters.Templates()) * 2 * len(letters.Formats()); len(got.Letters) != want {
		t.Errorf("case records %d letters, want %d", len(got.Letters), want)
	}
}

func readBack(t *testing.T, path string, f letters.Format) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	switch f {
	case letters.FormatPDF:
		return letters.PDFText(t, b)
	case letters.FormatEML:
		return letters.DecodeEML(t, b)
	}
	return string(b)
}
