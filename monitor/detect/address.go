package detect

import (
	"strings"
	"unicode/utf8"
)

// addrInfo is a registered address split for matching: administrative
// prefix (province, city, district), the street part used as the anchor,
// and the numbered components after it (house number, building, unit,
// floor, room).
type addrInfo struct {
	t        target
	full     string // normalised, no spaces
	admin    []string
	district string
	street   string
	comps    []addrComp
}

type addrComp struct {
	class byte // h house, b building, u unit, f floor, r room, ? unlabelled
	val   string
	mask  bool
}

var adminLevels = [][]string{
	{"特别行政区", "自治区", "省", "北京市", "上海市", "天津市", "重庆市"},
	{"自治州", "地区", "市", "盟", "州"},
	{"新区", "区", "县", "旗", "市"},
}

// parseAddress splits a normalised registered address.
func parseAddress(s string) (addrInfo, bool) {
	s = strings.ReplaceAll(s, " ", "")
	a := addrInfo{full: s}
	rest := s
	for _, level := range adminLevels {
		// The first suffix of the level's list that fits wins: 杭州市 is a
		// city, not 杭州 + 市.
		best := -1
		for _, suf := range level {
			if k := strings.Index(rest, suf); k >= 0 && (k > 0 || len(suf) > 3) && utf8.RuneCountInString(rest[:k]) <= 8 {
				best = k + len(suf)
				break
			}
		}
		if best > 0 && best < len(rest) {
			a.admin = append(a.admin, rest[:best])
			rest = rest[best:]
		}
	}
	if len(a.admin) > 0 {
		a.district = a.admin[len(a.admin)-1]
	}
	// The street ends where the first numbered component starts: an
	// Arabic or Chinese number followed by a unit word (88号, 八十八号),
	// not the 三 of 文三路.
	d := len(rest)
	rb := []byte(rest)
	for k, nr := 0, 0; k < len(rest); nr++ {
		if nr >= 2 {
			if toks, _ := tailTokens(rb, k, len(rb)); len(toks) > 0 && (toks[0].class != '?' || isDig(rb[k])) {
				d = k
				break
			}
		}
		_, sz := utf8.DecodeRuneInString(rest[k:])
		k += sz
	}
	a.street = rest[:d]
	if utf8.RuneCountInString(a.street) < 2 {
		return a, false
	}
	toks, _ := tailTokens([]byte(rest), d, len(rest))
	a.comps = toks
	return a, true
}

var unitWords = []struct {
	w     string
	class byte
}{
	{"号楼", 'b'}, {"单元", 'u'}, {"号院", 'h'}, {"栋", 'b'}, {"幢", 'b'}, {"座", 'b'}, {"#", 'b'},
	{"弄", 'h'}, {"巷", 'h'}, {"号", 'h'}, {"楼", 'f'}, {"层", 'f'}, {"室", 'r'}, {"户", 'r'}, {"房", 'r'},
}

var cnNum = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// readNumber reads an address number at b[i:]: Arabic digits, Chinese
// numerals (八十八, 三〇一) or a mask run.
func readNumber(b []byte, i, end int) (val string, mask bool, next int) {
	j := i
	for j < end && isDig(b[j]) {
		j++
	}
	if j > i {
		return string(b[i:j]), false, j
	}
	for j < end && (isMaskByte(b[j]) || maskRune(b[j:end]) > 0) {
		if isMaskByte(b[j]) {
			j++
		} else {
			j += maskRune(b[j:end])
		}
	}
	if j > i {
		return "", true, j
	}
	var rs []rune
	for j < end {
		r, sz := utf8.DecodeRune(b[j:end])
		if _, ok := cnNum[r]; !ok && r != '十' && r != '百' && r != '千' {
			break
		}
		rs = append(rs, r)
		j += sz
	}
	if len(rs) == 0 {
		return "", false, i
	}
	return chineseNumber(rs), false, j
}

// chineseNumber reads 八十八 (positional) or 三〇一 (digit by digit).
func chineseNumber(rs []rune) string {
	positional := false
	for _, r := range rs {
		if r == '十' || r == '百' || r == '千' {
			positional = true
		}
	}
	if !positional {
		var sb strings.Builder
		for _, r := range rs {
			sb.WriteByte(byte('0' + cnNum[r]))
		}
		return sb.String()
	}
	total, cur := 0, 0
	for _, r := range rs {
		switch r {
		case '十', '百', '千':
			mul := map[rune]int{'十': 10, '百': 100, '千': 1000}[r]
			if cur == 0 {
				cur = 1
			}
			total += cur * mul
			cur = 0
		default:
			cur = cur*10 + cnNum[r]
		}
	}
	return itoa(total + cur)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// tailTokens reads the numbered components after a street name.
func tailTokens(b []byte, i, end int) ([]addrComp, int) {
	var out []addrComp
	last := i
	for len(out) < 8 {
		j := skipSpaces(b, i, end)
		val, mask, k := readNumber(b, j, end)
		if k == j {
			break
		}
		c := addrComp{class: '?', val: strings.TrimLeft(val, "0"), mask: mask}
		k2 := skipSpaces(b, k, end)
		matched := false
		for _, u := range unitWords {
			if end-k2 >= len(u.w) && string(b[k2:k2+len(u.w)]) == u.w {
				c.class = u.class
				if u.w == "号" && len(out) > 0 {
					c.class = 'r'
				}
				k = k2 + len(u.w)
				matched = true
				break
			}
		}
		out = append(out, c)
		last = k
		if !matched {
			k2 = skipSpaces(b, k, end)
			if k2 < end && b[k2] == '-' {
				i = k2 + 1
				continue
			}
			break
		}
		i = k
	}
	return out, last
}

// verifyAddress checks the components after a street hit against the
// registered ones. All present components must agree; all registered ones
// visible → exact/variant, some → partial. A street name alone is no match.
func (d *Detector) verifyAddress(n *normText, sg seg, a, e int, t target) (rawMatch, bool) {
	ad := &d.addrs[t.extra]
	toks, end := tailTokens(n.b, e, sg.end)
	// A street name alone (or just the house number of a long road) is
	// public; the home is identified from the house number on.
	idx, visible, hidden := 0, 0, false
	var shown []byte
	for _, tk := range toks {
		if idx >= len(ad.comps) {
			break
		}
		if tk.class != '?' && tk.class != ad.comps[idx].class {
			k := idx
			for k < len(ad.comps) && ad.comps[k].class != tk.class {
				k++
			}
			if k == len(ad.comps) {
				continue // a component we did not register (floor): ignore
			}
			hidden = true // components skipped in the text
			idx = k
		}
		if tk.mask {
			hidden = true
		} else if tk.val != ad.comps[idx].val {
			return rawMatch{}, false // disagrees: someone else's address
		} else {
			visible++
			shown = append(shown, ad.comps[idx].class)
		}
		idx++
	}
	if visible == 0 && len(ad.comps) > 0 {
		return rawMatch{}, false
	}
	if len(ad.comps) == 0 && a == e {
		return rawMatch{}, false
	}
	a2 := d.extendAdmin(n, sg, a, ad)
	if len(ad.comps) == 0 && a2 == a {
		return rawMatch{}, false // a bare street with nothing around it
	}
	r := rawMatch{t: t, a: a2, b: end}
	switch {
	case hidden || idx < len(ad.comps):
		r.form = FormPartial
		r.exposed = addrExposure(a2 < a, shown)
	case plainSubstring(n, a2, end, ad.full):
		r.form = FormExact
	default:
		r.form = FormVariant
	}
	return r, true
}

// extendAdmin moves a match start back over the registered district, city
// and province when they precede the street.
func (d *Detector) extendAdmin(n *normText, sg seg, a int, ad *addrInfo) int {
	for k := len(ad.admin) - 1; k >= 0; k-- {
		p := ad.admin[k]
		j := a
		for j > sg.start && n.b[j-1] == ' ' {
			j--
		}
		if j-sg.start >= len(p) && string(n.b[j-len(p):j]) == p {
			a = j - len(p)
			continue
		}
		break
	}
	return a
}

func plainSubstring(n *normText, a, e int, full string) bool {
	var sb strings.Builder
	for i := a; i < e; i++ {
		if n.varied[i] {
			return false
		}
		if n.b[i] != ' ' {
			sb.WriteByte(n.b[i])
		}
	}
	return strings.Contains(full, sb.String())
}

func addrExposure(admin bool, shown []byte) string {
	var parts []string
	if admin {
		parts = append(parts, "district")
	}
	parts = append(parts, "street")
	names := map[byte]string{'h': "house number", 'b': "building", 'u': "unit", 'f': "floor", 'r': "room"}
	for _, c := range shown {
		parts = append(parts, names[c])
	}
	return strings.Join(parts, ", ")
}

// verifyDistrictMask reports an address cut after the district and masked
// (浙江省杭州市西湖区****).
func (d *Detector) verifyDistrictMask(n *normText, sg seg, a, e int, t target) (rawMatch, bool) {
	ad := &d.addrs[t.extra]
	i := skipSpaces(n.b, e, sg.end)
	j := i
	masks := 0
	for j < sg.end {
		if isMaskByte(n.b[j]) && n.b[j] != '_' {
			j++
		} else if k := maskRune(n.b[j:sg.end]); k > 0 {
			j += k
		} else {
			break
		}
		masks++
	}
	if masks < 2 {
		return rawMatch{}, false
	}
	a2 := d.extendAdmin(n, sg, a, &addrInfo{admin: ad.admin[:len(ad.admin)-1]})
	if a2 == a && len(ad.admin) > 1 {
		return rawMatch{}, false // a district name alone fits too many people
	}
	return rawMatch{t: t, a: a2, b: j, form: FormPartial, exposed: "province, city, district"}, true
}
