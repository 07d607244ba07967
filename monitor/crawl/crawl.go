package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Target kinds.
const (
	KindPage    = "page"    // one URL, no links followed
	KindSite    = "site"    // seed URL, links followed within Scope up to Depth
	KindSitemap = "sitemap" // sitemap.xml, sitemap index, .xml.gz
	KindFeed    = "feed"    // RSS 0.9x/2.0, RSS 1.0 (RDF), Atom
	KindSearch  = "search"  // URL template with {query}; expand with SearchURLs before Run
)

// Scopes limit which discovered links a target follows.
const (
	ScopeHost   = "host"   // same host and port as the seed
	ScopeDomain = "domain" // same registrable domain (eTLD+1) as the seed
	ScopePrefix = "prefix" // same scheme and host, path under the seed's directory
)

// Defaults applied by Run to zero Config fields.
const (
	DefaultPerHostDelay  = time.Second
	DefaultWorkers       = 4
	DefaultMaxBody       = 10 << 20
	DefaultMaxRedirects  = 10
	DefaultTimeout       = 30 * time.Second
	DefaultMaxPages      = 1000
	DefaultMaxImages     = 50
	DefaultMaxImageBytes = 5 << 20
	DefaultMaxCrawlDelay = time.Minute
	DefaultSiteDepth     = 2
	MaxDepth             = 10
	// ProjectURL is the contact address in the User-Agent.
	ProjectURL = "https://github.com/doxguard/doxguard"
)

// Config tunes one Run. The zero value is usable: every zero field takes
// the default named next to it.
type Config struct {
	// Version goes into the User-Agent: "DoxGuard/<Version> (+ProjectURL)".
	Version string
	// UserAgent replaces the built UA. It should still start with the
	// "DoxGuard/" product token, which is what robots.txt groups match.
	UserAgent string
	// PerHostDelay is the minimum gap between two requests to one host
	// (0 → 1 s; negative → no delay, for benchmarks and tests). A longer
	// robots.txt Crawl-delay wins, up to MaxCrawlDelay.
	PerHostDelay time.Duration
	// Workers is the global number of requests in flight (0 → 4).
	Workers int
	// MaxBody caps the bytes read from the wire and, separately, the bytes
	// produced by decompression (0 → 10 MiB). Cut bodies set Page.Truncated.
	MaxBody int64
	// MaxRedirects caps the redirect chain (0 → 10; negative → none followed).
	MaxRedirects int
	// Timeout bounds each request hop from connect to the last body byte
	// (0 → 30 s). Politeness waits are not counted.
	Timeout time.Duration
	// MaxPages is the per-target page cap when Target.MaxPages is 0 (0 → 1000).
	MaxPages int
	// AllowPrivate lets the crawler connect to loopback, private, link-local
	// and other non-public addresses (intranet sites, tests).
	AllowPrivate bool
	// FetchImages fetches <img> sources of fetched HTML pages (for photo
	// identifiers), at most MaxImages per target (0 → 50), each at most
	// MaxImageBytes (0 → 5 MiB).
	FetchImages   bool
	MaxImages     int
	MaxImageBytes int64
	// MaxCrawlDelay caps a robots.txt Crawl-delay (0 → 1 min).
	MaxCrawlDelay time.Duration

	// allowAddr, when set, lets tests mark a loopback address as public so
	// the guard can be exercised on one machine.
	allowAddr func(netip.Addr) bool
}

// Target is one thing to crawl.
type Target struct {
	Kind     string // KindPage, KindSite, KindSitemap, KindFeed
	URL      string
	Depth    int    // link hops from the seed (site: 0 → 2; sitemap/feed: 0 → 1)
	Scope    string // "" → host for site and sitemap, any host for feed items
	MaxPages int    // 0 → Config.MaxPages
	SourceID string // copied into every Page of this target
}

// Hooks are called from crawler goroutines, possibly concurrently (up to
// Config.Workers at once): they must be safe for concurrent use and should
// return quickly. Page must not keep the Page after it returns unless it
// copies what it needs: the crawl's memory stays flat only if pages are let go.
type Hooks struct {
	// Conditional returns the validators of the last capture of url, sent
	// as If-None-Match / If-Modified-Since. Empty strings send nothing.
	Conditional func(url string) (etag, lastModified string)
	// Page receives every fetch result, successful or not.
	Page func(Page)
	// Progress receives the counters after each page.
	Progress func(Progress)
}

// Hop is one redirect response of a chain (bodies are not kept).
type Hop struct {
	URL            string
	Status         int
	RequestHeader  http.Header
	ResponseHeader http.Header
	RemoteIP       string
	Fetched        time.Time
}

// Page is one fetch result, the raw material of a capture.
type Page struct {
	SourceID  string
	URL       string   // the URL requested (fragment stripped)
	FinalURL  string   // the URL of the final response
	Redirects []string // every URL requested before FinalURL, in order (empty: no redirect)
	Hops      []Hop    // the redirect responses, in order
	Method    string
	Status    int // 0: no response (see Err)
	// RequestHeader is what was sent for the final hop (Host included);
	// ResponseHeader what came back, unchanged (Content-Encoding kept).
	RequestHeader  http.Header
	ResponseHeader http.Header
	RemoteIP       string
	Started        time.Time // UTC, before the first hop (after politeness waits)
	Fetched        time.Time // UTC, after the last body byte
	// Raw is exactly the body bytes received for the final response, still
	// content-encoded (e.g. gzip). Body is Raw with the content encoding
	// removed, not transcoded: Charset says how to read it.
	Raw         []byte
	Body        []byte
	ContentType string // the Content-Type header as received
	Charset     string // charset decided by the repair (gb18030 for GBK/GB2312); "" for non-text
	// Truncated: Raw or Body was cut (MaxBody, decompression cap, or a
	// body that failed mid-way); Err says which.
	Truncated   bool
	NotModified bool // 304 to a conditional request
	// Err is nil for a complete page. With Status 0 nothing usable came
	// back; with a Status it qualifies the body (truncated, skipped content
	// type: Raw empty). Errors never contain the URL.
	Err     error
	Depth   int
	IsImage bool
}

// Progress is a snapshot of a Run's counters; Discovered grows during the
// crawl ("Done of at least Discovered").
type Progress struct {
	Done, Discovered, Errors int
	Current                  string
}

// Stats summarises a Run.
type Stats struct {
	Pages         int   // pages handed to Hooks.Page, including failures and images
	Errors        int   // pages with Err != nil
	NotModified   int   // 304 answers
	Truncated     int   // pages with Truncated
	Images        int   // image pages
	Discovered    int   // URLs accepted into the queue
	RobotsBlocked int   // URLs not fetched or refused because robots.txt disallows them
	OutOfScope    int   // links outside the target's scope
	OverCap       int   // links dropped because a target's page or image cap was reached
	Invalid       int   // targets refused by ValidateTarget
	Bytes         int64 // raw body bytes received
}

// Errors callers may test with errors.Is.
var (
	ErrInvalidTarget     = errors.New("invalid target")
	ErrBlockedAddress    = errors.New("address not allowed")
	ErrScheme            = errors.New("only http and https are fetched")
	ErrTooManyRedirects  = errors.New("too many redirects")
	ErrRedirectLoop      = errors.New("redirect loop")
	ErrRobotsDisallowed  = errors.New("disallowed by robots.txt")
	ErrBodyTooLarge      = errors.New("body larger than the cap")
	ErrDecodedTooLarge   = errors.New("decompressed body larger than the cap")
	ErrSkippedContent    = errors.New("content type not fetched")
	ErrTimeout           = errors.New("timed out")
	ErrIncompleteBody    = errors.New("body ended early")
	ErrUnsupportedEncode = errors.New("unsupported content encoding")
)

// counters are the Run's live numbers; atomics so hooks and workers never
// contend on a lock for them.
type counters struct {
	done, discovered, errors             atomic.Int64
	notModified, truncated, images       atomic.Int64
	robots, outOfScope, overCap, invalid atomic.Int64
	bytes                                atomic.Int64
}

func (c *counters) stats() Stats {
	return Stats{
		Pages: int(c.done.Load()), Errors: int(c.errors.Load()), NotModified: int(c.notModified.Load()),
		Truncated: int(c.truncated.Load()), Images: int(c.images.Load()), Discovered: int(c.discovered.Load()),
		RobotsBlocked: int(c.robots.Load()), OutOfScope: int(c.outOfScope.Load()), OverCap: int(c.overCap.Load()),
		Invalid: int(c.invalid.Load()), Bytes: c.bytes.Load(),
	}
}

func (cfg Config) withDefaults() Config {
	if cfg.PerHostDelay == 0 {
		cfg.PerHostDelay = DefaultPerHostDelay
	}
	if cfg.Workers <= 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.MaxRedirects == 0 {
		cfg.MaxRedirects = DefaultMaxRedirects
	}
	if cfg.MaxRedirects < 0 {
		cfg.MaxRedirects = 0
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = DefaultMaxPages
	}
	if cfg.MaxImages <= 0 {
		cfg.MaxImages = DefaultMaxImages
	}
	if cfg.MaxImageBytes <= 0 {
		cfg.MaxImageBytes = DefaultMaxImageBytes
	}
	if cfg.MaxCrawlDelay <= 0 {
		cfg.MaxCrawlDelay = DefaultMaxCrawlDelay
	}
	if cfg.UserAgent == "" {
		v := cfg.Version
		if v == "" {
			v = "dev"
		}
		cfg.UserAgent = "DoxGuard/" + v + " (+" + ProjectURL + ")"
	}
	return cfg
}

// Run crawls targets and hands every result to hooks.Page. It returns when
// the queue is empty or within a second of ctx being cancelled (then with
// ctx.Err()), with no goroutine left behind. Invalid targets are reported
// as pages with ErrInvalidTarget; Run fails only when no target is valid.
func Run(ctx context.Context, cfg Config, targets []Target, hooks Hooks) (Stats, error) {
	cfg = cfg.withDefaults()
	r := newRun(ctx, cfg, hooks)
	defer r.close()

	valid := 0
	var firstErr error
	for i, t := range targets {
		if t.Kind == KindSearch {
			r.refuse(t, fmt.Errorf("%w: expand search templates with SearchURLs first", ErrInvalidTarget))
			continue
		}
		if err := ValidateTarget(t); err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("target %d: %w", i, err)
			}
			r.refuse(t, err)
			continue
		}
		if r.addSeed(t) {
			valid++
		}
	}
	if valid == 0 && len(targets) > 0 && firstErr != nil {
		return r.cnt.stats(), fmt.Errorf("crawl: no valid target: %w", firstErr)
	}
	if err := r.q.Run(r.c); err != nil {
		return r.cnt.stats(), fmt.Errorf("crawl: queue: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return r.cnt.stats(), err
	}
	return r.cnt.stats(), nil
}

// refuse reports a target that will not be crawled.
func (r *run) refuse(t Target, err error) {
	r.cnt.invalid.Add(1)
	r.emit(Page{SourceID: t.SourceID, URL: t.URL, Method: http.MethodGet, Err: err})
}

// emit hands a page to the hook and updates the counters.
func (r *run) emit(p Page) {
	r.cnt.done.Add(1)
	if p.Err != nil {
		r.cnt.errors.Add(1)
	}
	if p.Truncated {
		r.cnt.truncated.Add(1)
	}
	if p.NotModified {
		r.cnt.notModified.Add(1)
	}
	if p.IsImage {
		r.cnt.images.Add(1)
	}
	r.cnt.bytes.Add(int64(len(p.Raw)))
	if r.hooks.Page != nil {
		r.hooks.Page(p)
	}
	if r.hooks.Progress != nil {
		r.progressMu.Lock()
		r.hooks.Progress(Progress{Done: int(r.cnt.done.Load()), Discovered: int(r.cnt.discovered.Load()),
			Errors: int(r.cnt.errors.Load()), Current: p.URL})
		r.progressMu.Unlock()
	}
}

// targetState is the per-target bookkeeping shared by its requests.
type targetState struct {
	t         Target
	maxDepth  int
	maxPages  int64
	scope     scope
	pages     atomic.Int64
	images    atomic.Int64
	targetIdx string
}

// seenSet dedupes URLs for the whole Run by 64-bit hash: colly's own
// visited set is switched off (AllowURLRevisit) because dedupe must happen
// before a URL takes a queue slot and a page-cap unit.
type seenSet struct {
	mu sync.Mutex
	m  map[uint64]struct{}
}

func (s *seenSet) add(h uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[h]; ok {
		return false
	}
	s.m[h] = struct{}{}
	return true
}

func itoa(i int) string { return strconv.Itoa(i) }
