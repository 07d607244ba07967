package ident

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Fictitious test identities (docs/ARCHITECTURE.md "Test identities").
const (
	testID    = "11010519491231002X"
	testPhone = "+8613800138000"
	testCard  = "6222021234567890128"
)

func init() {
	// Pin the clock so "birth date in the future" does not drift.
	now = func() time.Time { return time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC) }
}

// withCheck appends the correct check digit to 17 digits, to build IDs
// whose only defect is the one a test is about.
func withCheck(t *testing.T, first17 string) string {
	t.Helper()
	c, ok := CheckDigit(first17)
	if !ok {
		t.Fatalf("bad test body %q", first17)
	}
	return first17 + string(c)
}

type okCase struct {
	kind      Kind
	in        string
	canonical string
	masked    string
}

func TestParseValid(t *testing.T) {
	cases := []okCase{
		{KindCNID, testID, testID, "110105********002X"},
		{KindCNID, "11010519491231002x", testID, "110105********002X"},
		{KindCNID, "１１０１０５１９４９１２３１００２Ｘ", testID, "110105********002X"},
		{KindCNID, "110105 1949 1231 002X", testID, "110105********002X"},
		{KindCNID, "110105-19491231-002x", testID, "110105********002X"},
		{KindCNID, "110105491231002", testID, "110105********002X"},                          // 15-digit legacy upgraded
		{KindCNID, withCheck(t, "11010520000229123"), withCheck(t, "11010520000229123"), ""}, // leap day
		{KindCNID, withCheck(t, "81000019900101123"), withCheck(t, "81000019900101123"), ""}, // HK residence permit

		{KindPhone, "138 0013 8000", testPhone, "138****8000"},
		{KindPhone, "13800138000", testPhone, "138****8000"},
		{KindPhone, "+86 138-0013-8000", testPhone, "138****8000"},
		{KindPhone, "0086 13800138000", testPhone, "138****8000"},
		{KindPhone, "86-138-0013-8000", testPhone, "138****8000"},
		{KindPhone, "１３８ ００１３ ８０００", testPhone, "138****8000"},
		{KindPhone, "138.0013.8000", testPhone, "138****8000"},
		{KindPhone, "(010) 6552 9988", "+861065529988", "010****9988"},
		{KindPhone, "010-65529988", "+861065529988", "010****9988"},
		{KindPhone, "0571-8888 8888", "+8657188888888", "0571****8888"},
		{KindPhone, "+86 (0)10 6552 9988", "+861065529988", "010****9988"},
		{KindPhone, "+1 415 555 2671", "+14155552671", "+141****2671"},
		{KindPhone, "+852 9123 4567", "+85291234567", "+852****4567"},
		{KindPhone, "00852 9123 4567", "+85291234567", "+852****4567"},

		{KindBankCard, testCard, testCard, "622202*********0128"},
		{KindBankCard, "6222 0212 3456 7890 128", testCard, "622202*********0128"},
		{KindBankCard, "4111111111111111", "4111111111111111", "411111******1111"},

		{KindEmail, "anran.cheng@example.com", "anran.cheng@example.com", "a***@example.com"},
		{KindEmail, " Anran.Cheng@Example.COM ", "anran.cheng@example.com", "a***@example.com"},
		{KindEmail, "ａｎｒａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", "anran@example.com", "a***@example.com"},
		{KindEmail, "mailto:anran+doxguard@example.com", "anran+doxguard@example.com", "a***@example.com"},

		{KindQQ, "48151623", "48151623", "48****23"},
		{KindQQ, "４８１５ １６２３", "48151623", "48****23"},
		{KindQQ, "10001", "10001", "1****"},

		{KindWeChat, "anran_cheng-88", "anran_cheng-88", "a************8"},
		{KindWeChat, "AnranCheng", "anrancheng", "a********g"},

		{KindPlate, "浙A·D12345", "浙AD12345", "浙A*****5"},
		{KindPlate, "浙a d12345", "浙AD12345", "浙A*****5"},
		{KindPlate, "京A12345", "京A12345", "京A****5"},
		{KindPlate, "粤B12345F", "粤B12345F", "粤B*****F"},
		{KindPlate, "粤Z1234港", "粤Z1234港", "粤Z****港"},

		{KindPassport, "E12345678", "E12345678", "E1*****78"},
		{KindPassport, "e 1234 5678", "E12345678", "E1*****78"},
		{KindPassport, "X1234567", "X1234567", "X1****67"},

		{KindHandle, "@anran_live", "anran_live", "a********e"},
		{KindHandle, "安然然Official", "安然然Official", "安*********l"},

		{KindAddress, "浙江省杭州市西湖区文三路 88 号 5 幢 2 单元 301 室", "浙江省杭州市西湖区文三路 88 号 5 幢 2 单元 301 室", "浙江省杭州市西湖区****"},
		{KindAddress, "浙江省杭州市西湖区文三路８８号　５幢", "浙江省杭州市西湖区文三路88号 5幢", "浙江省杭州市西湖区****"},
		{KindAddress, "江苏省苏州市昆山市前进路 1 号", "江苏省苏州市昆山市前进路 1 号", "江苏省苏州市昆山市****"},
		{KindAddress, "北京市朝阳区  建国路 1 号", "北京市朝阳区 建国路 1 号", "北京市朝阳区****"},
		{KindAddress, "云南省文山壮族苗族自治州富宁县新华镇", "云南省文山壮族苗族自治州富宁县新华镇", "云南省文山壮族苗族自治州****"},
		{KindAddress, "12 Example Road, Springfield", "12 Example Road, Springfield", "****, Springfield"},

		{KindOther, "  社保号 ABC-123  ", "社保号 ABC-123", "社*********3"},
		{KindPhoto, "8F3C00FF00FF00FF", "8f3c00ff00ff00ff", "[photo 照片]"},
	}
	for _, c := range cases {
		v, err := Parse(c.kind, c.in)
		if err != nil {
			t.Errorf("Parse(%s, %q): %v", c.kind, c.in, err)
			continue
		}
		if v.Kind != c.kind || v.Canonical != c.canonical {
			t.Errorf("Parse(%s, %q) canonical = %q, want %q", c.kind, c.in, v.Canonical, c.canonical)
		}
		if c.masked != "" && v.Masked != c.masked {
			t.Errorf("Parse(%s, %q) masked = %q, want %q", c.kind, c.in, v.Masked, c.masked)
		}
		if v.Masked == v.Canonical {
			t.Errorf("Parse(%s, %q): masked form shows the whole value", c.kind, c.in)
		}
	}
}

func TestParseInvalid(t *testing.T) {
	cases := []struct {
		kind    Kind
		in      string
		problem string // substring of the error
	}{
		{KindCNID, "110105194912310021", "check digit should be X"},
		{KindCNID, withCheck(t, "11010519900230123"), "birth date is not a real date"}, // Feb 30
		{KindCNID, withCheck(t, "11010519901301123"), "birth date is not a real date"}, // month 13
		{KindCNID, withCheck(t, "11010519000229123"), "birth date is not a real date"}, // 1900 not leap
		{KindCNID, withCheck(t, "11010520990101123"), "birth date is in the future"},
		{KindCNID, withCheck(t, "99010519491231002"), "province"},
		{KindCNID, withCheck(t, "11000019491231002"), "whole province"},
		{KindCNID, "110105900230123", "birth date is not a real date"}, // 15-digit Feb 30
		{KindCNID, "1101051949123100", "must be 18 characters"},
		{KindCNID, "11010519491231002Y", "digit or X"},
		{KindCNID, "", "must be 18 characters"},

		{KindPhone, "12345", "not a valid mainland"},
		{KindPhone, "12800138000", "not a valid mainland"}, // 12x is not a mobile prefix
		{KindPhone, "1380013800", "not a valid mainland"},  // 10 digits
		{KindPhone, "65529988", "area code"},
		{KindPhone, "010-123", "landline"},
		{KindPhone, "+86 128 0013 8000", "not a valid mainland"},
		{KindPhone, "+1 234", "international"},
		{KindPhone, "+0123456789", "international"},
		{KindPhone, "138-0013-800a", "only digits"},

		{KindBankCard, "6222021234567890127", "Luhn"},
		{KindBankCard, "42424242424", "12–19 digits"},
		{KindBankCard, "62220212345678901281", "12–19 digits"},
		{KindBankCard, "6222-0212-abcd", "only digits"},

		{KindEmail, "anran.example.com", "needs an @"},
		{KindEmail, "@example.com", "before @"},
		{KindEmail, "anran@localhost", "after @"},
		{KindEmail, "an ran@example.com", "before @"},

		{KindQQ, "01234567", "not starting with 0"},
		{KindQQ, "1234", "5–11"},
		{KindQQ, "123456789012", "5–11"},
		{KindQQ, "12a45", "digits only"},

		{KindWeChat, "1anran", "starting with a letter"},
		{KindWeChat, "abc", "6–20"},
		{KindWeChat, "anran cheng", "6–20"},

		{KindPlate, "AB12345", "province character"},
		{KindPlate, "浙A1234", "not a mainland plate"},
		{KindPlate, "浙AI2345", "not a mainland plate"}, // I and O are never used
		{KindPlate, "", "province character"},

		{KindPassport, "E1234", "E or G"},
		{KindPassport, "ABCDEFGH", "E or G"},

		{KindHandle, "  ", "is empty"},
		{KindHandle, "an ran", "spaces"},
		{KindAddress, "杭州", "too short"},
		{KindAddress, "", "is empty"},
		{KindOther, "\u3000", "is empty"},
		{KindPhoto, "/home/a/photo.jpg", "image file"},
		{Kind("ssn"), "123", "unknown identifier kind"},
	}
	for _, c := range cases {
		v, err := Parse(c.kind, c.in)
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("Parse(%s, %q) = %+v, %v; want *ValidationError", c.kind, c.in, v, err)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, string(c.kind)+": ") || !strings.Contains(msg, c.problem) {
			t.Errorf("Parse(%s, %q) error %q; want %q after the kind", c.kind, c.in, msg, c.problem)
		}
		if d := strings.Map(keepDigits, c.in); len(d) >= 5 && strings.Contains(strings.Map(keepDigits, msg), d) {
			t.Errorf("Parse(%s, %q) error repeats the value: %q", c.kind, c.in, msg)
		}
	}
}

func keepDigits(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}

func TestParseKind(t *testing.T) {
	for _, k := range Kinds() {
		if got, err := ParseKind(" " + strings.ToUpper(string(k)) + " "); err != nil || got != k {
			t.Errorf("ParseKind(%s) = %q, %v", k, got, err)
		}
	}
	for in, want := range map[string]Kind{"mobile": KindPhone, "身份证": KindCNID, "微信": KindWeChat, "ｅｍａｉｌ": KindEmail} {
		if got, err := ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := ParseKind("13800138000")
	if err == nil || strings.Contains(err.Error(), "13800138000") {
		t.Errorf("ParseKind(value) error = %v; want an error that does not echo the input", err)
	}
}

func TestMaskNeverShowsBirthDate(t *testing.T) {
	v, err := Parse(KindCNID, testID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(v.Masked, "1949") || strings.Contains(v.Masked, "19491231") {
		t.Errorf("masked ID %q shows the birth date", v.Masked)
	}
}

func TestMaskName(t *testing.T) {
	for in, want := range map[string]string{
		"杨迪": "杨某", "程安然": "程某", "欧阳娜娜": "欧阳某", "欧阳": "欧某", "Yang Di": "Y***", "": "",
	} {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCanonicalIsFixedPoint(t *testing.T) {
	for _, in := range []struct {
		k Kind
		s string
	}{{KindCNID, "110105491231002"}, {KindPhone, "(010) 6552 9988"}, {KindPhone, "+1 415 555 2671"},
		{KindAddress, "浙江省 杭州市\t西湖区 文三路"}, {KindPlate, "浙a·d12345"}, {KindHandle, "@ａｎｒａｎ"}} {
		v, err := Parse(in.k, in.s)
		if err != nil {
			t.Fatalf("Parse(%s, %q): %v", in.k, in.s, err)
		}
		w, err := Parse(in.k, v.Canonical)
		if err != nil || w != v {
			t.Errorf("Parse(%s, canonical %q) = %+v, %v; want %+v", in.k, v.Canonical, w, err, v)
		}
	}
}
