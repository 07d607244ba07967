package pdfdoc

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// measure gives CJK 2 units and everything else 1, like a monospace font.
func measure(s string) float64 {
	w := 0.0
	for _, r := range s {
		if wide(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

func TestBreakLinesKeepsEveryRune(t *testing.T) {
	texts := []string{
		"本文件中的个人信息已作遮蔽处理；未遮蔽原始证据已封存，仅在司法机关、行政机关依法要求时提供。",
		"网址 https://bbs.example.com/thread/12345?page=2&from=search 于二〇二六年被发现，内容包括手机号【138****8000】和住址。",
		"Personal data in this document has been masked; unmasked original evidence is sealed.",
		"混合 mixed 文本 text，带标点。“引号”（括号）《书名》！",
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	}
	for _, text := range texts {
		for width := 6.0; width <= 40; width += 3 {
			lines := BreakLines(measure, text, width)
			joined := strings.Join(lines, "")
			if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(text, " ", "") {
				t.Fatalf("width %v: lines %q lose characters of %q", width, lines, text)
			}
			for i, l := range lines {
				if measure(l) > width && utf8.RuneCountInString(l) > 1 {
					t.Errorf("width %v: line %q is %v wide", width, l, measure(l))
				}
				if i > 0 {
					r, _ := utf8.DecodeRuneInString(l)
					if strings.ContainsRune(noLineStart, r) {
						t.Errorf("width %v: line %d starts with %q: %q", width, i, r, lines)
					}
				}
				if r, _ := utf8.DecodeLastRuneInString(l); i < len(lines)-1 && strings.ContainsRune(noLineEnd, r) {
					t.Errorf("width %v: line %d ends with %q", width, i, r)
				}
			}
		}
	}
}

func TestBreakLinesLatinAtSpaces(t *testing.T) {
	got := BreakLines(measure, "how to verify this report", 12)
	want := []string{"how to", "verify this", "report"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// long is a paragraph that wraps several times at any width we use.
const long = "这份报告记录了在公开网页上发现的个人信息暴露情况，每一条记录都对应一次网页抓取，" +
	"抓取时保存了服务器返回的原始字节、请求和响应头、远程地址以及协调世界时，并计算了原始字节的哈希值。" +
	"任何人都可以从导出的归档文件重新计算哈希值，与本报告中的数值比对，以确认证据自抓取以来未被修改。"

func TestPDFTextHasEveryCharacter(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	d, err := New(Options{Title: "测试", Lang: "zh", Header: "DoxGuard 测试文档", Footer: MaskingNotice("zh")})
	if err != nil {
		t.Fatal(err)
	}
	d.AddPage()
	d.Heading(0, "证据报告")
	d.Text(long, 10.5)
	d.Fields([]Field{{"说明", long}, {"SHA-256", strings.Repeat("0123456789abcdef", 4)}}, 9, 30)
	d.Marked("前文很长很长的一段话，"+long+"手机号【138****8000】出现在这里。", 9)
	d.Bullet(long, 10)
	d.AddPage()
	d.Text("第二页。", 10)
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	flat := strings.Join(strings.Fields(text), "")
	for _, want := range []string{long, "手机号【138****8000】出现在这里。", MaskingNotice("zh"), "第1页/共2页", "第2页/共2页", "DoxGuard测试文档"} {
		if !strings.Contains(flat, strings.Join(strings.Fields(want), "")) {
			t.Errorf("pdftotext lacks %q", want)
		}
	}
	if strings.Count(flat, long) != 4 {
		t.Errorf("long paragraph found %d times, want 4 (text, field, marked, bullet)", strings.Count(flat, long))
	}
}

func TestForbid(t *testing.T) {
	for _, tc := range []struct {
		text   string
		expose bool
	}{
		{"电话 138 0013 8000", true},
		{"电话 138-0013-8000", true},
		{"电话 13800138000", true},
		{"电话 138****8000", false},
		{"证件 11010519491231002X", true},
		{"证件 110105********002X", false},
	} {
		d, err := New(Options{})
		if err != nil {
			t.Fatal(err)
		}
		d.Forbid("13800138000", "11010519491231002X", "程")
		d.AddPage()
		d.Text(tc.text, 10)
		err = d.Output(&bytes.Buffer{})
		if got := errors.Is(err, ErrWouldExpose); got != tc.expose {
			t.Errorf("%q: exposed = %v (err %v), want %v", tc.text, got, err, tc.expose)
		}
		if err != nil && strings.Contains(err.Error(), "138") {
			t.Errorf("error names the value: %v", err)
		}
	}
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// FuzzBreakLines: whatever the text and width, no rune other than a space
// at a break is lost, and no line is wider than the width unless it is a
// single glyph.
func FuzzBreakLines(f *testing.F) {
	f.Add(long, 10.0)
	f.Add("a b，c。（d）e f", 3.0)
	f.Add("https://example.com/a?b=c 中文", 5.0)
	f.Fuzz(func(t *testing.T, text string, width float64) {
		if width < 1 || width > 1000 || !utf8.ValidString(text) || strings.ContainsRune(text, '\n') {
			return
		}
		lines := BreakLines(measure, text, width)
		if strings.ReplaceAll(strings.Join(lines, ""), " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Fatalf("lines %q lose characters of %q", lines, text)
		}
		for _, l := range lines {
			if measure(l) > width && utf8.RuneCountInString(l) > 1 {
				t.Fatalf("line %q wider than %v", l, width)
			}
		}
	})
}
