package report

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doxguard/doxguard/app/pdfdoc"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Test identities (docs/ARCHITECTURE.md): fictitious.
var secrets = []string{"+8613800138000", "13800138000", "11010519491231002X", "6222021234567890128",
	"anran.cheng@example.com", "文三路 88 号 5 幢 2 单元 301 室", "程安然", "48151623"}

var t0 = time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC)

// longSnippet wraps over several lines, so line breaks fall inside Chinese
// text and inside the highlighted match.
const longSnippet = "楼主爆料：这个主播平时在直播间里装得很正经，其实私下里脾气很差，大家可以去问问她本人，" +
	"她的手机号是【138****8000】，住在浙江省杭州市西湖区****，有空的可以去楼下等她，别说是我说的。"

func sample(n int) Data {
	d := Data{
		Lang: "zh", ReportID: "R-0123456789ab", Person: "程某", PersonID: "p1",
		From: t0.AddDate(0, 0, -30), To: t0.AddDate(0, 0, 7),
		Generated: t0.Add(72 * time.Hour), Version: "0.1.0",
		CustodyTotal: 1234, Secrets: secrets,
	}
	kinds := []struct{ kind, masked, sev, form, status string }{
		{"phone", "138****8000", "high", "exact", "new"},
		{"cn_id", "110105********002X", "critical", "variant", "reported"},
		{"address", "浙江省杭州市西湖区****", "high", "partial", "removed"},
		{"bank_card", "622202*********0128", "critical", "exact", "confirmed"},
		{"email", "a***@example.com", "medium", "exact", "reappeared"},
	}
	hosts := []string{"tieba.example.com", "weibo.example.cn", "bbs.example.org"}
	for i := range n {
		k := kinds[i%len(kinds)]
		h := hosts[i%len(hosts)]
		hash := fmt.Sprintf("%064x", i+1)
		f := Finding{
			ID: fmt.Sprintf("f%d", i+1), URL: fmt.Sprintf("https://%s/thread/%d?from=search&page=%d", h, 900100+i, i%4+1),
			Host: h, Kind: k.kind, Form: k.form, Severity: k.sev, Status: k.status, Masked: k.masked, Where: "text",
			Snippet:   longSnippet,
			FirstSeen: t0.Add(time.Duration(i) * time.Hour), LastSeen: t0.Add(time.Duration(i+30) * time.Hour),
			Timeline: []Event{
				{At: t0.Add(time.Duration(i) * time.Hour), Status: "new"},
				{At: t0.Add(time.Duration(i+20) * time.Hour), Status: k.status, Note: "已向平台提交删除通知"},
			},
			Capture: &Capture{
				SHA256: hash, URL: "https://" + h, FetchedAt: t0.Add(time.Duration(i) * time.Hour),
				Status: 200, RemoteIP: "203.0.113.7", Size: 48213, Tool: "DoxGuard 0.1.0 (colly v2.3.0)", CustodySeq: uint64(10 + i),
			},
		}
		if k.form == "partial" {
			f.Exposed = "省、市、区"
		}
		if i%2 == 0 {
			f.Platform = "示例贴吧"
			f.Capture.TSA = &Timestamp{Authority: "http://127.0.0.1:8318/tsa", Time: t0.Add(time.Duration(i)*time.Hour + time.Second),
				Serial: fmt.Sprint(1000 + i), Policy: "1.2.3.4.1", Verified: true}
			f.Capture.Screenshot = fmt.Sprintf("%064x", 0xabc000+i)
		}
		d.Findings = append(d.Findings, f)
	}
	if n > 0 {
		d.Cases = []Case{{ID: "c1", Host: "tieba.example.com", Platform: "示例贴吧", Status: "acknowledged",
			Channel: "平台侵权投诉表单", Ref: "T-2026-0042", SentAt: t0.Add(24 * time.Hour), Deadline: t0.Add(8 * 24 * time.Hour),
			Findings: 1, Timeline: []Event{{At: t0.Add(24 * time.Hour), Status: "sent"}, {At: t0.Add(50 * time.Hour), Status: "acknowledged", Note: "平台回复已受理"}}}}
	}
	for i := range 5 {
		d.Custody = append(d.Custody, CustodyEntry{Seq: uint64(1230 + i), Time: t0.Add(time.Duration(i) * time.Minute),
			Action:  []string{"capture_added", "finding_created", "finding_marked", "letter_generated", "export_made"}[i],
			Subject: fmt.Sprintf("f%d", i+1), Hash: fmt.Sprintf("%064x", 0xfeed00+i)})
	}
	return d
}

func render(t testing.TB, d Data) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(d, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pdftotext(t *testing.T, pdf []byte, layout bool) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	in := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"-enc", "UTF-8", in, "-"}
	if layout {
		args = append([]string{"-layout"}, args...)
	}
	out, err := exec.Command("pdftotext", args...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func flat(s string) string { return strings.Join(strings.Fields(s), "") }

func TestChineseReportKeepsEverySentence(t *testing.T) {
	d := sample(7)
	text := flat(pdftotext(t, render(t, d), false))
	l := lang(0)
	want := []string{longSnippet, l.w("cover_note"), l.w("not_legal"), l.w("verify_1"), l.w("verify_2"),
		l.w("verify_3"), l.w("proves"), l.w("not_proves"), l.w("declaration_1"), pdfdoc.MaskingNotice("zh"),
		"程某", "R-0123456789ab", "2026-10-21—2026-11-27", "138****8000", "110105********002X",
		"https://bbs.example.org/thread/900102?from=search&page=3", fmt.Sprintf("%064x", 7),
		"2026-11-2308:30:00UTC（北京时间2026-11-2316:30:00）", "已向平台提交删除通知", "签名与哈希核验通过",
		"三、通知与处理记录", "案件c1·示例贴吧(tieba.example.com)", "平台受理编号T-2026-0042", "平台已受理—平台回复已受理"}
	for _, s := range want {
		if !strings.Contains(text, flat(s)) {
			t.Errorf("report text lacks %q", s)
		}
	}
	for _, s := range secrets {
		if strings.Contains(text, flat(s)) || strings.Contains(text, s) {
			t.Errorf("report contains a registered identifier in full (%d runes)", len([]rune(s)))
		}
	}
	if got := strings.Count(text, flat(longSnippet)); got != 7 {
		t.Errorf("snippet appears %d times, want 7", got)
	}
}

func TestEnglishReport(t *testing.T) {
	d := sample(3)
	d.Lang = "en"
	text := flat(pdftotext(t, render(t, d), false))
	l := lang(1)
	for _, s := range []string{l.w("title"), l.w("verify_2"), l.w("not_proves"), pdfdoc.MaskingNotice("en"), "Page1of", "disguised(complete)"} {
		if !strings.Contains(text, flat(s)) {
			t.Errorf("english report lacks %q", s)
		}
	}
}

// A masking bug upstream must not reach the PDF.
func TestRefusesUnmaskedValue(t *testing.T) {
	d := sample(2)
	d.Findings[1].Snippet = "电话 138 0013 8000 在这里"
	err := Render(d, &bytes.Buffer{})
	if !errors.Is(err, pdfdoc.ErrWouldExpose) {
		t.Fatalf("Render = %v, want ErrWouldExpose", err)
	}
	if strings.Contains(err.Error(), "138") {
		t.Errorf("error names the value: %v", err)
	}
}

func TestEmptyReport(t *testing.T) {
	d := sample(0)
	text := flat(pdftotext(t, render(t, d), false))
	if !strings.Contains(text, flat(lang(0).w("no_findings"))) {
		t.Error("empty report does not say there are no findings")
	}
}

// TestGoldenLayout pins the page layout: the -layout text of a two-finding
// report, page by page. Regenerate with go test ./app/report -run Golden -update
// after an intended layout change, and look at the diff.
func TestGoldenLayout(t *testing.T) {
	for _, lg := range []string{"zh", "en"} {
		d := sample(2)
		d.Lang = lg
		got := pdftotext(t, render(t, d), true)
		// Trailing spaces depend on poppler's version, not on us.
		var lines []string
		for _, ln := range strings.Split(got, "\n") {
			lines = append(lines, strings.TrimRight(ln, " "))
		}
		got = strings.Join(lines, "\n")
		path := filepath.Join("testdata", "layout."+lg+".txt")
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s layout changed; diff %s against go test -update output", lg, path)
		}
	}
}

func TestPagesRender(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed")
	}
	dir := t.TempDir()
	if out := os.Getenv("REPORT_PNG_DIR"); out != "" {
		dir = out // to look at the pages
	}
	in := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(in, render(t, sample(4)), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "60", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(pages) < 4 {
		t.Fatalf("rendered %d pages, want at least 4 (cover, summary, findings, custody)", len(pages))
	}
}
