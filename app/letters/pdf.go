package letters

import (
	"io"
	"strings"

	"github.com/doxguard/doxguard/app/pdfdoc"
)

// pdfBody is the body font size in points.
const pdfBody = 10.5

// writePDF lays the letter's Markdown out with the shared PDF set-up
// (bundled CJK font, CJK-correct line breaker, masking notice and page
// numbers in the footer), the same as the evidence report.
func (l Letter) writePDF(w io.Writer) error {
	d, err := pdfdoc.New(pdfdoc.Options{Title: l.Title, Subject: l.Template, Lang: l.Lang,
		Header: l.Title, Footer: pdfdoc.MaskingNotice(l.Lang), Created: l.Fields.Date})
	if err != nil {
		return err
	}
	d.AddPage()
	for _, line := range strings.Split(l.Markdown, "\n") {
		switch {
		case line == "":
			d.Space(2)
		case strings.HasPrefix(line, "# "):
			d.Heading(0, strings.TrimPrefix(line, "# "))
		case strings.HasPrefix(line, "## "):
			d.Heading(1, strings.TrimPrefix(line, "## "))
		case strings.HasPrefix(line, "### "):
			d.Heading(2, strings.TrimPrefix(line, "### "))
		case line == "---":
			d.Rule()
		case strings.HasPrefix(line, "- "):
			d.Bullet(strings.TrimPrefix(line, "- "), pdfBody)
		default:
			d.Text(line, pdfBody)
		}
	}
	return d.Output(w)
}
