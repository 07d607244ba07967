// Package cases tracks what was done about a group of findings: one case per
// person and platform (host), from a drafted letter to a confirmed removal.
//
// A case's life:
//
//	draft ──MarkSent──▶ sent ──Acknowledge──▶ acknowledged
//	  │                  │  ╲                     │
//	  │                  │   ╲ deadline passed     │ deadline passed
//	  │                  │    ▼                    ▼
//	  │                  │   no_response ──MarkSent (follow-up)──▶ escalated
//	  │                  │
//	  │      all findings removed (Recheck, after every scan)
//	  │                  ▼
//	  └──Close──▶ resolved | refused | closed (withdrawn)
//
// Opening a case attaches the person's live findings on that host (or the
// ones the caller picks); marking it sent moves them to "reported", which
// makes every later scan re-check those pages first. Recheck is called by
// the monitor after each scan: a case whose findings are all "removed" is
// resolved, and one whose deadline passed without that becomes
// "no_response", with the follow-up letter suggested.
//
// Every change is a timeline event on the case (and on the findings it
// moves) and a custody-log entry. Nothing here sends anything: "sent" is
// what the user tells DoxGuard after sending the letter themselves.
//
// The package works on the store only; it does not know about letters or
// the platform directory (app/letters does), so callers pass the platform
// name and the deadline they computed.
package cases
