package detect

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// decode turns a page's bytes into UTF-8 text and names the charset used.
//
// Order: BOM, the Content-Type header, a <meta> prescan, then sniffing. Two
// repairs on top of WHATWG: GBK and GB2312 labels decode as GB18030 (the GBK
// decoder in x/text drops four-byte sequences, notes/libs.md §5), and a body
// that is valid UTF-8 with non-ASCII content is read as UTF-8 whatever a
// GBK-family label says — many Chinese pages were converted to UTF-8 and kept
// their old <meta charset=gb2312>.
func decode(body []byte, contentType string) (string, string) {
	if len(body) >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF {
		return toValidUTF8(body[3:]), "utf-8"
	}
	if len(body) >= 2 && (body[0] == 0xFF && body[1] == 0xFE || body[0] == 0xFE && body[1] == 0xFF) {
		e := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
		name := "utf-16le"
		if body[0] == 0xFE {
			e = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
			name = "utf-16be"
		}
		if s, ok := decodeWith(e, body); ok {
			return s, name
		}
	}
	label := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		label = params["charset"]
	}
	if label == "" && looksLikeMarkup(body) {
		if _, name, _ := charset.DetermineEncoding(prefix(body, 4096), "text/html"); name != "" && name != "windows-1252" {
			// DetermineEncoding returns windows-1252 when it found nothing.
			label = name
		}
	}
	isUTF8 := utf8.Valid(body)
	if label != "" {
		enc, err := htmlindex.Get(label)
		name, _ := htmlindex.Name(enc)
		if err == nil {
			if gbkFamily(name) {
				if isUTF8 && hasNonASCII(body) {
					return string(body), "utf-8"
				}
				s, _ := decodeWith(simplifiedchinese.GB18030, body)
				return s, "gb18030"
			}
			if name == "utf-8" {
				if !isUTF8 {
					// Mislabelled: a GBK page behind a UTF-8 label is
					// common on Chinese sites that changed templates.
					if s, ok := decodeWith(simplifiedchinese.GB18030, body); ok && !strings.ContainsRune(s, utf8.RuneError) {
						return s, "gb18030"
					}
				}
				return toValidUTF8(body), "utf-8"
			}
			if s, ok := decodeWith(enc, body); ok {
				return s, name
			}
		}
	}
	if isUTF8 {
		return string(body), "utf-8"
	}
	// No usable label and not UTF-8: Chinese-first, try GB18030 and keep it
	// if it decodes without replacement characters.
	if s, ok := decodeWith(simplifiedchinese.GB18030, body); ok && !strings.ContainsRune(s, utf8.RuneError) {
		return s, "gb18030"
	}
	if _, name, _ := charset.DetermineEncoding(prefix(body, 1024), ""); name != "" {
		if enc, err := htmlindex.Get(name); err == nil {
			if s, ok := decodeWith(enc, body); ok {
				return s, name
			}
		}
	}
	return toValidUTF8(body), "utf-8"
}

func gbkFamily(name string) bool {
	switch strings.ToLower(name) {
	case "gbk", "gb2312", "gb18030", "x-gbk", "chinese", "csgb2312":
		return true
	}
	return false
}

func decodeWith(e encoding.Encoding, b []byte) (string, bool) {
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return "", false
	}
	return toValidUTF8(out), true
}

func toValidUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

func prefix(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

func looksLikeMarkup(b []byte) bool {
	b = bytes.TrimLeft(prefix(b, 512), " \t\r\n")
	return len(b) > 0 && b[0] == '<'
}
