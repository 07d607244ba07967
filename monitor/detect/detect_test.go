package detect

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/doxguard/doxguard/monitor/detect/ident/identtest"
)

func mustNew(t *testing.T) *Detector {
	t.Helper()
	d, err := New(testRoster(), Options{ValueKey: func(kind, v string) string { return "k:" + kind + ":" + string(rune(len(v))) }})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func gbk(t *testing.T, s string) []byte {
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeCharsets(t *testing.T) {
	page := `<html><head><meta charset="gb2312"></head><body>程安然 𠮷</body></html>`
	cases := []struct {
		name, ct, charset string
		body              []byte
	}{
		{"header gbk → gb18030 (4-byte chars survive)", "text/html; charset=gbk", "gb18030", gbk(t, page)},
		{"meta gb2312 → gb18030", "text/html", "gb18030", gbk(t, page)},
		{"meta gb2312 but UTF-8 bytes", "text/html", "utf-8", []byte(page)},
		{"UTF-8 BOM", "", "utf-8", append([]byte{0xEF, 0xBB, 0xBF}, page...)},
		{"unlabelled GBK sniffed", "", "gb18030", gbk(t, strings.Replace(page, `<meta charset="gb2312">`, "", 1))},
		{"label utf-8 but GBK bytes", "text/html; charset=utf-8", "gb18030", gbk(t, page)},
	}
	d := mustNew(t)
	for _, c := range cases {
		res := d.Scan(Doc{Body: c.body, ContentType: c.ct})
		if res.Charset != c.charset {
			t.Errorf("%s: charset %s, want %s", c.name, res.Charset, c.charset)
		}
		if !strings.Contains(res.Text, "程安然 𠮷") {
			t.Errorf("%s: text not decoded", c.name)
		}
		if len(res.Matches) != 1 || res.Text[res.Matches[0].Start:res.Matches[0].End] != "程安然" {
			t.Errorf("%s: name not found at the right span: %+v", c.name, res.Matches)
		}
	}
}

func TestFormats(t *testing.T) {
	d := mustNew(t)
	cases := []struct {
		name, ct, body string
		kind           string
		where          Where
	}{
		{"plain text", "text/plain", "联系 138 0013 8000", "phone", WhereText},
		{"json", "application/json", `{"user":{"email":"anran.cheng\u0040example.com"}}`, "email", WhereText},
		{"json number", "", `[{"qq":48151623}]`, "qq", WhereText},
		{"rss cdata", "application/rss+xml", `<rss><channel><item><description><![CDATA[<p>1<b>38</b>00138000</p>]]></description></item></channel></rss>`, "phone", WhereText},
		{"atom entities", "application/atom+xml", `<feed><entry><content type="html">&lt;p&gt;11010519491231002X&lt;/p&gt;</content></entry></feed>`, "cn_id", WhereText},
		{"atom escaped tags", "", `<?xml version="1.0"?><feed><entry><content type="html">&lt;p&gt;1&lt;b&gt;38&lt;/b&gt;00138000&lt;/p&gt;</content></entry></feed>`, "phone", WhereText},
		{"rss escaped alt", "application/rss+xml", `<rss><channel><item><description>&lt;img alt="anran.cheng@example.com"&gt;</description></item></channel></rss>`, "email", WhereAttribute},
		{"hidden input", "text/html", `<input type="hidden" name="m" value="13800138000">`, "phone", WhereHidden},
		{"template", "text/html", `<template><p>13800138000</p></template>`, "phone", WhereHidden},
		{"meta content", "text/html", `<meta name="description" content="程安然 电话13800138000">`, "phone", WhereAttribute},
		{"aria-label", "text/html", `<button aria-label="anran.cheng@example.com">x</button>`, "email", WhereAttribute},
		{"placeholder", "text/html", `<input placeholder="48151623">`, "qq", WhereAttribute},
		{"json-ld", "text/html", `<script type="application/ld+json">{"telephone":"+86-138-0013-8000"}</script>`, "phone", WhereScript},
		{"percent-encoded mailto", "text/html", `<a href="mailto:anran.cheng%40example.com">x</a>`, "email", WhereAttribute},
		{"percent-encoded link", "text/html", `<a href="/s?q=138%200013%208000">x</a>`, "phone", WhereURL},
		{"unclosed markup", "text/html", `<div><p>13800138000<b><i`, "phone", WhereText},
	}
	for _, c := range cases {
		res := d.Scan(Doc{Body: []byte(c.body), ContentType: c.ct})
		ok := false
		for _, m := range res.Matches {
			if m.Kind == c.kind && m.Where == c.where && m.PersonID == "p1" {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%s: no %s in %s; got %+v", c.name, c.kind, c.where, res.Matches)
		}
	}
}

func TestURL(t *testing.T) {
	res := mustNew(t).Scan(Doc{Body: []byte("<p>hello</p>"), URL: "https://bbs.example.net/u?mobile=138%200013%208000"})
	if len(res.Matches) != 1 || res.Matches[0].Where != WhereURL || res.Matches[0].Start != -1 {
		t.Fatalf("URL match: %+v", res.Matches)
	}
}

// TestSnippetMasksEverything: the snippet of one match masks every other
// registered value, name and stray number or email around it.
func TestSnippetMasksEverything(t *testing.T) {
	body := `<p>欧阳明远和程安然住一起，电话13800138000，另一个 13912345678，身份证11010519491231002X，` +
		`陌生号码 18612345678，邮箱 someone@example.net，车牌浙AD12345，卡6222021234567890128</p>`
	res := mustNew(t).Scan(Doc{Body: []byte(body)})
	if len(res.Matches) < 6 {
		t.Fatalf("expected many matches, got %d", len(res.Matches))
	}
	secrets := []string{"欧阳明远", "程安然", "13800138000", "13912345678", "19491231", "18612345678", "someone", "AD12345", "12345678901"}
	for _, m := range res.Matches {
		if !strings.Contains(m.Snippet, "【") || !strings.Contains(m.Snippet, "】") {
			t.Errorf("%s snippet without marked match: %q", m.Kind, m.Snippet)
		}
		for _, s := range secrets {
			if strings.Contains(m.Snippet, s) || strings.Contains(m.Masked, s) {
				t.Errorf("%s snippet leaks %q: %q", m.Kind, s, m.Snippet)
			}
		}
	}
}

func TestSeverity(t *testing.T) {
	d := mustNew(t)
	sev := func(body, kind string) string {
		for _, m := range d.Scan(Doc{Body: []byte(body)}).Matches {
			if m.Kind == kind {
				return m.Severity
			}
		}
		return "none"
	}
	for _, c := range []struct{ body, kind, want string }{
		{"11010519491231002X", "cn_id", SevCritical},
		{"13800138000", "phone", SevHigh},
		{"QQ 48151623", "qq", SevMedium},
		{"程安然 QQ 48151623", "qq", SevHigh}, // a name nearby raises it
		{"138****8000", "phone", SevMedium},
		{"程安然", KindName, SevInfo},
		{"程安然 13800138000 文三路88号5幢2单元301室", "phone", SevCritical}, // dossier
	} {
		if got := sev(c.body, c.kind); got != c.want {
			t.Errorf("%q: %s severity %s, want %s", c.body, c.kind, got, c.want)
		}
	}
}

func TestUnregisteredNeedsName(t *testing.T) {
	d := mustNew(t)
	far := "程安然" + strings.Repeat("。这是无关的文字", 30) + unregPhone
	for _, body := range []string{unregPhone, far} {
		if ms := d.Scan(Doc{Body: []byte(body)}).Matches; len(ms) > 0 && ms[len(ms)-1].Kind == "phone" {
			t.Errorf("unregistered mobile without a name nearby reported: %+v", ms)
		}
	}
	ms := d.Scan(Doc{Body: []byte("程安然 " + unregPhone)}).Matches
	if len(ms) != 2 || ms[1].Form != FormUnregistered || ms[1].IdentifierID != "" || ms[1].ValueKey == "" {
		t.Fatalf("unregistered: %+v", ms)
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := New(Roster{}, Options{}); err != ErrEmptyRoster {
		t.Errorf("empty roster: %v", err)
	}
	d, err := New(Roster{People: []Person{{ID: "x", Name: "张三", Identifiers: []Identifier{
		{ID: "a", Kind: "email", Value: "13800138000"}, {ID: "b", Kind: "other", Value: "ab"}, {ID: "c", Kind: "qq", Value: "48151623"}}}}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sk := d.Skipped()
	if len(sk) != 2 || sk[0].IdentifierID != "a" || sk[1].IdentifierID != "b" || strings.Contains(sk[0].Reason, "13800138000") {
		t.Errorf("skipped: %+v (reasons must not contain the value)", sk)
	}
	if ms := d.Scan(Doc{Body: []byte("48151623")}).Matches; len(ms) != 1 {
		t.Errorf("the usable identifier is still searched: %+v", ms)
	}
}

func TestScanImage(t *testing.T) {
	var orig bytes.Buffer
	if err := png.Encode(&orig, identtest.Card(3)); err != nil {
		t.Fatal(err)
	}
	h, err := PhotoHash(orig.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	r := testRoster()
	r.People[0].Identifiers = append(r.People[0].Identifiers, Identifier{ID: "i-photo", Kind: "photo", Value: fmt.Sprintf("%016x", h)})
	d, err := New(r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Half size, JPEG quality 40: still the registered photo.
	src := identtest.Card(3)
	small := image.NewRGBA(image.Rect(0, 0, 214, 135))
	for y := 0; y < 135; y++ {
		for x := 0; x < 214; x++ {
			var sr, sg, sb uint32
			for _, p := range [][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				r, g, b, _ := src.At(2*x+p[0], 2*y+p[1]).RGBA()
				sr, sg, sb = sr+r>>8, sg+g>>8, sb+b>>8
			}
			small.Set(x, y, color.RGBA{uint8(sr / 4), uint8(sg / 4), uint8(sb / 4), 255})
		}
	}
	var re bytes.Buffer
	if err := jpeg.Encode(&re, small, &jpeg.Options{Quality: 40}); err != nil {
		t.Fatal(err)
	}
	ms, err := d.ScanImage(re.Bytes())
	if err != nil || len(ms) != 1 || ms[0].IdentifierID != "i-photo" || ms[0].Severity != SevCritical {
		t.Fatalf("re-encoded photo: %+v %v", ms, err)
	}
	var other bytes.Buffer
	_ = png.Encode(&other, identtest.Card(11))
	if ms, err := d.ScanImage(other.Bytes()); err != nil || len(ms) != 0 {
		t.Fatalf("other image matched: %+v %v", ms, err)
	}
	if _, err := d.ScanImage([]byte("not an image")); err == nil {
		t.Fatal("garbage decoded as an image")
	}
}

func TestConcurrentScans(t *testing.T) {
	d := mustNew(t)
	done := make(chan []Match)
	for g := 0; g < 4; g++ {
		go func() {
			var last []Match
			for k := 0; k < 50; k++ {
				last = d.Scan(Doc{Body: []byte("<p>程安然 13800138000 anran.cheng@example.com</p>")}).Matches
			}
			done <- last
		}()
	}
	for g := 0; g < 4; g++ {
		if ms := <-done; len(ms) != 3 {
			t.Errorf("goroutine %d: %d matches, want 3", g, len(ms))
		}
	}
}

func TestPinyinInitialsOnlyWhenAsked(t *testing.T) {
	body := []byte("<p>听说 car 的家在这里</p>")
	if ms := mustNew(t).Scan(Doc{Body: body}).Matches; len(ms) != 0 {
		t.Fatalf("initials matched without being asked: %+v", ms)
	}
	r := testRoster()
	r.People[0].PinyinInitials = true
	d, err := New(r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ms := d.Scan(Doc{Body: body}).Matches; len(ms) != 1 || ms[0].Kind != KindName || ms[0].Form != FormVariant {
		t.Fatalf("initials: %+v", ms)
	}
}

// TestManyMatches: a page that repeats a name and a number thousands of
// times still scans (snippets stay linear in the window).
func TestManyMatches(t *testing.T) {
	body := strings.Repeat("<span>程安然 13800138000 </span>", 3000)
	ms := mustNew(t).Scan(Doc{Body: []byte(body)}).Matches
	if len(ms) != 6000 {
		t.Fatalf("%d matches, want 6000", len(ms))
	}
	for _, m := range ms[:10] {
		if strings.Contains(m.Snippet, "13800138000") || strings.Contains(m.Snippet, "程安然") {
			t.Fatalf("snippet leaks: %q", m.Snippet)
		}
	}
}

// TestManyUnregistered: thousands of names and unregistered numbers on one
// page stay fast (no pairwise scan).
func TestManyUnregistered(t *testing.T) {
	body := strings.Repeat("<span>程安然 "+unregPhone+" </span>", 3000)
	ms := mustNew(t).Scan(Doc{Body: []byte(body)}).Matches
	n := 0
	for _, m := range ms {
		if m.Form == FormUnregistered {
			n++
		}
	}
	if n != 3000 {
		t.Fatalf("%d unregistered, want 3000", n)
	}
}

func TestUnregisteredNotFromPinyin(t *testing.T) {
	ms := mustNew(t).Scan(Doc{Body: []byte("Cheng Anran " + unregPhone)}).Matches
	for _, m := range ms {
		if m.Form == FormUnregistered {
			t.Fatalf("pinyin name anchored an unregistered number: %+v", ms)
		}
	}
}

// TestAddressRegisteredInChineseNumerals: the street anchor ends at the
// first numbered component even when the registered form spells numbers
// in Chinese (and not at the 三 of 文三路).
func TestAddressRegisteredInChineseNumerals(t *testing.T) {
	d, err := New(Roster{People: []Person{{ID: "x", Name: "程安然", Identifiers: []Identifier{
		{ID: "a", Kind: "address", Value: "杭州市西湖区文三路八十八号五幢二单元三〇一室"}}}}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for body, form := range map[string]string{
		"文三路88号5幢2单元301室":  FormVariant,
		"文三路八十八号五幢二单元三〇一室": FormExact,
		"文三路88号5幢2单元302室":  "",
	} {
		ms := d.Scan(Doc{Body: []byte(body)}).Matches
		if form == "" {
			if len(ms) != 0 {
				t.Errorf("%s: %+v", body, ms)
			}
			continue
		}
		if len(ms) != 1 || ms[0].Form != form {
			t.Errorf("%s: %+v, want one %s", body, ms, form)
		}
	}
}

func TestFeedEscapedSpan(t *testing.T) {
	body := `<?xml version="1.0"?><feed><entry><content type="html">&lt;p&gt;电话1&lt;b&gt;38&lt;/b&gt;00138000&lt;/p&gt;</content></entry></feed>`
	res := mustNew(t).Scan(Doc{Body: []byte(body)})
	if len(res.Matches) != 1 {
		t.Fatalf("matches: %+v", res.Matches)
	}
	m := res.Matches[0]
	if got := res.Text[m.Start:m.End]; got != "1&lt;b&gt;38&lt;/b&gt;00138000" || m.Form != FormVariant {
		t.Errorf("span %q form %s", got, m.Form)
	}
}
