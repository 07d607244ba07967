package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/doxguard/doxguard/monitor"
	"github.com/doxguard/doxguard/store"
)

// findingLine is what a script reads from `findings --json`.
type findingLine struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Person    string    `json:"person"`
	Kind      string    `json:"kind"`
	Form      string    `json:"form"`
	Severity  string    `json:"severity"`
	Status    string    `json:"status"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	Masked    string    `json:"masked"`
}

func parseFindings(t *testing.T, out string) []findingLine {
	t.Helper()
	var fs []findingLine
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var f findingLine
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("findings --json line %q: %v", line, err)
		}
		if f.ID == "" || f.URL == "" || f.Kind == "" || f.Form == "" || f.Severity == "" || f.Status == "" ||
			f.Masked == "" || f.Person == "" || f.FirstSeen.IsZero() || f.LastSeen.IsZero() {
			t.Errorf("findings --json: a contract field is empty: %s", line)
		}
		fs = append(fs, f)
	}
	return fs
}

func (c *cliT) noSecrets() {
	c.t.Helper()
	for _, s := range secrets {
		if strings.Contains(c.all.String(), s) {
			c.t.Errorf("output shows an unmasked identifier (%d chars)", len(s))
		}
	}
}

// The newcomer's path: `doxguard demo` scans the bundled fictional site and
// shows findings of every planted kind; the demo database it leaves behind
// opens with the printed passphrase.
func TestDemoCommand(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	code, out, errs := c.run("demo", "--dir", dir)
	if code != 0 {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, monitor.DemoPassphrase) || !strings.Contains(errs, "doxguard-demo.db") {
		t.Errorf("demo does not tell the user the demo database and passphrase:\n%s", errs)
	}
	if !strings.Contains(out, "New findings") {
		t.Errorf("demo printed no findings table:\n%s", out)
	}
	c.noSecrets()

	c.db = filepath.Join(dir, "doxguard-demo.db")
	c.env["DOXGUARD_PASSPHRASE"] = monitor.DemoPassphrase
	fs := parseFindings(t, c.must("findings", "--json"))
	kinds := map[string]bool{}
	for _, f := range fs {
		kinds[f.Kind] = true
		if strings.Contains(f.URL, "/private/") {
			t.Errorf("a page disallowed by robots.txt was scanned: %s", f.URL)
		}
		if strings.HasSuffix(f.URL, "/about.html") {
			t.Errorf("a name alone opened a finding on %s", f.URL)
		}
		if f.Person != "程某" {
			t.Errorf("person shown as %q, want the masked name", f.Person)
		}
	}
	for _, k := range []string{"phone", "cn_id", "bank_card", "email", "address", "qq", "plate"} {
		if !kinds[k] {
			t.Errorf("demo found no %s (found %v)", k, kinds)
		}
	}
	var gbk bool
	for _, f := range fs {
		gbk = gbk || strings.HasSuffix(f.URL, "/news/local.html")
	}
	if !gbk {
		t.Error("nothing found on the GBK-encoded page")
	}
	c.noSecrets()
}

func TestSourceScanFindingsCommands(t *testing.T) {
	c := newCLI(t)
	exposed := `<html><body><p>程安然 手机 １３８-００１３-８０００</p></body></html>`
	var body atomic.Value
	body.Store(exposed)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/t/1" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(body.Load().(string)))
	}))
	defer srv.Close()

	c.must("init")
	c.must("person", "add", "程安然")
	c.must("id", "add", "程安然", "phone", "138 0013 8000")

	// Loopback is refused unless allowed.
	c.fails(2, "private", "source", "add", srv.URL+"/t/1")
	c.must("source", "add", srv.URL+"/t/1", "--kind", "page", "--every", "6h", "--allow-private")
	c.fails(2, "already", "source", "add", srv.URL+"/t/1", "--kind", "page", "--allow-private")
	c.fails(2, "{query}", "source", "add", "https://s.example/search", "--kind", "search")

	var src struct {
		ID, Kind, URL, Every string
		Enabled              bool
	}
	if err := json.Unmarshal([]byte(c.must("source", "list", "--json")), &src); err != nil {
		t.Fatal(err)
	}
	if src.Kind != "page" || src.Every != "6h" || !src.Enabled {
		t.Errorf("source list --json: %+v", src)
	}

	code, out, errs := c.run("scan", "--allow-private")
	if code != 0 {
		t.Fatalf("scan: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "phone") || !strings.Contains(out, "138****8000") {
		t.Errorf("scan summary does not list the new finding:\n%s", out)
	}
	fs := parseFindings(t, c.must("findings", "--json"))
	if len(fs) != 1 || fs[0].Kind != "phone" || fs[0].Status != "new" || fs[0].Form != "variant" {
		t.Fatalf("findings: %+v", fs)
	}
	c.must("finding", "mark", fs[0].ID, "reported", "--note", "notice sent")
	c.fails(2, "unknown status", "finding", "mark", fs[0].ID, "gone")
	c.fails(2, "no finding", "finding", "mark", "f999", "confirmed")
	if got := parseFindings(t, c.must("findings", "--status", "reported", "--json")); len(got) != 1 {
		t.Errorf("findings --status reported: %d", len(got))
	}
	if got := parseFindings(t, c.must("findings", "--person", "程安然", "--status", "new", "--json")); len(got) != 0 {
		t.Errorf("findings --status new after marking: %d", len(got))
	}

	body.Store(`<html><body><p>已删除</p></body></html>`)
	c.must("scan", "--allow-private")
	if fs = parseFindings(t, c.must("findings", "--json")); fs[0].Status != "removed" {
		t.Errorf("after the content went: status %s", fs[0].Status)
	}

	// Import: idempotent, and a bad line is refused with its number.
	list := writeFile(t, "sources.csv", "url,kind,every\nhttps://bbs.example.com/t/9,page,12h\nhttps://example.com/feed.xml,feed,\n")
	c.must("source", "import", list)
	if out := c.must("source", "import", list); !strings.Contains(out, "imported 0 source(s), 2 already present") {
		t.Errorf("second import: %s", out)
	}
	bad := writeFile(t, "bad.csv", "url,kind\nhttps://a.example/,page\nftp://b.example/,page\n")
	c.fails(2, "line 3", "source", "import", bad)
	lines := strings.Split(strings.TrimSpace(c.must("source", "list", "--json")), "\n")
	if len(lines) != 3 {
		t.Errorf("%d sources after imports, want 3", len(lines))
	}
	c.must("source", "rm", src.ID)
	if out := c.must("source", "list"); strings.Contains(out, srv.URL) {
		t.Errorf("source rm left the source:\n%s", out)
	}
	c.fails(2, "no source", "source", "rm", "s999")
	if !slices.ContainsFunc(parseFindings(t, c.must("findings", "--json")), func(f findingLine) bool { return f.Kind == "phone" }) {
		t.Error("removing a source removed its findings (evidence must stay)")
	}
	c.noSecrets()
}

// `watch` runs until interrupted (Ctrl-C cancels the context in main) and
// then exits 0 with the database closed.
func TestWatchStopsOnInterrupt(t *testing.T) {
	c := newCLI(t)
	c.must("init")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var out, errb bytes.Buffer
	go func() {
		kdf := store.TestKDF
		opts := Options{Getenv: func(k string) string { return c.env[k] }, KDF: &kdf}
		done <- Run(ctx, opts, []string{"--db", c.db, "watch"}, strings.NewReader(""), &out, &errb)
	}()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case code := <-done:
		if code != 0 || !strings.Contains(errb.String(), "stopped") {
			t.Errorf("watch after interrupt: exit %d, stderr %q", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not stop after the interrupt")
	}
	c.must("source", "list") // the database lock was released
}
