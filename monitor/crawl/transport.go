package crawl

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// fetcher is the http.RoundTripper colly uses. Per request it follows the
// redirect chain itself and, for every hop, refuses non-HTTP(S) schemes,
// loops and over-long chains, checks robots.txt, waits for the host's
// politeness slot (cancellable), and sends the request through the guarded
// dialer. For the final response it records what evidence needs — raw wire
// bytes (it asks for gzip itself so net/http does not decode them), headers
// both ways, status, remote IP, chain, UTC times — and gives colly a
// response over the decoded bytes.
type fetcher struct {
	cfg         Config
	conditional func(string) (string, string)
	base        *http.Transport
	robots      *robotsCache
	clock       *hostClock
	recs        sync.Map // fetch id → *Page, read back by the colly callbacks
}

func newFetcher(cfg Config, conditional func(string) (string, string)) *fetcher {
	d := newDialer(cfg)
	base := &http.Transport{
		Proxy:                 nil, // a proxy would be dialled instead of the target and bypass the guard
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: cfg.Timeout,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   cfg.Workers,
		IdleConnTimeout:       30 * time.Second,
		DisableCompression:    true, // we ask for gzip ourselves and keep the wire bytes
	}
	clock := &hostClock{last: map[string]time.Time{}}
	f := &fetcher{cfg: cfg, conditional: conditional, base: base, clock: clock}
	f.robots = &robotsCache{ua: cfg.UserAgent, clock: clock, cfg: cfg, entries: map[string]*robotsEntry{},
		client: &http.Client{Transport: base, CheckRedirect: func(_ *http.Request, via []*http.Request) error {
			if len(via) >= 5 { // RFC 9309 §2.3.1.2: follow at least five
				return http.ErrUseLastResponse
			}
			return nil
		}}}
	return f
}

// close drops idle keep-alive connections so no transport goroutine
// outlives the Run.
func (f *fetcher) close() { f.base.CloseIdleConnections() }

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

func (f *fetcher) RoundTrip(req *http.Request) (*http.Response, error) {
	id, role, _ := strings.Cut(req.Header.Get(hdrFetch), " ")
	ctx := req.Context()
	rec := &Page{URL: req.URL.String(), Method: http.MethodGet}
	if id != "" {
		f.recs.Store(id, rec)
	}
	limit := f.cfg.MaxBody
	if role == roleImage {
		limit = f.cfg.MaxImageBytes
	}
	cur := req.URL
	seen := map[string]bool{}
	for hop := 0; ; hop++ {
		if cur.Scheme != "http" && cur.Scheme != "https" {
			return nil, fmt.Errorf("redirect to scheme %q: %w", cur.Scheme, ErrScheme)
		}
		if seen[cur.String()] {
			return nil, fmt.Errorf("after %d hops: %w", hop, ErrRedirectLoop)
		}
		seen[cur.String()] = true
		if hop > f.cfg.MaxRedirects {
			return nil, fmt.Errorf("more than %d: %w", f.cfg.MaxRedirects, ErrTooManyRedirects)
		}
		delay, err := f.robots.check(ctx, cur)
		if err != nil {
			return nil, err
		}
		if err := f.clock.wait(ctx, cur.Host, max(f.cfg.PerHostDelay, delay)); err != nil {
			return nil, err
		}
		hreq := f.hopRequest(ctx, req, cur, role, hop == 0)
		if hop == 0 {
			rec.Started = time.Now().UTC()
		}
		resp, ip, cancel, err := f.send(ctx, hreq)
		if err != nil {
			return nil, err
		}
		sent := hreq.Header.Clone()
		sent.Set("Host", hreq.Host)
		if !isRedirect(resp.StatusCode) || resp.Header.Get("Location") == "" {
			out, err := f.finish(ctx, req, cur, resp, rec, sent, ip, role, limit)
			cancel()
			return out, err
		}
		// A redirect hop: keep its headers, drain a little so the
		// connection can be reused, follow Location.
		_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
		resp.Body.Close()
		cancel()
		rec.Hops = append(rec.Hops, Hop{URL: cur.String(), Status: resp.StatusCode, RequestHeader: sent,
			ResponseHeader: resp.Header.Clone(), RemoteIP: ip, Fetched: time.Now().UTC()})
		rec.Redirects = append(rec.Redirects, cur.String())
		next, err := normalizeURL(cur, resp.Header.Get("Location"))
		if err != nil {
			if errors.Is(err, ErrScheme) {
				return nil, fmt.Errorf("redirect: %w", ErrScheme)
			}
			return nil, fmt.Errorf("redirect: bad Location: %w", err)
		}
		cur = next
	}
}

// hopRequest builds the request actually sent: internal header removed,
// honest UA, our own Accept-Encoding, validators on the first hop only.
func (f *fetcher) hopRequest(ctx context.Context, orig *http.Request, u *url.URL, role string, first bool) *http.Request {
	h := http.Header{}
	h.Set("User-Agent", f.cfg.UserAgent)
	if role == roleImage {
		h.Set("Accept", "image/*")
	} else {
		h.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	}
	h.Set("Accept-Encoding", "gzip")
	if first && f.conditional != nil {
		etag, lastMod := f.conditional(orig.URL.String())
		if etag != "" {
			h.Set("If-None-Match", etag)
		}
		if lastMod != "" {
			h.Set("If-Modified-Since", lastMod)
		}
	}
	r := &http.Request{Method: http.MethodGet, URL: u, Header: h, Host: u.Host,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
	return r.WithContext(ctx)
}

// send performs one hop with its own timeout; the returned cancel must be
// called once the body has been read.
func (f *fetcher) send(ctx context.Context, req *http.Request) (*http.Response, string, context.CancelFunc, error) {
	hctx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	var remote atomic.Pointer[string]
	trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) {
		if i.Conn != nil {
			s := i.Conn.RemoteAddr().String()
			if h, _, err := net.SplitHostPort(s); err == nil {
				s = h
			}
			remote.Store(&s)
		}
	}}
	req = req.WithContext(httptrace.WithClientTrace(hctx, trace))
	resp, err := f.base.RoundTrip(req)
	if err != nil {
		cancel()
		return nil, "", nil, f.wrapNetErr(ctx, hctx, err)
	}
	ip := ""
	if p := remote.Load(); p != nil {
		ip = *p
	}
	return resp, ip, cancel, nil
}

// wrapNetErr turns a hop's context deadline into ErrTimeout and keeps the
// guard's error recognisable.
func (f *fetcher) wrapNetErr(ctx, hctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(hctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("after %s: %w", f.cfg.Timeout, ErrTimeout)
	}
	var ae *AddressError
	if errors.As(err, &ae) {
		return ae
	}
	return err
}

// wantBody decides from the headers whether the body is worth reading: an
// HTML/text/XML/JSON document for pages and feeds (sitemaps may be gzip
// files), an image for images. Error pages are kept as evidence of removal.
func wantBody(role string, status int, contentType string) bool {
	if status >= 400 {
		return role != roleImage
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || mt == "" {
		return role != roleImage // no or broken type: sniff later
	}
	switch role {
	case roleImage:
		return strings.HasPrefix(mt, "image/")
	case roleSitemap:
		if mt == "application/gzip" || mt == "application/x-gzip" || mt == "application/octet-stream" {
			return true
		}
	}
	return strings.HasPrefix(mt, "text/") || strings.Contains(mt, "xml") || strings.Contains(mt, "json") ||
		strings.Contains(mt, "javascript")
}

// finish records the final response and builds the one colly sees.
func (f *fetcher) finish(ctx context.Context, orig *http.Request, u *url.URL, resp *http.Response, rec *Page,
	sent http.Header, ip, role string, limit int64) (*http.Response, error) {
	defer resp.Body.Close()
	rec.FinalURL = u.String()
	rec.Status = resp.StatusCode
	rec.RequestHeader = sent
	rec.ResponseHeader = resp.Header.Clone()
	rec.RemoteIP = ip
	rec.ContentType = resp.Header.Get("Content-Type")
	rec.NotModified = resp.StatusCode == http.StatusNotModified
	if d, ok := retryAfter(resp); ok {
		f.clock.holdOff(u.Host, time.Now().Add(min(d, f.cfg.MaxCrawlDelay)))
	}

	switch {
	case rec.NotModified:
	case !wantBody(role, resp.StatusCode, rec.ContentType):
		// Closing unread aborts the download: a video costs its headers only.
		rec.Err = fmt.Errorf("%w: %q", ErrSkippedContent, rec.ContentType)
	default:
		raw, truncated, err := readCapped(resp.Body, resp.ContentLength, limit)
		rec.Raw = raw
		switch {
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case err != nil:
			rec.Truncated = true
			if errors.Is(err, context.DeadlineExceeded) {
				err = fmt.Errorf("after %s: %w", f.cfg.Timeout, ErrTimeout)
			}
			rec.Err = fmt.Errorf("%w: %w", ErrIncompleteBody, err)
		case truncated:
			rec.Truncated = true
			rec.Err = fmt.Errorf("%w: cut at %d bytes", ErrBodyTooLarge, limit)
		}
		body, derr := decodeContent(raw, resp.Header.Get("Content-Encoding"), limit)
		rec.Body = body
		if derr != nil && rec.Err == nil {
			rec.Err = derr
			rec.Truncated = rec.Truncated || errors.Is(derr, ErrDecodedTooLarge)
		}
	}
	rec.Fetched = time.Now().UTC()

	h := resp.Header.Clone()
	h.Del("Content-Encoding")
	h.Del("Content-Length")
	// Without a charset parameter colly leaves the bytes alone; the charset
	// repair runs on our side (notes/colly.md §3).
	if mt, _, err := mime.ParseMediaType(rec.ContentType); err == nil {
		h.Set("Content-Type", mt)
	} else {
		h.Del("Content-Type")
	}
	final := orig
	if u.String() != orig.URL.String() {
		final = orig.Clone(orig.Context())
		final.URL = u
		final.Host = u.Host
	}
	return &http.Response{
		Status: resp.Status, StatusCode: resp.StatusCode,
		Proto: resp.Proto, ProtoMajor: resp.ProtoMajor, ProtoMinor: resp.ProtoMinor,
		Header: h, Body: io.NopCloser(bytes.NewReader(rec.Body)), ContentLength: int64(len(rec.Body)),
		Uncompressed: true, Request: final,
	}, nil
}

// readCapped reads at most limit bytes and reports whether more followed.
func readCapped(r io.Reader, contentLength, limit int64) ([]byte, bool, error) {
	var buf bytes.Buffer
	if contentLength > 0 {
		buf.Grow(int(min(contentLength, limit) + 1))
	}
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	b := buf.Bytes()
	if n > limit {
		return b[:limit], true, nil
	}
	return b, false, err
}

// decodeContent removes Content-Encoding layers (last applied first),
// never producing more than limit bytes: a gzip bomb stops at the cap.
func decodeContent(raw []byte, encoding string, limit int64) ([]byte, error) {
	var codings []string
	for _, c := range strings.Split(encoding, ",") {
		if c = strings.ToLower(strings.TrimSpace(c)); c != "" && c != "identity" {
			codings = append(codings, c)
		}
	}
	body := raw
	for i := len(codings) - 1; i >= 0; i-- {
		var rd io.Reader
		switch codings[i] {
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				return nil, fmt.Errorf("decode gzip: %w", err)
			}
			rd = zr
		case "deflate":
			if zr, err := zlib.NewReader(bytes.NewReader(body)); err == nil {
				rd = zr
			} else {
				rd = flate.NewReader(bytes.NewReader(body)) // servers that send raw deflate
			}
		default:
			return nil, fmt.Errorf("%w: %q", ErrUnsupportedEncode, codings[i])
		}
		out, truncated, err := readCapped(rd, 0, limit)
		if truncated {
			return out, fmt.Errorf("%w: cut at %d bytes", ErrDecodedTooLarge, limit)
		}
		if err != nil {
			return out, fmt.Errorf("decode %s: %w", codings[i], err)
		}
		body = out
	}
	return body, nil
}

// retryAfter reads Retry-After (seconds or an HTTP date) of a 429 or 503.
// There are no retries: the pause only spaces this Run's next requests to
// the host; the page itself is reported with its status.
func retryAfter(resp *http.Response) (time.Duration, bool) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0, false
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}
