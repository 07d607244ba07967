package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The fictitious test identity (docs/ARCHITECTURE.md "Test identities"),
// one identifier of every kind, in canonical form.
var secrets = []struct{ kind, value string }{
	{"phone", "+8613800138000"},
	{"cn_id", "11010519491231002X"},
	{"bank_card", "6222021234567890128"},
	{"email", "anran.cheng@example.com"},
	{"address", "浙江省杭州市西湖区文三路 88 号 5 幢 2 单元 301 室"},
	{"qq", "48151623"},
	{"wechat", "anran_cheng88"},
	{"plate", "浙AD12345"},
	{"passport", "E12345678"},
	{"handle", "anranran_official"},
	{"photo", "c3a1e5f00f1e2d3c"},
	{"other", "locker code 73915"},
}

// needles are every form a value could leak in: as registered, its digits,
// and its distinctive parts (UTF-8 for Chinese).
func needles() []string {
	out := []string{"程安然", "安然然", "文三路", "西湖区文三路", "13800138000", "138 0013 8000", "8613800138000"}
	for _, s := range secrets {
		out = append(out, s.value)
		var digits strings.Builder
		for _, r := range s.value {
			if r >= '0' && r <= '9' {
				digits.WriteRune(r)
			}
		}
		if digits.Len() >= 6 {
			out = append(out, digits.String())
		}
		out = append(out, strings.ToLower(s.value), strings.ReplaceAll(s.value, " ", ""))
	}
	return out
}

func TestNoPlaintextAtRest(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "doxguard.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Init(testPass, TestKDF); err != nil {
		t.Fatal(err)
	}
	page := "<html><body><p>程安然 住址 浙江省杭州市西湖区文三路 88 号 5 幢 2 单元 301 室</p>"
	// Every needle is on the page, so the capture holds all of them.
	for _, n := range needles() {
		page += "<p>" + n + "</p>"
	}
	page += "</body></html>"

	register := func(tx *Tx) error {
		p := Person{Name: "程安然", Aliases: []string{"安然然", "Cheng Anran"}, Notes: "住在文三路"}
		if err := tx.PutPerson(&p); err != nil {
			return err
		}
		for _, s := range secrets {
			i := Identifier{PersonID: p.ID, Kind: s.kind, Value: s.value, Masked: "****", Label: "registered"}
			if err := tx.PutIdentifier(&i); err != nil {
				return err
			}
		}
		c := Capture{URL: "https://forum.example/t/1?q=程安然", Status: 200, FetchedAt: time.Now().UTC()}
		if err := tx.PutCapture(&c, []byte(page)); err != nil {
			return err
		}
		if err := tx.PutURLState(&URLState{URL: c.URL, CaptureID: c.ID}); err != nil {
			return err
		}
		f := Finding{Key: tx.FindingKey(c.URL, p.ID, "i1", ""), URL: c.URL, PersonID: p.ID, Kind: "phone",
			Masked: "138****8000", Snippet: "程某 电话【138****8000】", CaptureID: c.ID}
		if err := tx.PutFinding(&f); err != nil {
			return err
		}
		return tx.PutSetting("letters.agent", map[string]string{"name": "程安然", "address": secrets[4].value})
	}
	if err := db.Update(register); err != nil {
		t.Fatal(err)
	}
	// Delete and write everything again, so freed pages (which bbolt
	// reuses but does not clear) hold old values too.
	for round := 0; round < 3; round++ {
		err := db.Update(func(tx *Tx) error {
			ps, err := tx.ListPeople()
			if err != nil {
				return err
			}
			for _, p := range ps {
				if err := tx.DeletePerson(p.ID); err != nil {
					return err
				}
			}
			fs, err := tx.ListFindings()
			if err != nil {
				return err
			}
			for _, f := range fs {
				if err := tx.DeleteFinding(f.ID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Update(register); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	var total int
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		total += len(raw)
		for _, n := range needles() {
			if bytes.Contains(raw, []byte(n)) {
				t.Errorf("%s contains plaintext %q", filepath.Base(f), mask(n))
			}
		}
	}
	if total < 16*1024 {
		t.Fatalf("scanned only %d bytes: the test is not looking at the database", total)
	}

}

func mask(s string) string {
	r := []rune(s)
	if len(r) <= 2 {
		return "**"
	}
	return fmt.Sprintf("%c…%c (%d chars)", r[0], r[len(r)-1], len(r))
}
