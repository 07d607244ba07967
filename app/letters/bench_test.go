package letters

import (
	"context"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/doxguard/doxguard/assets"
)

// The peer for breakLines is fpdf's own SplitText (which drops the character
// at each CJK break, notes/libs.md §2): same font, same text, same width.
func benchPDF(b *testing.B) (*fpdf.Fpdf, string) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(pdfFontName, "", assets.FontCJK())
	pdf.SetFont(pdfFontName, "", pdfBody)
	text := strings.Repeat("根据《中华人民共和国民法典》第一千一百九十五条，本人作为权利人通知贵平台：下列链接中的内容未经本人同意公开了本人的个人信息。Pursuant to Article 1195 of the Civil Code. ", 4)
	return pdf, text
}

func BenchmarkBreakLines(b *testing.B) {
	pdf, text := benchPDF(b)
	for b.Loop() {
		breakLines(pdf.GetStringWidth, text, 170)
	}
}

func BenchmarkFpdfSplitText(b *testing.B) {
	pdf, text := benchPDF(b)
	for b.Loop() {
		pdf.SplitText(text, 170)
	}
}

func BenchmarkRenderMarkdown(b *testing.B) {
	f := fixedFields(LangZH, true)
	for b.Loop() {
		if _, err := (Renderer{}).Render("platform-notice", f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderPDF(b *testing.B) {
	l, err := Renderer{}.Render("platform-notice", fixedFields(LangZH, true))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := l.Bytes(context.Background(), FormatPDF); err != nil {
			b.Fatal(err)
		}
	}
}
