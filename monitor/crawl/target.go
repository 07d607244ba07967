package crawl

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

const queryPlaceholder = "{query}"

// ValidateTarget refuses targets the crawler will not fetch: unknown kinds
// and scopes, URLs that do not parse, schemes other than http(s), missing
// hosts, credentials in the URL (they would end up in evidence), depths
// outside 0..MaxDepth, and search templates without {query}. Addresses are
// checked later, after DNS resolution.
func ValidateTarget(t Target) error {
	switch t.Kind {
	case KindPage, KindSite, KindSitemap, KindFeed:
		if strings.Contains(t.URL, queryPlaceholder) {
			return fmt.Errorf("%w: {query} is only for search templates", ErrInvalidTarget)
		}
		if _, err := checkURL(t.URL); err != nil {
			return err
		}
	case KindSearch:
		if !strings.Contains(t.URL, queryPlaceholder) {
			return fmt.Errorf("%w: search template has no {query}", ErrInvalidTarget)
		}
		if _, err := checkURL(strings.ReplaceAll(t.URL, queryPlaceholder, "q")); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%w: unknown kind %q", ErrInvalidTarget, t.Kind)
	}
	switch t.Scope {
	case "", ScopeHost, ScopeDomain, ScopePrefix:
	default:
		return fmt.Errorf("%w: unknown scope %q", ErrInvalidTarget, t.Scope)
	}
	if t.Depth < 0 || t.Depth > MaxDepth {
		return fmt.Errorf("%w: depth %d outside 0..%d", ErrInvalidTarget, t.Depth, MaxDepth)
	}
	if t.MaxPages < 0 {
		return fmt.Errorf("%w: negative page cap", ErrInvalidTarget)
	}
	return nil
}

func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: not a URL", ErrInvalidTarget)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return nil, fmt.Errorf("%w: scheme %q: %w", ErrInvalidTarget, u.Scheme, ErrScheme)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("%w: no host", ErrInvalidTarget)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: user name or password in the URL", ErrInvalidTarget)
	}
	return u, nil
}

// SearchURLs expands a search template once per distinct non-empty query.
// {query} is query-escaped after a '?' and path-escaped before it.
func SearchURLs(template string, queries []string) ([]string, error) {
	if err := ValidateTarget(Target{Kind: KindSearch, URL: template}); err != nil {
		return nil, err
	}
	inQuery := false
	if q := strings.IndexByte(template, '?'); q >= 0 && q < strings.Index(template, queryPlaceholder) {
		inQuery = true
	}
	var out []string
	seen := map[string]bool{}
	for _, q := range queries {
		q = strings.TrimSpace(q)
		if q == "" || seen[q] {
			continue
		}
		seen[q] = true
		esc := url.PathEscape(q)
		if inQuery {
			esc = url.QueryEscape(q)
		}
		u := strings.ReplaceAll(template, queryPlaceholder, esc)
		if _, err := checkURL(u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// normalizeURL resolves ref against base (nil: ref must be absolute) and
// returns a canonical form: fragment stripped (colly counts /a#x and /a as
// two URLs, notes/colly.md §4), scheme and host lower-cased, default port
// and empty path fixed.
func normalizeURL(base *url.URL, ref string) (*url.URL, error) {
	ref = strings.TrimSpace(ref)
	u, err := url.Parse(ref)
	if err != nil {
		return nil, fmt.Errorf("%w: not a URL", ErrInvalidTarget)
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	u.Fragment, u.RawFragment = "", ""
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, ErrScheme
	}
	if u.Hostname() == "" || u.User != nil {
		return nil, fmt.Errorf("%w: no host", ErrInvalidTarget)
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "80" && u.Scheme == "http" || port == "443" && u.Scheme == "https" {
		port = ""
	}
	if port != "" {
		u.Host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		u.Host = "[" + host + "]"
	} else {
		u.Host = host
	}
	if u.Path == "" {
		u.Path = "/"
		u.RawPath = ""
	}
	u.ForceQuery = false
	return u, nil
}

// scope decides which discovered links a target follows.
type scope struct {
	kind   string
	host   string // host:port as in URL.Host
	domain string // registrable domain, or the host for IPs and single labels
	prefix string // scheme://host/dir/
}

func newScope(kind string, seed *url.URL) scope {
	s := scope{kind: kind, host: seed.Host, domain: registrable(seed.Hostname())}
	dir := seed.Path
	if i := strings.LastIndexByte(dir, '/'); i >= 0 {
		dir = dir[:i+1]
	}
	s.prefix = seed.Scheme + "://" + seed.Host + dir
	return s
}

func (s scope) allows(u *url.URL) bool {
	switch s.kind {
	case ScopeHost:
		return u.Host == s.host
	case ScopeDomain:
		return registrable(u.Hostname()) == s.domain
	case ScopePrefix:
		return strings.HasPrefix(u.Scheme+"://"+u.Host+u.Path, s.prefix)
	}
	return true // "" for feeds: items may live on any host
}

func registrable(host string) string {
	if net.ParseIP(host) != nil {
		return host
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}
