package ident

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// maxInput bounds what Parse looks at: no identifier is longer, and a bound
// keeps a pasted novel from costing anything.
const maxInput = 1024

// now is the clock for the "birth date in the future" rule; tests pin it.
var now = time.Now

// Parse validates input as an identifier of kind k and returns its canonical
// and masked forms. Kind photo takes the 16-hex-digit hash Photo computes.
func Parse(k Kind, input string) (Value, error) {
	if len(input) > maxInput {
		return Value{}, invalid(k, "too long (at most %d bytes)", maxInput)
	}
	if !utf8.ValidString(input) {
		return Value{}, invalid(k, "not valid text (UTF-8)")
	}
	var (
		c   string
		err error
	)
	switch k {
	case KindPhone:
		c, err = parsePhone(input)
	case KindCNID:
		c, err = parseCNID(input)
	case KindBankCard:
		c, err = parseBankCard(input)
	case KindEmail:
		c, err = parseEmail(input)
	case KindAddress:
		c, err = parseAddress(input)
	case KindQQ:
		c, err = parseQQ(input)
	case KindWeChat:
		c, err = parseWeChat(input)
	case KindPlate:
		c, err = parsePlate(input)
	case KindPassport:
		c, err = parsePassport(input)
	case KindHandle:
		c, err = parseHandle(input)
	case KindPhoto:
		c, err = parsePhotoHash(input)
	case KindOther:
		c, err = parseText(KindOther, input)
	default:
		return Value{}, &ValidationError{Kind: k, Problem: "unknown identifier kind (use one of " + kindList() + ")"}
	}
	if err != nil {
		return Value{}, err
	}
	return Value{Kind: k, Canonical: c, Masked: Mask(k, c)}, nil
}

// fold maps full-width forms to ASCII (１３８ → 138, ＠ → @, ideographic
// space → space) and trims.
func fold(s string) string { return strings.TrimSpace(width.Fold.String(s)) }

// foldDigits is fold plus NFKC, so circled and other compatibility digits
// (①②③) become ASCII digits too.
func foldDigits(s string) string { return strings.TrimSpace(width.Fold.String(norm.NFKC.String(s))) }

// isSep reports the characters people put between digit groups.
func isSep(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '-', '.', '·', '•', '/', '_', '(', ')', '\u00a0', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
		return true
	}
	return unicode.In(r, unicode.Cf) // zero-width and bidi controls
}

func stripSeps(s string) string {
	return strings.Map(func(r rune) rune {
		if isSep(r) {
			return -1
		}
		return r
	}, s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ---- cn_id -------------------------------------------------------------

// provinces are the first two digits of a resident ID (GB/T 2260), plus 71
// Taiwan and 81–83 for Hong Kong, Macao and Taiwan residence permits.
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true,
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// CheckDigit returns the GB 11643 (ISO 7064 MOD 11-2) check character for
// the first 17 digits of a resident ID; ok is false if they are not digits.
func CheckDigit(first17 string) (byte, bool) {
	if len(first17) != 17 || !allDigits(first17) {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11], true
}

func parseCNID(input string) (string, error) {
	s := strings.ToUpper(stripSeps(foldDigits(input)))
	switch {
	case len(s) == 15 && allDigits(s):
		// Legacy first-generation card: 2-digit year, no check digit.
		// Upgrade exactly as the Ministry did: insert "19", append the check.
		if err := checkIDBody(s[:6], "19"+s[6:12]); err != nil {
			return "", err
		}
		body := s[:6] + "19" + s[6:]
		c, _ := CheckDigit(body)
		return body + string(c), nil
	case len(s) == 18 && allDigits(s[:17]) && (s[17] == 'X' || s[17] >= '0' && s[17] <= '9'):
		if err := checkIDBody(s[:6], s[6:14]); err != nil {
			return "", err
		}
		if c, _ := CheckDigit(s[:17]); c != s[17] {
			return "", invalid(KindCNID, "check digit should be %c (a digit is mistyped)", c)
		}
		return s, nil
	case len(s) == 18:
		return "", invalid(KindCNID, "must be 17 digits followed by a digit or X")
	default:
		return "", invalid(KindCNID, "must be 18 characters (or 15 digits for an old card), got %d", utf8.RuneCountInString(s))
	}
}

func checkIDBody(region, birth string) error {
	if !provinces[region[:2]] {
		return invalid(KindCNID, "region code does not start with a Chinese province code")
	}
	if region[2:] == "0000" && region[0] < '7' { // 810000 etc. are real (HK/Macao/TW permits)
		return invalid(KindCNID, "region code names a whole province, not a county")
	}
	y, m, d := atoi(birth[:4]), atoi(birth[4:6]), atoi(birth[6:8])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1880 || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return invalid(KindCNID, "birth date is not a real date")
	}
	if t.After(now()) {
		return invalid(KindCNID, "birth date is in the future")
	}
	return nil
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// ---- phone -------------------------------------------------------------

var mobileRE = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// mainland validates a national number without trunk 0 and without 86:
// a mobile (1[3-9] + 9 digits) or an area code + a 7–8-digit local number.
// Area codes are 10 and 2x (two digits) or 3–9 followed by two digits.
func mainland(n string) bool {
	if mobileRE.MatchString(n) {
		return true
	}
	if len(n) < 9 || n[0] == '0' {
		return false
	}
	area := 3
	if n[0] == '1' && n[1] == '0' || n[0] == '2' {
		area = 2
	} else if n[0] == '1' {
		return false
	}
	local := n[area:]
	return len(local) >= 7 && len(local) <= 8 && local[0] != '0' && local[0] != '1'
}

func parsePhone(input string) (string, error) {
	s := stripSeps(foldDigits(input))
	plus := strings.HasPrefix(s, "+")
	s = strings.TrimPrefix(s, "+")
	if !allDigits(s) {
		return "", invalid(KindPhone, "may contain only digits, spaces, dashes and a leading +")
	}
	intl := ""
	switch {
	case plus:
		intl = s
	case strings.HasPrefix(s, "00"):
		intl = s[2:]
	case strings.HasPrefix(s, "86") && len(s) >= 11 && mainland(s[2:]):
		return "+" + s, nil // "86 138…" or "86-10-…"
	case strings.HasPrefix(s, "0"):
		if mainland(s[1:]) {
			return "+86" + s[1:], nil
		}
		return "", invalid(KindPhone, "not a valid mainland landline (area code 0xx or 0xxx + 7–8 digits)")
	default:
		if mobileRE.MatchString(s) {
			return "+86" + s, nil
		}
		return "", invalid(KindPhone, "not a valid mainland mobile or landline number (landlines need the area code)")
	}
	if strings.HasPrefix(intl, "86") {
		n := strings.TrimPrefix(intl[2:], "0") // "+86 (0)10 …"
		if mainland(n) {
			return "+86" + n, nil
		}
		return "", invalid(KindPhone, "not a valid mainland mobile or landline number")
	}
	if len(intl) < 8 || len(intl) > 15 || intl[0] == '0' {
		return "", invalid(KindPhone, "international numbers are + country code + number, 8–15 digits in all")
	}
	return "+" + intl, nil
}

// ---- bank_card ---------------------------------------------------------

// Luhn reports whether a digit string passes the Luhn (mod 10) check.
func Luhn(s string) bool {
	if !allDigits(s) {
		return false
	}
	sum, double := 0, false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

func parseBankCard(input string) (string, error) {
	s := stripSeps(foldDigits(input))
	if !allDigits(s) {
		return "", invalid(KindBankCard, "may contain only digits and spaces")
	}
	if len(s) < 12 || len(s) > 19 {
		return "", invalid(KindBankCard, "must be 12–19 digits, got %d", len(s))
	}
	if !Luhn(s) {
		return "", invalid(KindBankCard, "check digit is wrong (Luhn check failed; a digit is mistyped)")
	}
	return s, nil
}

// ---- email -------------------------------------------------------------

var (
	emailLocalRE = regexp.MustCompile(`^[a-z0-9!#$%&'*+/=?^_{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_{|}~-]+)*$`)
	domainRE     = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
)

func parseEmail(input string) (string, error) {
	s := strings.ToLower(fold(input))
	s = strings.TrimPrefix(s, "mailto:")
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", invalid(KindEmail, "needs an @")
	}
	local, domain := s[:at], s[at+1:]
	if local == "" || len(local) > 64 || !emailLocalRE.MatchString(local) {
		return "", invalid(KindEmail, "the part before @ is not a valid mailbox name")
	}
	if len(domain) > 253 || !domainRE.MatchString(domain) {
		return "", invalid(KindEmail, "the part after @ is not a valid domain (like example.com)")
	}
	return s, nil
}

// ---- qq, wechat, handle, passport, plate --------------------------------

func parseQQ(input string) (string, error) {
	s := stripSeps(foldDigits(input))
	if !allDigits(s) {
		return "", invalid(KindQQ, "must be digits only")
	}
	if len(s) < 5 || len(s) > 11 || s[0] == '0' {
		return "", invalid(KindQQ, "must be 5–11 digits not starting with 0")
	}
	return s, nil
}

var wechatRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_-]{5,19}$`)

func parseWeChat(input string) (string, error) {
	s := fold(input)
	if !wechatRE.MatchString(s) {
		return "", invalid(KindWeChat, "must be 6–20 letters, digits, _ or -, starting with a letter")
	}
	// WeChat IDs are case-insensitive; one case keeps the blind index stable.
	return strings.ToLower(s), nil
}

var (
	passportCNRE = regexp.MustCompile(`^[EG][0-9]{8}$`)
	passportRE   = regexp.MustCompile(`^[A-Z0-9]{6,9}$`)
)

func parsePassport(input string) (string, error) {
	s := strings.ToUpper(stripSeps(foldDigits(input)))
	if passportCNRE.MatchString(s) {
		return s, nil
	}
	if !passportRE.MatchString(s) || !strings.ContainsAny(s, "0123456789") {
		return "", invalid(KindPassport, "must be E or G + 8 digits (Chinese), or 6–9 letters and digits")
	}
	return s, nil
}

// plateProvinces are the one-character province abbreviations that start a
// mainland plate.
const plateProvinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

var (
	// 浙A12345; new energy 浙AD12345 (small cars: D/F then 5) and 浙A12345D (large: 5 then D/F).
	plateRE = regexp.MustCompile(`^[A-Z]([A-HJ-NP-Z0-9]{5}|[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF])$`)
	// 浙A1234学, 粤Z1234港: four characters and a special suffix.
	plateSpecialRE = regexp.MustCompile(`^[A-Z][A-HJ-NP-Z0-9]{4}(学|警|港|澳|挂|领|试|超)$`)
)

func parsePlate(input string) (string, error) {
	s := strings.ToUpper(stripSeps(foldDigits(input)))
	s = strings.ReplaceAll(s, "・", "")
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !strings.ContainsRune(plateProvinces, r) {
		return "", invalid(KindPlate, "must start with a province character such as 京 or 浙")
	}
	if !plateRE.MatchString(s[n:]) && !plateSpecialRE.MatchString(s[n:]) {
		return "", invalid(KindPlate, "not a mainland plate (浙A12345, or new energy 浙AD12345)")
	}
	return s, nil
}

func parseHandle(input string) (string, error) {
	s := strings.TrimLeft(fold(input), "@")
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return "", invalid(KindHandle, "must not contain spaces")
	}
	return checkText(KindHandle, s, 100)
}

func parseText(k Kind, input string) (string, error) {
	return checkText(k, collapse(fold(input)), 500)
}

func checkText(k Kind, s string, max int) (string, error) {
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return "", invalid(k, "is empty")
	}
	if n > max {
		return "", invalid(k, "too long (at most %d characters)", max)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return "", invalid(k, "contains control characters")
		}
	}
	return s, nil
}

// collapse turns every run of white space into one ASCII space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// ---- address -----------------------------------------------------------

func parseAddress(input string) (string, error) {
	s := collapse(width.Fold.String(norm.NFKC.String(input)))
	s, err := checkText(KindAddress, s, 300)
	if err != nil {
		return "", err
	}
	if utf8.RuneCountInString(s) < 4 {
		return "", invalid(KindAddress, "too short to be an address (at least 4 characters)")
	}
	return s, nil
}

// ---- photo -------------------------------------------------------------

func parsePhotoHash(input string) (string, error) {
	s := strings.ToLower(fold(input))
	if len(s) != 16 || strings.Trim(s, "0123456789abcdef") != "" {
		return "", invalid(KindPhoto, "give an image file; the stored value is a 16-hex-digit perceptual hash")
	}
	return s, nil
}
