package detect

import (
	"strings"
	"unicode/utf8"
)

// maskOf returns the display form of a match's value (DESIGN.md masking:
// ID 110105********1234, phone 138****5678, card first 6 + last 4, address
// to district level, names 程某).
func (d *Detector) maskOf(r rawMatch) string {
	if r.t.kind == KindName {
		return maskName(d.people[r.t.person].Name)
	}
	v := r.value
	if r.t.ident >= 0 {
		v = d.people[r.t.person].Identifiers[r.t.ident].Value
	}
	return maskValue(r.t.kind, v)
}

func maskValue(kind, v string) string {
	switch kind {
	case "phone":
		k := phoneKey(v)
		if len(k) == 11 && k[0] == '1' {
			return k[:3] + "****" + k[7:]
		}
		return keepEnds(k, 3, 2)
	case "cn_id":
		k := strings.ToUpper(onlyDigitsX(v))
		if len(k) == 18 {
			return k[:6] + "********" + k[14:]
		}
		return keepEnds(k, 3, 3)
	case "bank_card":
		k := onlyDigitsX(v)
		if len(k) > 10 {
			return k[:6] + strings.Repeat("*", len(k)-10) + k[len(k)-4:]
		}
		return keepEnds(k, 2, 2)
	case "email":
		at := strings.LastIndexByte(v, '@')
		if at > 0 {
			r, _ := utf8.DecodeRuneInString(v)
			return string(r) + "***" + v[at:]
		}
		return keepEnds(v, 1, 0)
	case "address":
		a, ok := parseAddress(normalizeString(v))
		if ok && len(a.admin) > 0 {
			return strings.Join(a.admin, "") + "****"
		}
		return keepEnds(strings.ReplaceAll(v, " ", ""), 2, 0)
	case "plate":
		return keepEnds(v, 2, 1)
	}
	return keepEnds(v, 2, 1)
}

// keepEnds shows the first and last runes of s and stars in between; short
// values are all stars.
func keepEnds(s string, head, tail int) string {
	rs := []rune(s)
	if len(rs) <= head+tail+2 {
		return strings.Repeat("*", max(len(rs), 3))
	}
	return string(rs[:head]) + strings.Repeat("*", len(rs)-head-tail) + string(rs[len(rs)-tail:])
}

// maskName shows the surname only: 程某 for 程安然, C*** for Latin names.
func maskName(name string) string {
	rs := []rune(strings.TrimSpace(name))
	if len(rs) == 0 {
		return "***"
	}
	if rs[0] >= 0x3400 && rs[0] <= 0x9FFF {
		return string(rs[0]) + "某"
	}
	return string(rs[0]) + "***"
}
