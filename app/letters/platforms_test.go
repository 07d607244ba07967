package letters

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDirectoryMatch(t *testing.T) {
	d, err := LoadDirectory("")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ host, id, template string }{
		{"https://weibo.com/1234/abc", "weibo", "platform-notice"},
		{"m.weibo.cn", "weibo", "platform-notice"},
		{"www.bilibili.com", "bilibili", "platform-notice"},
		{"https://space.bilibili.com:443/42", "bilibili", "platform-notice"},
		{"tieba.baidu.com", "tieba", "platform-notice"},
		{"www.baidu.com", "baidu", "platform-notice"},
		{"twitter.com", "x", "platform-notice"},
		{"gist.github.com", "github", "platform-notice"},
		{"someone.github.io", "github", "platform-notice"},
		{"www.google.com", "google", "google-removal"},
		{"notweibo.com", "", "platform-notice"},
		{"doxbin.example", "", "platform-notice"},
	}
	for _, c := range cases {
		p := d.Match(c.host)
		if p.ID != c.id || p.Template != c.template {
			t.Errorf("Match(%q) = %q/%q, want %q/%q", c.host, p.ID, p.Template, c.id, c.template)
		}
		if (c.id != "") != p.Known {
			t.Errorf("Match(%q).Known = %v", c.host, p.Known)
		}
		if p.ChannelText(LangZH) == "" || p.ChannelText(LangEN) == "" {
			t.Errorf("Match(%q): no complaint channel text", c.host)
		}
	}
}

// Every entry must be usable: a known template, a last_checked date the
// GUI can show, a source, and a channel in both languages.
func TestDirectoryEntries(t *testing.T) {
	d, err := LoadDirectory("")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"微博", "哔哩哔哩", "抖音", "快手", "知乎", "百度贴吧", "小红书", "豆瓣", "X（推特）", "Facebook", "Instagram", "YouTube", "Reddit", "GitHub"}
	names := map[string]bool{}
	for _, p := range append(d.Platforms, d.Authorities...) {
		names[p.NameZH] = true
		if _, err := Lookup(p.Template); err != nil {
			t.Errorf("%s: %v", p.ID, err)
		}
		if _, err := time.Parse("2006-01-02", p.LastChecked); err != nil {
			t.Errorf("%s: last_checked %q: %v", p.ID, p.LastChecked, err)
		}
		if p.Source == "" || p.AsksZH == "" || p.AsksEN == "" || len(p.Channels) == 0 {
			t.Errorf("%s: incomplete entry", p.ID)
		}
	}
	for _, n := range want {
		if !names[n] {
			t.Errorf("directory lacks %s", n)
		}
	}
	if _, ok := d.Authority("12377"); !ok {
		t.Error("no 12377 authority entry")
	}
}

func TestDirectoryOverride(t *testing.T) {
	dir := t.TempDir()
	override := `{"platforms":[
	 {"id":"weibo","name_zh":"微博（自定义）","name_en":"Weibo (mine)","hosts":["weibo.com"],"channels":[{"kind":"email","value":"legal@weibo.example"}],"template":"pipl-deletion","last_checked":"2026-11-01"},
	 {"id":"forum","name_zh":"某论坛","name_en":"A forum","hosts":["*.forum.example"],"channels":[{"kind":"email","value":"abuse@forum.example"}],"template":"platform-notice","last_checked":"2026-11-02"}]}`
	if err := os.WriteFile(filepath.Join(dir, OverrideFile), []byte(override), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := LoadDirectory(dir)
	if err != nil {
		t.Fatal(err)
	}
	if p := d.Match("weibo.com"); p.NameZH != "微博（自定义）" || p.Template != "pipl-deletion" {
		t.Errorf("override not applied: %+v", p)
	}
	if p := d.Match("bbs.forum.example"); p.ID != "forum" || !strings.Contains(p.ChannelText(LangEN), "abuse@forum.example") {
		t.Errorf("added entry not matched: %+v", p)
	}
	if p := d.Match("douyin.com"); p.ID != "douyin" {
		t.Errorf("embedded entries lost: %+v", p)
	}
	bad := `{"platforms":[{"id":"x","hosts":["x.com"],"template":"no-such"}]}`
	if err := os.WriteFile(filepath.Join(dir, OverrideFile), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDirectory(dir); err == nil {
		t.Error("override naming an unknown template was accepted")
	}
}

func TestTemplateOverride(t *testing.T) {
	dir := t.TempDir()
	body := "# 自定义通知\n\n{{template \"items\" .}}\n{{template \"footer\" .}}"
	if err := os.WriteFile(filepath.Join(dir, "platform-notice.zh.tmpl"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	r := Renderer{OverrideDir: dir}
	if !r.Overridden("platform-notice", LangZH) || r.Overridden("platform-notice", LangEN) {
		t.Fatal("Overridden reports the wrong files")
	}
	l, err := r.Render("platform-notice", fixedFields(LangZH, false))
	if err != nil {
		t.Fatal(err)
	}
	if l.Title != "自定义通知" || !strings.Contains(l.Markdown, "110105********002X") {
		t.Errorf("override not used:\n%s", l.Markdown)
	}
	if err := os.WriteFile(filepath.Join(dir, "platform-notice.zh.tmpl"), []byte("{{.NoSuchField}}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Render("platform-notice", fixedFields(LangZH, false)); err == nil {
		t.Error("broken override rendered without error")
	}
	if _, err := (Renderer{}).Render("no-such", fixedFields(LangZH, false)); err == nil {
		t.Error("unknown template rendered")
	}
}

func TestCheckCatchesDisguisedValues(t *testing.T) {
	leaks := map[string]string{
		"phone spaced":    "请联系 138 0013 8000",
		"phone national":  "电话13800138000",
		"id lower x":      "身份证 11010519491231002x",
		"bank dashed":     "卡号 6222-0212-3456-7890-128",
		"email uppercase": "ANRAN.CHENG@EXAMPLE.COM",
		"name":            "权利人：程安然",
		"qq":              "QQ 48151623",
	}
	for what, text := range leaks {
		if err := Check(text, secrets); err == nil {
			t.Errorf("%s: leak not caught", what)
		} else if strings.Contains(err.Error(), "138") || strings.Contains(err.Error(), "程") {
			t.Errorf("%s: error repeats the value: %v", what, err)
		}
	}
	if err := Check(render(t, "police-report", LangZH, false).Markdown, secrets); err != nil {
		t.Errorf("masked letter flagged: %v", err)
	}
}

func TestEMLDraft(t *testing.T) {
	l := render(t, "platform-notice", LangZH, true)
	l.Fields.Recipient.Channel = "legal@platform.example"
	b := l.EML()
	s := string(b)
	for _, h := range []string{"X-Unsent: 1", "Subject: =?utf-8?b?", "From: =?utf-8?b?", "<legal@starlight.example>", "<legal@platform.example>", "Content-Transfer-Encoding: base64"} {
		if !strings.Contains(s, h) {
			t.Errorf("eml lacks %q", h)
		}
	}
	if !strings.Contains(decodeEML(t, b), "关于删除侵犯本人个人信息及隐私内容的通知") {
		t.Error("eml subject/body do not decode to the letter")
	}
	for _, line := range strings.Split(s, "\r\n") {
		if len(line) > 998 {
			t.Error("eml line longer than RFC 5322 allows")
		}
	}
}

func TestPeriods(t *testing.T) {
	fri := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) // a Friday
	if got := (Period{Days: 15, Working: true}).Due(fri); !got.Equal(time.Date(2026, 12, 18, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("15 working days from Friday = %v", got)
	}
	if got := (Period{Months: 1}).Due(fri); got.Month() != 12 || got.Day() != 27 {
		t.Errorf("one month = %v", got)
	}
	tpl, _ := Lookup("platform-notice")
	if p := tpl.PeriodFor(10); p.Days != 10 || !p.Request {
		t.Errorf("configurable default not applied: %+v", p)
	}
	if p := tpl.PeriodFor(0); p.Days != DefaultDays {
		t.Errorf("default days = %d", p.Days)
	}
}
