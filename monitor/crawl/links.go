package crawl

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// isHTML reports whether a body should be scanned for links: an HTML type,
// or no usable type and markup that sniffs as HTML.
func isHTML(contentType string, body []byte) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err == nil && mt != "" && mt != "application/octet-stream" && mt != "text/plain" {
		return mt == "text/html" || mt == "application/xhtml+xml"
	}
	return strings.HasPrefix(http.DetectContentType(body), "text/html")
}

// extractLinks streams through an HTML document (already UTF-8) and calls
// fn with each link (img=false: a, area, iframe, frame, meta refresh) and
// image source (img=true), resolved against the document URL or its
// <base href>, fragment stripped. A tokenizer instead of colly's OnHTML:
// no DOM is built, so 50,000 links or 100,000 nested elements cost one
// linear pass and no recursion. fn returning false stops the scan.
func extractLinks(text []byte, base *url.URL, fn func(u *url.URL, img bool) bool) {
	z := html.NewTokenizer(bytes.NewReader(text))
	baseSet := false
	emit := func(ref string, img bool) bool {
		ref = strings.TrimSpace(ref)
		if ref == "" || strings.HasPrefix(ref, "#") || strings.HasPrefix(strings.ToLower(ref), "javascript:") {
			return true
		}
		u, err := normalizeURL(base, ref)
		if err != nil {
			return true
		}
		return fn(u, img)
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		tag := string(name)
		switch tag {
		case "a", "area", "base", "iframe", "frame", "img", "meta":
		default:
			continue
		}
		attrs := map[string]string{}
		for {
			k, v, more := z.TagAttr()
			if _, dup := attrs[string(k)]; !dup {
				attrs[string(k)] = string(v)
			}
			if !more {
				break
			}
		}
		ok := true
		switch tag {
		case "base":
			if h := attrs["href"]; h != "" && !baseSet {
				if u, err := normalizeURL(base, h); err == nil {
					base, baseSet = u, true
				}
			}
		case "a", "area":
			ok = emit(attrs["href"], false)
		case "iframe", "frame":
			ok = emit(attrs["src"], false)
		case "img":
			// Lazy-loading attributes first: src is often a placeholder.
			src := attrs["data-original"]
			if src == "" {
				src = attrs["data-src"]
			}
			if src == "" {
				src = attrs["src"]
			}
			if !strings.HasPrefix(src, "data:") {
				ok = emit(src, true)
			}
		case "meta":
			if strings.EqualFold(attrs["http-equiv"], "refresh") {
				c := attrs["content"]
				if i := strings.Index(strings.ToLower(c), "url="); i >= 0 {
					ok = emit(strings.Trim(c[i+4:], `'" `), false)
				}
			}
		}
		if !ok {
			return
		}
	}
}

// xmlDecoder reads feeds and sitemaps leniently: HTML entities are common
// in feeds, and GBK feeds declare their charset in the XML prolog. No
// AutoClose: HTML's list would close RSS <link> elements.
func xmlDecoder(body []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if name := canonicalCharset(label); name != "" {
			label = name
		}
		return charset.NewReaderLabel(label, r)
	}
	return d
}

// maybeGunzip unpacks a sitemap.xml.gz served as a gzip file (not as a
// Content-Encoding), bounded like any body.
func maybeGunzip(body []byte, limit int64) []byte {
	if len(body) < 2 || body[0] != 0x1f || body[1] != 0x8b {
		return body
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil
	}
	out, _, _ := readCapped(zr, 0, limit)
	return out
}

// parseSitemap calls fn with each <loc> of a urlset (index=false) or a
// sitemapindex (index=true) until fn returns false.
func parseSitemap(body []byte, limit int64, fn func(loc string, index bool) bool) {
	index, inLoc := false, false
	var loc strings.Builder
	eachToken(maybeGunzip(body, limit), func(tok xml.Token) bool {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sitemapindex":
				index = true
			case "loc":
				inLoc = true
				loc.Reset()
			}
		case xml.CharData:
			if inLoc && loc.Len() < 8<<10 {
				loc.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "loc" && inLoc {
				inLoc = false
				if s := strings.TrimSpace(loc.String()); s != "" && !fn(s, index) {
					return false
				}
			}
		}
		return true
	})
}

// eachToken feeds the tokens of an XML document to fn until the document
// ends, fails, or fn returns false.
func eachToken(body []byte, fn func(xml.Token) bool) {
	d := xmlDecoder(body)
	for {
		tok, err := d.Token()
		if err != nil || !fn(tok) {
			return
		}
	}
}

// looksLikeFeed reports whether body starts like RSS, RDF or Atom.
func looksLikeFeed(body []byte) bool {
	head := body
	if len(head) > 2048 {
		head = head[:2048]
	}
	l := bytes.ToLower(head)
	return bytes.Contains(l, []byte("<rss")) || bytes.Contains(l, []byte("<feed")) || bytes.Contains(l, []byte("<rdf:rdf"))
}

// parseFeed calls fn with the link of each RSS <item> (RSS 0.9x, 2.0, 1.0)
// and Atom <entry> (rel="alternate" or no rel) until fn returns false.
func parseFeed(body []byte, fn func(link string) bool) {
	inItem, inLink := false, false
	var link strings.Builder
	eachToken(body, func(tok xml.Token) bool {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "item", "entry":
				inItem = true
			case "link":
				if !inItem {
					return true
				}
				href, rel := "", ""
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "href":
						href = a.Value
					case "rel":
						rel = a.Value
					}
				}
				if href != "" {
					return rel != "" && rel != "alternate" || fn(href)
				}
				inLink = true
				link.Reset()
			}
		case xml.CharData:
			if inLink && link.Len() < 8<<10 {
				link.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "item", "entry":
				inItem = false
			case "link":
				if inLink {
					inLink = false
					if s := strings.TrimSpace(link.String()); s != "" && !fn(s) {
						return false
					}
				}
			}
		}
		return true
	})
}
