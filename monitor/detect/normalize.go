package detect

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/liuzl/gocc"
)

// normText is the matching view of a page: every extracted segment
// normalised, segments separated by a NUL byte. For each byte, ms/me give
// the span of extracted text it came from and varied says the byte was
// produced by a disguise-undoing transformation (or follows a dropped
// invisible character), which turns an exact match into a variant.
type normText struct {
	b      []byte
	ms, me []int32
	varied []bool
	segs   []seg // spans in b
}

func (n *normText) add(c byte, s, e int, v bool) {
	n.b = append(n.b, c)
	n.ms = append(n.ms, int32(s))
	n.me = append(n.me, int32(e))
	n.varied = append(n.varied, v)
}

// chineseDigit maps the numerals doxers use digit by digit (幺三八…) to digits.
var chineseDigit = map[rune]byte{
	'〇': '0', '零': '0', '一': '1', '壹': '1', '幺': '1', '二': '2', '贰': '2', '貳': '2', '两': '2',
	'兩': '2', '三': '3', '叁': '3', '參': '3', '叄': '3', '四': '4', '肆': '4', '五': '5', '伍': '5',
	'六': '6', '陆': '6', '陸': '6', '七': '7', '柒': '7', '八': '8', '捌': '8', '九': '9', '玖': '9',
}

// cnDigit looks a rune up in chineseDigit, rejecting ASCII and most other
// runes without touching the map (this runs on every rune of a page).
func cnDigit(r rune) (byte, bool) {
	if r < '〇' {
		return 0, false
	}
	d, ok := chineseDigit[r]
	return d, ok
}

// minNumeralRun is the shortest run of digit-like characters in which
// Chinese numerals are read as digits; shorter, 一 in prose would become 1.
const minNumeralRun = 7

// compatDigit folds full-width, circled, parenthesised, dingbat, superscript
// and mathematical digits; ok is false for anything else.
func compatDigit(r rune) (byte, bool) {
	if r < 0xB2 {
		return 0, false
	}
	switch {
	case r >= '０' && r <= '９':
		return byte(r-'０') + '0', true
	case r >= '①' && r <= '⑨':
		return byte(r-'①') + '1', true
	case r == '⓪' || r == '⓿' || r == '🄀':
		return '0', true
	case r >= '⑴' && r <= '⑼':
		return byte(r-'⑴') + '1', true
	case r >= '⒈' && r <= '⒐':
		return byte(r-'⒈') + '1', true
	case r >= '❶' && r <= '❾':
		return byte(r-'❶') + '1', true
	case r >= '➀' && r <= '➈':
		return byte(r-'➀') + '1', true
	case r >= '➊' && r <= '➒':
		return byte(r-'➊') + '1', true
	case r >= '⓵' && r <= '⓽':
		return byte(r-'⓵') + '1', true
	case r == '⁰':
		return '0', true
	case r == '¹':
		return '1', true
	case r == '²' || r == '³':
		return byte(r-'²') + '2', true
	case r >= '⁴' && r <= '⁹':
		return byte(r-'⁴') + '4', true
	case r >= '₀' && r <= '₉':
		return byte(r-'₀') + '0', true
	case r >= 0x1D7CE && r <= 0x1D7FF:
		return byte((r-0x1D7CE)%10) + '0', true
	}
	return 0, false
}

// invisible reports characters that render as nothing and are dropped.
func invisible(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064,
		r >= 0x2066 && r <= 0x2069, r == 0xFEFF, r == 0x00AD, r == 0x061C, r == 0x180E:
		return true
	}
	return false
}

// foldRune maps one rune; varied marks a disguise being undone.
func foldRune(r rune) (rune, bool) {
	switch {
	case r < 0x80:
		if r >= 'A' && r <= 'Z' {
			return r + 32, false
		}
		return r, false
	case r == 0x3000 || r == 0xA0 || r == 0x2002 || r == 0x2003 || r == 0x2009 || r == 0x202F:
		return ' ', false
	case r >= 0xFF01 && r <= 0xFF5E:
		f := r - 0xFEE0
		if f >= 'A' && f <= 'Z' {
			f += 32
		}
		return f, true
	case r == '·' || r == '・' || r == '‧' || r == '•' || r == '∙' || r == '⋅':
		return '.', true
	case r == '—' || r == '–' || r == '‐' || r == '‑' || r == '−' || r == '﹣' || r == '－':
		return '-', true
	case r == '＠' || r == '﹫':
		return '@', true
	case r >= 0x3400 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFAFF:
		if s, ok := t2s()[r]; ok {
			return s, true
		}
	}
	return r, false
}

var (
	t2sOnce sync.Once
	t2sMap  map[rune]rune
)

// t2s returns a character-level traditional → simplified table built once
// from OpenCC's dictionary (liuzl/gocc). Character level keeps the offset
// map one-to-one; names and addresses need no phrase conversion.
func t2s() map[rune]rune {
	t2sOnce.Do(func() {
		t2sMap = map[rune]rune{}
		cc, err := gocc.New("t2s")
		if err != nil {
			return // no table: traditional forms simply won't match
		}
		var sb strings.Builder
		var rs []rune
		for r := rune(0x3400); r <= 0x9FFF; r++ {
			sb.WriteRune(r)
			sb.WriteByte('\n')
			rs = append(rs, r)
		}
		out, err := cc.Convert(sb.String())
		if err != nil {
			return
		}
		lines := strings.Split(out, "\n")
		if len(lines) < len(rs) {
			return
		}
		for i, r := range rs {
			if s, n := utf8.DecodeRuneInString(lines[i]); n == len(lines[i]) && s != r {
				t2sMap[r] = s
			}
		}
	})
	return t2sMap
}

// isDigitSep lists what may stand between the digits of one number.
func isDigitSep(r rune) bool {
	switch r {
	case ' ', '-', '.', '/', '_', '\n', '\t', 0x3000, 0xA0, '·', '・', '－', '．', '／', '＿', '—', '–', '‐', '‑', '−':
		return true
	}
	return false
}

type runeAt struct {
	r    rune
	s, e int32
}

// normalizer keeps buffers between segments and scans.
type normalizer struct {
	runes []runeAt
	conv  []bool
}

// normalize appends the normalised form of every segment of x to n.
func (z *normalizer) normalize(x *extracted, n *normText) {
	for _, sg := range x.segs {
		start := len(n.b)
		z.segment(x.text[sg.start:sg.end], sg.start, n)
		n.segs = append(n.segs, seg{start, len(n.b), sg.where})
		n.add(0, -1, -1, false)
	}
}

func (z *normalizer) segment(t []byte, base int, n *normText) {
	z.runes = z.runes[:0]
	for i := 0; i < len(t); {
		r, sz := rune(t[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRune(t[i:])
		}
		z.runes = append(z.runes, runeAt{r, int32(base + i), int32(base + i + sz)})
		i += sz
	}
	rs := z.runes
	if cap(z.conv) < len(rs) {
		z.conv = make([]bool, len(rs))
	}
	conv := z.conv[:len(rs)]
	clear(conv)
	// Pass 1: runs of digit-like characters (separators allowed between)
	// that hold Chinese numerals and are long enough to be an identifier.
	for i := 0; i < len(rs); {
		_, cd := cnDigit(rs[i].r)
		_, dd := compatDigit(rs[i].r)
		if !(cd || dd || rs[i].r >= '0' && rs[i].r <= '9') {
			i++
			continue
		}
		j, count, hasCN := i, 0, false
		for j < len(rs) {
			r := rs[j].r
			if _, ok := cnDigit(r); ok {
				hasCN = true
				count++
				j++
				continue
			}
			if _, ok := compatDigit(r); ok || r >= '0' && r <= '9' {
				count++
				j++
				continue
			}
			if isDigitSep(r) && j+1 < len(rs) {
				nr := rs[j+1].r
				_, a := cnDigit(nr)
				_, b := compatDigit(nr)
				if a || b || nr >= '0' && nr <= '9' {
					j++
					continue
				}
			}
			break
		}
		if hasCN && count >= minNumeralRun {
			for k := i; k < j; k++ {
				if _, ok := cnDigit(rs[k].r); ok {
					conv[k] = true
				}
			}
		}
		i = j
	}
	// Pass 2: emit.
	pendingVar := false
	var enc [4]byte
	for i, ra := range rs {
		r := ra.r
		if invisible(r) {
			pendingVar = true
			continue
		}
		if conv[i] {
			n.add(chineseDigit[r], int(ra.s), int(ra.e), true)
			pendingVar = false
			continue
		}
		if d, ok := compatDigit(r); ok {
			n.add(d, int(ra.s), int(ra.e), true)
			pendingVar = false
			continue
		}
		f, v := foldRune(r)
		v = v || pendingVar
		pendingVar = false
		if f < utf8.RuneSelf {
			n.add(byte(f), int(ra.s), int(ra.e), v)
			continue
		}
		k := utf8.EncodeRune(enc[:], f)
		for m := 0; m < k; m++ {
			n.add(enc[m], int(ra.s), int(ra.e), v)
		}
	}
}

// normalizeString is the same normalisation for patterns (identifiers,
// names): no offsets needed.
func normalizeString(s string) string {
	x := &extracted{text: []byte(s), segs: []seg{{0, len(s), WhereText}}}
	var n normText
	var z normalizer
	z.segment(x.text, 0, &n)
	return string(n.b)
}
