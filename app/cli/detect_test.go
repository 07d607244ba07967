package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Fictitious test identities (docs/ARCHITECTURE.md "Test identities").
const detectRoster = `{"people":[{"name":"程安然","aliases":["安然然"],"identifiers":[
 {"kind":"phone","value":"138 0013 8000"},
 {"kind":"cn_id","value":"11010519491231002X"},
 {"kind":"bank_card","value":"6222021234567890128"},
 {"kind":"email","value":"anran.cheng@example.com"},
 {"kind":"address","value":"浙江省杭州市西湖区文三路 88 号 5 幢 2 单元 301 室"},
 {"kind":"qq","value":"48151623"}]}]}`

var detectSecrets = []string{"13800138000", "138 0013 8000", "11010519491231002", "6222021234567890128",
	"anran.cheng", "文三路", "程安然", "安然然", "48151623"}

// detectFolder copies real corpus pages into a temporary tree (one nested
// folder, one page without an .html extension) with identifiers planted.
func detectFolder(t *testing.T) string {
	src := filepath.Join("..", "..", "..", "shared", "corpus", "pages")
	if _, err := os.Stat(src); err != nil {
		t.Skip("shared/corpus/pages not found beside the repository")
	}
	dir := t.TempDir()
	plants := []struct{ page, name, html string }{
		{"gne__tests__sina__1.html", "a.html", `<p>程安然 电话 138 0013 8000</p>`},
		{"gne__tests__163__9.html", "sub/b.htm", `<p>身份证 11010519491231002X，住 文三路88号5栋2单元301室</p>`},
		{"gne__tests__qq__qq.html", "sub/deeper/c.html", `<span>anran.cheng[at]example[dot]com</span> QQ 48151623`},
		{"postlight__fixtures__pastebin.com.html", "paste", `<pre>card 6222 0212 3456 7890 128</pre>`},
		{"gne__tests__ifeng__1.html", "clean.html", ``},
	}
	for _, p := range plants {
		b, err := os.ReadFile(filepath.Join(src, p.page))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if i := strings.Index(strings.ToLower(s), "<body"); i >= 0 && p.html != "" {
			j := i + strings.IndexByte(s[i:], '>') + 1
			s = s[:j] + p.html + s[j:]
		}
		out := filepath.Join(dir, "pages", p.name)
		if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "roster.json"), []byte(detectRoster), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runDetect runs `doxguard detect ARGS` through the real entry point.
func runDetect(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Run(context.Background(), Options{Getenv: func(string) string { return "" }}, append([]string{"detect"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestDetectJSON(t *testing.T) {
	dir := detectFolder(t)
	code, out, errs := runDetect("--roster", filepath.Join(dir, "roster.json"), "--json", filepath.Join(dir, "pages"))
	if code != 0 {
		t.Fatalf("detect: exit %d: %s", code, errs)
	}
	found := map[string]bool{}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, line := range lines {
		var h map[string]any
		if err := json.Unmarshal([]byte(line), &h); err != nil {
			t.Fatalf("not one JSON object per line: %q: %v", line, err)
		}
		for _, f := range []string{"path", "person", "kind", "form", "severity", "masked", "start", "end"} {
			if _, ok := h[f]; !ok {
				t.Errorf("line without %q: %s", f, line)
			}
		}
		found[filepath.Base(h["path"].(string))+" "+h["kind"].(string)+" "+h["form"].(string)] = true
		if strings.HasSuffix(h["path"].(string), "clean.html") {
			t.Errorf("match in the clean page: %s", line)
		}
	}
	for _, want := range []string{"a.html phone exact", "a.html name exact", "b.htm cn_id exact", "b.htm address variant",
		"c.html email variant", "c.html qq exact", "paste bank_card exact"} {
		if !found[want] {
			t.Errorf("missing %q in %v", want, found)
		}
	}
	for _, s := range detectSecrets {
		if strings.Contains(out, s) || strings.Contains(errs, s) {
			t.Errorf("output contains the registered value %q", s)
		}
	}
}

func TestDetectTable(t *testing.T) {
	dir := detectFolder(t)
	code, s, errs := runDetect("--roster", filepath.Join(dir, "roster.json"), filepath.Join(dir, "pages"))
	if code != 0 {
		t.Fatalf("detect: exit %d: %s", code, errs)
	}
	for _, want := range []string{"PERSON", "程某", "138****8000", "110105********002X", "critical", "b.htm"} {
		if !strings.Contains(s, want) {
			t.Errorf("table lacks %q:\n%s", want, s)
		}
	}
	for _, sec := range detectSecrets {
		if strings.Contains(s, sec) {
			t.Errorf("table contains the registered value %q", sec)
		}
	}
}

func TestDetectSnippetsOnlyWhenAsked(t *testing.T) {
	dir := detectFolder(t)
	run := func(extra ...string) string {
		args := append([]string{"--roster", filepath.Join(dir, "roster.json"), "--json"}, extra...)
		code, out, errs := runDetect(append(args, filepath.Join(dir, "pages", "a.html"))...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		return out
	}
	if s := run(); strings.Contains(s, "snippet") {
		t.Errorf("page excerpts printed without --snippets: %s", s)
	}
	s := run("--snippets")
	if !strings.Contains(s, `"snippet":`) || !strings.Contains(s, "【138****8000】") {
		t.Errorf("--snippets: %s", s)
	}
	for _, sec := range detectSecrets {
		if strings.Contains(s, sec) {
			t.Errorf("snippet contains the registered value %q", sec)
		}
	}
}

func TestDetectUsage(t *testing.T) {
	dir := detectFolder(t)
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("person,kind,value,label\n程安然,phone,12345,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{filepath.Join(dir, "pages")},                                   // no roster
		{"--roster", filepath.Join(dir, "roster.json")},                 // no path
		{"--roster", filepath.Join(dir, "missing.json"), dir},           // unreadable roster
		{"--roster", bad, dir},                                          // invalid roster row
		{"--roster", filepath.Join(dir, "roster.json"), "--bogus", dir}, // unknown flag
		{"--roster", filepath.Join(dir, "roster.json"), filepath.Join(dir, "nothing-here")},
	} {
		code, _, errs := runDetect(args...)
		if code != 2 || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", args, code, errs)
		}
		if strings.Contains(errs, "12345") {
			t.Errorf("%v: error repeats the value: %q", args, errs)
		}
	}
}
