// Package ident knows what each identifier kind looks like: it validates a
// value typed the way people type it (full-width digits, spaces, dashes,
// "+86 138-1234-5678", a lower-case x), turns it into the one canonical form
// the store indexes and the detector searches for, and computes the masked
// form that is the only thing screens, letters and logs ever show.
//
// Typical use when a user registers a value:
//
//	v, err := ident.Parse(ident.KindCNID, "110105 19491231 002x")
//	// v.Canonical == "11010519491231002X", v.Masked == "110105********002X"
//
// Errors are *ValidationError and name the kind and the problem, never the
// value ("cn_id: check digit should be X"), so they are safe to print and log.
//
// Canonical forms (docs/ARCHITECTURE.md): phone E.164, cn_id 18 characters
// with upper-case X (15-digit cards upgraded), bank_card and qq digits,
// email lower-case, plate upper-case without separators, address NFKC +
// width fold + collapsed whitespace, everything else trimmed and width
// folded. Parse(k, v.Canonical) returns v again: canonical forms are fixed
// points, which the fuzz tests check.
//
// Photos are not text: Photo turns image bytes into a 64-bit perceptual hash
// (goimagehash pHash, robust to resizing, re-encoding and watermarks; see
// notes/libs.md §6) plus a small PNG thumbnail. The hash, written as 16 hex
// digits, is the canonical value of kind photo.
//
// The package does no I/O and keeps no state.
package ident
