package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsMaxBytes is the part of a robots.txt that is parsed; RFC 9309 asks
// for at least 500 KiB.
const robotsMaxBytes = 512 << 10

// robotsEntry is one host's robots.txt, loaded once per Run.
type robotsEntry struct {
	ready chan struct{}
	data  *robotstxt.RobotsData
	delay time.Duration // Crawl-delay of our group, capped
	err   error         // guard or cancel error: the host cannot be fetched at all
}

// robotsCache fetches robots.txt through the guarded transport, with the
// Run's context, and applies RFC 9309: 2xx parsed, 4xx allow all, 5xx and
// unreachable disallow all. colly's own check ignores 5xx, Crawl-delay and
// cancellation (notes/colly.md §1).
type robotsCache struct {
	ua      string
	client  *http.Client
	clock   *hostClock
	cfg     Config
	mu      sync.Mutex
	entries map[string]*robotsEntry
}

func robotsKey(u *url.URL) string { return u.Scheme + "://" + u.Host }

// knownDisallowed reports whether an already-loaded robots.txt forbids u;
// it never fetches, so link discovery stays cheap.
func (rc *robotsCache) knownDisallowed(u *url.URL) bool {
	rc.mu.Lock()
	e := rc.entries[robotsKey(u)]
	rc.mu.Unlock()
	if e == nil {
		return false
	}
	select {
	case <-e.ready:
	default:
		return false
	}
	return e.err == nil && !e.data.TestAgent(robotsPath(u), rc.ua)
}

func robotsPath(u *url.URL) string {
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// check loads the host's robots.txt if needed and tests u. It returns the
// host's Crawl-delay.
func (rc *robotsCache) check(ctx context.Context, u *url.URL) (time.Duration, error) {
	key := robotsKey(u)
	rc.mu.Lock()
	e, ok := rc.entries[key]
	if !ok {
		e = &robotsEntry{ready: make(chan struct{})}
		rc.entries[key] = e
	}
	rc.mu.Unlock()
	if !ok {
		rc.load(ctx, e, key)
		close(e.ready)
	} else {
		select {
		case <-e.ready:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	if e.err != nil {
		return 0, e.err
	}
	if !e.data.TestAgent(robotsPath(u), rc.ua) {
		return e.delay, ErrRobotsDisallowed
	}
	return e.delay, nil
}

func (rc *robotsCache) load(ctx context.Context, e *robotsEntry, key string) {
	status, body, err := rc.fetch(ctx, key+"/robots.txt")
	var blocked *AddressError
	switch {
	case ctx.Err() != nil:
		e.err = ctx.Err()
		return
	case errors.As(err, &blocked):
		e.err = err
		return
	case err != nil:
		// Unreachable: RFC 9309 §2.3.1.4 says assume complete disallow.
		e.data, _ = robotstxt.FromStatusAndBytes(http.StatusServiceUnavailable, nil)
		return
	}
	data, perr := robotstxt.FromStatusAndBytes(status, body)
	if perr != nil || data == nil {
		// Unparseable or an odd status (e.g. a redirect loop): unavailable,
		// which RFC 9309 treats like 4xx.
		data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	}
	e.data = data
	if g := data.FindGroup(rc.ua); g != nil && g.CrawlDelay > 0 {
		e.delay = min(g.CrawlDelay, rc.cfg.MaxCrawlDelay)
	}
}

func (rc *robotsCache) fetch(ctx context.Context, raw string) (int, []byte, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return 0, nil, err
	}
	if err := rc.clock.wait(ctx, u.Host, rc.cfg.PerHostDelay); err != nil {
		return 0, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, rc.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("User-Agent", rc.ua)
	resp, err := rc.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return 0, nil, fmt.Errorf("robots.txt: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, robotsMaxBytes))
	if err != nil && resp.StatusCode < 300 {
		return 0, nil, fmt.Errorf("robots.txt: read: %w", err)
	}
	return resp.StatusCode, body, nil
}

// hostClock spaces requests to one host. A slot is reserved under the lock
// and then waited for outside it, so a cancel interrupts every waiter at
// once — unlike colly's LimitRule.Delay, a plain sleep (notes/colly.md §6).
//
// Each request's gap is measured from the previous request's start, so a
// Crawl-delay learnt from robots.txt also spaces the robots.txt fetch and
// the first page.
type hostClock struct {
	mu   sync.Mutex
	last map[string]time.Time
}

func (h *hostClock) wait(ctx context.Context, host string, gap time.Duration) error {
	h.mu.Lock()
	now := time.Now()
	at := now
	if last, ok := h.last[host]; ok {
		// last may lie in the future after a Retry-After (holdOff).
		next := last
		if gap > 0 {
			next = last.Add(gap)
		}
		if next.After(now) {
			at = next
		}
	}
	h.last[host] = at
	h.mu.Unlock()
	d := time.Until(at)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// holdOff keeps every request to host waiting until at least until: a
// server that answered 429 or 503 with Retry-After gets the pause it asked
// for (bounded by the caller).
func (h *hostClock) holdOff(host string, until time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if until.After(h.last[host]) {
		h.last[host] = until
	}
}
