package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestThemeFonts(t *testing.T) {
	th := NewTheme(test.Theme())
	for _, s := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}} {
		if th.Font(s) != fontCJK {
			t.Errorf("style %+v: not the bundled CJK font", s)
		}
	}
	for _, s := range []fyne.TextStyle{{Monospace: true}, {Symbol: true}} {
		if th.Font(s) == fontCJK {
			t.Errorf("style %+v: the CJK face has no box-drawing/symbol glyphs; keep the base font", s)
		}
	}
	if len(fontCJK.Content()) < 1<<20 {
		t.Fatalf("bundled font is %d bytes: not the CJK TTF", len(fontCJK.Content()))
	}
}

func TestThemeVariantForced(t *testing.T) {
	th := NewTheme(theme.DefaultTheme())
	dark := theme.VariantDark
	th.Variant = &dark
	if th.Color(theme.ColorNameBackground, theme.VariantLight) != theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark) {
		t.Error("forced dark variant ignored")
	}
	if NewTheme(theme.DefaultTheme()).Color(theme.ColorNamePrimary, theme.VariantLight) != primary {
		t.Error("light primary is not the DoxGuard teal")
	}
}

// TestWelcomeGolden pins the first-run screen as an image rendered with the
// bundled font, so it does not depend on the fonts installed on the machine.
func TestWelcomeGolden(t *testing.T) {
	u, w := newTestUI(t, LangZH)
	u.Start()
	w.Resize(fyne.NewSize(640, 700))
	w.Canvas().Unfocus()
	test.AssertRendersToImage(t, "welcome_zh.png", w.Canvas())
}
