package letters

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/doxguard/doxguard/assets"
)

// Languages a letter can be written in.
const (
	LangZH = "zh"
	LangEN = "en"
)

// DefaultDays is the response time asked for where the law only says
// "timely" (Civil Code art. 1195, DSA art. 16(6)); users can change it.
const DefaultDays = 7

// ErrUnknownTemplate is returned for a template name not in Templates().
var ErrUnknownTemplate = errors.New("unknown letter template")

// Template describes one letter kind.
type Template struct {
	Name    string
	TitleZH string
	TitleEN string
	// Period is the default response time; Days == 0 && Months == 0 means
	// the letter asks for none (police report, power of attorney). A Period
	// with Days == -1 uses the configurable "timely" default.
	Period Period
}

// Title returns the template's display name in lang.
func (t Template) Title(lang string) string {
	if lang == LangEN {
		return t.TitleEN
	}
	return t.TitleZH
}

// PeriodFor resolves the configurable default (defaultDays <= 0 means DefaultDays).
func (t Template) PeriodFor(defaultDays int) Period {
	p := t.Period
	if p.Days == -1 {
		if defaultDays <= 0 {
			defaultDays = DefaultDays
		}
		p.Days = defaultDays
	}
	return p
}

var timely = Period{Days: -1, Request: true}

var templates = []Template{
	{"platform-notice", "平台侵权通知（民法典第1195条）", "Platform notice (Civil Code art. 1195)", timely},
	// legal.md §1.1: PIPL fixes no day count; 15 working days is a benchmark
	// the letter presents as a request.
	{"pipl-deletion", "个人信息删除请求（个保法第47条）", "PIPL art. 47 deletion request", Period{Days: 15, Working: true, Request: true}},
	{"report-12377", "向12377举报中心举报", "Report to the 12377 centre", timely},
	{"police-report", "报案材料（人肉搜索）", "Police report (doxing)", Period{}},
	{"gdpr-erasure", "GDPR第17条删除请求", "GDPR art. 17 erasure request", Period{Months: 1}},
	{"dsa-notice", "欧盟DSA第16条通知", "EU DSA art. 16 notice", timely},
	{"google-removal", "Google搜索个人信息移除申请", "Google Search personal-information removal", Period{}},
	{"power-of-attorney", "授权委托书", "Power of attorney", Period{}},
	{"follow-up", "催告函（逾期未处理）", "Follow-up after a missed deadline", timely},
}

// Templates lists every letter template in a stable order.
func Templates() []Template { return append([]Template(nil), templates...) }

// Lookup finds a template by name.
func Lookup(name string) (Template, error) {
	for _, t := range templates {
		if t.Name == name {
			return t, nil
		}
	}
	return Template{}, fmt.Errorf("%w: %q", ErrUnknownTemplate, name)
}

// Renderer turns Fields into letter text. OverrideDir, when set, is searched
// first for <name>.<lang>.tmpl and _partials.<lang>.tmpl so users can adapt
// the wording without rebuilding DoxGuard.
type Renderer struct {
	OverrideDir string
}

// OverrideDirFor returns the override folder for a database path:
// <dir of the DB>/letters.
func OverrideDirFor(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), "letters")
}

// Letter is a rendered letter: Title is its first heading, Markdown the whole
// text in the small Markdown subset the formatters understand (#, ##, ###,
// "- " bullets, "1. " lists, "---", paragraphs).
type Letter struct {
	Template string
	Lang     string
	Title    string
	Markdown string
	Fields   Fields
}

func (r Renderer) source(file string) ([]byte, error) {
	if r.OverrideDir != "" {
		b, err := os.ReadFile(filepath.Join(r.OverrideDir, file))
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read override %s: %w", file, err)
		}
	}
	b, err := fs.ReadFile(assets.Letters(), file)
	if err != nil {
		return nil, fmt.Errorf("read template %s: %w", file, err)
	}
	return b, nil
}

// Overridden reports whether the user's override folder replaces the
// embedded template name in lang.
func (r Renderer) Overridden(name, lang string) bool {
	if r.OverrideDir == "" {
		return false
	}
	_, err := os.Stat(filepath.Join(r.OverrideDir, name+"."+lang+".tmpl"))
	return err == nil
}

// Render fills template name with f. f.Lang chooses the language.
func (r Renderer) Render(name string, f Fields) (Letter, error) {
	if _, err := Lookup(name); err != nil {
		return Letter{}, err
	}
	lang := f.Lang
	if lang != LangZH && lang != LangEN {
		return Letter{}, fmt.Errorf("letter language %q: want zh or en", lang)
	}
	f.Template = name
	partials, err := r.source("_partials." + lang + ".tmpl")
	if err != nil {
		return Letter{}, err
	}
	body, err := r.source(name + "." + lang + ".tmpl")
	if err != nil {
		return Letter{}, err
	}
	t := template.New(name).Funcs(funcs(lang)).Option("missingkey=error")
	if _, err := t.Parse(string(partials)); err != nil {
		return Letter{}, fmt.Errorf("parse partials (%s): %w", lang, err)
	}
	if _, err := t.Parse(string(body)); err != nil {
		return Letter{}, fmt.Errorf("parse template %s.%s: %w", name, lang, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, f); err != nil {
		return Letter{}, fmt.Errorf("fill template %s.%s: %w", name, lang, err)
	}
	md := tidy(buf.String())
	return Letter{Template: name, Lang: lang, Title: title(md), Markdown: md, Fields: f}, nil
}

// tidy trims trailing spaces and collapses runs of blank lines that template
// conditionals leave behind.
func tidy(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	out := make([]string, 0, len(lines))
	blank := false
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n") + "\n"
}

func title(md string) string {
	for _, l := range strings.Split(md, "\n") {
		if t, ok := strings.CutPrefix(l, "# "); ok {
			return strings.TrimSpace(t)
		}
	}
	return ""
}

var beijing = time.FixedZone("UTC+8", 8*3600)

func funcs(lang string) template.FuncMap {
	zh := lang == LangZH
	return template.FuncMap{
		"date": func(t time.Time) string {
			if t.IsZero() {
				return fill(zh, "")
			}
			if zh {
				t = t.In(beijing)
				return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
			}
			return t.UTC().Format("2 January 2006")
		},
		// Evidence times are given in UTC and Beijing time (legal.md §4.6).
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.UTC().Format("2006-01-02 15:04 UTC") + " (" + t.In(beijing).Format("2006-01-02 15:04") + " UTC+8)"
		},
		"kinds": func(k []string) string {
			if zh {
				return strings.Join(k, "、")
			}
			return joinEnglish(k)
		},
		"exposed": func(es []Exposure) string {
			parts := make([]string, len(es))
			for i, e := range es {
				parts[i] = e.Label + " " + e.Masked
			}
			if zh {
				return strings.Join(parts, "；")
			}
			return strings.Join(parts, "; ")
		},
		"fill": func(s string) string { return fill(zh, s) },
	}
}

// fill returns s, or a blank line for the user to complete by hand.
func fill(zh bool, s string) string {
	if strings.TrimSpace(s) != "" {
		return s
	}
	if zh {
		return "＿＿＿＿＿＿（请填写）"
	}
	return "________ (please fill in)"
}

func joinEnglish(k []string) string {
	switch len(k) {
	case 0:
		return "personal information"
	case 1:
		return k[0]
	case 2:
		return k[0] + " and " + k[1]
	}
	return strings.Join(k[:len(k)-1], ", ") + " and " + k[len(k)-1]
}
