// Package monitor is DoxGuard's engine: it turns the sources a user chose to
// watch into evidence and findings, on a schedule, and tells the user.
//
// # A scan, step by step
//
//  1. The store's people and identifiers are compiled into a detector
//     (monitor/detect). The plaintext values live only in that detector's
//     memory, for the length of one scan.
//  2. The pages of every finding in status "reported" are fetched first:
//     whether reported content has gone is what the user is waiting for.
//  3. Each requested (or due) source is crawled (monitor/crawl) with the
//     ETag / Last-Modified of the previous fetch, so an unchanged page costs
//     only a 304 answer. A source limited to some people reports only their
//     findings; a search source sends their names (plus 身份证, 手机号,
//     住址 …), never an identifier.
//  4. Every page is handled in one store transaction: the raw bytes as
//     received become a capture (content-addressed, encrypted, with a custody
//     log entry), the detector runs on the decoded body, and findings are
//     upserted by key (URL, person, identifier — or a keyed hash of an
//     unregistered value). A crash therefore loses at most the page in
//     flight; everything committed before it survives.
//  5. One Run record per scan holds its counts and errors; each source gets
//     its last status and next due time.
//
// # Findings lifecycle
//
//	new ──▶ confirmed | false_positive ──▶ reported ──▶ removed ──▶ reappeared
//
// A scan opens a finding as new; the user confirms it, dismisses it as a
// false positive or marks it reported (a letter was sent). When a fetched
// page no longer shows an open finding — or answers 404/410 — the finding
// becomes removed; if it shows up again it becomes reappeared. A 304 counts
// as "seen". A truncated page never removes anything (the rest was not read),
// and a name on its own never opens a finding. Every transition is a
// timeline event.
//
// # Scheduler
//
// Watch compares the wall clock with due times stored in the database on a
// short ticker, so a laptop that slept catches up on wake and the schedule
// survives restarts (notes/libs.md §8). A source is never scanned by two
// scans at once.
//
// # Front-ends
//
// The GUI and the CLI implement ProgressSink and Notifier. Notifications
// and progress carry masked identifiers only.
//
// # Demo
//
// ServeDemo serves the bundled fictional site (assets.DemoSite) on
// 127.0.0.1 and SetupDemo registers its fictional person and sources, so
// `doxguard demo` shows real findings in under a minute.
package monitor
