package crawl

import (
	"context"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/doxguard/doxguard/monitor/crawl/internal/benchsite"
)

// BenchmarkCrawlSite crawls a generated 1,000-page site built from the
// shared corpus (set DOXGUARD_CORPUS to its folder), politeness off. The
// wget comparison and peak RSS need separate processes: see
// internal/crawlbench and BENCHMARKS.md.
func BenchmarkCrawlSite(b *testing.B) {
	dir := os.Getenv("DOXGUARD_CORPUS")
	if dir == "" {
		dir = "/work/shared/corpus/pages"
	}
	site, err := benchsite.Load(dir, 1000)
	if err != nil {
		b.Skipf("corpus not available: %v", err)
	}
	srv := httptest.NewServer(site)
	defer srv.Close()
	for _, workers := range []int{4, 16} {
		b.Run(map[int]string{4: "workers=4", 16: "workers=16"}[workers], func(b *testing.B) {
			pages := 0
			for b.Loop() {
				st, err := Run(context.Background(), Config{AllowPrivate: true, PerHostDelay: -1, Workers: workers},
					[]Target{{Kind: KindSite, URL: srv.URL + "/", Depth: MaxDepth, MaxPages: 100000}}, Hooks{Page: func(Page) {}})
				if err != nil {
					b.Fatal(err)
				}
				if st.Pages != site.Pages() || st.Errors != 0 {
					b.Fatalf("crawled %d pages (%d errors), site has %d", st.Pages, st.Errors, site.Pages())
				}
				pages += st.Pages
			}
			b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}
