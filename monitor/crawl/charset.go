package crawl

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// metaScanBytes is how far into a document the <meta> charset is looked
// for; x/net's prescan stops at 1,024 bytes, and Chinese pages often put
// scripts and styles before their <meta>.
const metaScanBytes = 8 << 10

// charsetOf decides how to read body as text (notes/colly.md §3, the recipe
// that passed all 16 measured cases, plus two repairs): BOM; a body that is
// valid UTF-8 with non-ASCII bytes is UTF-8 whatever a label says (pages
// converted to UTF-8 that kept an old gb2312 label); the header charset
// unless it lies (claims UTF-8 for invalid UTF-8) or is unknown; a <meta>
// charset; chardet when confident and not a Latin-1 guess; else GB18030,
// the Chinese-first default. GBK and GB2312 are always read as GB18030,
// their superset (x/text's GBK decoder fails on four-byte sequences).
func charsetOf(body []byte, contentType string) string {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return "utf-8"
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return "utf-16le"
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return "utf-16be"
	}
	valid := utf8.Valid(body)
	ascii := isASCII(body)
	if valid && !ascii {
		return "utf-8"
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if name := canonicalCharset(params["charset"]); name != "" && (name != "utf-8" || valid) {
			return name
		}
	}
	if name := canonicalCharset(metaCharset(body)); name != "" && (name != "utf-8" || valid) {
		return name
	}
	if valid {
		return "utf-8" // pure ASCII
	}
	if r, err := chardet.NewTextDetector().DetectBest(body); err == nil && r.Confidence >= 50 {
		if name := canonicalCharset(r.Charset); name != "" && name != "windows-1252" && name != "utf-8" {
			return name
		}
	}
	return "gb18030"
}

// canonicalCharset maps a label to its WHATWG name, GBK family to gb18030,
// and returns "" for unknown labels and the "replacement" pseudo-encoding.
func canonicalCharset(label string) string {
	label = strings.ToLower(strings.TrimSpace(label))
	if label == "" {
		return ""
	}
	if label == "gb-18030" { // chardet's spelling, unknown to x/net (colly#421)
		return "gb18030"
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil || name == "replacement" {
		return ""
	}
	switch name {
	case "gbk", "gb2312", "gb18030":
		return "gb18030"
	}
	return name
}

func encodingOf(name string) encoding.Encoding {
	switch name {
	case "utf-8", "":
		return nil
	case "gb18030":
		return simplifiedchinese.GB18030
	case "utf-16le":
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	case "utf-16be":
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		return nil
	}
	return enc
}

// decodeText returns body as UTF-8 for link extraction; undecodable bytes
// become U+FFFD rather than failing the page.
func decodeText(body []byte, charset string) []byte {
	if enc := encodingOf(charset); enc != nil {
		if out, err := enc.NewDecoder().Bytes(body); err == nil {
			return out
		}
	}
	if utf8.Valid(body) {
		return body
	}
	return bytes.ToValidUTF8(body, []byte("\uFFFD"))
}

// metaCharset finds <meta charset> or <meta http-equiv=Content-Type> in the
// head of a document.
func metaCharset(body []byte) string {
	if len(body) > metaScanBytes {
		body = body[:metaScanBytes]
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "body" {
				return ""
			}
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var cs, equiv, content string
			for {
				k, v, more := z.TagAttr()
				switch string(k) {
				case "charset":
					cs = string(v)
				case "http-equiv":
					equiv = strings.ToLower(string(v))
				case "content":
					content = string(v)
				}
				if !more {
					break
				}
			}
			if cs != "" {
				return cs
			}
			if equiv == "content-type" {
				if _, params, err := mime.ParseMediaType(content); err == nil && params["charset"] != "" {
					return params["charset"]
				}
			}
		}
	}
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
