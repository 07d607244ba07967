package detect

import (
	"html"
	"net/url"
	"strings"
)

// Where says where in a page a match was seen.
type Where string

// Where values.
const (
	WhereText      Where = "text"      // visible text
	WhereAttribute Where = "attribute" // alt, title, aria-label, value, meta content, tel:/mailto:, data-*
	WhereScript    Where = "script"    // strings and numbers inside <script> (JSON, JS)
	WhereHidden    Where = "hidden"    // comments, hidden elements, hidden inputs: in the page source only
	WhereURL       Where = "url"       // the page URL or a link target
)

// seg is one stretch of extracted text; offsets index extracted.text.
type seg struct {
	start, end int
	where      Where
}

// extracted is the text a reader or a scraper can see, with each byte mapped
// back to the span of decoded source it came from (ss = start, se = end).
type extracted struct {
	text   []byte
	ss, se []int32
	segs   []seg
}

// tbuf accumulates text with its source map.
type tbuf struct {
	text   []byte
	ss, se []int32
	space  bool // last byte written was collapsible white space
}

func (b *tbuf) add(c byte, s, e int) {
	b.text = append(b.text, c)
	b.ss = append(b.ss, int32(s))
	b.se = append(b.se, int32(e))
}

// addStr writes a decoded string (an entity's value) mapped to one source span.
func (b *tbuf) addStr(v string, s, e int) {
	for i := 0; i < len(v); i++ {
		b.add(v[i], s, e)
	}
	b.space = false
}

// addText copies src[from:to] decoding entities; collapse folds runs of
// HTML white space into one space, as a browser renders them.
func (b *tbuf) addText(src string, from, to int, collapse bool) {
	for i := from; i < to; {
		c := src[i]
		if collapse && (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
			if !b.space {
				b.add(' ', i, i+1)
				b.space = true
			}
			i++
			continue
		}
		if c == '&' {
			if v, n := entityAt(src[i:to]); n > 0 {
				b.addStr(v, i, i+n)
				i += n
				continue
			}
		}
		b.add(c, i, i+1)
		b.space = false
		i++
	}
}

// brk writes a line break for a block boundary.
func (b *tbuf) brk(at int) {
	if n := len(b.text); n > 0 && b.text[n-1] != '\n' {
		if b.space {
			b.text[n-1] = '\n'
		} else {
			b.add('\n', at, at)
		}
		b.space = true
	}
}

// entityAt decodes a character reference at the start of s ("&amp;",
// "&#49;", "&#x31;"); n is the number of bytes consumed, 0 if none.
func entityAt(s string) (string, int) {
	end := strings.IndexByte(s[:min(len(s), 40)], ';')
	if end < 2 {
		return "", 0
	}
	ref := s[:end+1]
	v := html.UnescapeString(ref)
	if v == ref {
		return "", 0
	}
	return v, end + 1
}

type docKind int

const (
	kindHTML docKind = iota
	kindJSON
	kindText
)

func sniffKind(contentType, text string) docKind {
	ct := strings.ToLower(contentType)
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	ct = strings.TrimSpace(ct)
	switch {
	case strings.Contains(ct, "html"), strings.Contains(ct, "xml"):
		return kindHTML
	case strings.Contains(ct, "json"):
		return kindJSON
	}
	t := strings.TrimLeft(text[:min(len(text), 512)], " \t\r\n\ufeff")
	switch {
	case strings.HasPrefix(t, "<"):
		return kindHTML
	case strings.HasPrefix(t, "{"), strings.HasPrefix(t, "["):
		if ct == "" || ct == "text/plain" || ct == "application/octet-stream" {
			return kindJSON
		}
	}
	return kindText
}

// extract pulls every reader- or scraper-visible string out of a decoded page.
func extract(text, contentType, pageURL string) *extracted {
	x := &extractor{src: text}
	switch sniffKind(contentType, text) {
	case kindHTML:
		x.html(0, len(text), false)
		if isFeed(contentType, text) {
			x.reparseEscaped()
		}
	case kindJSON:
		x.scriptStrings(0, len(text), WhereText)
	default:
		x.vis.addText(text, 0, len(text), true)
	}
	x.flush(&x.vis, WhereText)
	x.flush(&x.hid, WhereHidden)
	if pageURL != "" {
		// The URL is not part of the decoded text: its matches carry
		// offsets -1 and are placed by Where alone.
		if u, err := url.QueryUnescape(pageURL); err == nil {
			pageURL = u
		}
		x.out.addStr(pageURL, -1, -1)
		x.out.segs = append(x.out.segs, seg{len(x.out.text) - len(pageURL), len(x.out.text), WhereURL})
	}
	return &extracted{text: x.out.text, ss: x.out.ss, se: x.out.se, segs: x.out.segs}
}

type outbuf struct {
	tbuf
	segs []seg
}

type extractor struct {
	src         string
	vis, hid    tbuf
	out         outbuf
	stack       []openEl
	scriptWhere Where
	hidDepth    int
}

type openEl struct {
	name   string
	hidden bool
}

func (x *extractor) flush(b *tbuf, w Where) {
	if len(b.text) == 0 {
		return
	}
	start := len(x.out.text)
	x.out.text = append(x.out.text, b.text...)
	x.out.ss = append(x.out.ss, b.ss...)
	x.out.se = append(x.out.se, b.se...)
	x.out.segs = append(x.out.segs, seg{start, len(x.out.text), w})
	b.text, b.ss, b.se, b.space = b.text[:0], b.ss[:0], b.se[:0], false
}

// segment appends src[from:to] (entities decoded unless raw) as its own segment.
func (x *extractor) segment(from, to int, w Where, raw bool) {
	start := len(x.out.text)
	if raw {
		for i := from; i < to; i++ {
			x.out.add(x.src[i], i, i+1)
		}
	} else if w == WhereURL || strings.IndexByte(x.src[from:to], '%') >= 0 && hasScheme(x.src[from:to]) {
		x.addURL(from, to)
	} else {
		x.out.addText(x.src, from, to, true)
	}
	if len(x.out.text) > start {
		x.out.segs = append(x.out.segs, seg{start, len(x.out.text), w})
	}
}

func (x *extractor) textBuf(hidden bool) *tbuf {
	if hidden || x.hidDepth > 0 {
		return &x.hid
	}
	return &x.vis
}

// html scans src[from:to] as HTML (also XML feeds: CDATA markers are
// dropped and their content scanned as markup). It never panics on
// malformed input: every index is bounded by to.
func (x *extractor) html(from, to int, hidden bool) {
	s := x.src
	i := from
	textStart := i
	emit := func(end int) {
		if end > textStart {
			x.textBuf(hidden).addText(s, textStart, end, true)
		}
	}
	for i < to {
		c := s[i]
		if c != '<' {
			i++
			continue
		}
		rest := s[i:to]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			emit(i)
			end := strings.Index(rest[4:], "-->")
			cend, next := to, to
			if end >= 0 {
				cend, next = i+4+end, i+4+end+3
			}
			if !hidden {
				// Commented-out markup is page source a scraper sees.
				x.flush(&x.hid, WhereHidden)
				x.html(i+4, cend, true)
				x.flush(&x.hid, WhereHidden)
			}
			i = next
			textStart = i
		case strings.HasPrefix(rest, "<![CDATA["):
			emit(i)
			i += 9
			textStart = i
		case strings.HasPrefix(rest, "]]>"):
			emit(i)
			i += 3
			textStart = i
		case len(rest) > 1 && (rest[1] == '!' || rest[1] == '?'):
			emit(i)
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				i = to
			} else {
				i += end + 1
			}
			textStart = i
		case len(rest) > 2 && rest[1] == '/' && isAlpha(rest[2]):
			emit(i)
			name, n := tagName(rest[2:])
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				end = len(rest) - 1
			}
			_ = n
			x.endTag(name, i, hidden)
			i += end + 1
			textStart = i
		case len(rest) > 1 && isAlpha(rest[1]):
			emit(i)
			i = x.startTag(i, to, hidden)
			textStart = i
		default:
			i++
		}
	}
	emit(to)
}

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func tagName(s string) (string, int) {
	n := 0
	for n < len(s) && (isAlpha(s[n]) || s[n] >= '0' && s[n] <= '9' || s[n] == '-' || s[n] == ':' || s[n] == '_') {
		n++
	}
	return strings.ToLower(s[:n]), n
}

var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true, "dd": true,
	"div": true, "dl": true, "dt": true, "fieldset": true, "figcaption": true, "figure": true,
	"footer": true, "form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "header": true, "hr": true, "li": true, "main": true, "nav": true, "ol": true,
	"p": true, "pre": true, "section": true, "table": true, "tbody": true, "td": true, "th": true,
	"thead": true, "tfoot": true, "tr": true, "ul": true, "option": true, "title": true,
	"body": true, "head": true, "html": true, "item": true, "entry": true, "description": true,
	"summary": true, "content": true, "button": true, "select": true, "textarea": true, "caption": true,
}

var voidTags = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
}

// maxStack bounds element nesting we track; deeper markup is still
// scanned, only hidden-ness stops being tracked for it.
const maxStack = 512

func (x *extractor) endTag(name string, at int, hidden bool) {
	if blockTags[name] {
		x.textBuf(hidden).brk(at)
	}
	for k := len(x.stack) - 1; k >= 0; k-- {
		if x.stack[k].name == name {
			for j := len(x.stack) - 1; j >= k; j-- {
				if x.stack[j].hidden {
					x.hidDepth--
				}
			}
			x.stack = x.stack[:k]
			if x.hidDepth == 0 {
				x.flush(&x.hid, WhereHidden)
			}
			return
		}
	}
}

type attr struct {
	name       string
	vfrom, vto int // value span in src; vfrom < 0 without value
}

// startTag parses a start tag at src[i] ('<' + letter) and returns the index
// after it (after the raw-text content for script, style, textarea, title).
func (x *extractor) startTag(i, to int, hidden bool) int {
	s := x.src
	name, n := tagName(s[i+1 : to])
	j := i + 1 + n
	var attrs []attr
	selfClose := false
	for j < to {
		for j < to && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '\r' || s[j] == '\f' || s[j] == '/') {
			if s[j] == '/' {
				selfClose = true
			}
			j++
		}
		if j >= to {
			break
		}
		if s[j] == '>' {
			j++
			break
		}
		selfClose = false
		a0 := j
		for j < to && s[j] != '=' && s[j] != '>' && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' && s[j] != '\r' && s[j] != '/' {
			j++
		}
		a := attr{name: strings.ToLower(s[a0:j]), vfrom: -1}
		for j < to && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '\r') {
			j++
		}
		if j < to && s[j] == '=' {
			j++
			for j < to && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '\r') {
				j++
			}
			if j < to && (s[j] == '"' || s[j] == '\'') {
				q := s[j]
				end := strings.IndexByte(s[j+1:to], q)
				if end < 0 {
					a.vfrom, a.vto, j = j+1, to, to
				} else {
					a.vfrom, a.vto, j = j+1, j+1+end, j+2+end
				}
			} else {
				v0 := j
				for j < to && s[j] != '>' && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' && s[j] != '\r' {
					j++
				}
				a.vfrom, a.vto = v0, j
			}
		}
		if a0 == j { // stray character: never loop in place
			j++
		}
		attrs = append(attrs, a)
	}
	elHidden := name == "template"
	inputHidden := false
	for _, a := range attrs {
		switch a.name {
		case "hidden":
			elHidden = true
		case "style":
			if a.vfrom >= 0 {
				st := strings.ReplaceAll(strings.ToLower(s[a.vfrom:a.vto]), " ", "")
				if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
					elHidden = true
				}
			}
		case "type":
			if a.vfrom >= 0 && strings.EqualFold(s[a.vfrom:a.vto], "hidden") {
				inputHidden = true
			}
		}
	}
	attrWhere := WhereAttribute
	if hidden || elHidden || inputHidden || x.hidDepth > 0 {
		attrWhere = WhereHidden
	}
	for _, a := range attrs {
		if a.vfrom < 0 || a.vto <= a.vfrom {
			continue
		}
		switch {
		case a.name == "alt", a.name == "title", a.name == "aria-label", a.name == "placeholder",
			a.name == "value", a.name == "content", a.name == "label", strings.HasPrefix(a.name, "data-"):
			x.segment(a.vfrom, a.vto, attrWhere, false)
		case a.name == "href" || a.name == "src" || a.name == "action":
			v := strings.ToLower(strings.TrimSpace(s[a.vfrom:min(a.vto, a.vfrom+8)]))
			if strings.HasPrefix(v, "tel:") || strings.HasPrefix(v, "mailto:") || strings.HasPrefix(v, "sms:") {
				x.segment(a.vfrom, a.vto, attrWhere, false)
			} else if a.name == "href" {
				x.segment(a.vfrom, a.vto, WhereURL, false)
			}
		}
	}
	if blockTags[name] {
		x.textBuf(hidden).brk(i)
	}
	switch name {
	case "script", "style", "textarea", "title", "xmp", "noembed", "noframes":
		end := indexFold(s[j:to], "</"+name)
		cend := to
		if end >= 0 {
			cend = j + end
		}
		switch name {
		case "script":
			w := WhereScript
			if hidden || x.hidDepth > 0 {
				w = WhereHidden
			}
			x.scriptStrings(j, cend, w)
		case "style":
		default:
			x.textBuf(hidden || elHidden).addText(s, j, cend, true)
			x.textBuf(hidden).brk(cend)
		}
		if end < 0 {
			return to
		}
		return cend
	}
	if !voidTags[name] && !selfClose && len(x.stack) < maxStack {
		x.stack = append(x.stack, openEl{name: name, hidden: elHidden})
		if elHidden {
			if x.hidDepth == 0 {
				x.flush(&x.hid, WhereHidden)
			}
			x.hidDepth++
		}
	}
	return j
}

func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		k := strings.IndexByte(s[i:], '<')
		if k < 0 {
			return -1
		}
		i += k
		if i+len(sub) <= len(s) && strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func hasScheme(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s[:min(len(s), 8)]))
	return strings.HasPrefix(s, "tel:") || strings.HasPrefix(s, "mailto:") || strings.HasPrefix(s, "sms:")
}

// addURL copies a link target decoding entities and %XX escapes
// (mailto:anran%40example.com, ?mobile=138%2000…), each decoded byte
// mapped to its escape.
func (x *extractor) addURL(from, to int) {
	s := x.src
	for i := from; i < to; {
		c := s[i]
		if c == '%' && i+2 < to && isHex(s[i+1]) && isHex(s[i+2]) {
			x.out.add(unhex(s[i+1])<<4|unhex(s[i+2]), i, i+3)
			i += 3
			continue
		}
		if c == '&' {
			if v, n := entityAt(s[i:to]); n > 0 {
				x.out.addStr(v, i, i+n)
				i += n
				continue
			}
		}
		if c == '+' {
			c = ' '
		}
		x.out.add(c, i, i+1)
		i++
	}
}

func isHex(c byte) bool { return isDig(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }

func unhex(c byte) byte {
	if isDig(c) {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// isFeed recognises RSS and Atom documents.
func isFeed(contentType, text string) bool {
	ct := strings.ToLower(contentType)
	if strings.Contains(ct, "rss") || strings.Contains(ct, "atom") || strings.Contains(ct, "xml") && !strings.Contains(ct, "xhtml") {
		return true
	}
	head := strings.ToLower(text[:min(len(text), 512)])
	return strings.Contains(head, "<rss") || strings.Contains(head, "<feed") || strings.Contains(head, "<rdf:rdf")
}

// reparseEscaped handles feeds whose items carry HTML as escaped text
// (<description>&lt;p&gt;…): the visible text, entities already decoded,
// is scanned as HTML once more so tags vanish and digits split by them
// rejoin; every byte is mapped back through both passes.
func (x *extractor) reparseEscaped() {
	v := x.vis
	if !strings.Contains(string(v.text), "<") {
		return
	}
	sub := &extractor{src: string(v.text)}
	sub.html(0, len(v.text), false)
	sub.flush(&sub.vis, WhereText)
	sub.flush(&sub.hid, WhereHidden)
	for _, sg := range sub.out.segs {
		start := len(x.out.text)
		for i := sg.start; i < sg.end; i++ {
			a, e := int(sub.out.ss[i]), int(sub.out.se[i])
			s0 := int(v.ss[min(a, len(v.ss)-1)])
			e0 := s0
			if e > a {
				e0 = int(v.se[e-1])
			}
			x.out.add(sub.out.text[i], s0, e0)
		}
		x.out.segs = append(x.out.segs, seg{start, len(x.out.text), sg.where})
	}
	x.vis.text, x.vis.ss, x.vis.se, x.vis.space = x.vis.text[:0], x.vis.ss[:0], x.vis.se[:0], false
}
