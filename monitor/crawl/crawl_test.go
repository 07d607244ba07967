package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testConfig is loopback-friendly and impolite: tests run on 127.0.0.1
// with no per-host delay unless a test sets one.
func testConfig() Config {
	return Config{Version: "test", AllowPrivate: true, PerHostDelay: -1, Timeout: 5 * time.Second}
}

// result collects what a Run handed to its hooks.
type result struct {
	mu    sync.Mutex
	pages []Page
}

func (r *result) hooks() Hooks {
	return Hooks{Page: func(p Page) { r.mu.Lock(); r.pages = append(r.pages, p); r.mu.Unlock() }}
}

func (r *result) byURL(u string) (Page, bool) {
	for _, p := range r.pages {
		if p.URL == u {
			return p, true
		}
	}
	return Page{}, false
}

func (r *result) urls(base string) []string {
	var out []string
	for _, p := range r.pages {
		out = append(out, strings.TrimPrefix(p.URL, base))
	}
	sort.Strings(out)
	return out
}

func crawl(t *testing.T, cfg Config, targets ...Target) (*result, Stats) {
	t.Helper()
	res := &result{}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var last Progress
	var calls int
	h := res.hooks()
	h.Progress = func(p Progress) { last = p; calls++ } // Run serialises Progress calls
	st, err := Run(ctx, cfg, targets, h)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	// Invariants of every run: one Page per fetch, progress in step with it.
	if len(res.pages) != st.Pages || calls != st.Pages || last.Done != st.Pages || last.Errors != st.Errors {
		t.Errorf("pages %d, stats %+v, progress calls %d, last %+v", len(res.pages), st, calls, last)
	}
	if st.Discovered != st.Pages-st.Invalid {
		t.Errorf("discovered %d but %d pages reported", st.Discovered, st.Pages-st.Invalid)
	}
	return res, st
}

// site serves fixed HTML bodies by path and logs every request.
type site struct {
	*httptest.Server
	mu   sync.Mutex
	hits []*http.Request
	at   []time.Time
}

func newSite(t *testing.T, h http.Handler) *site {
	s := &site{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits = append(s.hits, r.Clone(context.Background()))
		s.at = append(s.at, time.Now())
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.hits {
		out = append(out, r.URL.RequestURI())
	}
	return out
}

func htmlPages(pages map[string]string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "tracking"})
		fmt.Fprint(w, body)
	})
}

func TestSiteDepthScopeAndFragments(t *testing.T) {
	s := newSite(t, htmlPages(map[string]string{
		"/":         `<a href="/a">a</a> <a href="/a#comment-3">a again</a> <a href="b">b</a> <a href="http://127.0.0.2:1/x">off host</a> <a href="mailto:x@example.com">m</a>`,
		"/a":        `<a href="/a/deep">deep</a>`,
		"/a/deep":   `<a href="/a/deeper">deeper</a>`,
		"/b":        `<p>b</p>`,
		"/a/deeper": `never`,
	}))
	res, st := crawl(t, testConfig(), Target{Kind: KindSite, URL: s.URL + "/", Depth: 2, SourceID: "s1"})
	want := []string{"/", "/a", "/a/deep", "/b"}
	if got := res.urls(s.URL); !slices.Equal(got, want) {
		t.Fatalf("fetched %v, want %v", got, want)
	}
	for _, p := range res.pages {
		if p.SourceID != "s1" || p.Err != nil || p.Status != 200 {
			t.Errorf("%s: source %q status %d err %v", p.URL, p.SourceID, p.Status, p.Err)
		}
	}
	if p, _ := res.byURL(s.URL + "/a/deep"); p.Depth != 2 {
		t.Errorf("depth of /a/deep = %d, want 2", p.Depth)
	}
	if st.OutOfScope < 1 {
		t.Errorf("off-host link not counted out of scope: %+v", st)
	}
	for _, r := range s.hits {
		if ua := r.Header.Get("User-Agent"); ua != "DoxGuard/test (+"+ProjectURL+")" {
			t.Errorf("User-Agent %q", ua)
		}
		if c := r.Header.Get("Cookie"); c != "" {
			t.Errorf("cookie sent: %q", c)
		}
		if r.Header.Get(hdrFetch) != "" {
			t.Errorf("internal header leaked to the server")
		}
	}
}

func TestPrefixScope(t *testing.T) {
	s := newSite(t, htmlPages(map[string]string{
		"/forum/":   `<a href="/forum/t1">t1</a> <a href="/news/n1">n1</a>`,
		"/forum/t1": `ok`,
		"/news/n1":  `no`,
	}))
	res, st := crawl(t, testConfig(), Target{Kind: KindSite, URL: s.URL + "/forum/", Scope: ScopePrefix})
	if got, want := res.urls(s.URL), []string{"/forum/", "/forum/t1"}; !slices.Equal(got, want) {
		t.Fatalf("fetched %v, want %v", got, want)
	}
	if st.OutOfScope != 1 {
		t.Errorf("OutOfScope = %d, want 1", st.OutOfScope)
	}
}

func TestRobots(t *testing.T) {
	t.Run("disallow and crawl-delay", func(t *testing.T) {
		s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/robots.txt":
				fmt.Fprint(w, "User-agent: *\nDisallow: /private\nCrawl-delay: 1\n")
			case "/":
				fmt.Fprint(w, `<a href="/private/secret">p</a> <a href="/open">o</a>`)
			default:
				fmt.Fprint(w, "page")
			}
		}))
		res, st := crawl(t, testConfig(),
			Target{Kind: KindSite, URL: s.URL + "/", Depth: 1},
			Target{Kind: KindPage, URL: s.URL + "/private/asked"})
		for _, p := range s.paths() {
			if strings.HasPrefix(p, "/private") {
				t.Errorf("fetched disallowed %s", p)
			}
		}
		p, ok := res.byURL(s.URL + "/private/asked")
		if !ok || !errors.Is(p.Err, ErrRobotsDisallowed) {
			t.Errorf("explicit page: %+v, want ErrRobotsDisallowed", p.Err)
		}
		if st.RobotsBlocked < 2 {
			t.Errorf("RobotsBlocked = %d, want 2 (link and page)", st.RobotsBlocked)
		}
		// Crawl-delay: 1 spaces the requests to the host by at least a second.
		s.mu.Lock()
		defer s.mu.Unlock()
		for i := 1; i < len(s.at); i++ {
			if gap := s.at[i].Sub(s.at[i-1]); gap < 900*time.Millisecond {
				t.Errorf("gap %v between %s and %s, Crawl-delay is 1s", gap, s.hits[i-1].URL, s.hits[i].URL)
			}
		}
	})
	t.Run("group for our agent", func(t *testing.T) {
		s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/robots.txt" {
				fmt.Fprint(w, "User-agent: *\nAllow: /\n\nUser-agent: doxguard\nDisallow: /\n")
				return
			}
			fmt.Fprint(w, "page")
		}))
		res, _ := crawl(t, testConfig(), Target{Kind: KindPage, URL: s.URL + "/x"})
		if len(res.pages) != 1 || !errors.Is(res.pages[0].Err, ErrRobotsDisallowed) {
			t.Fatalf("pages %+v, want one refused by robots.txt", res.pages)
		}
	})
	for _, tc := range []struct {
		status  int
		blocked bool
	}{{503, true}, {500, true}, {404, false}, {403, false}} {
		t.Run(fmt.Sprintf("robots %d", tc.status), func(t *testing.T) {
			s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					w.WriteHeader(tc.status)
					return
				}
				fmt.Fprint(w, "page")
			}))
			res, _ := crawl(t, testConfig(), Target{Kind: KindPage, URL: s.URL + "/p"})
			got := errors.Is(res.pages[0].Err, ErrRobotsDisallowed)
			if got != tc.blocked {
				t.Fatalf("robots.txt %d: blocked=%v (err %v), want %v (RFC 9309)", tc.status, got, res.pages[0].Err, tc.blocked)
			}
			if tc.blocked && slices.Contains(s.paths(), "/p") {
				t.Error("page fetched although robots.txt answered 5xx")
			}
		})
	}
}

func TestRetryAfterPausesTheHost(t *testing.T) {
	s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/busy" {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	cfg := testConfig()
	cfg.Workers = 1
	res, _ := crawl(t, cfg, Target{Kind: KindPage, URL: s.URL + "/busy"}, Target{Kind: KindPage, URL: s.URL + "/after"})
	if p, _ := res.byURL(s.URL + "/busy"); p.Status != 429 || p.Err != nil {
		t.Errorf("429 page: status %d err %v", p.Status, p.Err)
	}
	paths := s.paths()
	s.mu.Lock()
	defer s.mu.Unlock()
	last := len(s.at) - 1
	if s.hits[last].URL.Path != "/after" || s.at[last].Sub(s.at[last-1]) < 900*time.Millisecond {
		t.Errorf("request after Retry-After: 1 came %v later (%v)", s.at[last].Sub(s.at[last-1]), paths)
	}
}

func gzipBytes(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return buf.Bytes()
}

func gbk(t *testing.T, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGzipGBKRawIsWireBytes(t *testing.T) {
	page := gbk(t, `<html><head><title>测试页面</title></head><body><p>联系人程安然</p><a href="/next">下一页</a></body></html>`)
	wire := gzipBytes(t, page)
	for _, ct := range []string{"text/html; charset=gbk", "text/html"} {
		t.Run(ct, func(t *testing.T) {
			s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/" {
					fmt.Fprint(w, "next")
					return
				}
				if r.Header.Get("Accept-Encoding") != "gzip" {
					t.Errorf("Accept-Encoding %q", r.Header.Get("Accept-Encoding"))
				}
				w.Header().Set("Content-Type", ct)
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(wire)
			}))
			res, _ := crawl(t, testConfig(), Target{Kind: KindSite, URL: s.URL + "/", Depth: 1})
			p, ok := res.byURL(s.URL + "/")
			if !ok {
				t.Fatal("page missing")
			}
			if sha256.Sum256(p.Raw) != sha256.Sum256(wire) {
				t.Errorf("Raw (%d bytes) is not the gzip the server wrote (%d bytes)", len(p.Raw), len(wire))
			}
			if !bytes.Equal(p.Body, page) {
				t.Errorf("Body is not the gunzipped GBK bytes")
			}
			if p.Charset != "gb18030" {
				t.Errorf("Charset %q, want gb18030", p.Charset)
			}
			if p.ResponseHeader.Get("Content-Encoding") != "gzip" || p.RequestHeader.Get("Host") == "" {
				t.Errorf("headers not recorded as sent/received: %v / %v", p.ResponseHeader, p.RequestHeader)
			}
			if p.RemoteIP != "127.0.0.1" || p.Fetched.Location() != time.UTC || p.Started.After(p.Fetched) {
				t.Errorf("remote IP %q, fetched %v, started %v", p.RemoteIP, p.Fetched, p.Started)
			}
			if _, ok := res.byURL(s.URL + "/next"); !ok {
				t.Error("link in the GBK page not followed")
			}
		})
	}
}

func TestCharsetRepair(t *testing.T) {
	gbkPage := gbk(t, `<html><body>张三的住址在杭州市西湖区文三路，联系电话见下文。</body></html>`)
	utf8Page := []byte(`<html><body>张三的住址在杭州市西湖区文三路</body></html>`)
	metaPage := append(gbk(t, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">`), gbk(t, `<title>镕</title></head></html>`)...)
	for _, tc := range []struct {
		name, ct string
		body     []byte
		want     string
	}{
		{"header gbk", "text/html; charset=GBK", gbkPage, "gb18030"},
		{"header gb2312", "text/html; charset=gb2312", gbkPage, "gb18030"},
		{"no charset anywhere", "text/html", gbkPage, "gb18030"},
		{"meta http-equiv only", "text/html", metaPage, "gb18030"},
		{"lying header utf-8", "text/html; charset=utf-8", gbkPage, "gb18030"},
		{"invalid label", "text/html; charset=x-no-such-thing", gbkPage, "gb18030"},
		{"gbk label on utf-8 body", "text/html; charset=gbk", utf8Page, "utf-8"},
		{"utf-8 no label", "text/html", utf8Page, "utf-8"},
		{"ascii latin1 label", "text/html; charset=iso-8859-1", []byte("<p>plain</p>"), "windows-1252"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := charsetOf(tc.body, tc.ct); got != tc.want {
				t.Fatalf("charsetOf = %q, want %q", got, tc.want)
			}
			text := decodeText(tc.body, charsetOf(tc.body, tc.ct))
			if bytes.Contains(tc.body, gbk(t, "张三")) || bytes.Contains(tc.body, []byte("张三")) {
				if !bytes.Contains(text, []byte("张三")) {
					t.Errorf("decoded text lost the Chinese: %q", text)
				}
			}
		})
	}
}

func TestRedirects(t *testing.T) {
	s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/endless/"):
			var n int
			fmt.Sscanf(r.URL.Path, "/endless/%d", &n)
			http.Redirect(w, r, fmt.Sprintf("/endless/%d", n+1), http.StatusFound)
		case r.URL.Path == "/loop-a":
			http.Redirect(w, r, "/loop-b", http.StatusMovedPermanently)
		case r.URL.Path == "/loop-b":
			http.Redirect(w, r, "/loop-a#frag", http.StatusMovedPermanently)
		case r.URL.Path == "/ftp":
			http.Redirect(w, r, "ftp://example.com/file", http.StatusFound)
		case r.URL.Path == "/two":
			http.Redirect(w, r, "/final", http.StatusFound)
		default:
			fmt.Fprint(w, "final")
		}
	}))
	cfg := testConfig()
	cfg.MaxRedirects = 5
	res, _ := crawl(t, cfg,
		Target{Kind: KindPage, URL: s.URL + "/endless/0"},
		Target{Kind: KindPage, URL: s.URL + "/loop-a"},
		Target{Kind: KindPage, URL: s.URL + "/ftp"},
		Target{Kind: KindPage, URL: s.URL + "/two"})
	check := func(path string, want error) Page {
		t.Helper()
		p, ok := res.byURL(s.URL + path)
		if !ok {
			t.Fatalf("%s: no page", path)
		}
		if want != nil && !errors.Is(p.Err, want) {
			t.Errorf("%s: err %v, want %v", path, p.Err, want)
		}
		if p.Err != nil && strings.Contains(p.Err.Error(), s.URL) {
			t.Errorf("%s: error repeats the URL: %v", path, p.Err)
		}
		return p
	}
	if p := check("/endless/0", ErrTooManyRedirects); len(p.Redirects) != 6 {
		t.Errorf("endless: %d redirects recorded, want 6", len(p.Redirects))
	}
	check("/loop-a", ErrRedirectLoop)
	check("/ftp", ErrScheme)
	p := check("/two", nil)
	if p.Err != nil || p.FinalURL != s.URL+"/final" || !slices.Equal(p.Redirects, []string{s.URL + "/two"}) ||
		len(p.Hops) != 1 || p.Hops[0].Status != 302 || string(p.Body) != "final" {
		t.Errorf("two-hop chain recorded as %+v", p)
	}
	if n := len(s.paths()); n > 30 {
		t.Errorf("%d requests for four targets", n)
	}
}

func TestAddressGuard(t *testing.T) {
	s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/to-private" {
			_, port, _ := strings.Cut(strings.TrimPrefix(r.Host, "127.0.0.1"), ":")
			http.Redirect(w, r, "http://127.0.0.2:"+port+"/inside", http.StatusFound)
			return
		}
		fmt.Fprint(w, "reachable")
	}))
	u, _ := url.Parse(s.URL)
	cfg := testConfig()
	cfg.AllowPrivate = false
	t.Run("localhost name resolving to loopback", func(t *testing.T) {
		res, _ := crawl(t, cfg, Target{Kind: KindPage, URL: "http://localhost:" + u.Port() + "/"})
		var ae *AddressError
		if len(res.pages) != 1 || !errors.Is(res.pages[0].Err, ErrBlockedAddress) || !errors.As(res.pages[0].Err, &ae) {
			t.Fatalf("pages %+v, want the guard's refusal", res.pages)
		}
		if len(s.paths()) != 0 {
			t.Errorf("server was contacted: %v", s.paths())
		}
	})
	t.Run("redirect into the private range", func(t *testing.T) {
		// 127.0.0.1 plays a public server; its redirect to 127.0.0.2 must be refused.
		c := cfg
		c.allowAddr = func(a netip.Addr) bool { return a == netip.MustParseAddr("127.0.0.1") }
		res, _ := crawl(t, c, Target{Kind: KindPage, URL: s.URL + "/to-private"})
		if len(res.pages) != 1 || !errors.Is(res.pages[0].Err, ErrBlockedAddress) {
			t.Fatalf("pages %+v, want the guard's refusal", res.pages)
		}
		if !slices.Contains(s.paths(), "/to-private") || slices.Contains(s.paths(), "/inside") {
			t.Errorf("requests %v", s.paths())
		}
	})
	for _, a := range []string{"10.1.2.3", "192.168.1.1", "172.16.0.1", "169.254.169.254", "0.0.0.0", "::1", "fe80::1", "fc00::1", "224.0.0.1", "100.64.0.1", "::ffff:127.0.0.1"} {
		if blockedReason(netip.MustParseAddr(a)) == "" {
			t.Errorf("%s not blocked", a)
		}
	}
	for _, a := range []string{"8.8.8.8", "2001:4860:4860::8888", "203.0.113.9"} {
		if r := blockedReason(netip.MustParseAddr(a)); r != "" {
			t.Errorf("%s blocked as %s", a, r)
		}
	}
}

func TestConditionalNotModified(t *testing.T) {
	s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` && r.Header.Get("If-Modified-Since") == "Wed, 21 Oct 2015 07:28:00 GMT" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		fmt.Fprint(w, "content")
	}))
	res := &result{}
	h := res.hooks()
	h.Conditional = func(u string) (string, string) {
		if u == s.URL+"/known" {
			return `"v1"`, "Wed, 21 Oct 2015 07:28:00 GMT"
		}
		return "", ""
	}
	st, err := Run(context.Background(), testConfig(), []Target{{Kind: KindPage, URL: s.URL + "/known"}, {Kind: KindPage, URL: s.URL + "/new"}}, h)
	if err != nil {
		t.Fatal(err)
	}
	known, _ := res.byURL(s.URL + "/known")
	fresh, _ := res.byURL(s.URL + "/new")
	if !known.NotModified || known.Status != 304 || known.Err != nil || len(known.Raw) != 0 {
		t.Errorf("known: %+v", known)
	}
	if fresh.NotModified || string(fresh.Body) != "content" {
		t.Errorf("new: %+v", fresh)
	}
	if st.NotModified != 1 {
		t.Errorf("NotModified = %d", st.NotModified)
	}
}

func TestSitemapAndFeed(t *testing.T) {
	var s *site
	s = newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sitemap_index.xml":
			fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%s/sm1.xml.gz</loc></sitemap><sitemap><loc>%s/sm2.xml</loc></sitemap></sitemapindex>`, s.URL, s.URL)
		case "/sm1.xml.gz":
			w.Header().Set("Content-Type", "application/x-gzip")
			w.Write(gzipBytes(t, []byte(fmt.Sprintf(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/p1</loc></url><url><loc>%s/p2</loc></url></urlset>`, s.URL, s.URL))))
		case "/sm2.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<urlset><url><loc>%s/p3</loc></url><url><loc>http://127.0.0.2:1/off-host</loc></url></urlset>`, s.URL)
		case "/rss.xml":
			w.Header().Set("Content-Type", "application/rss+xml; charset=gbk")
			w.Write(gbk(t, fmt.Sprintf(`<?xml version="1.0" encoding="gbk"?><rss version="2.0"><channel><title>频道&nbsp;</title><link>%s/home</link><item><title>帖子</title><link>%s/f1</link></item><item><link>%s/f2</link></item></channel></rss>`, s.URL, s.URL, s.URL)))
		case "/atom.xml":
			w.Header().Set("Content-Type", "application/atom+xml")
			fmt.Fprintf(w, `<feed xmlns="http://www.w3.org/2005/Atom"><link href="%s/home"/><entry><link rel="alternate" href="%s/a1"/><link rel="edit" href="%s/edit"/></entry></feed>`, s.URL, s.URL, s.URL)
		case "/moved-feed":
			fmt.Fprint(w, `<html><a href="/not-followed">a feed URL now serving HTML</a></html>`)
		default:
			fmt.Fprint(w, "<p>page</p>")
		}
	}))
	res, st := crawl(t, testConfig(),
		Target{Kind: KindSitemap, URL: s.URL + "/sitemap_index.xml"},
		Target{Kind: KindFeed, URL: s.URL + "/rss.xml"},
		Target{Kind: KindFeed, URL: s.URL + "/atom.xml"},
		Target{Kind: KindFeed, URL: s.URL + "/moved-feed"})
	want := []string{"/a1", "/atom.xml", "/f1", "/f2", "/moved-feed", "/p1", "/p2", "/p3", "/rss.xml", "/sitemap_index.xml", "/sm1.xml.gz", "/sm2.xml"}
	if got := res.urls(s.URL); !slices.Equal(got, want) {
		t.Fatalf("fetched %v\nwant    %v", got, want)
	}
	if st.OutOfScope != 1 {
		t.Errorf("OutOfScope = %d, want 1 (the off-host sitemap entry)", st.OutOfScope)
	}
}

func TestSearchURLsAndValidate(t *testing.T) {
	got, err := SearchURLs("https://search.example/s?q={query}&x=1", []string{"程安然 身份证", "", "程安然 身份证", "a&b"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://search.example/s?q=%E7%A8%8B%E5%AE%89%E7%84%B6+%E8%BA%AB%E4%BB%BD%E8%AF%81&x=1", "https://search.example/s?q=a%26b&x=1"}
	if !slices.Equal(got, want) {
		t.Errorf("SearchURLs = %v", got)
	}
	if got, _ := SearchURLs("https://tieba.example/f/{query}", []string{"a b/c"}); len(got) != 1 || got[0] != "https://tieba.example/f/a%20b%2Fc" {
		t.Errorf("path template: %v", got)
	}
	for _, tc := range []struct {
		t  Target
		ok bool
	}{
		{Target{Kind: KindPage, URL: "https://example.com/"}, true},
		{Target{Kind: KindSite, URL: "http://example.com/x", Depth: 3, Scope: ScopeDomain}, true},
		{Target{Kind: KindSearch, URL: "https://s.example/?q={query}"}, true},
		{Target{Kind: KindSearch, URL: "https://s.example/?q=fixed"}, false},
		{Target{Kind: KindPage, URL: "https://s.example/?q={query}"}, false},
		{Target{Kind: KindPage, URL: "ftp://example.com/"}, false},
		{Target{Kind: KindPage, URL: "file:///etc/passwd"}, false},
		{Target{Kind: KindPage, URL: "javascript:alert(1)"}, false},
		{Target{Kind: KindPage, URL: "http://user:pw@example.com/"}, false},
		{Target{Kind: KindPage, URL: "http:///nohost"}, false},
		{Target{Kind: KindPage, URL: "%zz"}, false},
		{Target{Kind: "torrent", URL: "https://example.com/"}, false},
		{Target{Kind: KindSite, URL: "https://example.com/", Scope: "planet"}, false},
		{Target{Kind: KindSite, URL: "https://example.com/", Depth: 11}, false},
	} {
		err := ValidateTarget(tc.t)
		if (err == nil) != tc.ok {
			t.Errorf("ValidateTarget(%+v) = %v, want ok=%v", tc.t, err, tc.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalidTarget) {
			t.Errorf("%v does not wrap ErrInvalidTarget", err)
		}
	}
	if _, err := Run(context.Background(), testConfig(), []Target{{Kind: KindPage, URL: "gopher://x/"}}, Hooks{}); err == nil {
		t.Error("Run with only invalid targets succeeded")
	}
}
