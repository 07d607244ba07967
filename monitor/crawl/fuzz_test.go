package crawl

import (
	"net/url"
	"testing"
	"unicode/utf8"
)

// FuzzDocument feeds arbitrary bytes to every parser a hostile server can
// reach: charset repair, link extraction, sitemap and feed parsing. They
// must not panic, must return valid UTF-8 text, and may only yield
// http(s) URLs without fragments.
func FuzzDocument(f *testing.F) {
	f.Add([]byte(`<base href="http://b.example/d/"><a href="x#f">x</a><img data-src="/i.png"><meta http-equiv=refresh content="0;url=/r">`), "text/html; charset=gbk")
	f.Add([]byte(`<?xml version="1.0" encoding="gbk"?><rss><channel><item><link>http://a.example/1</link></item></channel></rss>`), "application/rss+xml")
	f.Add([]byte(`<sitemapindex><sitemap><loc>http://a.example/s.xml</loc></sitemap></sitemapindex>`), "application/xml")
	f.Add([]byte{0x1f, 0x8b, 0x08, 0x00}, "application/x-gzip")
	f.Add([]byte("\xff\xfe<\x00a\x00>\x00"), "text/html")
	base, _ := url.Parse("http://fuzz.example/dir/page")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		cs := charsetOf(body, contentType)
		text := decodeText(body, cs)
		if !utf8.Valid(text) {
			t.Fatalf("decodeText(%q) is not UTF-8", cs)
		}
		check := func(u *url.URL) {
			if u.Scheme != "http" && u.Scheme != "https" || u.Fragment != "" || u.Host == "" {
				t.Fatalf("yielded %q", u)
			}
		}
		extractLinks(text, base, func(u *url.URL, _ bool) bool { check(u); return true })
		parseSitemap(body, 1<<20, func(string, bool) bool { return true })
		parseFeed(body, func(string) bool { return true })
		_ = metaCharset(body)
		_ = isHTML(contentType, body)
	})
}
