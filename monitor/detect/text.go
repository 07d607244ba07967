package detect

import (
	"strings"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// compoundSurnames are the two-character surnames that change how a
// Chinese name splits into family and given name for pinyin forms.
var compoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐", "夏侯", "轩辕", "端木", "南宫", "西门", "司徒", "独孤"}

// pinyinForms returns the romanised ways a Chinese name is written:
// "cheng anran", "chenganran", "anran cheng", "cheng an ran", "cheng an-ran"
// (normalised: lower case). Non-Chinese names return nothing.
func pinyinForms(name string, initials bool) []string {
	name = strings.TrimSpace(name)
	rs := []rune(name)
	if len(rs) < 2 || len(rs) > 5 {
		return nil
	}
	for _, r := range rs {
		if r < 0x4E00 || r > 0x9FFF {
			return nil
		}
	}
	py := pinyin.LazyPinyin(name, pinyin.NewArgs())
	if len(py) != len(rs) {
		return nil
	}
	sn := 1
	for _, c := range compoundSurnames {
		if strings.HasPrefix(name, c) && len(rs) > 2 {
			sn = 2
		}
	}
	fam := strings.Join(py[:sn], "")
	given := py[sn:]
	g := strings.Join(given, "")
	forms := []string{fam + " " + g, fam + g, g + " " + fam}
	if len(given) > 1 {
		forms = append(forms, fam+" "+strings.Join(given, " "), fam+" "+strings.Join(given, "-"), strings.Join(given, "-")+" "+fam)
	}
	if initials {
		var in strings.Builder
		for _, p := range py {
			in.WriteByte(p[0])
		}
		forms = append(forms, in.String())
	}
	return forms
}

// nameMaskRunes are what replaces hidden characters of a name.
var nameMaskRunes = []string{"*", "x", "×", "某", "○", "_", "●", "?"}

// maskedNameForms returns masked spellings of a normalised Chinese name
// that keep its surname: 程*然, 程**, 程某某 (one mask character per hidden
// character). 程某 alone is not generated: it fits too many people.
func maskedNameForms(nn string) []string {
	rs := []rune(nn)
	if len(rs) < 2 || len(rs) > 4 || rs[0] < 0x4E00 || rs[0] > 0x9FFF {
		return nil
	}
	sn := 1
	for _, c := range compoundSurnames {
		if strings.HasPrefix(nn, c) && len(rs) > 2 {
			sn = 2
		}
	}
	var out []string
	for _, m := range nameMaskRunes {
		out = append(out, string(rs[:sn])+strings.Repeat(m, len(rs)-sn))
		if len(rs)-sn >= 2 {
			out = append(out, string(rs[:sn])+strings.Repeat(m, len(rs)-sn-1)+string(rs[len(rs)-1]))
		}
	}
	return out
}

// matchText runs the automaton over the normalised text and checks each
// hit with the rule of its role.
func (d *Detector) matchText(n *normText, out []rawMatch) []rawMatch {
	if len(d.pats) == 0 {
		return out
	}
	b := n.b
	si := 0
	d.m.Walk(b, func(a, e, p int) {
		for si < len(n.segs)-1 && a >= n.segs[si].end {
			si++
		}
		sg := n.segs[si]
		for _, t := range d.targets[p] {
			switch t.role {
			case roleName, roleNamePinyin, roleNameMasked:
				if isASCIIWordByte(b[a]) && a > sg.start && isASCIIWordByte(b[a-1]) {
					continue
				}
				if isASCIIWordByte(b[e-1]) && e < sg.end && isASCIIWordByte(b[e]) {
					continue
				}
				form := FormExact
				switch t.role {
				case roleNamePinyin:
					form = FormVariant
				case roleNameMasked:
					form = FormPartial
				}
				out = append(out, rawMatch{t: t, a: a, b: e, seg: si, form: form, exposed: nameExposure(t.role)})
			case roleLiteral:
				if a > sg.start && isIdentByte(b[a-1]) && isIdentByte(b[a]) || e < sg.end && isIdentByte(b[e]) && isIdentByte(b[e-1]) {
					continue
				}
				out = append(out, rawMatch{t: t, a: a, b: e, seg: si, form: FormExact})
			case roleEmailLocal:
				if r, ok := d.verifyEmail(n, sg, a, e, t); ok {
					r.seg = si
					out = append(out, r)
				}
			case roleAddrStreet:
				if r, ok := d.verifyAddress(n, sg, a, e, t); ok {
					r.seg = si
					out = append(out, r)
				}
			case roleAddrDistrict:
				if r, ok := d.verifyDistrictMask(n, sg, a, e, t); ok {
					r.seg = si
					out = append(out, r)
				}
			}
		}
	})
	return out
}

func nameExposure(r role) string {
	if r == roleNameMasked {
		return "surname"
	}
	return ""
}

func isASCIIWordByte(c byte) bool { return isAlnum(c) }

func isIdentByte(c byte) bool { return isAlnum(c) || c == '_' }

func isEmailLocalByte(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

// atTokens and dotTokens are the ways "@" and "." are disguised.
var atTokens = []string{"@", "[at]", "(at)", "{at}", "<at>", "【at】", "（at）", "艾特", "#", " at ", "at"}
var dotTokens = []string{".", "[dot]", "(dot)", "{dot}", "<dot>", "【dot】", "（dot）", " dot ", "点", "。", "dot"}

func skipSpaces(b []byte, i, end int) int {
	for i < end && b[i] == ' ' {
		i++
	}
	return i
}

func tokenAt(b []byte, i, end int, toks []string) (int, string) {
	for _, t := range toks {
		if end-i >= len(t) && string(b[i:i+len(t)]) == t {
			return i + len(t), t
		}
	}
	return i, ""
}

// verifyEmail extends a local-part hit over a (possibly disguised) "@"
// and the registered domain, label by label. Another domain is no match.
func (d *Detector) verifyEmail(n *normText, sg seg, a, e int, t target) (rawMatch, bool) {
	b := n.b
	if a > sg.start && isEmailLocalByte(b[a-1]) {
		return rawMatch{}, false
	}
	email := normalizeString(d.people[t.person].Identifiers[t.ident].Value)
	domain := strings.Split(email[t.extra+1:], ".")
	plain := true
	i := skipSpaces(b, e, sg.end)
	j, tok := tokenAt(b, i, sg.end, atTokens)
	if tok == "" {
		return rawMatch{}, false
	}
	if tok != "@" || i != e {
		plain = false
	}
	i = skipSpaces(b, j, sg.end)
	for k, label := range domain {
		if k > 0 {
			i0 := i
			i = skipSpaces(b, i, sg.end)
			j, tok = tokenAt(b, i, sg.end, dotTokens)
			if tok == "" {
				return rawMatch{}, false
			}
			if tok != "." || i0 != i {
				plain = false
			}
			i0 = j
			i = skipSpaces(b, j, sg.end)
			if i != i0 {
				plain = false
			}
		}
		if sg.end-i < len(label) || string(b[i:i+len(label)]) != label {
			return rawMatch{}, false
		}
		i += len(label)
	}
	// A longer domain (example.com.cn, example.community) is someone else's.
	if i < sg.end && (isAlnum(b[i]) || b[i] == '-' || b[i] == '.' && i+1 < sg.end && isAlnum(b[i+1])) {
		return rawMatch{}, false
	}
	form := FormExact
	if !plain {
		form = FormVariant
	}
	return rawMatch{t: t, a: a, b: i, form: form}, true
}

// runeBefore returns the rune ending at b[:i].
func runeBefore(b []byte, i int) (rune, int) {
	return utf8.DecodeLastRune(b[:i])
}
