package detect

import "testing"

func TestSmoke(t *testing.T) {
	d, err := New(testRoster(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs := []string{
		`<p>程安然的电话 138 0013 8000，身份证 11010519491231002X</p>`,
		`<p>电话：1<b>38</b>0013<!-- x -->8000 邮箱 anran.cheng[at]example[dot]com</p>`,
		`<div>住址：杭州市西湖区文三路八十八号5栋2单元301</div><div>幺三八零零幺三八零零零</div>`,
		`<p>138****8000 和 110105********002X 还有 浙江省杭州市西湖区****</p><p>程*然 cheng anran</p>`,
		`<script>var a = {"tel":"\u0031\u0033\u0038 0013 8000", "n":"程安然", "m":13912345679}</script>`,
		`<p>程安然 另一个号码 13912345679 身份证 110105194912310010</p>`,
		`<p>文三路88号7幢 anran.cheng@example.org 138 0013 8001</p>`,
	}
	for _, s := range docs {
		r := d.Scan(Doc{Body: []byte(s), ContentType: "text/html"})
		t.Logf("DOC %s", s)
		for _, m := range r.Matches {
			t.Logf("  %s %s %s %s %s [%d,%d] %q masked=%s exposed=%s | %s", m.PersonID, m.Kind, m.Form, m.Severity, m.Where, m.Start, m.End, r.Text[m.Start:m.End], m.Masked, m.Exposed, m.Snippet)
		}
	}
}
