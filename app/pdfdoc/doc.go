// Package pdfdoc is the shared PDF set-up for DoxGuard documents (evidence
// reports, letters): A4 pages with the bundled CJK font, a line breaker that
// is correct for Chinese, a header, a footer with the masking notice and page
// numbers, and a guard that refuses to write a document that contains a
// registered identifier in full.
//
// Why not fpdf's own wrapping: MultiCell and SplitText treat every Han
// character as a break point and then skip the character at the break, so
// pdftotext of a wrapped Chinese paragraph loses one character per line
// (notes/libs.md §2, go-pdf/fpdf#80). Everything here wraps with BreakLines
// and writes each line with CellFormat. Callers that draw on Doc.PDF directly
// must never call MultiCell or SplitText on text that may hold CJK.
//
// Typical use:
//
//	d, err := pdfdoc.New(pdfdoc.Options{Title: "证据报告", Lang: "zh",
//	        Header: "DoxGuard 证据报告 R-…", Footer: pdfdoc.MaskingNotice("zh")})
//	d.Forbid(secrets...)              // plaintext identifiers that must not appear
//	d.AddPage()
//	d.Heading(1, "摘要")
//	d.Text("一段会自动换行的中文……", 10)
//	d.Fields([]pdfdoc.Field{{"网址", url}, {"SHA-256", hash}})
//	d.Marked("……【138****8000】……", 9)   // the part in 【】 is highlighted
//	err = d.Output(w)                 // ErrWouldExpose if a forbidden value was written
//
// All sizes are millimetres except font sizes (points).
package pdfdoc
