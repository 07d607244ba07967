package crawl

import (
	"context"
	"errors"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/gocolly/colly/v2"
	"github.com/gocolly/colly/v2/queue"
)

// Request roles, carried in the colly request context ("r") through the
// queue's JSON serialisation together with the target index ("t").
const (
	rolePage    = "page"
	roleSitemap = "sitemap"
	roleFeed    = "feed"
	roleImage   = "img"
)

// hdrFetch is an internal request header linking a colly request to the
// transport's record of it; the transport removes it before sending.
const hdrFetch = "X-Doxguard-Fetch"

// maxSitemapNesting bounds index → index → sitemap chains.
const maxSitemapNesting = 3

type run struct {
	ctx        context.Context
	cfg        Config
	hooks      Hooks
	f          *fetcher
	c          *colly.Collector
	q          *queue.Queue
	cnt        counters
	seen       seenSet
	targets    []*targetState
	progressMu sync.Mutex
}

func newRun(ctx context.Context, cfg Config, hooks Hooks) *run {
	r := &run{ctx: ctx, cfg: cfg, hooks: hooks, seen: seenSet{m: map[uint64]struct{}{}}}
	r.f = newFetcher(cfg, hooks.Conditional)

	// A new collector per Run: robots cache, visited set and callbacks
	// never outlive the crawl (notes/colly.md §1, §4).
	c := colly.NewCollector(colly.StdlibContext(ctx))
	c.UserAgent = cfg.UserAgent
	// robots.txt is enforced by the fetcher (RFC 9309: 5xx disallows,
	// Crawl-delay, cancellable); colly's own check would fetch it again
	// without a context.
	c.IgnoreRobotsTxt = true
	// The fetcher caps and records truncation; colly's cap is silent.
	c.MaxBodySize = 0
	c.DetectCharset = false
	c.ParseHTTPErrorResponse = true
	// Dedupe happens before enqueueing (seenSet).
	c.AllowURLRevisit = true
	c.SetRequestTimeout(0) // per-hop timeouts live in the fetcher, outside politeness waits
	c.DisableCookies()
	c.WithTransport(r.f)
	// The fetcher follows redirects itself (loop detection, per-hop robots,
	// politeness and scheme checks); the client must never see one.
	c.SetRedirectHandler(func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse })
	// The port is part of colly's host match; "*" covers every host
	// (notes/colly.md §2). The queue already bounds concurrency; the rule
	// keeps it bounded even if requests are ever made outside the queue.
	_ = c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: cfg.Workers})

	c.OnRequest(r.onRequest)
	c.OnResponse(r.onResponse)
	c.OnError(r.onError)
	r.c = c

	// The in-memory queue's MaxSize is a backstop; per-target caps bound it.
	q, _ := queue.New(cfg.Workers, &queue.InMemoryQueueStorage{MaxSize: 1 << 21})
	r.q = q
	return r
}

func (r *run) close() { r.f.close() }

func (r *run) addSeed(t Target) bool {
	u, err := normalizeURL(nil, t.URL)
	if err != nil {
		r.refuse(t, err)
		return false
	}
	ts := &targetState{t: t, targetIdx: strconv.Itoa(len(r.targets))}
	ts.maxDepth = t.Depth
	switch t.Kind {
	case KindPage:
		ts.maxDepth = 0
	case KindSite:
		if ts.maxDepth == 0 {
			ts.maxDepth = DefaultSiteDepth
		}
	case KindSitemap, KindFeed:
		if ts.maxDepth == 0 {
			ts.maxDepth = 1
		}
	}
	ts.maxPages = int64(t.MaxPages)
	if ts.maxPages <= 0 {
		ts.maxPages = int64(r.cfg.MaxPages)
	}
	sc := t.Scope
	if sc == "" && t.Kind != KindFeed {
		sc = ScopeHost
	}
	ts.scope = newScope(sc, u)
	r.targets = append(r.targets, ts)
	role := rolePage
	switch t.Kind {
	case KindSitemap:
		role = roleSitemap
	case KindFeed:
		role = roleFeed
	}
	return r.enqueue(ts, u, 0, role, 0, false)
}

// enqueue applies dedupe, depth, scope, caps and cached robots rules, then
// queues the request. It reports whether the URL was queued.
func (r *run) enqueue(ts *targetState, u *url.URL, depth int, role string, nesting int, checkScope bool) bool {
	if r.ctx.Err() != nil {
		return false
	}
	if checkScope && !ts.scope.allows(u) {
		r.cnt.outOfScope.Add(1)
		return false
	}
	s := u.String()
	h := fnv.New64a()
	h.Write([]byte(role))
	h.Write([]byte{0})
	h.Write([]byte(s))
	if !r.seen.add(h.Sum64()) {
		return false
	}
	if role == roleImage {
		if ts.images.Add(1) > int64(r.cfg.MaxImages) {
			r.cnt.overCap.Add(1)
			return false
		}
	} else if ts.pages.Add(1) > ts.maxPages {
		r.cnt.overCap.Add(1)
		return false
	}
	if r.f.robots.knownDisallowed(u) {
		r.cnt.robots.Add(1)
		return false
	}
	ctx := colly.NewContext()
	ctx.Put("t", ts.targetIdx)
	ctx.Put("r", role)
	ctx.Put("n", strconv.Itoa(nesting))
	req := &colly.Request{URL: u, Method: http.MethodGet, Depth: depth, Ctx: ctx, Headers: &http.Header{}}
	if err := r.q.AddRequest(req); err != nil {
		r.cnt.overCap.Add(1)
		return false
	}
	r.cnt.discovered.Add(1)
	return true
}

func (r *run) onRequest(req *colly.Request) {
	// After a cancel the queue drains: abort without a network call and
	// without an error callback (notes/colly.md §6).
	if r.ctx.Err() != nil {
		req.Abort()
		return
	}
	req.Headers.Set(hdrFetch, strconv.FormatUint(uint64(req.ID), 10)+" "+req.Ctx.Get("r"))
}

// meta recovers the target and role of a colly request.
func (r *run) meta(req *colly.Request) (*targetState, string, int) {
	i, err := strconv.Atoi(req.Ctx.Get("t"))
	if err != nil || i < 0 || i >= len(r.targets) {
		return nil, "", 0
	}
	n, _ := strconv.Atoi(req.Ctx.Get("n"))
	return r.targets[i], req.Ctx.Get("r"), n
}

func (r *run) record(req *colly.Request) *Page {
	id, _, _ := strings.Cut(req.Headers.Get(hdrFetch), " ")
	if v, ok := r.f.recs.LoadAndDelete(id); ok {
		return v.(*Page)
	}
	return nil
}

func (r *run) onError(resp *colly.Response, err error) {
	req := resp.Request
	rec := r.record(req)
	if r.ctx.Err() != nil {
		return // cancelled: not a failure of the page (notes/colly.md §6)
	}
	ts, role, _ := r.meta(req)
	p := Page{URL: req.URL.String(), Method: http.MethodGet}
	if rec != nil {
		p = *rec
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // *url.Error repeats the URL, which may carry a search query
	}
	if p.Err == nil {
		p.Err = err
	}
	p.Depth = req.Depth
	p.IsImage = role == roleImage
	if ts != nil {
		p.SourceID = ts.t.SourceID
	}
	if errors.Is(p.Err, ErrRobotsDisallowed) {
		r.cnt.robots.Add(1)
	}
	r.emit(p)
}

func (r *run) onResponse(resp *colly.Response) {
	req := resp.Request
	rec := r.record(req)
	ts, role, nesting := r.meta(req)
	if rec == nil || ts == nil {
		return // not ours: cannot happen while every request goes through the fetcher
	}
	p := *rec
	rec.Body, rec.Raw = nil, nil
	p.Depth = req.Depth
	p.SourceID = ts.t.SourceID
	p.IsImage = role == roleImage
	if !p.IsImage && len(p.Body) > 0 {
		p.Charset = charsetOf(p.Body, p.ContentType)
	}
	base, _ := url.Parse(p.FinalURL)
	// Discovery runs before the hook so the hook may reuse nothing of p
	// afterwards; the body is only read here.
	if p.Status >= 200 && p.Status < 300 && p.Err == nil || errors.Is(p.Err, ErrBodyTooLarge) || errors.Is(p.Err, ErrDecodedTooLarge) {
		r.discover(ts, &p, base, role, nesting)
	}
	r.emit(p)
}

// discover queues what a fetched document points to.
func (r *run) discover(ts *targetState, p *Page, base *url.URL, role string, nesting int) {
	if base == nil || len(p.Body) == 0 {
		return
	}
	switch role {
	case roleImage:
		return
	case roleSitemap:
		if p.Depth+1 > ts.maxDepth {
			return
		}
		parseSitemap(p.Body, r.cfg.MaxBody, func(loc string, index bool) bool {
			u, err := normalizeURL(base, loc)
			if err != nil {
				return true
			}
			if index {
				if nesting+1 < maxSitemapNesting {
					r.enqueue(ts, u, p.Depth, roleSitemap, nesting+1, true)
				}
				return true
			}
			r.enqueue(ts, u, p.Depth+1, rolePage, 0, true)
			return r.budgetLeft(ts)
		})
		return
	case roleFeed:
		// A feed URL answering with something else (an HTML error page)
		// is recorded but not followed: feeds may list any host, an HTML
		// page's links must not inherit that.
		if !looksLikeFeed(p.Body) || p.Depth+1 > ts.maxDepth {
			return
		}
		parseFeed(p.Body, func(link string) bool {
			if u, err := normalizeURL(base, link); err == nil {
				r.enqueue(ts, u, p.Depth+1, rolePage, 0, true)
			}
			return r.budgetLeft(ts)
		})
		return
	}
	wantLinks := p.Depth+1 <= ts.maxDepth
	wantImages := r.cfg.FetchImages
	if !wantLinks && !wantImages || !isHTML(p.ContentType, p.Body) {
		return
	}
	text := decodeText(p.Body, p.Charset)
	extractLinks(text, base, func(u *url.URL, img bool) bool {
		switch {
		case img && wantImages:
			r.enqueue(ts, u, p.Depth, roleImage, 0, false)
		case !img && wantLinks:
			r.enqueue(ts, u, p.Depth+1, rolePage, 0, true)
		}
		// Stop scanning once both budgets are spent: a page with 50,000
		// links then costs one partial pass.
		linksLeft := wantLinks && ts.pages.Load() < ts.maxPages
		imagesLeft := wantImages && ts.images.Load() < int64(r.cfg.MaxImages)
		if !linksLeft && !imagesLeft {
			r.cnt.overCap.Add(1) // the rest of the page is never looked at
			return false
		}
		return true
	})
}

// budgetLeft reports whether ts may still queue pages; when it may not, the
// rest of the document is skipped and counted once as over the cap.
func (r *run) budgetLeft(ts *targetState) bool {
	if ts.pages.Load() < ts.maxPages {
		return true
	}
	r.cnt.overCap.Add(1)
	return false
}
