package ident

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mask returns the display form of a canonical value (notes/legal.md §5.0):
// enough to recognise one's own identifier, not enough to use it. Masking is
// deliberately generous with asterisks for values it does not understand.
func Mask(k Kind, canonical string) string {
	c := canonical
	switch k {
	case KindCNID:
		// Region and last four only: the birth date (digits 7–14) is exactly
		// what a doxer wants, so it is never shown.
		if len(c) == 18 {
			return c[:6] + "********" + c[14:]
		}
	case KindPhone:
		if strings.HasPrefix(c, "+86") && len(c) > 3 {
			n := c[3:]
			if mobileRE.MatchString(n) {
				return n[:3] + "****" + n[7:]
			}
			// Landline: the area code (a city, like a district in an
			// address) and the last four: 0571****8888.
			area := 3
			if n[0] == '1' || n[0] == '2' {
				area = 2
			}
			if len(n) > area+4 {
				return "0" + n[:area] + strings.Repeat("*", len(n)-area-4) + n[len(n)-4:]
			}
		}
		if strings.HasPrefix(c, "+") {
			return "+" + keepEnds(c[1:], 3, 4)
		}
	case KindBankCard:
		if len(c) >= 12 {
			return c[:6] + strings.Repeat("*", len(c)-10) + c[len(c)-4:]
		}
	case KindEmail:
		if at := strings.LastIndexByte(c, '@'); at > 0 {
			r, _ := utf8.DecodeRuneInString(c)
			return string(r) + "***" + c[at:]
		}
	case KindAddress:
		return maskAddress(c)
	case KindPhoto:
		return "[photo 照片]"
	case KindName:
		return MaskName(c)
	case KindQQ, KindPassport:
		return keepEnds(c, 2, 2)
	case KindPlate:
		return keepEnds(c, 2, 1)
	}
	return keepEnds(c, 1, 1)
}

// keepEnds shows the first head and last tail runes and stars the rest; a
// value too short to keep anything meaningful hidden becomes all stars.
func keepEnds(s string, head, tail int) string {
	rs := []rune(s)
	if len(rs) < head+tail+3 {
		if len(rs) <= 2 {
			return "***"
		}
		return string(rs[0]) + strings.Repeat("*", len(rs)-1)
	}
	return string(rs[:head]) + strings.Repeat("*", len(rs)-head-tail) + string(rs[len(rs)-tail:])
}

// districtMax is how deep into an address the district marker may sit; a 区
// further in belongs to a street or estate name (e.g. 小区), not the district.
const districtMax = 14

// maskAddress keeps the address down to the district (区/县/旗, or a
// county-level 市 such as 江苏省苏州市昆山市) and hides the rest:
// 浙江省杭州市西湖区文三路… → 浙江省杭州市西湖区****. Addresses without
// Chinese administrative markers keep only their last comma-separated part
// (the town or region in Western order).
func maskAddress(s string) string {
	rs := []rune(s)
	head := rs[:min(len(rs), districtMax)]
	cut, city, prov := -1, -1, -1
	for i, r := range head {
		switch r {
		case '区', '县', '旗':
			if cut < 0 {
				cut = i + 1
			}
		case '市':
			// The second 市 is a county-level city inside a prefecture.
			if city < 0 || city == firstCity(head) {
				city = i + 1
			}
		case '省', '州':
			prov = i + 1
		}
	}
	switch {
	case cut > 0:
	case city > 0:
		cut = city
	case prov > 0:
		cut = prov
	}
	if cut > 0 {
		return string(rs[:cut]) + "****"
	}
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		tail := strings.TrimSpace(s[i+1:])
		if tail != "" && utf8.RuneCountInString(tail) < utf8.RuneCountInString(s)/2 {
			return "****, " + tail
		}
	}
	return keepEnds(s, 2, 0)
}

func firstCity(rs []rune) int {
	for i, r := range rs {
		if r == '市' {
			return i + 1
		}
	}
	return -1
}

// compoundSurnames are two-character family names, so 欧阳娜娜 masks to
// 欧阳某 rather than 欧某.
var compoundSurnames = map[string]bool{
	"欧阳": true, "司马": true, "上官": true, "诸葛": true, "东方": true, "皇甫": true, "尉迟": true,
	"公孙": true, "慕容": true, "长孙": true, "宇文": true, "司徒": true, "夏侯": true, "令狐": true,
	"端木": true, "独孤": true, "南宫": true, "西门": true, "轩辕": true, "呼延": true,
}

// MaskName shows the family name only: 杨迪 → 杨某, 欧阳娜娜 → 欧阳某,
// "Yang Di" → "Y***". The family name alone identifies nobody, which is why
// Chinese courts and media use this form.
func MaskName(name string) string {
	name = collapse(fold(name))
	rs := []rune(name)
	if len(rs) == 0 {
		return ""
	}
	if unicode.Is(unicode.Han, rs[0]) {
		if len(rs) >= 3 && compoundSurnames[string(rs[:2])] {
			return string(rs[:2]) + "某"
		}
		return string(rs[0]) + "某"
	}
	return string(rs[0]) + "***"
}
