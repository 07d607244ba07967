package letters

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"

	"github.com/doxguard/doxguard/assets"
)

// PDF layout in millimetres and points; A4 portrait.
const (
	pdfMargin   = 20.0
	pdfBody     = 10.5
	pdfLineH    = 5.6
	pdfFontName = "cjk"
)

func (l Letter) writePDF(w io.Writer) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	pdf.SetAutoPageBreak(true, pdfMargin)
	pdf.AddUTF8FontFromBytes(pdfFontName, "", assets.FontCJK())
	pdf.SetTitle(l.Title, true)
	pdf.SetCreator("DoxGuard "+assets.Version, true)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-14)
		pdf.SetFont(pdfFontName, "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 5, fmt.Sprintf("%d / {nb}", pdf.PageNo()), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AliasNbPages("{nb}")
	pdf.AddPage()
	width, _ := pdf.GetPageSize()
	width -= 2 * pdfMargin

	para := func(text string, size, lineH, indent float64) {
		pdf.SetFont(pdfFontName, "", size)
		for _, line := range breakLines(pdf.GetStringWidth, text, width-indent) {
			pdf.SetX(pdfMargin + indent)
			pdf.CellFormat(width-indent, lineH, line, "", 1, "L", false, 0, "")
		}
	}
	for _, line := range strings.Split(l.Markdown, "\n") {
		switch {
		case line == "":
			pdf.Ln(2.2)
		case strings.HasPrefix(line, "# "):
			para(strings.TrimPrefix(line, "# "), 15, 8, 0)
			pdf.Ln(2)
		case strings.HasPrefix(line, "## "):
			pdf.Ln(1.5)
			para(strings.TrimPrefix(line, "## "), 12.5, 7, 0)
		case strings.HasPrefix(line, "### "):
			para(strings.TrimPrefix(line, "### "), 10.5, pdfLineH, 0)
		case line == "---":
			y := pdf.GetY() + 2
			pdf.SetDrawColor(160, 160, 160)
			pdf.Line(pdfMargin, y, pdfMargin+width, y)
			pdf.Ln(4)
		case strings.HasPrefix(line, "- "):
			pdf.SetFont(pdfFontName, "", pdfBody)
			pdf.SetX(pdfMargin + 2)
			pdf.CellFormat(4, pdfLineH, "•", "", 0, "L", false, 0, "")
			y := pdf.GetY()
			lines := breakLines(pdf.GetStringWidth, strings.TrimPrefix(line, "- "), width-6)
			for i, ln := range lines {
				if i > 0 {
					y = pdf.GetY()
				}
				pdf.SetXY(pdfMargin+6, y)
				pdf.CellFormat(width-6, pdfLineH, ln, "", 1, "L", false, 0, "")
			}
		default:
			para(line, pdfBody, pdfLineH, 0)
		}
	}
	return pdf.Output(w)
}

// noLineStart are characters that must not begin a line, noLineEnd those
// that must not end one (Chinese kinsoku rules).
const (
	noLineStart = "，。、；：？！）》」』】”’,.;:?!)]}%"
	noLineEnd   = "（《「『【“‘([{"
)

// breakLines wraps text to width using measure. CJK text may break between
// any two characters, Latin text at spaces, and a word longer than the line
// (a URL, a hash) anywhere. fpdf's own SplitText drops the character at each
// CJK break (notes/libs.md §2), so it is not used.
func breakLines(measure func(string) float64, text string, width float64) []string {
	runes := []rune(text)
	// fpdf does not kern, so a line's width is the sum of its glyphs';
	// measuring each rune once keeps this linear.
	widths := make([]float64, len(runes))
	for i, r := range runes {
		widths[i] = measure(string(r))
	}
	var lines []string
	start := 0
	for start < len(runes) {
		// Greedy: take as many runes as fit.
		end, w := start, 0.0
		for end < len(runes) && w+widths[end] <= width {
			w += widths[end]
			end++
		}
		if end == len(runes) {
			lines = append(lines, string(runes[start:]))
			break
		}
		if end == start {
			end = start + 1 // a single glyph wider than the line
		}
		cut := breakPoint(runes, start, end)
		lines = append(lines, strings.TrimRight(string(runes[start:cut]), " "))
		start = cut
		for start < len(runes) && runes[start] == ' ' {
			start++
		}
	}
	return lines
}

// breakPoint picks where to cut runes[start:end] (end is the first rune that
// did not fit): the last allowed break at or before end.
func breakPoint(runes []rune, start, end int) int {
	for i := end; i > start; i-- {
		prev, next := runes[i-1], runes[i]
		if strings.ContainsRune(noLineStart, next) || strings.ContainsRune(noLineEnd, prev) {
			continue
		}
		if next == ' ' || prev == ' ' || isWide(prev) || isWide(next) {
			return i
		}
	}
	return end // no allowed break: cut the long word
}

func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}
