package pdfdoc

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Colours used by the helpers (RGB).
var (
	colText      = [3]int{20, 20, 20}
	colMuted     = [3]int{105, 105, 105}
	colRule      = [3]int{170, 170, 170}
	colHighlight = [3]int{255, 226, 130}
	colLabel     = [3]int{242, 242, 242}
)

// MaskingNotice is the standard footer sentence of notes/legal.md §5.0 rule 6.
func MaskingNotice(lang string) string {
	if lang == "en" {
		return "Personal data in this document has been masked; unmasked original evidence is sealed and will be produced only when lawfully required by judicial or administrative authorities."
	}
	return "本文件中的个人信息已作遮蔽处理；未遮蔽原始证据已封存，仅在司法机关、行政机关依法要求时提供。"
}

// AddPage starts a new page (the header and footer are drawn by fpdf).
func (d *Doc) AddPage() {
	d.PDF.AddPage()
	d.setText(colText)
}

// PageNo is the current page number, from 1.
func (d *Doc) PageNo() int { return d.PDF.PageNo() }

func (d *Doc) setText(c [3]int) { d.PDF.SetTextColor(c[0], c[1], c[2]) }

func (d *Doc) remember(s ...string) {
	for _, x := range s {
		d.written.WriteString(x)
		d.written.WriteByte('\n')
	}
}

func (d *Doc) header() {
	if d.PDF.PageNo() == 1 || d.opts.Header == "" {
		return
	}
	pdf := d.PDF
	pdf.SetFont(Font, "", 7.5)
	d.setText(colMuted)
	pdf.SetXY(d.Left, headerY)
	pdf.CellFormat(d.Width, 4, fitLine(pdf.GetStringWidth, d.opts.Header, d.Width), "", 0, "L", false, 0, "")
	pdf.SetDrawColor(colRule[0], colRule[1], colRule[2])
	pdf.SetLineWidth(0.2)
	pdf.Line(d.Left, headerY+5, d.Left+d.Width, headerY+5)
	d.setText(colText)
	pdf.SetXY(d.Left, Margin)
}

func (d *Doc) footer() {
	pdf := d.PDF
	pdf.SetFont(Font, "", 7)
	d.setText(colMuted)
	pdf.SetY(footerLine)
	lines := BreakLines(pdf.GetStringWidth, d.opts.Footer, d.Width)
	if len(lines) > 2 {
		lines = lines[:2]
	}
	for _, l := range lines {
		pdf.SetX(d.Left)
		pdf.CellFormat(d.Width, 3.4, l, "", 1, "C", false, 0, "")
	}
	pdf.SetX(d.Left)
	page := fmt.Sprintf("第 %d 页 / 共 {nb} 页", pdf.PageNo())
	if d.opts.Lang == "en" {
		page = fmt.Sprintf("Page %d of {nb}", pdf.PageNo())
	}
	pdf.CellFormat(d.Width, 4, page, "", 0, "C", false, 0, "")
	d.setText(colText)
}

// EnsureSpace starts a new page when less than h millimetres are left above
// the bottom margin, so a block (a heading and its first lines, a chart, an
// image) is not split.
func (d *Doc) EnsureSpace(h float64) {
	_, pageH := d.PDF.GetPageSize()
	_, _, _, bottom := d.PDF.GetMargins()
	if d.PDF.GetY()+h > pageH-bottom {
		d.AddPage()
	}
}

// Space moves down h millimetres.
func (d *Doc) Space(h float64) { d.PDF.Ln(h) }

// Rule draws a thin horizontal line across the text column.
func (d *Doc) Rule() {
	y := d.PDF.GetY() + 1.5
	d.PDF.SetDrawColor(colRule[0], colRule[1], colRule[2])
	d.PDF.SetLineWidth(0.2)
	d.PDF.Line(d.Left, y, d.Left+d.Width, y)
	d.PDF.SetY(y + 2.5)
}

// Heading writes a section heading: level 0 is a title, 1 a section, 2 a
// subsection. It keeps room for a few lines after it.
func (d *Doc) Heading(level int, text string) {
	size, lineH, before := 18.0, 9.0, 0.0
	switch level {
	case 1:
		size, lineH, before = 13.5, 7.5, 3
	case 2:
		size, lineH, before = 11, 6, 2
	}
	d.EnsureSpace(before + lineH + 15)
	d.Space(before)
	d.lines(text, size, lineH, 0, colText, "L")
	d.Space(1)
}

// Text writes a wrapped paragraph in the given font size (line height 1.5×).
func (d *Doc) Text(text string, size float64) {
	d.lines(text, size, lineHeight(size), 0, colText, "L")
}

// Muted writes a wrapped paragraph in grey (notes, explanations).
func (d *Doc) Muted(text string, size float64) {
	d.lines(text, size, lineHeight(size), 0, colMuted, "L")
}

// Centered writes wrapped, centred lines.
func (d *Doc) Centered(text string, size float64) {
	d.lines(text, size, lineHeight(size), 0, colText, "C")
}

// Bullet writes a wrapped list item with a hanging indent.
func (d *Doc) Bullet(text string, size float64) {
	lh := lineHeight(size)
	d.PDF.SetFont(Font, "", size)
	d.EnsureSpace(lh)
	y := d.PDF.GetY()
	d.PDF.SetXY(d.Left+1.5, y)
	d.PDF.CellFormat(4, lh, "•", "", 0, "L", false, 0, "")
	d.PDF.SetY(y)
	d.lines(text, size, lh, 6, colText, "L")
}

func lineHeight(size float64) float64 { return size * 0.3528 * 1.5 }

// lines wraps text (paragraphs split at "\n") and writes each line.
func (d *Doc) lines(text string, size, lineH, indent float64, col [3]int, align string) {
	d.remember(text)
	pdf := d.PDF
	pdf.SetFont(Font, "", size)
	d.setText(col)
	for _, para := range strings.Split(text, "\n") {
		for _, l := range BreakLines(pdf.GetStringWidth, para, d.Width-indent) {
			d.EnsureSpace(lineH)
			pdf.SetX(d.Left + indent)
			pdf.CellFormat(d.Width-indent, lineH, l, "", 1, align, false, 0, "")
		}
	}
	d.setText(colText)
}

// Fields writes label/value rows: labels in a shaded column of labelW
// millimetres (0 → 32), values wrapped in the rest ("\n" starts a new
// line). Long values such as URLs and hashes break anywhere.
func (d *Doc) Fields(rows []Field, size, labelW float64) {
	if labelW == 0 {
		labelW = 32
	}
	pdf := d.PDF
	lh := lineHeight(size)
	valueW := d.Width - labelW - 2
	for _, r := range rows {
		d.remember(r.Label, r.Value)
		pdf.SetFont(Font, "", size)
		var vals []string
		for _, para := range strings.Split(r.Value, "\n") {
			vals = append(vals, BreakLines(pdf.GetStringWidth, para, valueW)...)
		}
		if len(vals) == 0 {
			vals = []string{""}
		}
		labs := BreakLines(pdf.GetStringWidth, r.Label, labelW-2)
		n := max(len(vals), len(labs))
		// Keep short rows together; long ones may cross a page.
		d.EnsureSpace(float64(min(n, 4)) * lh)
		for i := 0; i < n; i++ {
			d.EnsureSpace(lh)
			y := pdf.GetY()
			pdf.SetFillColor(colLabel[0], colLabel[1], colLabel[2])
			pdf.SetXY(d.Left, y)
			lab := ""
			if i < len(labs) {
				lab = labs[i]
			}
			d.setText(colMuted)
			pdf.CellFormat(labelW, lh, lab, "", 0, "L", true, 0, "")
			d.setText(colText)
			val := ""
			if i < len(vals) {
				val = vals[i]
			}
			pdf.SetXY(d.Left+labelW+2, y)
			pdf.CellFormat(valueW, lh, val, "", 1, "L", false, 0, "")
		}
		pdf.SetY(pdf.GetY() + 0.6)
	}
}

// Marked writes a wrapped paragraph in which every part between 【 and 】 is
// drawn on a highlight background (detect snippets mark the match this way).
// The brackets stay in the text so a text extract still shows the match.
func (d *Doc) Marked(text string, size float64) {
	d.remember(text)
	pdf := d.PDF
	pdf.SetFont(Font, "", size)
	lh := lineHeight(size)
	pdf.SetFillColor(colHighlight[0], colHighlight[1], colHighlight[2])
	// Segments sit edge to edge, so no cell padding: with fpdf's default
	// 1 mm margin each piece would shift right and cover the next.
	margin := pdf.GetCellMargin()
	pdf.SetCellMargin(0)
	defer pdf.SetCellMargin(margin)
	in := false
	for _, para := range strings.Split(text, "\n") {
		for _, l := range BreakLines(pdf.GetStringWidth, para, d.Width) {
			d.EnsureSpace(lh)
			y := pdf.GetY()
			x := d.Left + margin
			for _, seg := range splitMarks(l) {
				if seg == "【" {
					in = true
				}
				w := pdf.GetStringWidth(seg)
				pdf.SetXY(x, y)
				pdf.CellFormat(w, lh, seg, "", 0, "L", in || seg == "】", 0, "")
				if seg == "】" {
					in = false
				}
				x += w
			}
			pdf.SetXY(d.Left, y+lh)
		}
	}
}

// splitMarks cuts a line before each 【 and after each 】 and isolates the
// brackets, so each piece is wholly inside or outside a highlight.
func splitMarks(line string) []string {
	var out []string
	start := 0
	for i, r := range line {
		if r == '【' || r == '】' {
			if i > start {
				out = append(out, line[start:i])
			}
			out = append(out, string(r))
			start = i + utf8.RuneLen(r)
		}
	}
	if start < len(line) {
		out = append(out, line[start:])
	}
	return out
}

// fitLine shortens s with "…" so it fits width.
func fitLine(measure func(string) float64, s string, width float64) string {
	if measure(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && measure(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// Remember records text the caller drew directly on PDF, so Output's
// Forbid check covers it.
func (d *Doc) Remember(text ...string) { d.remember(text...) }

// Forbid registers plaintext values (registered identifiers) that must not
// appear in the document. Output fails with ErrWouldExpose if one does, as
// written or with its spaces, hyphens and dots removed. Values shorter than
// four runes (two for Chinese, so that names count) are ignored: they would
// match ordinary text.
func (d *Doc) Forbid(values ...string) {
	for _, v := range values {
		v = strings.TrimSpace(v)
		n, least := utf8.RuneCountInString(v), 4
		if strings.IndexFunc(v, wide) >= 0 {
			least = 2
		}
		if n >= least {
			d.forbidden = append(d.forbidden, v)
		}
	}
}

// Exposes reports whether text holds one of the forbidden values (the check
// Output runs), for callers that want to test a string before drawing it.
func (d *Doc) Exposes(text string) bool {
	flat := compact(text)
	for _, v := range d.forbidden {
		if strings.Contains(text, v) || strings.Contains(flat, compact(v)) {
			return true
		}
	}
	return false
}

// compact removes the separators people and formatters put inside numbers.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '·', '\u00a0', '\u3000':
			return -1
		}
		return r
	}, s)
}

// Output checks the written text against Forbid and writes the PDF.
func (d *Doc) Output(w io.Writer) error {
	if d.Exposes(d.written.String()) {
		return ErrWouldExpose
	}
	if err := d.PDF.Output(w); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}
