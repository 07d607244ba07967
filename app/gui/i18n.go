package gui

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2/lang"
)

// Translations live in translations/<lang>.json in go-i18n's flat format
// ({"key": "text with {{.Name}}"}), the format Fyne's lang package reads.
// They are registered with lang (so Fyne's own lookups and tools see them),
// but DoxGuard looks strings up itself: lang picks its language from the
// operating system once, while Settings lets the user switch between 简体中文
// and English while the app runs.
//
//go:embed translations/*.json
var translationFS embed.FS

// Languages the UI ships, in the order Settings shows them.
const (
	LangZH = "zh-CN"
	LangEN = "en"
)

// Languages lists the shipped languages.
var Languages = []string{LangZH, LangEN}

var (
	trMu     sync.RWMutex
	trLang   = LangZH
	trTables = map[string]map[string]string{}
	trErr    error
)

func loadTable(l string) (map[string]string, error) {
	m := map[string]string{}
	b, err := translationFS.ReadFile("translations/" + l + ".json")
	if err != nil {
		return m, fmt.Errorf("translation %s: %w", l, err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("translation %s: %w", l, err)
	}
	return m, nil
}

func init() {
	for _, l := range Languages {
		m, err := loadTable(l)
		if err != nil && trErr == nil {
			trErr = err // surfaced by TestTranslationsMatch; T then shows keys
		}
		trTables[l] = m
	}
}

// registerFyneOnce hands our bundles to Fyne's lang package (so Fyne's own
// dialogs can use them). It is done when the GUI starts, not in init: lang
// parses the system locale and logs about locales like "C", which would
// clutter every command-line run of the same binary.
var registerFyneOnce sync.Once

func registerFyneTranslations() {
	registerFyneOnce.Do(func() {
		// Best-effort: our own lookup does not depend on it.
		_ = lang.AddTranslationsFS(translationFS, "translations")
	})
}

// SystemLanguage maps the operating system's locale (via Fyne's lang) to
// one of Languages: Chinese for any zh locale, English otherwise.
func SystemLanguage() string {
	if strings.HasPrefix(strings.ToLower(string(lang.SystemLocale())), "zh") {
		return LangZH
	}
	return LangEN
}

// SetLanguage switches the language used by T; unknown values fall back to
// Chinese (the app is Chinese-first). Screens must be rebuilt afterwards.
func SetLanguage(l string) {
	if _, ok := trTables[l]; !ok {
		l = LangZH
	}
	trMu.Lock()
	trLang = l
	trMu.Unlock()
}

// Language returns the current UI language.
func Language() string {
	trMu.RLock()
	defer trMu.RUnlock()
	return trLang
}

// T returns the text for key in the current language. args are name/value
// pairs filling {{.Name}} placeholders. A missing key shows the key itself,
// so an omission is visible (and TestTranslationsCoverCode catches it).
func T(key string, args ...any) string {
	trMu.RLock()
	s, ok := trTables[trLang][key]
	trMu.RUnlock()
	if !ok {
		s = key
	}
	if len(args) == 0 {
		return s
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{{."+fmt.Sprint(args[i])+"}}", fmt.Sprint(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// tOr is T for keys built from engine values that may be new to this
// version: an unknown key shows the raw value instead of the key.
func tOr(key, fallback string) string {
	trMu.RLock()
	_, ok := trTables[trLang][key]
	trMu.RUnlock()
	if !ok {
		return fallback
	}
	return T(key)
}
