// Package report builds the printable PDF evidence report for one person
// (notes/legal.md §5.e): a cover, a summary with a small chart, one section
// per finding with its capture hash, time stamps and status timeline, the
// head of the custody log, and a guide to verifying the report.
//
// The layout works from a plain view model, Data, so it can be tested
// without a database; FromStore fills Data from an unlocked store:
//
//	data, err := report.FromStore(ctx, db, personID, from, to)   // zero times: no bound
//	data.Lang = "en"
//	err = report.Render(data, w)
//
// Nothing in Data is a plaintext identifier: values are masked as
// monitor/detect masks them, snippets carry only masked values with the
// match in 【】. Data.Secrets (never drawn) lists the person's plaintext
// identifiers, and Render refuses to produce a report that contains one
// (pdfdoc.ErrWouldExpose) — the last line of defence against a masking bug.
//
// Screenshots are listed by hash, not embedded: a page screenshot shows the
// identifiers unmasked, and notes/legal.md §5.0 asks for opaque redaction
// boxes we cannot place reliably yet.
package report
