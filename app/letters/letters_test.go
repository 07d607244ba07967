package letters

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current templates")

// The fictitious test identity (docs/ARCHITECTURE.md "Test identities"):
// the plaintext values below must never reach a letter.
var secrets = []Secret{
	{"name", "程安然"},
	{"name", "安然然"},
	{"phone", "+8613800138000"},
	{"cn_id", "11010519491231002X"},
	{"bank_card", "6222021234567890128"},
	{"email", "anran.cheng@example.com"},
	{"address", "浙江省杭州市西湖区文三路88号5幢2单元301室"},
	{"qq", "48151623"},
	{"plate", "浙AD12345"},
	{"passport", "E12345678"},
	{"wechat", "anran_wx_2024"},
	{"handle", "anran_live"},
}

func fixedFields(lang string, agent bool) Fields {
	t0 := time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC)
	f := Fields{
		Lang:      lang,
		Date:      time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC),
		CaseID:    "c7",
		ReportID:  "DG-c7-3f2a9c1e",
		Requester: Party{Name: "程某", Contact: "contact@example.org"},
		Recipient: Party{Name: "微博", Channel: "社区管理中心 / 举报处理大厅 https://service.account.weibo.com/"},
		Platform:  "微博",
		Host:      "weibo.com",
		FirstSeen: t0,
		Items: []Item{{
			N: 1, URL: "https://weibo.com/1234567/AbCdEf",
			Exposed: []Exposure{
				{Kind: "cn_id", Masked: "110105********002X"},
				{Kind: "phone", Masked: "138****8000"},
				{Kind: "address", Masked: "浙江省杭州市西湖区****"},
			},
			FirstSeen: t0, LastSeen: t0.Add(48 * time.Hour),
			CaptureSHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		}, {
			N: 2, URL: "https://weibo.com/7654321/ZyXwVu",
			Exposed:   []Exposure{{Kind: "bank_card", Masked: "622202*********0128"}},
			FirstSeen: t0.Add(time.Hour), LastSeen: t0.Add(50 * time.Hour),
			CaptureSHA256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
		}},
		Sensitive: true,
	}
	for i := range f.Items {
		for j := range f.Items[i].Exposed {
			e := &f.Items[i].Exposed[j]
			e.Label = KindLabel(e.Kind, lang)
		}
	}
	f.Kinds = []string{KindLabel("cn_id", lang), KindLabel("phone", lang), KindLabel("address", lang), KindLabel("bank_card", lang)}
	if agent {
		f.Agent = &Party{Name: "王经纪", Org: "星光文化传媒有限公司", Role: "经纪人", Contact: "legal@starlight.example"}
	}
	return f
}

func render(t *testing.T, name, lang string, agent bool) Letter {
	t.Helper()
	tpl, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	f := fixedFields(lang, agent)
	f.Deadline = tpl.PeriodFor(0).Deadline(f.Date, lang)
	if name == "follow-up" {
		f.Previous = &Previous{Template: "platform-notice", SentAt: f.Date.AddDate(0, 0, -10), Channel: "https://service.account.weibo.com/", Ref: "WB-2026-0042", Due: f.Date.AddDate(0, 0, -3)}
	}
	l, err := Renderer{}.Render(name, f)
	if err != nil {
		t.Fatalf("render %s.%s: %v", name, lang, err)
	}
	return l
}

func TestGolden(t *testing.T) {
	for _, tpl := range Templates() {
		for _, lang := range []string{LangZH, LangEN} {
			t.Run(tpl.Name+"."+lang, func(t *testing.T) {
				l := render(t, tpl.Name, lang, tpl.Name == "power-of-attorney")
				path := filepath.Join("testdata", "golden", tpl.Name+"."+lang+".md")
				if *update {
					if err := os.WriteFile(path, []byte(l.Markdown), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if l.Markdown != string(want) {
					t.Errorf("%s differs from golden; diff with go test -update and git diff", path)
				}
			})
		}
	}
}

// Every letter must carry the elements notes/legal.md requires of it.
func TestLetterElements(t *testing.T) {
	common := map[string][]string{
		LangZH: {"不构成法律意见", "律师", "已作遮蔽处理", "https://weibo.com/1234567/AbCdEf", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "110105********002X", "程某"},
		LangEN: {"not legal advice", "lawyer", "has been masked", "https://weibo.com/1234567/AbCdEf", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "110105********002X", "程某"},
	}
	specific := map[string][]string{
		"platform-notice.zh":   {"第一千一百九十五条", "初步证据", "错误通知", "2026年12月4日"},
		"platform-notice.en":   {"Article 1195", "erroneous notice", "4 December 2026"},
		"pipl-deletion.zh":     {"第四十七条第一款第（四）项", "第五十条", "15个工作日", "2026年12月18日"},
		"pipl-deletion.en":     {"Art. 47(1)(iv)", "Art. 50", "15 working days", "this period is my request"},
		"gdpr-erasure.en":      {"Article 17(1)(d)", "Article 17(2)", "one month", "27 December 2026"},
		"gdpr-erasure.zh":      {"第17条第1款(d)项", "一个月", "2026年12月27日"},
		"dsa-notice.en":        {"Art. 16(2)(b)", "bona fide belief"},
		"police-report.zh":     {"第二百五十三条之一", "法发〔2023〕14号", "受案回执", "现场核验"},
		"police-report.en":     {"Art. 253-1", "Fa Fa [2023] No. 14", "acceptance receipt"},
		"report-12377.zh":      {"第六十五条", "网络暴力信息治理规定"},
		"google-removal.en":    {"support.google.com/websearch/answer/9673730", "does not remove the page"},
		"power-of-attorney.zh": {"委托人", "受托人：王经纪", "有偿删除"},
		"follow-up.zh":         {"WB-2026-0042", "第一千一百九十五条", "第九百九十七条"},
		"follow-up.en":         {"WB-2026-0042", "Article 1195", "Art. 997"},
	}
	for _, tpl := range Templates() {
		for _, lang := range []string{LangZH, LangEN} {
			l := render(t, tpl.Name, lang, tpl.Name == "power-of-attorney")
			for _, s := range append(common[lang], specific[tpl.Name+"."+lang]...) {
				if !strings.Contains(l.Markdown, s) {
					t.Errorf("%s.%s: missing %q", tpl.Name, lang, s)
				}
			}
			if l.Title == "" {
				t.Errorf("%s.%s: no title", tpl.Name, lang)
			}
			// Citations legal.md marks as unverified must not appear.
			for _, bad := range []string{"第五十六条", "Art. 56", "Article 12(4)", "Art. 19", "第二十二条", "第五十条第一款第（六）项"} {
				if strings.Contains(l.Markdown, bad) {
					t.Errorf("%s.%s: cites unverified %q", tpl.Name, lang, bad)
				}
			}
		}
	}
}

func TestEveryFormatMasked(t *testing.T) {
	ctx := context.Background()
	for _, tpl := range Templates() {
		for _, lang := range []string{LangZH, LangEN} {
			l := render(t, tpl.Name, lang, true)
			for _, f := range Formats() {
				b, err := l.Bytes(ctx, f)
				if err != nil {
					t.Fatalf("%s.%s.%s: %v", tpl.Name, lang, f, err)
				}
				text := string(b)
				if f == FormatEML {
					text = decodeEML(t, b)
				}
				if f == FormatPDF {
					text = pdfText(t, b)
				}
				if err := Check(text, secrets); err != nil {
					t.Errorf("%s.%s.%s: %v", tpl.Name, lang, f, err)
				}
				if !strings.Contains(strings.ReplaceAll(text, " ", ""), "110105********002X") {
					t.Errorf("%s.%s.%s: masked ID number missing from output", tpl.Name, lang, f)
				}
			}
		}
	}
}
