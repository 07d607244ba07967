package monitor

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/doxguard/doxguard/store"
)

// plantSite serves pages with the test person's identifiers in disguise and
// returns, per path, the kinds a scan must report.
func plantSite(t *testing.T) (*site, map[string][]string) {
	s := newSite(t)
	s.html("/", `<html><body><a href="/forum.html">forum</a> <a href="/gbk.html">gbk</a>
<a href="/split.html">split</a> <a href="/img.html">img</a> <a href="/masked.html">masked</a>
<a href="/name.html">name</a></body></html>`)
	s.html("/forum.html", `<html><body><p>程安然的手机：１３８ ００１３ ８０００</p>
<p>邮箱 anran.cheng [at] example [dot] com</p></body></html>`)
	gbkPage := gzipped(t, gbk(t, `<html><head><meta charset="gbk"><title>本地新闻</title></head><body>
<p>网友爆料：程安然，身份证号 11010519491231002X，住在浙江省杭州市西湖区文三路88号5幢2单元301室。</p></body></html>`))
	s.set("/gbk.html", page{body: gbkPage, ctype: "text/html", encoding: "gzip"})
	s.html("/split.html", `<html><body><p>程安然 电话 <span>138</span><span>0013</span><span>8000</span></p>
<p>卡号 6222 0212 3456 7890 128</p></body></html>`)
	s.html("/img.html", `<html><body><p>捡到的证件</p><img src="/x.png" alt="程安然 身份证 11010519491231002X">
<p>QQ 四八一五一六二三</p></body></html>`)
	s.html("/masked.html", `<html><body><p>程安然的手机号是 138****8000 吗？</p></body></html>`)
	s.html("/name.html", `<html><body><p>程安然今天直播。</p></body></html>`)
	return s, map[string][]string{
		"/forum.html":  {"phone", "email"},
		"/gbk.html":    {"cn_id", "address"},
		"/split.html":  {"phone", "bank_card"},
		"/img.html":    {"cn_id", "qq"},
		"/masked.html": {"phone"},
	}
}

func addSiteSource(t testing.TB, m *Monitor, seed string) store.Source {
	t.Helper()
	src, err := m.AddSource(SourceSpec{URL: seed, Kind: KindSite, Depth: 1})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestScanFindsPlantedIdentifiersWithExactCaptures(t *testing.T) {
	db := newTestDB(t)
	addCheng(t, db)
	s, want := plantSite(t)
	m := testMonitor(db, Options{})
	addSiteSource(t, m, s.URL+"/")

	var last Progress
	run, err := m.Scan(context.Background(), ScanRequest{Force: true}, ProgressFunc(func(p Progress) { last = p }))
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != RunOK || run.Pages != 7 {
		t.Errorf("run: status %s, pages %d (errors %v); want ok, 7", run.Status, run.Pages, run.Errors)
	}
	if last.Phase != "done" || last.PagesDone != 7 {
		t.Errorf("last progress %+v", last)
	}
	got := findingsByPath(t, db, s.URL)
	for path, kinds := range want {
		var have []string
		for _, f := range got[path] {
			have = append(have, f.Kind)
			if f.Status != StatusNew || len(f.Timeline) != 1 {
				t.Errorf("%s %s: status %s timeline %d, want new with one event", path, f.Kind, f.Status, len(f.Timeline))
			}
		}
		for _, k := range kinds {
			if !slices.Contains(have, k) {
				t.Errorf("%s: no %s finding (have %v)", path, k, have)
			}
		}
	}
	if fs := got["/name.html"]; len(fs) != 0 {
		t.Errorf("a name alone opened %d finding(s)", len(fs))
	}
	for _, fs := range got {
		for _, f := range fs {
			if f.Kind == "name" {
				t.Errorf("%s: a finding of kind name", f.URL)
			}
			if strings.Contains(f.Masked, "0013") || strings.Contains(f.Snippet, "0013") {
				t.Errorf("%s: finding shows unmasked digits: %q / %q", f.URL, f.Masked, f.Snippet)
			}
		}
	}
	if run.New != len(flatten(got)) {
		t.Errorf("run.New = %d, findings stored = %d", run.New, len(flatten(got)))
	}

	// Every finding's capture holds exactly the bytes the server sent —
	// for the GBK page, the gzip-compressed GBK bytes.
	for path := range want {
		f := got[path][0]
		if f.CaptureID != s.sentSHA(path) {
			t.Errorf("%s: capture %s, server sent bytes with SHA-256 %s", path, f.CaptureID, s.sentSHA(path))
		}
		err := db.View(func(tx *store.Tx) error {
			c, err := tx.GetCapture(f.CaptureID)
			if err != nil {
				return err
			}
			if c.BodySHA256 != s.sentSHA(path) || c.Status != 200 || c.ToolVersion != "test" {
				t.Errorf("%s: capture record %+v", path, c)
			}
			raw, err := tx.GetCaptureBody(f.CaptureID)
			if err != nil {
				return err
			}
			if sha256Hex(raw) != s.sentSHA(path) {
				t.Errorf("%s: stored body does not hash to what was sent", path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	rep, err := db.Verify(context.Background(), store.VerifyOptions{ReadData: true})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Errorf("verify after scan: %+v", rep)
	}
}

func flatten(m map[string][]store.Finding) []store.Finding {
	var out []store.Finding
	for _, fs := range m {
		out = append(out, fs...)
	}
	return out
}

func TestLifecycleReportedRemovedReappeared(t *testing.T) {
	db := newTestDB(t)
	addCheng(t, db)
	s := newSite(t)
	exposed := `<html><body><p>程安然 身份证 11010519491231002X</p></body></html>`
	clean := `<html><body><p>该帖已被删除 (removed by moderator)</p></body></html>`
	s.html("/post.html", exposed)
	m := testMonitor(db, Options{})
	if _, err := m.AddSource(SourceSpec{URL: s.URL + "/post.html", Kind: KindPage}); err != nil {
		t.Fatal(err)
	}
	scan := func(wantStatus string) store.Finding {
		t.Helper()
		if _, err := m.Scan(context.Background(), ScanRequest{Force: true}, nil); err != nil {
			t.Fatal(err)
		}
		fs := findingsByPath(t, db, s.URL)["/post.html"]
		if len(fs) != 1 {
			t.Fatalf("want one finding, have %d", len(fs))
		}
		if fs[0].Status != wantStatus {
			t.Fatalf("status %s, want %s (timeline %+v)", fs[0].Status, wantStatus, fs[0].Timeline)
		}
		return fs[0]
	}
	f := scan(StatusNew)
	if err := m.MarkFinding(f.ID, StatusReported, "platform notice sent"); err != nil {
		t.Fatal(err)
	}
	scan(StatusReported) // still there: stays reported, LastSeen moves

	s.html("/post.html", clean)
	f = scan(StatusRemoved)

	s.html("/post.html", exposed)
	f = scan(StatusReappeared)
	var statuses []string
	for _, e := range f.Timeline {
		statuses = append(statuses, e.Status)
	}
	if want := []string{StatusNew, StatusReported, StatusRemoved, StatusReappeared}; !slices.Equal(statuses, want) {
		t.Errorf("timeline %v, want %v", statuses, want)
	}

	// The page disappearing altogether (404) also removes it.
	s.remove("/post.html")
	scan(StatusRemoved)
}

// A reported finding's page is re-checked even when its source is gone or
// not due, and before the sources are crawled.
func TestReportedPagesAreRecheckedFirst(t *testing.T) {
	db := newTestDB(t)
	addCheng(t, db)
	s := newSite(t)
	s.html("/old.html", `<p>程安然 QQ 48151623</p>`)
	s.html("/other.html", `<p>nothing here</p>`)
	m := testMonitor(db, Options{})
	src, err := m.AddSource(SourceSpec{URL: s.URL + "/old.html", Kind: KindPage})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Scan(context.Background(), ScanRequest{Force: true}, nil); err != nil {
		t.Fatal(err)
	}
	f := findingsByPath(t, db, s.URL)["/old.html"][0]
	if err := m.MarkFinding(f.ID, StatusReported, ""); err != nil {
		t.Fatal(err)
	}
	if err := m.RemoveSource(src.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := m.AddSource(SourceSpec{URL: s.URL + "/other.html", Kind: KindPage}); err != nil {
		t.Fatal(err)
	}
	s.remove("/old.html")
	var phases []string
	if _, err := m.Scan(context.Background(), ScanRequest{Force: true}, ProgressFunc(func(p Progress) {
		if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
			phases = append(phases, p.Phase)
		}
	})); err != nil {
		t.Fatal(err)
	}
	if got := findingsByPath(t, db, s.URL)["/old.html"][0].Status; got != StatusRemoved {
		t.Errorf("reported finding on a deleted page: status %s, want removed", got)
	}
	if len(phases) < 2 || phases[0] != "recheck" || phases[1] != "crawl" {
		t.Errorf("phases %v, want recheck before crawl", phases)
	}
}

// An unchanged page answers 304: the finding counts as seen (LastSeen moves)
// and is not removed.
func TestNotModifiedCountsAsSeen(t *testing.T) {
	db := newTestDB(t)
	addCheng(t, db)
	s := newSite(t)
	s.set("/p.html", page{body: []byte(`<p>程安然 anran.cheng@example.com</p>`), etag: `"v1"`})
	clock := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	m := testMonitor(db, Options{Now: func() time.Time { return clock }})
	if _, err := m.AddSource(SourceSpec{URL: s.URL + "/p.html", Kind: KindPage}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Scan(context.Background(), ScanRequest{Force: true}, nil); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(24 * time.Hour)
	run, err := m.Scan(context.Background(), ScanRequest{Force: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := findingsByPath(t, db, s.URL)["/p.html"][0]
	if f.Status != StatusNew || !f.LastSeen.Equal(clock) {
		t.Errorf("after 304: status %s last seen %v, want new at %v", f.Status, f.LastSeen, clock)
	}
	if run.Findings != 1 || run.New != 0 {
		t.Errorf("304 run counts findings %d new %d, want 1, 0", run.Findings, run.New)
	}
	if s.sentSHA("/p.html") == "" || s.hits["/p.html"] != 2 {
		t.Errorf("server hits %d", s.hits["/p.html"])
	}
}

// Cancelling a scan stops it promptly, records it as cancelled and leaves
// no goroutine behind.
func TestScanCancelNoLeaks(t *testing.T) {
	db := newTestDB(t)
	addCheng(t, db)
	s := newSite(t)
	var links strings.Builder
	for i := range 40 {
		fmt.Fprintf(&links, `<a href="/slow/%d.html">%d</a> `, i, i)
		s.html(fmt.Sprintf("/slow/%d.html", i), "<p>slow</p>")
	}
	s.html("/", "<html><body>"+links.String()+"</body></html>")
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/slow/") {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(300 * time.Millisecond):
			}
		}
		s.serve(w, r)
	})
	s.Config.Handler = slow
	m := testMonitor(db, Options{Workers: 2})
	addSiteSource(t, m, s.URL+"/")

	ctx, cancel := context.WithCancel(context.Background())
	var pages atomic.Int32
	done := make(chan error, 1)
	var run *store.Run
	go func() {
		var err error
		run, err = m.Scan(ctx, ScanRequest{Force: true}, ProgressFunc(func(p Progress) {
			if p.PagesDone >= 3 && pages.Add(1) == 1 {
				cancel()
			}
		}))
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled scan returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("scan did not stop after cancel")
	}
	if run == nil || run.Status != RunCancelled || run.Pages >= 41 {
		t.Errorf("run %+v, want cancelled before the end", run)
	}
	s.CloseClientConnections()
	s.Close()
	goleak.VerifyNone(t, goleak.IgnoreCurrent())
}

// A source being scanned is not scanned again by a second, overlapping scan.
func TestNoDoubleScanOfOneSource(t *testing.T) {
	db := newTestDB(t)
	addCheng(t, db)
	s := newSite(t)
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	s.html("/p.html", "<p>x</p>")
	s.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/p.html" {
			select {
			case entered <- struct{}{}:
			default:
			}
			<-release
		}
		s.serve(w, r)
	})
	m := testMonitor(db, Options{})
	if _, err := m.AddSource(SourceSpec{URL: s.URL + "/p.html", Kind: KindPage}); err != nil {
		t.Fatal(err)
	}
	first := make(chan error, 1)
	go func() {
		_, err := m.Scan(context.Background(), ScanRequest{Force: true}, nil)
		first <- err
	}()
	<-entered
	run, err := m.Scan(context.Background(), ScanRequest{Force: true}, nil)
	close(release)
	if err != nil {
		t.Fatal(err)
	}
	if run.Pages != 0 || len(run.Errors) != 1 || !strings.Contains(run.Errors[0], "already being scanned") {
		t.Errorf("overlapping scan: %+v", run)
	}
	if err := <-first; err != nil {
		t.Fatal(err)
	}
}

func TestMarkFindingRejectsUnknownStatus(t *testing.T) {
	db := newTestDB(t)
	m := testMonitor(db, Options{})
	if err := m.MarkFinding("f1", "deleted", ""); !errors.Is(err, ErrBadStatus) {
		t.Errorf("got %v, want ErrBadStatus", err)
	}
	if err := m.MarkFinding("f999", StatusConfirmed, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("got %v, want ErrNotFound", err)
	}
}
