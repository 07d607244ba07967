package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/doxguard/doxguard/assets"
)

// fontCJK is the bundled single-face TTF. Fyne's default theme falls back to
// system fonts for CJK, which draws "�" on a Linux box without Chinese fonts,
// and a .ttc there crashes Fyne (notes/fyne.md §3) — so the theme always
// hands out this one face.
var fontCJK = fyne.NewStaticResource("wqy-microhei.ttf", assets.FontCJK())

// Theme is DoxGuard's look: the bundled CJK font for every text style except
// monospace and symbols (which keep Fyne's fonts: the CJK face has no
// box-drawing or icon glyphs), a calm teal primary colour, and light or dark
// following the system unless the user picks one in Settings.
type Theme struct {
	fyne.Theme
	// Variant forces light or dark; nil follows the system.
	Variant *fyne.ThemeVariant
}

// NewTheme wraps base (theme.DefaultTheme() in the app, test.Theme() in
// tests) with the bundled font.
func NewTheme(base fyne.Theme) *Theme { return &Theme{Theme: base} }

// Font returns the bundled CJK face for text and the base font for
// monospace and symbols.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.Theme.Font(s)
	}
	return fontCJK
}

// primary is a teal that keeps 4.5:1 contrast against white text and reads
// as "safe", not "alarm"; red is kept for critical findings.
var primary = color.NRGBA{R: 0x0f, G: 0x76, B: 0x6e, A: 0xff}

// Color overrides the primary colour and applies a forced variant.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.Variant != nil {
		v = *t.Variant
	}
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		if v == theme.VariantDark {
			return color.NRGBA{R: 0x2d, G: 0xd4, B: 0xbf, A: 0xff}
		}
		return primary
	case theme.ColorNameFocus:
		return color.NRGBA{R: 0x0f, G: 0x76, B: 0x6e, A: 0x55}
	case theme.ColorNameSelection:
		return color.NRGBA{R: 0x0f, G: 0x76, B: 0x6e, A: 0x33}
	case theme.ColorNameDisabled:
		// Hints use low-importance labels, drawn in the disabled colour;
		// Fyne's light grey was too faint to read comfortably. This grey
		// keeps about 3.5:1 on white and still looks secondary.
		if v != theme.VariantDark {
			return color.NRGBA{R: 0x85, G: 0x85, B: 0x85, A: 0xff}
		}
	}
	return t.Theme.Color(n, v)
}

// severityColor is the one place severities get colours, so the overview,
// the chart and the table agree.
func severityColor(sev string) color.Color {
	switch sev {
	case "critical":
		return color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	case "high":
		return color.NRGBA{R: 0xe6, G: 0x7e, B: 0x22, A: 0xff}
	case "medium":
		return color.NRGBA{R: 0xd4, G: 0xac, B: 0x0d, A: 0xff}
	case "low":
		return color.NRGBA{R: 0x5d, G: 0x8a, B: 0xa8, A: 0xff}
	}
	return color.NRGBA{R: 0x90, G: 0x90, B: 0x90, A: 0xff}
}
