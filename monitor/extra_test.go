package monitor

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/doxguard/doxguard/monitor/roster"
	"github.com/doxguard/doxguard/store"
)

type recordNotes struct {
	mu sync.Mutex
	ns []Notification
}

func (r *recordNotes) Notify(n Notification) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ns = append(r.ns, n)
}

// The user hears about new serious exposures and reappeared content, with
// masked values only.
func TestNotifications(t *testing.T) {
	db := newTestDB(t)
	addCheng(t, db)
	s := newSite(t)
	s.html("/p.html", `<p>程安然 身份证 11010519491231002X</p>`)
	var rec recordNotes
	m := testMonitor(db, Options{Notifier: &rec})
	if _, err := m.AddSource(SourceSpec{URL: s.URL + "/p.html", Kind: KindPage}); err != nil {
		t.Fatal(err)
	}
	scan := func() {
		t.Helper()
		if _, err := m.Scan(context.Background(), ScanRequest{Force: true}, nil); err != nil {
			t.Fatal(err)
		}
	}
	scan()
	s.html("/p.html", `<p>已删除</p>`)
	scan()
	s.html("/p.html", `<p>程安然 身份证 11010519491231002X</p>`)
	scan()
	var levels []string
	for _, n := range rec.ns {
		levels = append(levels, n.Level)
		if strings.Contains(n.Title+n.Body, "19491231") || n.FindingID == "" {
			t.Errorf("notification %+v: unmasked value or no finding", n)
		}
	}
	if !slices.Equal(levels, []string{LevelCritical, LevelHigh}) {
		t.Errorf("notification levels %v, want new critical then reappeared", levels)
	}
	if !strings.Contains(rec.ns[1].Title, "reappeared") {
		t.Errorf("second notification %q should say reappeared", rec.ns[1].Title)
	}
}

// A search source sends the person's names (with 身份证 / 手机号 …) to the
// search site — never an identifier — and finds what the results show.
func TestSearchSource(t *testing.T) {
	db := newTestDB(t)
	addCheng(t, db)
	s := newSite(t)
	var mu sync.Mutex
	var queries []string
	inner := s.Config.Handler
	s.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/search" {
			q := r.URL.Query().Get("q")
			mu.Lock()
			queries = append(queries, q)
			mu.Unlock()
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if strings.Contains(q, "手机号") && strings.HasPrefix(q, "程安然") {
				_, _ = w.Write([]byte(`<p>结果：程安然 手机号 138 0013 8000</p>`))
				return
			}
			_, _ = w.Write([]byte(`<p>没有结果</p>`))
			return
		}
		inner.ServeHTTP(w, r)
	})
	m := testMonitor(db, Options{})
	if _, err := m.AddSource(SourceSpec{URL: s.URL + "/search?q={query}", Kind: KindSearch, Queries: []string{"开盒 程安然"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Scan(context.Background(), ScanRequest{Force: true}, nil); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(queries, "程安然 身份证") || !slices.Contains(queries, "安然然 手机号") || !slices.Contains(queries, "开盒 程安然") {
		t.Errorf("queries sent: %q", queries)
	}
	for _, q := range queries {
		if strings.ContainsAny(q, "0123456789@") {
			t.Errorf("a search query carries an identifier: %q", q)
		}
	}
	var phone bool
	for _, fs := range findingsByPath(t, db, s.URL) {
		for _, f := range fs {
			phone = phone || f.Kind == "phone"
		}
	}
	if !phone {
		t.Error("the search result page's phone number was not found")
	}
}

// TestSource lists what a scan would crawl and stores nothing.
func TestTestSource(t *testing.T) {
	db := newTestDB(t)
	addCheng(t, db)
	s, _ := plantSite(t)
	m := testMonitor(db, Options{})
	src := addSiteSource(t, m, s.URL+"/")
	urls, err := m.TestSource(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if len(urls) != 7 || !slices.Contains(urls, s.URL+"/gbk.html") {
		t.Errorf("TestSource listed %q", urls)
	}
	if fs := findingsByPath(t, db, s.URL); len(fs) != 0 {
		t.Errorf("TestSource stored %d findings", len(fs))
	}
}

// A source limited to one person opens findings for that person only.
func TestSourcePersonScope(t *testing.T) {
	db := newTestDB(t)
	addCheng(t, db)
	r, err := roster.Parse([]byte(`{"people":[{"name":"李四海","identifiers":[{"kind":"phone","value":"139 0013 9000"}]}]}`), roster.JSON, roster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *store.Tx) error { _, err := roster.Import(roster.StoreTx(tx), r, false); return err }); err != nil {
		t.Fatal(err)
	}
	s := newSite(t)
	s.html("/both.html", `<p>程安然 13800138000；李四海 13900139000</p>`)
	m := testMonitor(db, Options{})
	if _, err := m.AddSource(SourceSpec{URL: s.URL + "/both.html", Kind: KindPage, People: []string{"李四海"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.AddSource(SourceSpec{URL: s.URL + "/x.html", Kind: KindPage, People: []string{"王五"}}); err == nil {
		t.Error("a source for an unregistered person was accepted")
	}
	if _, err := m.Scan(context.Background(), ScanRequest{Force: true}, nil); err != nil {
		t.Fatal(err)
	}
	fs := findingsByPath(t, db, s.URL)["/both.html"]
	var li store.Person
	_ = db.View(func(tx *store.Tx) error { li, err = tx.PersonByName("李四海"); return err })
	if len(fs) != 1 || fs[0].PersonID != li.ID {
		t.Errorf("findings %+v, want only 李四海's phone", fs)
	}
}
