package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlnwa/gowarc/v3"

	"github.com/doxguard/doxguard/store"
)

func TestEvidenceCommands(t *testing.T) {
	c := newCLI(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<html><body><p>程安然的手机 138 0013 8000，身份证 11010519491231002X，大家去找她。</p></body></html>`))
	}))
	defer srv.Close()
	c.scanExposedPage(srv.URL + "/t/1")

	out := c.must("verify", "--read-data")
	if !strings.Contains(out, "no errors were found") || !strings.Contains(out, "re-hashed") {
		t.Errorf("verify on a clean database:\n%s", out)
	}

	dir := t.TempDir()
	pdf := filepath.Join(dir, "r.pdf")
	c.fails(2, "--person", "report", "--out", pdf)
	c.fails(2, "want a date", "report", "--person", "程安然", "--out", pdf, "--from", "yesterday")
	c.fails(2, "FILE.pdf", "report", "--person", "程安然", "--out", filepath.Join(dir, "r.txt"))
	out = c.must("report", "--person", "程安然", "--out", pdf, "--lang", "zh")
	if !strings.Contains(out, "2 finding(s)") {
		t.Errorf("report output: %s", out)
	}
	if st, err := os.Stat(pdf); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("report file: %v %v", st, err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(string(txt)), "")
		for _, want := range []string{"程某", "138****8000", "110105********002X", srv.URL + "/t/1"} {
			if !strings.Contains(flat, want) {
				t.Errorf("report lacks %q", want)
			}
		}
		for _, s := range append(secrets, "程安然") {
			if strings.Contains(flat, s) {
				t.Errorf("report shows a registered value in full")
			}
		}
	}

	warc := filepath.Join(dir, "e.warc.gz")
	c.fails(2, "warc.gz", "export", "warc", "--out", filepath.Join(dir, "e.zip"))
	code, out, errs := c.run("export", "warc", "--person", "程安然", "--out", warc)
	if code != 0 || !strings.Contains(out, "1 capture(s)") || !strings.Contains(errs, "unencrypted") {
		t.Fatalf("export warc: %d\n%s\n%s", code, out, errs)
	}
	f, err := os.Open(warc)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := gowarc.NewWarcFileReaderFromStream(f, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	var responses int
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("exported WARC fails the strict reader: %v", err)
		}
		if rec.WarcRecord.Type() == gowarc.Response {
			responses++
		}
		rec.Close()
	}
	if responses != 1 {
		t.Errorf("%d response records, want 1", responses)
	}

	// A timestamp token that does not belong to its capture.
	db, err := store.Open(c.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *store.Tx) error {
		cs, err := tx.ListCaptures()
		if err != nil || len(cs) == 0 {
			return err
		}
		cs[0].TSAToken, cs[0].TSAURL = []byte{0x30, 0x03, 0x02, 0x01, 0x00}, "http://127.0.0.1:1/tsa"
		return tx.UpdateCapture(&cs[0])
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs = c.run("verify")
	if code != 1 || !strings.Contains(out, "timestamp token") || !strings.Contains(out, "what to do:") || !strings.Contains(errs, "1 problem(s) found") {
		t.Errorf("verify with a bad token: exit %d\n%s\n%s", code, out, errs)
	}
	if bytes.Contains(c.all.Bytes(), []byte("13800138000")) {
		t.Error("a command printed the phone number in full")
	}
}
