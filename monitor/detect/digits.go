package detect

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/doxguard/doxguard/monitor/detect/ident"
)

// group is one run of digits in normalised text (a cn_id may end in x).
type group struct {
	a, b int
	sep  byte // separator before the next group (0 if last)
}

// maxKey bounds the digits joined from groups: 19-digit cards plus "0086".
const maxKey = 23

// candidate is a valid-looking value that was not registered, kept for the
// unregistered rule.
type candidate struct {
	kind, value string
	a, b, seg   int
}

// matchDigits finds registered digit identifiers by looking up every
// concatenation of consecutive digit groups (138 0013 8000, 138-0013-8000,
// +86 13800138000). Groups are never split, so no digit touches a match.
func (d *Detector) matchDigits(n *normText, out []rawMatch, cands *[]candidate) []rawMatch {
	var gs []group
	var key, pat []byte
	b := n.b
	for si, sg := range n.segs {
		for i := sg.start; i < sg.end; {
			if !isDig(b[i]) {
				i++
				// Most of a page has no digits: skip eight bytes at a time.
				for i+8 <= sg.end && !hasDigit8(binary.LittleEndian.Uint64(b[i:])) {
					i += 8
				}
				continue
			}
			// A cluster: groups joined by short separator runs.
			gs = gs[:0]
			j := i
			for {
				g0 := j
				for j < sg.end && isDig(b[j]) {
					j++
				}
				if j < sg.end && b[j] == 'x' && (j+1 >= sg.end || !isAlnum(b[j+1])) {
					j++
				}
				gs = append(gs, group{a: g0, b: j})
				k := j
				for k < sg.end && k-j < 3 && isSepByte(b[k]) {
					k++
				}
				if k > j && k < sg.end && isDig(b[k]) {
					gs[len(gs)-1].sep = sepKind(b[j:k])
					j = k
					continue
				}
				break
			}
			if maskFollows(b, j, sg.end) && !(i > sg.start && (isAlnum(b[i-1]) || isMaskByte(b[i-1]))) {
				out = d.maskedAt(n, sg, si, i, pat[:0], out)
			}
			prevPlus := i > sg.start && b[i-1] == '+'
			for x := range gs {
				key = key[:0]
				uniform := true
				for y := x; y < len(gs); y++ {
					key = append(key, b[gs[y].a:gs[y].b]...)
					if len(key) > maxKey {
						break
					}
					if y > x && gs[y-1].sep != gs[x].sep {
						uniform = false
					}
					if len(key) < 5 {
						continue
					}
					if d.keyLens[len(key)] || len(key) == 13 || len(key) == 15 {
						out = d.lookupDigits(n, key, gs, x, y, si, out)
					}
					if uniform && y-x < 5 && (x == y || gs[x].sep != '\n') && len(key) >= 11 {
						if c, ok := validCandidate(key, prevPlus && x == 0); ok {
							c.a, c.b, c.seg = gs[x].a, gs[y].b, si
							*cands = append(*cands, c)
						}
					}
				}
			}
			i = j
		}
	}
	return out
}

func (d *Detector) lookupDigits(n *normText, key []byte, gs []group, x, y, si int, out []rawMatch) []rawMatch {
	try := func(k []byte) {
		ts, ok := d.digits[string(k)]
		if !ok {
			return
		}
		form := FormExact
		for z := x; z < y; z++ {
			if gs[z].sep != ' ' && gs[z].sep != '-' {
				form = FormVariant
			}
		}
		for _, t := range ts {
			out = append(out, rawMatch{t: t, a: gs[x].a, b: gs[y].b, seg: si, form: form})
		}
	}
	try(key)
	// Country code written in: 86 138…, 0086 138…, +8613800138000.
	for _, cc := range []string{"86", "0086"} {
		if len(key) == len(cc)+11 && string(key[:len(cc)]) == cc && key[len(cc)] == '1' {
			try(key[len(cc):])
		}
	}
	return out
}

func isDig(c byte) bool { return c >= '0' && c <= '9' }

// hasDigit8 reports whether any of eight bytes is an ASCII digit ("has
// between" from Bit Twiddling Hacks: bytes ≥ 0x80 never count).
func hasDigit8(x uint64) bool {
	const l = 0x0101010101010101
	const m, n = '0' - 1, '9' + 1
	return (l*(127+n)-(x&(l*127)))&^x&((x&(l*127))+l*(127-m))&(l*128) != 0
}
func isAlnum(c byte) bool { return isDig(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isSepByte(c byte) bool {
	switch c {
	case ' ', '-', '.', '/', '_', '\n', '\t':
		return true
	}
	return false
}

// sepKind summarises a separator run: '\n' if it holds a block break, ' '
// for spaces only, '-' for a hyphen (with optional spaces), else its first
// non-space byte.
func sepKind(s []byte) byte {
	k := byte(' ')
	for _, c := range s {
		if c == '\n' {
			return '\n'
		}
		if c != ' ' {
			k = c
		}
	}
	return k
}

// validCandidate says whether digits form a valid mobile, ID number or
// payment card number (the unregistered rule).
func validCandidate(key []byte, plus bool) (candidate, bool) {
	s := string(key)
	if strings.HasPrefix(s, "0086") && len(s) == 15 {
		s = s[4:]
	} else if strings.HasPrefix(s, "86") && len(s) == 13 {
		s = s[2:]
	}
	switch {
	case len(s) == 11 && validMobile(s):
		return candidate{kind: "phone", value: "+86" + s}, true
	case len(s) == 18 && validCNID(s):
		return candidate{kind: "cn_id", value: strings.ToUpper(s)}, true
	case len(s) >= 16 && len(s) <= 19 && isAllDigits(s) && cardPrefix(s) && ident.Luhn(s):
		return candidate{kind: "bank_card", value: s}, true
	}
	return candidate{}, false
}

func validMobile(s string) bool {
	return isAllDigits(s) && s[0] == '1' && s[1] >= '3' && s[1] <= '9'
}

// validCNID checks a GB 11643 number: digits, plausible birth date and the
// ISO 7064 MOD 11-2 check character.
func validCNID(s string) bool {
	if !isAllDigits(s[:17]) {
		return false
	}
	if s[0] < '1' || s[0] > '9' {
		return false
	}
	y := atoi(s[6:10])
	m := atoi(s[10:12])
	dd := atoi(s[12:14])
	if y < 1900 || y > 2100 || m < 1 || m > 12 || dd < 1 || dd > 31 {
		return false
	}
	check, ok := ident.CheckDigit(s[:17])
	c := s[17]
	if c == 'x' {
		c = 'X'
	}
	return ok && c == check
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// cardPrefix keeps Luhn from flagging one random 16-digit number in ten:
// UnionPay, Visa, Mastercard, JCB and Amex/Diners ranges only.
func cardPrefix(s string) bool {
	switch {
	case s[0] == '4', s[:2] == "62", s[:2] >= "51" && s[:2] <= "55", s[:2] == "35", s[:2] == "37", s[:2] == "60":
		return true
	}
	return false
}

// isMaskByte lists what doxers put in place of hidden digits (after folding).
func isMaskByte(c byte) bool {
	return c == '*' || c == 'x' || c == '#' || c == '?' || c == '_'
}

// maskRune handles the multi-byte mask characters (×●○■□某); n is its
// length. Hot: it runs on every byte, so it rejects on the first byte.
func maskRune(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[0] {
	case 0xC3: // ×
		if b[1] == 0x97 {
			return 2
		}
	case 0xE2: // ● ○ ■ □
		if len(b) >= 3 && (b[1] == 0x97 && (b[2] == 0x8F || b[2] == 0x8B) || b[1] == 0x96 && (b[2] == 0xA0 || b[2] == 0xA1)) {
			return 3
		}
	case 0xE6: // 某
		if len(b) >= 3 && b[1] == 0x9F && b[2] == 0x90 {
			return 3
		}
	}
	return 0
}

// maskedAt reads a masked number starting at the digit b[i] (138****8000,
// 110105********002X, 6222 **** **** 0128) and reports the registered
// identifiers of the same length whose digits agree with every visible
// one. A mask that disagrees is not a match. matchDigits calls it for
// digit clusters followed by a mask character.
func (d *Detector) maskedAt(n *normText, sg seg, si, i int, pat []byte, out []rawMatch) []rawMatch {
	b := n.b
	pat = pat[:0]
	j, last := i, i
	digits, masks := 0, 0
	for j < sg.end {
		c := b[j]
		if isDig(c) {
			pat = append(pat, c)
			digits++
			j++
			last = j
			continue
		}
		if c == 'x' && len(pat) == 17 && isDig(pat[16]) && (j+1 >= sg.end || !isAlnum(b[j+1]) && !isMaskByte(b[j+1])) {
			pat = append(pat, 'x') // the check character of an ID number
			digits++
			j++
			last = j
			continue
		}
		if isMaskByte(c) {
			pat = append(pat, '*')
			masks++
			j++
			last = j
			continue
		}
		if k := maskRune(b[j:sg.end]); k > 0 {
			pat = append(pat, '*')
			masks++
			j += k
			last = j
			continue
		}
		if (c == ' ' || c == '-') && j+1 < sg.end && (isDig(b[j+1]) || isMaskByte(b[j+1]) || maskRune(b[j+1:sg.end]) > 0) {
			j++
			continue
		}
		break
	}
	if last < sg.end && isAlnum(b[last]) || masks == 0 || digits < 6 || len(pat) < 8 || len(pat) > 19 {
		return out
	}
	for _, c := range d.byLen[len(pat)] {
		if agrees(pat, c.key) {
			out = append(out, rawMatch{t: c.t, a: i, b: last, seg: si, form: FormPartial, exposed: exposure(pat)})
		}
	}
	return out
}

// maskFollows says whether a mask character stands at b[j], after at most
// one space or hyphen.
func maskFollows(b []byte, j, end int) bool {
	if j < end && (b[j] == ' ' || b[j] == '-') {
		j++
	}
	return j < end && (isMaskByte(b[j]) || maskRune(b[j:end]) > 0)
}

func agrees(pat []byte, key string) bool {
	for k := range pat {
		if pat[k] != '*' && pat[k] != key[k] && !(pat[k] == 'x' && key[k] == 'x') {
			return false
		}
	}
	return true
}

// exposure describes visible digits: "first 3, last 4 of 11 digits".
func exposure(pat []byte) string {
	first, last := 0, 0
	for first < len(pat) && pat[first] != '*' {
		first++
	}
	for last < len(pat) && pat[len(pat)-1-last] != '*' {
		last++
	}
	inner := 0
	for k := first; k < len(pat)-last; k++ {
		if pat[k] != '*' {
			inner++
		}
	}
	s := fmt.Sprintf("first %d, last %d of %d digits", first, last, len(pat))
	if inner > 0 {
		s += fmt.Sprintf(", %d more in between", inner)
	}
	return s
}
