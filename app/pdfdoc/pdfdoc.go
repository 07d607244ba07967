package pdfdoc

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/doxguard/doxguard/assets"
)

// Font is the family name the bundled CJK font is registered under; use it
// with Doc.PDF.SetFont when drawing directly.
const Font = "cjk"

// Page geometry of every document (A4 portrait, millimetres).
const (
	Margin     = 18.0
	headerY    = 9.0
	footerLine = -16.0
)

// ErrWouldExpose is returned by Output when a value passed to Forbid occurs
// in the text written. The error names no value.
var ErrWouldExpose = errors.New("document would expose a registered identifier")

// ErrFont means the bundled font could not be loaded or lacks Chinese or
// Latin glyphs; it is reported by New, before any page is drawn, because fpdf
// itself only notices a bad font when the document is closed.
var ErrFont = errors.New("bundled cjk font unusable")

// Options configure a document.
type Options struct {
	Title   string // PDF metadata title
	Subject string // PDF metadata subject
	Lang    string // "zh" (default) or "en": the page-number wording
	// Header is a short line at the top of every page but the first.
	Header string
	// Footer is printed above the page number on every page, usually
	// MaskingNotice(lang). It is wrapped to at most two lines.
	Footer string
	// Created is the PDF creation date; zero means now.
	Created time.Time
}

// Field is one label/value row for Doc.Fields.
type Field struct {
	Label, Value string
}

// Doc is an A4 document being built. PDF is the underlying fpdf document for
// drawing that the helpers do not cover (rectangles, images); Left and Width
// are the text column.
type Doc struct {
	PDF         *fpdf.Fpdf
	Left, Width float64
	opts        Options
	written     strings.Builder // every string drawn, for the Forbid check
	forbidden   []string
}

// New creates a document with the bundled font loaded and checked. It adds
// no page: call AddPage.
func New(opts Options) (*Doc, error) {
	if opts.Lang == "" {
		opts.Lang = "zh"
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(Margin, Margin, Margin)
	pdf.SetAutoPageBreak(true, Margin+4)
	pdf.AddUTF8FontFromBytes(Font, "", assets.FontCJK())
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFont, err)
	}
	pdf.SetFont(Font, "", 10)
	// A font missing Chinese or Latin outlines measures those glyphs as
	// zero or as the notdef box; DroidSansFallback for example has no ASCII.
	if w := pdf.GetStringWidth("中"); w <= 0 || pdf.Error() != nil {
		return nil, fmt.Errorf("%w: no chinese glyphs", ErrFont)
	}
	if pdf.GetStringWidth("A") <= 0 || pdf.GetStringWidth("i") == pdf.GetStringWidth("W") {
		return nil, fmt.Errorf("%w: no latin glyphs", ErrFont)
	}
	pdf.SetTitle(opts.Title, true)
	pdf.SetSubject(opts.Subject, true)
	pdf.SetCreator("DoxGuard "+assets.Version, true)
	pdf.SetProducer("DoxGuard "+assets.Version+" (go-pdf/fpdf)", true)
	if !opts.Created.IsZero() {
		// A fixed date makes the same input produce the same bytes.
		pdf.SetCreationDate(opts.Created)
		pdf.SetModificationDate(opts.Created)
	}
	pageW, _ := pdf.GetPageSize()
	d := &Doc{PDF: pdf, Left: Margin, Width: pageW - 2*Margin, opts: opts}
	pdf.AliasNbPages("{nb}")
	pdf.SetHeaderFunc(d.header)
	pdf.SetFooterFunc(d.footer)
	d.remember(opts.Title, opts.Subject, opts.Header, opts.Footer)
	return d, nil
}
