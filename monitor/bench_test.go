package monitor

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/doxguard/doxguard/monitor/crawl"
)

// benchSite serves n pages built from the shared corpus of real Chinese
// pages (every tenth with the test person's phone planted), linked from /.
func benchSite(b *testing.B, n int) *httptest.Server {
	b.Helper()
	files, _ := filepath.Glob("/work/shared/corpus/pages/*.html")
	var bodies [][]byte
	for _, f := range files {
		if data, err := os.ReadFile(f); err == nil && len(data) < 300<<10 {
			bodies = append(bodies, data)
		}
	}
	if len(bodies) == 0 {
		b.Skip("corpus not available")
	}
	var index strings.Builder
	for i := range n {
		fmt.Fprintf(&index, `<a href="/p/%d.html">%d</a>`, i, i)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, index.String())
			return
		}
		var i int
		if _, err := fmt.Sscanf(r.URL.Path, "/p/%d.html", &i); err != nil || i >= n {
			http.NotFound(w, r)
			return
		}
		body := bodies[i%len(bodies)]
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write(body)
		if i%10 == 0 {
			fmt.Fprint(w, `<p>程安然 手机 138 0013 8000</p>`)
		}
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkScan is a full scan (crawl + capture stored encrypted + detect +
// findings upsert) of a 200-page site; BenchmarkCrawlOnly crawls the same
// site with no work per page — the peer the scan's overhead is measured
// against (BENCHMARKS.md, section monitor).
func BenchmarkScan(b *testing.B) {
	const pages = 200
	srv := benchSite(b, pages)
	for b.Loop() {
		b.StopTimer()
		db := newTestDB(b)
		addCheng(b, db)
		m := testMonitor(db, Options{Workers: 4})
		addSiteSource(b, m, srv.URL+"/")
		b.StartTimer()
		run, err := m.Scan(context.Background(), ScanRequest{Force: true}, nil)
		if err != nil || run.Pages != pages+1 {
			b.Fatalf("scan: %v, %+v", err, run)
		}
	}
	b.ReportMetric(float64(pages+1)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkCrawlOnly(b *testing.B) {
	const pages = 200
	srv := benchSite(b, pages)
	cfg := crawl.Config{AllowPrivate: true, PerHostDelay: -1, Workers: 4}
	for b.Loop() {
		st, err := crawl.Run(context.Background(), cfg, []crawl.Target{{Kind: crawl.KindSite, URL: srv.URL + "/", Depth: 1}},
			crawl.Hooks{Page: func(crawl.Page) {}})
		if err != nil || st.Pages != pages+1 {
			b.Fatalf("crawl: %v, %+v", err, st)
		}
	}
	b.ReportMetric(float64(pages+1)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
