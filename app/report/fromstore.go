package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/doxguard/doxguard/assets"
	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/monitor/evidence"
	"github.com/doxguard/doxguard/store"
)

// custodyHead is how many custody entries the report lists.
const custodyHead = 12

// FromStore reads one person's findings seen between from and to (zero:
// unbounded; a finding counts when its first–last seen span overlaps the
// period) with their captures, time-stamp tokens (re-verified now) and the
// head of the custody log. Lang is "zh"; set Data.Lang to change it.
func FromStore(ctx context.Context, db *store.DB, personID string, from, to time.Time) (Data, error) {
	now := time.Now().UTC()
	d := Data{Lang: "zh", PersonID: personID, From: from, To: to, Generated: now, Version: assets.Version}
	err := db.View(func(tx *store.Tx) error {
		p, err := tx.GetPerson(personID)
		if err != nil {
			return fmt.Errorf("person %s: %w", personID, err)
		}
		d.Person = ident.MaskName(p.Name)
		d.Secrets = append(append(d.Secrets, p.Name), p.Aliases...)
		ids, err := tx.ListIdentifiers(personID)
		if err != nil {
			return fmt.Errorf("identifiers: %w", err)
		}
		for _, i := range ids {
			d.Secrets = append(d.Secrets, secretForms(i.Kind, i.Value)...)
		}
		fs, err := tx.FindFindings(store.FindingFilter{PersonID: personID})
		if err != nil {
			return fmt.Errorf("findings: %w", err)
		}
		platforms := map[string]string{}
		covered := map[string]int{} // case ID → findings in this report
		for _, f := range fs {
			if err := ctx.Err(); err != nil {
				return err
			}
			if (!from.IsZero() && f.LastSeen.Before(from)) || (!to.IsZero() && f.FirstSeen.After(to)) {
				continue
			}
			rf := Finding{ID: f.ID, URL: f.URL, Host: f.Host, Kind: f.Kind, Form: f.Form, Severity: f.Severity,
				Status: f.Status, Masked: f.Masked, Exposed: f.Exposed, Where: f.Where, Snippet: f.Snippet,
				FirstSeen: f.FirstSeen, LastSeen: f.LastSeen, CaseID: f.CaseID}
			for _, e := range f.Timeline {
				rf.Timeline = append(rf.Timeline, Event{At: e.At, Status: e.Status, Note: e.Note})
			}
			if f.CaseID != "" {
				covered[f.CaseID]++
				if _, seen := platforms[f.CaseID]; !seen {
					c, err := tx.GetCase(f.CaseID)
					if err == nil {
						platforms[f.CaseID] = c.Platform
					}
				}
				rf.Platform = platforms[f.CaseID]
			}
			if f.CaptureID != "" {
				c, err := tx.GetCapture(f.CaptureID)
				switch {
				case err == nil:
					rf.Capture = captureView(c)
				case !errors.Is(err, store.ErrNotFound):
					return fmt.Errorf("capture %s: %w", f.CaptureID, err)
				}
			}
			d.Findings = append(d.Findings, rf)
		}
		for id, n := range covered {
			c, err := tx.GetCase(id)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("case %s: %w", id, err)
			}
			rc := Case{ID: c.ID, Host: c.Host, Platform: c.Platform, Status: c.Status, Channel: c.Channel, Ref: c.Ref,
				SentAt: c.SentAt, Deadline: c.Deadline, Outcome: c.Outcome, Findings: n}
			for _, e := range c.Timeline {
				rc.Timeline = append(rc.Timeline, Event{At: e.At, Status: e.Status, Note: e.Note})
			}
			d.Cases = append(d.Cases, rc)
		}
		slices.SortFunc(d.Cases, func(a, b Case) int { return strings.Compare(a.ID, b.ID) })
		seq, _, err := tx.CustodyHead()
		if err != nil {
			return fmt.Errorf("custody head: %w", err)
		}
		d.CustodyTotal = int(seq)
		first := uint64(1)
		if seq > custodyHead { // unsigned: seq+1-custodyHead would wrap
			first = seq + 1 - custodyHead
		}
		entries, err := tx.ListCustody(first)
		if err != nil {
			return fmt.Errorf("custody log: %w", err)
		}
		for _, e := range entries {
			d.Custody = append(d.Custody, CustodyEntry{Seq: e.Seq, Time: e.Time, Action: e.Action, Subject: e.Subject, Hash: e.Hash})
		}
		return nil
	})
	if err != nil {
		return Data{}, fmt.Errorf("report data: %w", err)
	}
	// Most serious first, then oldest first: the order a reader triages.
	rank := func(s string) int {
		if i := slices.Index(severities, s); i >= 0 {
			return i
		}
		return len(severities)
	}
	slices.SortStableFunc(d.Findings, func(a, b Finding) int {
		if r := rank(a.Severity) - rank(b.Severity); r != 0 {
			return r
		}
		return a.FirstSeen.Compare(b.FirstSeen)
	})
	d.ReportID = reportID(d)
	return d, nil
}

// secretForms are the spellings of a canonical identifier that must not
// appear in a report: the canonical form and, for phones, the national
// number without +86.
func secretForms(kind, canonical string) []string {
	out := []string{canonical}
	if kind == "phone" {
		out = append(out, strings.TrimPrefix(canonical, "+86"))
	}
	return out
}

func captureView(c store.Capture) *Capture {
	tool := strings.TrimSpace(c.Tool + " " + c.ToolVersion)
	if c.OS != "" {
		tool += " · " + c.OS
	}
	v := &Capture{SHA256: c.ID, BodySHA256: c.BodySHA256, URL: c.URL, FinalURL: c.FinalURL, Redirects: c.Redirects,
		Status: c.Status, RemoteIP: c.RemoteIP, FetchedAt: c.FetchedAt, Size: c.Size, Truncated: c.Truncated,
		Tool: tool, CustodySeq: c.CustodySeq, Screenshot: c.ScreenshotID}
	if len(c.TSAToken) > 0 {
		ts := &Timestamp{Authority: c.TSAURL}
		var sum [32]byte
		raw, err := hex.DecodeString(c.ID)
		copy(sum[:], raw)
		if err != nil || len(raw) != len(sum) {
			ts.Problem = "capture id is not a sha256"
		} else if info, err := evidence.VerifyToken(c.TSAToken, sum, nil); err != nil {
			ts.Problem = err.Error()
		} else {
			ts.Verified, ts.Time, ts.Serial, ts.Policy = true, info.Time, info.Serial, info.Policy
		}
		v.TSA = ts
	}
	return v
}

// reportID names the report by what it covers and when it was made.
func reportID(d Data) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%d\x00%d", d.PersonID, d.From.UnixNano(), d.To.UnixNano(), d.Generated.UnixNano())
	for _, f := range d.Findings {
		fmt.Fprintf(h, "\x00%s", f.ID)
	}
	return "R-" + hex.EncodeToString(h.Sum(nil))[:12]
}

// ForCase is the evidence report that goes with a letter: FromStore for the
// case's person over all time, narrowed to the findings of that case.
func ForCase(ctx context.Context, db *store.DB, caseID string) (Data, error) {
	var c store.Case
	if err := db.View(func(tx *store.Tx) (err error) { c, err = tx.GetCase(caseID); return err }); err != nil {
		return Data{}, fmt.Errorf("case %s: %w", caseID, err)
	}
	d, err := FromStore(ctx, db, c.PersonID, time.Time{}, time.Time{})
	if err != nil {
		return Data{}, err
	}
	kept := d.Findings[:0]
	for _, f := range d.Findings {
		if f.CaseID == caseID {
			kept = append(kept, f)
		}
	}
	d.Findings = kept
	return d, nil
}
