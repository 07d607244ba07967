package monitor

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/doxguard/doxguard/monitor/crawl"
)

// Source kinds: the crawler's target kinds.
const (
	KindPage    = crawl.KindPage    // one URL
	KindSite    = crawl.KindSite    // seed URL + depth + scope + page cap
	KindSitemap = crawl.KindSitemap // sitemap.xml (or index)
	KindFeed    = crawl.KindFeed    // RSS / Atom
	KindSearch  = crawl.KindSearch  // URL template with {query}
)

// DefaultEvery is a source's interval when none is given.
const DefaultEvery = 24 * time.Hour

// MinEvery keeps a mistyped interval from hammering a site.
const MinEvery = 5 * time.Minute

// SourceSpec is a source as a user writes it (CLI flags, an import file, the
// GUI form). AddSource validates it and stores a store.Source.
type SourceSpec struct {
	URL      string        `json:"url"`
	Kind     string        `json:"kind,omitempty"`
	Depth    int           `json:"depth,omitempty"`
	Scope    string        `json:"scope,omitempty"`
	MaxPages int           `json:"max_pages,omitempty"`
	Every    time.Duration `json:"-"`
	// EveryText is Every as written in files ("24h", "30m"); parsed by import.
	EveryText string `json:"every,omitempty"`
	// People limits the source to these people (names or IDs); empty = all.
	People []string `json:"people,omitempty"`
	// Queries are user-written search queries (kind search) added to the
	// ones built from names.
	Queries  []string `json:"queries,omitempty"`
	Disabled bool     `json:"disabled,omitempty"`
}

// SourceError says why a source was refused. Reason is an English sentence
// without identifiers; Line is the import-file line (0 when not from a file).
type SourceError struct {
	Line   int
	URL    string
	Reason string
}

func (e *SourceError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("source on line %d: %s", e.Line, e.Reason)
	}
	return "source: " + e.Reason
}

// normalize fills defaults and checks everything that does not need the
// network or the store; the URL checks are the crawler's own
// (crawl.ValidateTarget), so a source that is accepted can be crawled.
func (s *SourceSpec) normalize() error {
	s.URL = strings.TrimSpace(s.URL)
	if s.Kind == "" {
		s.Kind = guessKind(s.URL)
	}
	s.Kind = strings.ToLower(strings.TrimSpace(s.Kind))
	switch s.Kind {
	case KindPage, KindSite, KindSitemap, KindFeed, KindSearch:
	default:
		return &SourceError{URL: s.URL, Reason: fmt.Sprintf("unknown kind %q (want page, site, sitemap, feed or search)", s.Kind)}
	}
	if s.EveryText != "" && s.Every == 0 {
		d, err := parseEvery(s.EveryText)
		if err != nil {
			return &SourceError{URL: s.URL, Reason: err.Error()}
		}
		s.Every = d
	}
	if s.Every == 0 {
		s.Every = DefaultEvery
	}
	if s.Every < MinEvery {
		return &SourceError{URL: s.URL, Reason: fmt.Sprintf("interval %s is shorter than the minimum %s", s.Every, MinEvery)}
	}
	if s.Kind == KindSite && s.Depth == 0 {
		s.Depth = crawl.DefaultSiteDepth
	}
	t := crawl.Target{Kind: s.Kind, URL: s.URL, Depth: s.Depth, Scope: s.Scope, MaxPages: s.MaxPages}
	if err := crawl.ValidateTarget(t); err != nil {
		return &SourceError{URL: s.URL, Reason: strings.TrimPrefix(err.Error(), crawl.ErrInvalidTarget.Error()+": ")}
	}
	return nil
}

// guessKind picks a kind from how the URL looks.
func guessKind(u string) string {
	l := strings.ToLower(u)
	switch {
	case strings.Contains(l, "{query}"):
		return KindSearch
	case strings.Contains(l, "sitemap") && strings.HasSuffix(strings.SplitN(l, "?", 2)[0], ".xml"):
		return KindSitemap
	case strings.HasSuffix(l, ".rss"), strings.HasSuffix(l, "/feed"), strings.HasSuffix(l, "/rss"),
		strings.HasSuffix(l, "feed.xml"), strings.HasSuffix(l, "rss.xml"), strings.HasSuffix(l, "atom.xml"):
		return KindFeed
	}
	return KindPage
}

// parseEvery accepts Go durations plus days ("7d") and Chinese-keyboard
// full-width digits are not expected here: the CLI passes ASCII.
func parseEvery(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 {
			return 0, fmt.Errorf("interval %q: want e.g. 6h, 30m or 7d", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("interval %q: want e.g. 6h, 30m or 7d", s)
	}
	return d, nil
}

// searchWords are added to a person's names to build search queries: the
// words doxers put next to what they expose.
var searchWords = map[string]string{
	"cn_id":     "身份证",
	"phone":     "手机号",
	"address":   "住址",
	"bank_card": "银行卡",
	"email":     "邮箱",
	"qq":        "QQ",
	"wechat":    "微信",
	"plate":     "车牌",
	"passport":  "护照",
}

// SearchQueries builds the queries for a search source: each name and alias
// alone, then with the word for each kind of identifier the person has
// registered (身份证, 手机号, 住址, …), then the user's own queries. Identifier
// values are never put into a query: only names travel to the search site.
func SearchQueries(names []string, kinds []string, user []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(q string) {
		q = strings.Join(strings.Fields(q), " ")
		if q != "" && !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	for _, n := range names {
		add(n)
		done := map[string]bool{}
		for _, k := range kinds {
			if w, ok := searchWords[k]; ok && !done[w] {
				done[w] = true
				add(n + " " + w)
			}
		}
	}
	for _, q := range user {
		add(q)
	}
	return out
}

// ParseSources reads a source list: JSON (`{"sources":[…]}` or a bare array
// of SourceSpec objects) or CSV with a header naming some of
// url,kind,depth,every,scope,max_pages,people,queries (people and queries
// separated by ";"). Every spec is normalised; the first bad line is reported
// with its number.
func ParseSources(r io.Reader) ([]SourceSpec, error) {
	data, err := io.ReadAll(io.LimitReader(r, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("read sources: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, errors.New("read sources: the file is not UTF-8")
	}
	trim := bytes.TrimSpace(data)
	var specs []SourceSpec
	var lines []int
	if len(trim) > 0 && (trim[0] == '{' || trim[0] == '[') {
		if trim[0] == '{' {
			var doc struct {
				Sources []SourceSpec `json:"sources"`
			}
			if err := json.Unmarshal(trim, &doc); err != nil {
				return nil, fmt.Errorf("read sources: json: %w", err)
			}
			specs = doc.Sources
		} else if err := json.Unmarshal(trim, &specs); err != nil {
			return nil, fmt.Errorf("read sources: json: %w", err)
		}
		lines = make([]int, len(specs))
		for i := range lines {
			lines[i] = i + 1 // entry number for JSON
		}
	} else {
		specs, lines, err = parseSourceCSV(data)
		if err != nil {
			return nil, err
		}
	}
	for i := range specs {
		if err := specs[i].normalize(); err != nil {
			var se *SourceError
			if errors.As(err, &se) {
				se.Line = lines[i]
			}
			return nil, err
		}
	}
	return specs, nil
}

func parseSourceCSV(data []byte) ([]SourceSpec, []int, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("read sources: csv header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	if _, ok := col["url"]; !ok {
		return nil, nil, errors.New("read sources: csv header must name a url column")
	}
	var specs []SourceSpec
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, nil, fmt.Errorf("read sources: csv line %d: %w", line, err)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if get("url") == "" {
			continue
		}
		s := SourceSpec{URL: get("url"), Kind: get("kind"), Scope: get("scope"), EveryText: get("every")}
		for _, f := range []struct {
			name string
			dst  *int
		}{{"depth", &s.Depth}, {"max_pages", &s.MaxPages}} {
			if v := get(f.name); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil {
					return nil, nil, &SourceError{Line: line, URL: s.URL, Reason: f.name + " must be a whole number"}
				}
				*f.dst = n
			}
		}
		s.People = splitList(get("people"))
		s.Queries = splitList(get("queries"))
		specs = append(specs, s)
		lines = append(lines, line)
	}
	return specs, lines, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
