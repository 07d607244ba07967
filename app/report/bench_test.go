package report

import (
	"bytes"
	"io"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/doxguard/doxguard/app/pdfdoc"
	"github.com/doxguard/doxguard/assets"
)

// BenchmarkRender200 builds the report of 200 findings (≈ 70 pages).
func BenchmarkRender200(b *testing.B) {
	d := sample(200)
	b.ReportAllocs()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := Render(d, &buf); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}

// BenchmarkPeerFpdfMultiCell200 is the peer: the same finding text laid out
// with fpdf's own MultiCell (what the report would do without pdfdoc — and
// which drops a Chinese character at every line break).
func BenchmarkPeerFpdfMultiCell200(b *testing.B) {
	d := sample(200)
	b.ReportAllocs()
	for b.Loop() {
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.AddUTF8FontFromBytes(pdfdoc.Font, "", assets.FontCJK())
		pdf.SetFont(pdfdoc.Font, "", 8.5)
		pdf.AddPage()
		for _, f := range d.Findings {
			for _, s := range []string{f.URL, f.Masked, f.Snippet, f.Capture.SHA256, f.Timeline[1].Note} {
				pdf.MultiCell(0, 4.5, s, "", "L", false)
			}
		}
		if err := pdf.Output(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
