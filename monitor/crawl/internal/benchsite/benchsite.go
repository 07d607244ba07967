// Package benchsite serves a generated site for crawler benchmarks: n pages
// built from the saved real pages of the shared corpus, each linking to the
// next and previous page and to ten pseudo-random others, so a crawler
// starting at "/" reaches every page. The corpus pages' own links and
// resources are neutralised so the site is closed: the page count is
// exactly n for every crawler.
package benchsite

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Site is an http.Handler for a generated site.
type Site struct {
	n     int
	pages [][]byte // corpus bodies, links neutralised
}

var (
	linkAttr = regexp.MustCompile(`(?i)\s(href|src|srcset|action|background)\s*=`)
	cssURL   = regexp.MustCompile(`(?i)url\(`)
	bodyEnd  = []byte("</body>")
)

// Load reads the .html files of dir and prepares a site of n pages.
func Load(dir string, n int) (*Site, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil {
		return nil, fmt.Errorf("benchsite: list corpus: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("benchsite: no .html files in %s", dir)
	}
	s := &Site{n: n}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("benchsite: read corpus: %w", err)
		}
		b = linkAttr.ReplaceAll(b, []byte(" data-x-$1="))
		s.pages = append(s.pages, cssURL.ReplaceAll(b, []byte("x-url(")))
	}
	return s, nil
}

// Pages is the number of documents reachable from "/": the index and n pages.
func (s *Site) Pages() int { return s.n + 1 }

// Bytes returns the body of page i, for sizing reports.
func (s *Site) Bytes(i int) []byte { return s.page(i) }

func (s *Site) page(i int) []byte {
	src := s.pages[i%len(s.pages)]
	var links strings.Builder
	links.WriteString("\n<div class=\"bench-links\">")
	fmt.Fprintf(&links, `<a href="/p/%d.html">next</a> `, (i+1)%s.n)
	fmt.Fprintf(&links, `<a href="/p/%d.html">prev</a> `, (i+s.n-1)%s.n)
	r := rand.New(rand.NewPCG(uint64(i), 42))
	for range 10 {
		fmt.Fprintf(&links, `<a href="/p/%d.html#c">r</a> `, r.IntN(s.n))
	}
	links.WriteString("</div>\n")
	at := bytes.LastIndex(bytes.ToLower(src), bodyEnd)
	if at < 0 {
		at = len(src)
	}
	out := make([]byte, 0, len(src)+links.Len())
	out = append(out, src[:at]...)
	out = append(out, links.String()...)
	return append(out, src[at:]...)
}

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := 0
	switch p := r.URL.Path; {
	case p == "/":
		fmt.Fprint(w, `<html><body><a href="/p/0.html">start</a></body></html>`)
		return
	case strings.HasPrefix(p, "/p/") && strings.HasSuffix(p, ".html"):
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/p/"), ".html"))
		if err != nil || n < 0 || n >= s.n {
			http.NotFound(w, r)
			return
		}
		i = n
	default:
		http.NotFound(w, r) // robots.txt too: allow all
		return
	}
	body := s.page(i)
	// The corpus declares its own charsets in <meta>; the header stays
	// neutral so crawlers exercise their charset handling.
	w.Header().Set("Content-Type", "text/html")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}
