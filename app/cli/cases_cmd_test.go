package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// caseLine is what a script reads from `case list --json`.
type caseLine struct {
	ID       string `json:"id"`
	Person   string `json:"person"`
	Host     string `json:"host"`
	Status   string `json:"status"`
	Findings int    `json:"findings"`
	Removed  int    `json:"removed"`
	Ref      string `json:"ref"`
	Suggest  string `json:"suggest"`
	Letters  int    `json:"letters"`
}

func listCases(t *testing.T, c *cliT) []caseLine {
	t.Helper()
	var out []caseLine
	for _, line := range strings.Split(strings.TrimSpace(c.must("case", "list", "--json")), "\n") {
		if line == "" {
			continue
		}
		var l caseLine
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("case list --json line %q: %v", line, err)
		}
		out = append(out, l)
	}
	return out
}

// A user's whole path through the CLI: scan finds an exposure, a case is
// opened, a letter is drafted in every format, the case is marked sent, the
// site takes the page down, and the next scan resolves the case.
func TestCaseAndLetterCommands(t *testing.T) {
	c := newCLI(t)
	var body atomic.Value
	body.Store(`<html><body><p>程安然 手机 138 0013 8000 身份证 11010519491231002X</p></body></html>`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(body.Load().(string)))
	}))
	defer srv.Close()

	c.scanExposedPage(srv.URL + "/t/1")

	if out := c.must("case", "list"); !strings.Contains(out, "no cases") {
		t.Errorf("empty case list: %q", out)
	}
	c.fails(2, "--person", "case", "open", "--host", "127.0.0.1")
	c.fails(1, "no open findings", "case", "open", "--person", "程安然", "--host", "elsewhere.example")
	out := c.must("case", "open", "--person", "程安然", "--host", srv.URL, "--recipient", "abuse@site.example")
	if !strings.Contains(out, "opened case") || !strings.Contains(out, "letter --case") {
		t.Errorf("case open output:\n%s", out)
	}
	cs := listCases(t, c)
	if len(cs) != 1 || cs[0].Status != "draft" || cs[0].Findings != 2 || cs[0].Person != "程某" || cs[0].Suggest != "platform-notice" {
		t.Fatalf("case list: %+v", cs)
	}
	id := cs[0].ID

	dir := t.TempDir()
	c.fails(2, "extension", "letter", "--case", id, "--template", "platform-notice", "--out", filepath.Join(dir, "x.docx"))
	c.fails(2, "unknown letter template", "letter", "--case", id, "--template", "cease-and-desist", "--out", filepath.Join(dir, "x.md"))
	c.fails(2, "--lang", "letter", "--case", id, "--template", "platform-notice", "--lang", "fr", "--out", filepath.Join(dir, "x.md"))
	for _, name := range []string{"notice.pdf", "notice.md", "notice.txt", "notice.eml"} {
		out := c.must("letter", "--case", id, "--template", "platform-notice", "--out", filepath.Join(dir, name))
		if !strings.Contains(out, "abuse@site.example") {
			t.Errorf("letter output does not say where to send it:\n%s", out)
		}
	}
	md, err := os.ReadFile(filepath.Join(dir, "notice.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"138****8000", "110105********002X", "第一千一百九十五条", "程某", "abuse@site.example"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("letter lacks %q", want)
		}
	}
	for _, s := range append(secrets, "程安然") {
		if strings.Contains(string(md), s) {
			t.Errorf("letter shows a registered value in full (%d chars)", len(s))
		}
	}

	// The case's evidence report goes alongside the letter on request.
	c.must("letter", "--case", id, "--template", "platform-notice", "--with-report", "--out", filepath.Join(dir, "bundle.md"))
	rep, err := os.ReadFile(filepath.Join(dir, "bundle-evidence.pdf"))
	if err != nil {
		t.Fatalf("--with-report wrote no evidence report: %v", err)
	}
	if !bytes.HasPrefix(rep, []byte("%PDF-")) {
		t.Fatal("the evidence report beside the letter is not a PDF")
	}

	out = c.must("case", "sent", id, "--channel", "e-mail", "--ref", "T-42")
	if !strings.Contains(out, "reply due") {
		t.Errorf("case sent did not give the default deadline:\n%s", out)
	}
	for _, f := range parseFindings(t, c.must("findings", "--json")) {
		if f.Status != "reported" {
			t.Errorf("finding %s is %s after case sent", f.ID, f.Status)
		}
	}
	if cs := listCases(t, c); cs[0].Status != "sent" || cs[0].Ref != "T-42" || cs[0].Letters != 5 { // 4 formats + the bundle
		t.Errorf("after sent: %+v", cs[0])
	}

	body.Store(`<html><body><p>内容已删除</p></body></html>`)
	c.must("scan", "--allow-private")
	cs = listCases(t, c)
	if cs[0].Status != "resolved" || cs[0].Removed != 2 {
		t.Errorf("after the site removed the page: %+v", cs[0])
	}
	c.fails(1, "does not allow", "case", "close", id, "--outcome", "refused")
	c.fails(2, "--outcome", "case", "close", id, "--outcome", "won")
	c.noSecrets()
}
