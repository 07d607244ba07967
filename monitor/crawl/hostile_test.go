package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// allocated returns the bytes allocated while f ran.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Each hostile server ends in a clear recorded outcome on the page, with
// no crash and bounded memory.

func TestHugeBodyIsCutAndRecorded(t *testing.T) {
	var written atomic.Int64
	s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(1<<30))
		chunk := bytes.Repeat([]byte("<p>x</p>"), 8<<10) // 64 KiB
		for written.Load() < 1<<30 {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return // the crawler hung up
			}
		}
	}))
	cfg := testConfig()
	cfg.MaxBody = 1 << 20
	var res *result
	var st Stats
	alloc := allocated(func() { res, st = crawl(t, cfg, Target{Kind: KindPage, URL: s.URL + "/big"}) })
	p := res.pages[0]
	if !p.Truncated || !errors.Is(p.Err, ErrBodyTooLarge) || len(p.Raw) != 1<<20 || p.Status != 200 {
		t.Fatalf("truncated=%v err=%v raw=%d status=%d", p.Truncated, p.Err, len(p.Raw), p.Status)
	}
	if st.Truncated != 1 {
		t.Errorf("Stats.Truncated = %d", st.Truncated)
	}
	if alloc > 64<<20 {
		t.Errorf("allocated %d MiB for a 1 MiB cap", alloc>>20)
	}
	if w := written.Load(); w > 256<<20 {
		t.Errorf("server wrote %d MiB before the crawler hung up", w>>20)
	}
}

func TestGzipBombStopsAtCap(t *testing.T) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for range 256 { // 256 MiB of zeros → about 250 KiB on the wire
		zw.Write(zeros)
	}
	zw.Close()
	bomb := buf.Bytes()
	s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	}))
	cfg := testConfig()
	cfg.MaxBody = 2 << 20
	var res *result
	alloc := allocated(func() { res, _ = crawl(t, cfg, Target{Kind: KindPage, URL: s.URL + "/bomb"}) })
	p := res.pages[0]
	if !errors.Is(p.Err, ErrDecodedTooLarge) || !p.Truncated || len(p.Body) != 2<<20 || !bytes.Equal(p.Raw, bomb) {
		t.Fatalf("err=%v truncated=%v body=%d raw=%d (wire %d)", p.Err, p.Truncated, len(p.Body), len(p.Raw), len(bomb))
	}
	if alloc > 64<<20 {
		t.Errorf("allocated %d MiB decoding a bomb with a 2 MiB cap", alloc>>20)
	}
}

func TestTricklingServerTimesOut(t *testing.T) {
	stop := make(chan struct{})
	s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		for {
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(time.Second):
			case <-r.Context().Done():
				return
			case <-stop:
				return
			}
		}
	}))
	defer close(stop)
	cfg := testConfig()
	cfg.Timeout = 1500 * time.Millisecond
	res, st := crawl(t, cfg, Target{Kind: KindPage, URL: s.URL + "/slow"})
	p := res.pages[0]
	if !errors.Is(p.Err, ErrTimeout) || !errors.Is(p.Err, ErrIncompleteBody) || !p.Truncated || p.Status != 200 || len(p.Raw) == 0 {
		t.Fatalf("err=%v truncated=%v status=%d raw=%q", p.Err, p.Truncated, p.Status, p.Raw)
	}
	if st.Errors != 1 {
		t.Errorf("Stats.Errors = %d", st.Errors)
	}
}

func TestManyLinksRespectPageCap(t *testing.T) {
	var b strings.Builder
	for i := range 50000 {
		fmt.Fprintf(&b, `<a href="/p/%d">%d</a>`, i, i)
	}
	big := b.String()
	s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			fmt.Fprint(w, big)
			return
		}
		fmt.Fprint(w, big) // every child links to the same 50,000 again
	}))
	res, st := crawl(t, testConfig(), Target{Kind: KindSite, URL: s.URL + "/", Depth: 5, MaxPages: 25})
	if len(res.pages) != 25 || st.Pages != 25 {
		t.Fatalf("%d pages (stats %d), cap 25", len(res.pages), st.Pages)
	}
	if n := len(s.paths()); n > 26 { // 25 pages + robots.txt
		t.Errorf("%d requests for a cap of 25", n)
	}
	if st.OverCap == 0 {
		t.Error("links over the cap not counted")
	}
}

func TestDeeplyNestedHTML(t *testing.T) {
	depth := 200000
	body := strings.Repeat("<div><span>", depth) + `<a href="/bottom">b</a>` + strings.Repeat("</span></div>", depth)
	s := newSite(t, htmlPages(map[string]string{"/": body, "/bottom": "found"}))
	res, _ := crawl(t, testConfig(), Target{Kind: KindSite, URL: s.URL + "/", Depth: 1})
	if p, ok := res.byURL(s.URL + "/bottom"); !ok || string(p.Body) != "found" {
		t.Fatalf("link under %d nested elements not followed: %v", depth, res.urls(s.URL))
	}
}

func TestPageChangingOnEveryFetchIsBounded(t *testing.T) {
	s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// New content and new links on every fetch: an endless site.
		fmt.Fprintf(w, `<p>%d</p><a href="/r/%d">next</a><a href="/r/%d">other</a>`, rand.Int64(), rand.Int64(), rand.Int64())
	}))
	res, st := crawl(t, testConfig(), Target{Kind: KindSite, URL: s.URL + "/", Depth: 10, MaxPages: 40})
	if len(res.pages) != 40 || st.OverCap == 0 {
		t.Fatalf("%d pages, over cap %d; want 40 and links dropped", len(res.pages), st.OverCap)
	}
}

func TestNonHTMLIsNotDownloaded(t *testing.T) {
	var sent atomic.Int64
	s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/":
			fmt.Fprint(w, `<a href="/video.mp4">v</a><img src="/a.png"><img src="/b.png"><img data-src="/c.png" src="data:,"><img src="/page-not-image"><img src="/d.png">`)
		case "/video.mp4":
			w.Header().Set("Content-Type", "video/mp4")
			chunk := make([]byte, 64<<10)
			for range 1 << 14 { // up to 1 GiB
				n, err := w.Write(chunk)
				sent.Add(int64(n))
				if err != nil {
					return
				}
			}
		case "/page-not-image":
			fmt.Fprint(w, "<p>html</p>")
		default:
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG fake " + r.URL.Path))
		}
	}))
	cfg := testConfig()
	cfg.FetchImages = true
	cfg.MaxImages = 4
	res, st := crawl(t, cfg, Target{Kind: KindSite, URL: s.URL + "/", Depth: 1})
	v, _ := res.byURL(s.URL + "/video.mp4")
	if !errors.Is(v.Err, ErrSkippedContent) || len(v.Raw) != 0 || v.Status != 200 {
		t.Errorf("video: err=%v raw=%d", v.Err, len(v.Raw))
	}
	if n := sent.Load(); n > 64<<20 {
		t.Errorf("video body streamed %d MiB although skipped", n>>20)
	}
	var images []string
	for _, p := range res.pages {
		if p.IsImage && p.Err == nil {
			images = append(images, strings.TrimPrefix(p.URL, s.URL))
		}
	}
	sort.Strings(images)
	if strings.Join(images, " ") != "/a.png /b.png /c.png" || st.Images != 4 {
		t.Errorf("images %v (stats %d): want /a.png /b.png /c.png (data-src over a data: src) and one refusal", images, st.Images)
	}
	if p, _ := res.byURL(s.URL + "/page-not-image"); !p.IsImage || !errors.Is(p.Err, ErrSkippedContent) {
		t.Errorf("HTML served for an image: %+v", p.Err)
	}
	if _, ok := res.byURL(s.URL + "/d.png"); ok || st.OverCap == 0 {
		t.Errorf("fifth image fetched despite MaxImages 4")
	}
}

func TestCancelReturnsPromptlyWithoutLeaks(t *testing.T) {
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, `<a href="/p/%d">%d</a>`, i, i)
	}
	links := b.String()
	s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // slow pages: cancel lands while requests are in flight
		case <-time.After(200 * time.Millisecond):
		case <-r.Context().Done():
			return
		}
		fmt.Fprint(w, links)
	}))
	for _, delay := range []time.Duration{-1, 10 * time.Second} {
		t.Run(fmt.Sprint("delay ", delay), func(t *testing.T) {
			cfg := testConfig()
			cfg.PerHostDelay = delay
			ctx, cancel := context.WithCancel(context.Background())
			res := &result{}
			done := make(chan error, 1)
			go func() {
				_, err := Run(ctx, cfg, []Target{{Kind: KindSite, URL: s.URL + "/", Depth: 3}}, res.hooks())
				done <- err
			}()
			time.Sleep(700 * time.Millisecond)
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("Run returned %v, want context.Canceled", err)
				}
			case <-time.After(time.Second):
				t.Fatal("Run still running 1 s after cancel")
			}
			res.mu.Lock()
			defer res.mu.Unlock()
			for _, p := range res.pages {
				if errors.Is(p.Err, context.Canceled) {
					t.Errorf("cancelled request reported as a page error: %s", p.URL)
				}
			}
		})
	}
	t.Run("robots.txt hangs", func(t *testing.T) {
		// colly's own robots fetch ignores cancellation (notes/colly.md §1).
		hang := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}))
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan Stats, 1)
		go func() {
			st, _ := Run(ctx, testConfig(), []Target{{Kind: KindPage, URL: hang.URL + "/"}}, Hooks{})
			done <- st
		}()
		time.Sleep(300 * time.Millisecond)
		cancel()
		select {
		case st := <-done:
			if st.Pages != 0 {
				t.Errorf("cancelled fetch reported as %d pages", st.Pages)
			}
		case <-time.After(time.Second):
			t.Fatal("Run still waiting for robots.txt 1 s after cancel")
		}
	})
}
