package detect

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/doxguard/doxguard/monitor/detect/ident"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// corpusDir holds real saved pages (shared/corpus, beside the repository).
func corpusDir(t testing.TB) string {
	for _, p := range []string{"../../../shared/corpus/pages", "../../../../shared/corpus/pages"} {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
	}
	t.Skip("shared/corpus/pages not found beside the repository")
	return ""
}

type corpusPage struct {
	name string
	raw  []byte // as saved
	body []byte // UTF-8 (GBK pages decoded and relabelled) for planting
	zh   bool
}

func loadCorpus(t testing.TB) []corpusPage {
	dir := corpusDir(t)
	man, err := os.ReadFile(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var pages []corpusPage
	for i, line := range strings.Split(strings.TrimSpace(string(man)), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 || len(f) < 11 {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, f[0]))
		if err != nil {
			t.Fatal(err)
		}
		p := corpusPage{name: f[0], raw: b, body: b, zh: f[10] == "zh"}
		if f[8] == "gbk" {
			u, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
			if err != nil {
				t.Fatal(err)
			}
			p.body = []byte(strings.NewReplacer("gb2312", "utf-8", "GB2312", "utf-8", "gbk", "utf-8").Replace(string(u)))
		}
		pages = append(pages, p)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].name < pages[j].name })
	return pages
}

// cnID completes 17 digits with the GB 11643 check character.
func cnID(p17 string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(p17[i]-'0') * w[i]
	}
	return p17 + string("10X98765432"[sum%11])
}

// luhnComplete appends the Luhn check digit.
func luhnComplete(p string) string {
	for c := byte('0'); c <= '9'; c++ {
		if ident.Luhn(p + string(c)) {
			return p + string(c)
		}
	}
	return ""
}

type want struct {
	person, kind, form string
	where              Where
}

type plantCase struct {
	form  string // the disguise, for the per-form table
	html  string
	wants []want // names in the planted text are always allowed extra
}

func w(person, kind, form string) want { return want{person, kind, form, ""} }
func wa(person, kind, form string, where Where) want {
	return want{person, kind, form, where}
}

var (
	unregPhone = "13700001111"
	unregID    = cnID("33010619800101123")
	unregCard  = luhnComplete("621700123456789012")
)

func plantCases() []plantCase {
	return []plantCase{
		{"phone plain", `电话13800138000。`, []want{w("p1", "phone", FormExact)}},
		{"phone spaced", `电话 138 0013 8000 欢迎`, []want{w("p1", "phone", FormExact)}},
		{"phone hyphens", `手机:138-0013-8000`, []want{w("p1", "phone", FormExact)}},
		{"phone +86 spaced", `+86 138 0013 8000`, []want{w("p1", "phone", FormExact)}},
		{"phone 0086", `0086-13800138000`, []want{w("p1", "phone", FormExact)}},
		{"phone +86 joined", `+8613800138000`, []want{w("p1", "phone", FormExact)}},
		{"phone 86- prefix", `86-13800138000`, []want{w("p1", "phone", FormExact)}},
		{"phone in line breaks", `138<br>0013<br>8000`, []want{w("p1", "phone", FormVariant)}},
		{"phone full-width", `电话：１３８００１３８０００`, []want{w("p1", "phone", FormVariant)}},
		{"phone full-width spaced", `１３８　００１３　８０００`, []want{w("p1", "phone", FormVariant)}},
		{"phone chinese numerals", `幺三八零零幺三八零零零`, []want{w("p1", "phone", FormVariant)}},
		{"phone capital numerals", `壹叁捌零零壹叁捌零零零`, []want{w("p1", "phone", FormVariant)}},
		{"phone mixed numerals", `138零零一三8000`, []want{w("p1", "phone", FormVariant)}},
		{"phone circled", `①③⑧⓪⓪①③⑧⓪⓪⓪`, []want{w("p1", "phone", FormVariant)}},
		{"phone split by tags", `电话1<b>38</b>0013<span>8000</span>`, []want{w("p1", "phone", FormVariant)}},
		{"phone split by comment", `1380<!-- 别找了 -->0138000`, []want{w("p1", "phone", FormVariant)}},
		{"phone zero-width", "138\u200b0013\u200d8000", []want{w("p1", "phone", FormVariant)}},
		{"phone dots", `138.0013.8000`, []want{w("p1", "phone", FormVariant)}},
		{"phone slashes", `138/0013/8000`, []want{w("p1", "phone", FormVariant)}},
		{"phone entities", `&#49;&#51;&#x38;00138000`, []want{w("p1", "phone", FormVariant)}},
		{"phone alt", `<img src="a.png" alt="联系 13800138000">`, []want{wa("p1", "phone", FormExact, WhereAttribute)}},
		{"phone title", `<span title="138 0013 8000">hover</span>`, []want{wa("p1", "phone", FormExact, WhereAttribute)}},
		{"phone tel href", `<a href="tel:+86-138-0013-8000">拨打</a>`, []want{wa("p1", "phone", FormExact, WhereAttribute)}},
		{"phone data attribute", `<div data-mobile="13800138000"></div>`, []want{wa("p1", "phone", FormExact, WhereAttribute)}},
		{"phone input value", `<input value="13800138000">`, []want{wa("p1", "phone", FormExact, WhereAttribute)}},
		{"phone script json escapes", `<script>var u={"tel":"\u0031\u0033\u0038 0013 8000"};</script>`, []want{wa("p1", "phone", FormVariant, WhereScript)}},
		{"phone script number", `<script>window.__d={mobile:13800138000}</script>`, []want{wa("p1", "phone", FormExact, WhereScript)}},
		{"phone hidden element", `<div style="display: none">13800138000</div>`, []want{wa("p1", "phone", FormExact, WhereHidden)}},
		{"phone in comment", `<!-- 手机 13800138000 -->`, []want{wa("p1", "phone", FormExact, WhereHidden)}},
		{"phone masked stars", `手机 138****8000`, []want{w("p1", "phone", FormPartial)}},
		{"phone masked x", `手机 138xxxx8000`, []want{w("p1", "phone", FormPartial)}},
		{"id plain", `身份证 11010519491231002X`, []want{w("p1", "cn_id", FormExact)}},
		{"id lower x", `身份证号11010519491231002x。`, []want{w("p1", "cn_id", FormExact)}},
		{"id spaced", `110105 19491231 002X`, []want{w("p1", "cn_id", FormExact)}},
		{"id full-width", `１１０１０５１９４９１２３１００２Ｘ`, []want{w("p1", "cn_id", FormVariant)}},
		{"id chinese numerals", `幺幺零幺零五幺九四九幺二三幺零零二X`, []want{w("p1", "cn_id", FormVariant)}},
		{"id masked", `身份证 110105********002X`, []want{w("p1", "cn_id", FormPartial)}},
		{"card spaced", `卡号 6222 0212 3456 7890 128`, []want{w("p1", "bank_card", FormExact)}},
		{"card masked", `卡号 622202*********0128`, []want{w("p1", "bank_card", FormPartial)}},
		{"card masked spaced", `6222 0212 **** **** 128`, []want{w("p1", "bank_card", FormPartial)}},
		{"card in comment", `<!--6222021234567890128-->`, []want{wa("p1", "bank_card", FormExact, WhereHidden)}},
		{"email plain", `邮箱 anran.cheng@example.com 。`, []want{w("p1", "email", FormExact)}},
		{"email upper", `ANRAN.CHENG@EXAMPLE.COM`, []want{w("p1", "email", FormExact)}},
		{"email [at][dot]", `anran.cheng[at]example[dot]com`, []want{w("p1", "email", FormVariant)}},
		{"email (at)", `anran.cheng (at) example.com`, []want{w("p1", "email", FormVariant)}},
		{"email 艾特 点", `anran.cheng艾特example点com`, []want{w("p1", "email", FormVariant)}},
		{"email at dot words", `anran.cheng at example dot com`, []want{w("p1", "email", FormVariant)}},
		{"email # for @", `anran.cheng#example.com`, []want{w("p1", "email", FormVariant)}},
		{"email full-width at", `anran.cheng＠example.com`, []want{w("p1", "email", FormVariant)}},
		{"email mailto", `<a href="mailto:anran.cheng@example.com">信</a>`, []want{wa("p1", "email", FormExact, WhereAttribute)}},
		{"address full", `住在浙江省杭州市西湖区文三路88号5幢2单元301室。`, []want{w("p1", "address", FormExact)}},
		{"address no province", `杭州市西湖区文三路88号5幢2单元301室`, []want{w("p1", "address", FormExact)}},
		{"address street only", `地址：文三路88号5幢2单元301室`, []want{w("p1", "address", FormExact)}},
		{"address 栋 for 幢", `文三路88号5栋2单元301室`, []want{w("p1", "address", FormVariant)}},
		{"address 号楼 户", `文三路88号5号楼2单元301户`, []want{w("p1", "address", FormVariant)}},
		{"address chinese numerals", `文三路八十八号五幢二单元三〇一室`, []want{w("p1", "address", FormVariant)}},
		{"address hyphenated", `西湖区文三路88号5-2-301`, []want{w("p1", "address", FormVariant)}},
		{"address traditional", `浙江省杭州市西湖區文三路88號5幢2單元301室`, []want{w("p1", "address", FormVariant)}},
		{"address cut after district", `浙江省杭州市西湖区****`, []want{w("p1", "address", FormPartial)}},
		{"address masked rooms", `文三路88号*幢*单元***室`, []want{w("p1", "address", FormPartial)}},
		{"qq", `QQ：48151623`, []want{w("p1", "qq", FormExact)}},
		{"plate", `车牌浙AD12345`, []want{w("p1", "plate", FormExact)}},
		{"plate dot", `车牌 浙A·D12345`, []want{w("p1", "plate", FormVariant)}},
		{"handle", `微博 @mingyuan_oy88 发帖`, []want{w("p2", "handle", FormExact)}},
		{"person2 email", `mingyuan.oy@example.org`, []want{w("p2", "email", FormExact)}},
		{"name", `程安然`, []want{w("p1", KindName, FormExact)}},
		{"alias", `网名安然然`, []want{w("p1", KindName, FormExact)}},
		{"name pinyin", `Cheng Anran`, []want{w("p1", KindName, FormVariant)}},
		{"name pinyin surname caps", `CHENG Anran`, []want{w("p1", KindName, FormVariant)}},
		{"name pinyin reversed", `ANRAN CHENG`, []want{w("p1", KindName, FormVariant)}},
		{"name traditional", `歐陽明遠`, []want{w("p2", KindName, FormVariant)}},
		{"name masked", `程*然`, []want{w("p1", KindName, FormPartial)}},
		{"name 某某", `欧阳某某`, []want{w("p2", KindName, FormPartial)}},
		{"unregistered mobile", `程安然的另一个号码是 ` + unregPhone, []want{w("p1", KindName, FormExact), w("p1", "phone", FormUnregistered)}},
		{"unregistered id", `程安然 家属身份证 ` + unregID, []want{w("p1", KindName, FormExact), w("p1", "cn_id", FormUnregistered)}},
		{"unregistered card", `欧阳明远 卡号 ` + unregCard, []want{w("p2", KindName, FormExact), w("p2", "bank_card", FormUnregistered)}},
		{"dossier", `程安然，电话13800138000，住浙江省杭州市西湖区文三路88号5幢2单元301室`,
			[]want{w("p1", KindName, FormExact), w("p1", "phone", FormExact), w("p1", "address", FormExact)}},
	}
}

// decoys are near misses: none may be reported at all.
var decoys = []struct{ name, html string }{
	{"phone one digit off", `电话13800138001`},
	{"phone swapped digits", `电话13800183000`},
	{"phone inside longer number", `订单号2138001380001`},
	{"id wrong check digit", `身份证110105194912310021`},
	{"id one digit off", `11010519491231003X`},
	{"card one digit off", `6222021234567890129`},
	{"similar name", `程安燃 和 陈安然`},
	{"email other domain", `anran.cheng@example.org`},
	{"email longer domain", `anran.cheng@example.com.cn`},
	{"email longer local", `xanran.cheng@example.com`},
	{"plate one off", `浙AD12346`},
	{"mask disagrees", `139****8000 与 110106********002X`},
	{"address other building", `文三路88号7幢2单元301室`},
	{"address other house", `文三路86号5幢2单元301室`},
	{"address street alone", `文三路上车很多`},
	{"qq inside number", `948151623`},
	{"pinyin inside word", `chenganrans`},
	{"numerals in prose", `一二三四五六，三八节`},
}

// plant inserts an element holding s after <body…> (or at the start).
func plant(page []byte, s string) []byte {
	ins := []byte(`<ins id="dg-plant">` + s + `</ins>`)
	i := bytes.Index(bytes.ToLower(page), []byte("<body"))
	if i >= 0 {
		if j := bytes.IndexByte(page[i:], '>'); j >= 0 {
			i += j + 1
		}
	} else {
		i = 0
	}
	out := append([]byte{}, page[:i]...)
	out = append(out, ins...)
	return append(out, page[i:]...)
}

// toGBK re-encodes a UTF-8 page as GB18030 and relabels it gbk.
func toGBK(t testing.TB, page []byte) []byte {
	s := strings.NewReplacer("charset=utf-8", "charset=gbk", "charset=UTF-8", "charset=gbk", `charset="utf-8"`, `charset="gbk"`).Replace(string(page))
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type tally struct{ planted, found, reported, correct int }

func TestCorpusPlanted(t *testing.T) {
	pages := loadCorpus(t)
	var zh []corpusPage
	for _, p := range pages {
		if p.zh {
			zh = append(zh, p)
		}
	}
	d, err := New(testRoster(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	perForm := map[string]*tally{}
	var order []string
	for ci, c := range plantCases() {
		for _, enc := range []string{"utf-8", "gbk"} {
			page := pages[ci%len(pages)]
			if enc == "gbk" {
				page = zh[ci%len(zh)]
			}
			body := plant(page.body, c.html)
			ct := "text/html"
			if enc == "gbk" {
				body = toGBK(t, body)
				if ci%2 == 0 {
					ct = "text/html; charset=GBK"
				}
			}
			key := c.form
			if perForm[key] == nil {
				perForm[key] = &tally{}
				order = append(order, key)
			}
			tl := perForm[key]
			res := d.Scan(Doc{Body: body, ContentType: ct})
			lo := strings.Index(res.Text, `<ins id="dg-plant">`)
			hi := -1
			if lo >= 0 {
				hi = strings.Index(res.Text[lo:], `</ins>`)
			}
			if lo < 0 || hi < 0 {
				t.Fatalf("%s/%s: planted region lost in decoding (charset %s)", c.form, enc, res.Charset)
			}
			hi += lo
			got := make([]bool, len(c.wants))
			for _, m := range res.Matches {
				inside := m.Start >= lo && m.End <= hi
				tl.reported++
				ok := false
				for k, wnt := range c.wants {
					if inside && m.PersonID == wnt.person && m.Kind == wnt.kind && m.Form == wnt.form && (wnt.where == "" || wnt.where == m.Where) {
						got[k], ok = true, true
					}
				}
				if !ok && inside && m.Kind == KindName {
					ok = true // names near a planted value are context, not errors
				}
				if ok {
					tl.correct++
				} else {
					t.Errorf("%s/%s on %s: unexpected %s %s %s %s at %d (planted %d–%d)", c.form, enc, page.name, m.PersonID, m.Kind, m.Form, m.Where, m.Start, lo, hi)
				}
				for _, s := range []string{"13800138000", "1380013", "11010519491231002", "6222021234567890128", "anran.cheng", "文三路", "程安然", "48151623", "D12345"} {
					if strings.Contains(strings.ToLower(m.Snippet+m.Masked), strings.ToLower(s)) {
						t.Errorf("%s/%s: plaintext %q in masked output %q", c.form, enc, s, m.Snippet)
					}
				}
			}
			for k, g := range got {
				tl.planted++
				if g {
					tl.found++
				} else {
					var seen []string
					for _, m := range res.Matches {
						seen = append(seen, fmt.Sprintf("%s/%s/%s/%s", m.PersonID, m.Kind, m.Form, m.Where))
					}
					t.Errorf("%s/%s on %s: missed %+v; saw %v", c.form, enc, page.name, c.wants[k], seen)
				}
			}
			if c.form == "dossier" {
				for _, m := range res.Matches {
					if m.Kind != KindName && m.Severity != SevCritical {
						t.Errorf("dossier: %s is %s, want critical", m.Kind, m.Severity)
					}
				}
			}
		}
	}
	t.Logf("%-28s %8s %8s %9s", "form", "planted", "recall", "precision")
	var all tally
	for _, k := range order {
		tl := perForm[k]
		all.planted += tl.planted
		all.found += tl.found
		all.reported += tl.reported
		all.correct += tl.correct
		t.Logf("%-28s %8d %7.0f%% %8.0f%%", k, tl.planted, pct(tl.found, tl.planted), pct(tl.correct, tl.reported))
	}
	t.Logf("%-28s %8d %7.1f%% %8.1f%%  (%d forms × UTF-8 and GBK)", "ALL", all.planted, pct(all.found, all.planted), pct(all.correct, all.reported), len(order))
	if len(order) < 40 {
		t.Errorf("only %d forms planted, want ≥ 40", len(order))
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}

func TestCorpusDecoys(t *testing.T) {
	pages := loadCorpus(t)
	d, err := New(testRoster(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, dc := range decoys {
		for _, enc := range []string{"utf-8", "gbk"} {
			page := pages[(i*7)%len(pages)]
			body := plant(page.body, dc.html)
			if enc == "gbk" {
				body = toGBK(t, body)
			}
			for _, m := range d.Scan(Doc{Body: body, ContentType: "text/html"}).Matches {
				t.Errorf("decoy %q (%s, %s): reported %s %s %s %q", dc.name, enc, page.name, m.PersonID, m.Kind, m.Form, m.Masked)
			}
		}
	}
}

// TestCorpusBackground: the pages' own phone numbers, IDs and long digit
// runs are nobody's exposure.
func TestCorpusBackground(t *testing.T) {
	d, err := New(testRoster(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range loadCorpus(t) {
		res := d.Scan(Doc{Body: p.raw})
		for _, m := range res.Matches {
			t.Errorf("%s: background reported as %s %s %s %q", p.name, m.PersonID, m.Kind, m.Form, m.Masked)
		}
		if strings.Count(res.Text, "\uFFFD") > 20 {
			t.Errorf("%s: decoded as %s with %d replacement characters", p.name, res.Charset, strings.Count(res.Text, "\uFFFD"))
		}
	}
}
