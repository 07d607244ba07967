package monitor

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/doxguard/doxguard/monitor/crawl"
	"github.com/doxguard/doxguard/monitor/detect"
	"github.com/doxguard/doxguard/store"
)

// Finding statuses (DESIGN.md "Findings lifecycle").
const (
	StatusNew           = "new"
	StatusConfirmed     = "confirmed"
	StatusFalsePositive = "false_positive"
	StatusReported      = "reported"
	StatusRemoved       = "removed"
	StatusReappeared    = "reappeared"
)

// Statuses lists every finding status in lifecycle order.
var Statuses = []string{StatusNew, StatusConfirmed, StatusFalsePositive, StatusReported, StatusRemoved, StatusReappeared}

// open reports whether a finding in status st is still exposed as far as we
// know: those are the ones a scan turns to removed when the content is gone.
// A false positive is never "removed": the user said it is not about them.
func open(st string) bool {
	switch st {
	case StatusNew, StatusConfirmed, StatusReported, StatusReappeared:
		return true
	}
	return false
}

// page turns one fetched page into evidence and findings, in one
// transaction.
func (s *scan) page(ctx context.Context, srcID string, p crawl.Page) {
	s.mu.Lock()
	s.prog.PagesDone++
	s.prog.CurrentURL = p.URL
	if d := s.prog.PagesDone; d > s.prog.Discovered {
		s.prog.Discovered = d
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		prog := s.prog
		s.mu.Unlock()
		s.sink.Progress(prog)
	}()
	if ctx.Err() != nil {
		return
	}

	switch {
	case errors.Is(p.Err, crawl.ErrRobotsDisallowed):
		// Not an error: the site asked not to be crawled there.
		return
	case errors.Is(p.Err, crawl.ErrSkippedContent) || p.IsImage && p.Status == 200 && len(p.Body) == 0:
		return
	case p.Err != nil && p.Status == 0:
		s.sourceError(srcID, fmt.Sprintf("%s: %v", redactURL(p.URL), p.Err))
		return
	case p.NotModified || p.Status == 304:
		s.notModified(srcID, p)
		return
	case p.Status == 404 || p.Status == 410:
		s.gone(srcID, p)
		return
	case p.Status < 200 || p.Status > 299:
		s.sourceError(srcID, fmt.Sprintf("%s: HTTP %d", redactURL(p.URL), p.Status))
		return
	}

	var matches []detect.Match
	textSum := ""
	if p.IsImage {
		ms, err := s.det.ScanImage(p.Body)
		if err != nil {
			return // not an image we can read: nothing to match, not a scan error
		}
		matches = findingMatches(ms, s.scope[srcID])
	} else {
		ctype := p.ContentType
		if p.Charset != "" {
			// The crawler's charset repair decided; tell the detector.
			ctype = mediaType(ctype) + "; charset=" + p.Charset
		}
		res := s.det.Scan(detect.Doc{Body: p.Body, ContentType: ctype, URL: p.URL})
		matches = findingMatches(res.Matches, s.scope[srcID])
		textSum = sha256Hex([]byte(res.Text))
	}
	capt := captureOf(p, s.m.opts.Version, textSum)

	var opened, reopened []store.Finding
	err := s.m.db.Update(func(tx *store.Tx) error {
		if err := tx.PutCapture(&capt, p.Raw); err != nil {
			return fmt.Errorf("store capture: %w", err)
		}
		if err := tx.PutURLState(&store.URLState{URL: p.URL, ETag: p.ResponseHeader.Get("ETag"),
			LastModified: p.ResponseHeader.Get("Last-Modified"), TextHash: textSum,
			CaptureID: capt.ID, FetchedAt: p.Fetched.UTC(), Status: p.Status}); err != nil {
			return fmt.Errorf("store url state: %w", err)
		}
		var err error
		opened, reopened, err = s.upsert(tx, p.URL, capt.ID, matches, !p.Truncated)
		return err
	})
	if err != nil {
		s.sourceError(srcID, fmt.Sprintf("%s: %v", redactURL(p.URL), err))
		return
	}
	s.counted(srcID, len(matches), opened, reopened)
}

// findingMatches drops what never opens a finding (names alone) and
// people outside the source's scope (people; empty = everyone), and keeps
// one match per finding key: the most severe, then the first.
func findingMatches(ms []detect.Match, people []string) []detect.Match {
	var out []detect.Match
	idx := map[string]int{}
	for _, m := range ms {
		if m.Kind == detect.KindName || m.PersonID == "" || len(people) > 0 && !contains(people, m.PersonID) {
			continue
		}
		k := m.PersonID + "\x00" + m.IdentifierID + "\x00" + m.ValueKey
		if m.IdentifierID == "" && m.ValueKey == "" {
			k += "\x00" + m.Kind + "\x00" + m.Masked
		}
		if i, ok := idx[k]; ok {
			if sevRank(m.Severity) < sevRank(out[i].Severity) {
				out[i] = m
			}
			continue
		}
		idx[k] = len(out)
		out = append(out, m)
	}
	return out
}

func sevRank(s string) int {
	switch s {
	case detect.SevCritical:
		return 0
	case detect.SevHigh:
		return 1
	case detect.SevMedium:
		return 2
	case detect.SevLow:
		return 3
	}
	return 4
}

// upsert applies one page's matches to the findings of pageURL. When
// complete is false (a truncated body) findings that were not seen are left
// alone: the rest of the page was never read.
func (s *scan) upsert(tx *store.Tx, pageURL, captureID string, ms []detect.Match, complete bool) (opened, reopened []store.Finding, err error) {
	now := s.m.now()
	host := hostOf(pageURL)
	seen := map[string]bool{}
	for _, m := range ms {
		key := tx.FindingKey(pageURL, m.PersonID, m.IdentifierID, m.ValueKey)
		if m.IdentifierID == "" && m.ValueKey == "" {
			key = tx.FindingKey(pageURL, m.PersonID, "", m.Kind+"\x00"+m.Masked)
		}
		seen[key] = true
		f, err := tx.GetFindingByKey(key)
		switch {
		case err == nil:
			f.LastSeen = now
			f.CaptureID = captureID
			f.Form, f.Severity, f.Masked, f.Snippet = m.Form, m.Severity, m.Masked, m.Snippet
			f.Where, f.Start, f.End, f.Exposed = string(m.Where), m.Start, m.End, m.Exposed
			if f.Status == StatusRemoved {
				f.Status = StatusReappeared
				f.Timeline = append(f.Timeline, store.Event{At: now, Status: StatusReappeared,
					Note: "found on the page again", CaptureID: captureID})
				reopened = append(reopened, f)
			}
			if err := tx.PutFinding(&f); err != nil {
				return nil, nil, fmt.Errorf("update finding: %w", err)
			}
		case isNotFound(err):
			f = store.Finding{Key: key, URL: pageURL, Host: host, PersonID: m.PersonID,
				IdentifierID: m.IdentifierID, ValueKey: m.ValueKey, Kind: m.Kind, Form: m.Form,
				Severity: m.Severity, Status: StatusNew, Masked: m.Masked, Snippet: m.Snippet,
				Where: string(m.Where), Start: m.Start, End: m.End, Exposed: m.Exposed,
				CaptureID: captureID, FirstSeen: now, LastSeen: now,
				Timeline: []store.Event{{At: now, Status: StatusNew, Note: "found by scan", CaptureID: captureID}}}
			if err := tx.PutFinding(&f); err != nil {
				return nil, nil, fmt.Errorf("add finding: %w", err)
			}
			if err := tx.AppendCustody("finding_created", f.ID, "capture "+captureID); err != nil {
				return nil, nil, fmt.Errorf("custody: %w", err)
			}
			opened = append(opened, f)
		default:
			return nil, nil, fmt.Errorf("look up finding: %w", err)
		}
	}
	if !complete {
		return opened, reopened, nil
	}
	return opened, reopened, s.removeUnseen(tx, pageURL, captureID, seen, "not found on the page any more")
}

// removeUnseen marks every open finding of pageURL whose key is not in seen
// as removed.
func (s *scan) removeUnseen(tx *store.Tx, pageURL, captureID string, seen map[string]bool, why string) error {
	fs, err := tx.ListFindingsByURL(pageURL)
	if err != nil {
		return fmt.Errorf("list findings of page: %w", err)
	}
	now := s.m.now()
	for _, f := range fs {
		if seen[f.Key] || !open(f.Status) {
			continue
		}
		f.Status = StatusRemoved
		f.Timeline = append(f.Timeline, store.Event{At: now, Status: StatusRemoved, Note: why, CaptureID: captureID})
		if err := tx.PutFinding(&f); err != nil {
			return fmt.Errorf("mark finding removed: %w", err)
		}
	}
	return nil
}

// notModified handles a 304: the page is what the stored capture holds, so
// its findings count as seen and nothing is removed.
func (s *scan) notModified(srcID string, p crawl.Page) {
	n := 0
	err := s.m.db.Update(func(tx *store.Tx) error {
		st, err := tx.GetURLState(p.URL)
		if err != nil {
			return fmt.Errorf("304 without a stored capture: %w", err)
		}
		st.FetchedAt = p.Fetched.UTC()
		if err := tx.PutURLState(&st); err != nil {
			return err
		}
		fs, err := tx.ListFindingsByURL(p.URL)
		if err != nil {
			return err
		}
		now := s.m.now()
		for _, f := range fs {
			if f.Status == StatusRemoved {
				continue
			}
			n++
			f.LastSeen = now
			if err := tx.PutFinding(&f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.sourceError(srcID, fmt.Sprintf("%s: %v", redactURL(p.URL), err))
		return
	}
	s.counted(srcID, n, nil, nil)
}

// gone handles 404/410: the capture of the error page is kept as evidence
// of the removal and every open finding of the page becomes removed.
func (s *scan) gone(srcID string, p crawl.Page) {
	capt := captureOf(p, s.m.opts.Version, "")
	err := s.m.db.Update(func(tx *store.Tx) error {
		if err := tx.PutCapture(&capt, p.Raw); err != nil {
			return fmt.Errorf("store capture: %w", err)
		}
		if err := tx.PutURLState(&store.URLState{URL: p.URL, CaptureID: capt.ID, FetchedAt: p.Fetched.UTC(), Status: p.Status}); err != nil {
			return err
		}
		return s.removeUnseen(tx, p.URL, capt.ID, nil, fmt.Sprintf("page answered HTTP %d", p.Status))
	})
	if err != nil {
		s.sourceError(srcID, fmt.Sprintf("%s: %v", redactURL(p.URL), err))
	}
}

// counted adds one page's results to the scan and queues notifications.
func (s *scan) counted(srcID string, matches int, opened, reopened []store.Finding) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prog.Findings += matches
	s.prog.New += len(opened) + len(reopened)
	for _, f := range append(opened[:len(opened):len(opened)], reopened...) {
		if f.CaptureID != "" && !slices.Contains(s.shots, f.CaptureID) {
			s.shots = append(s.shots, f.CaptureID)
		}
	}
	for _, f := range opened {
		if f.Severity == detect.SevCritical || f.Severity == detect.SevHigh {
			s.notes = append(s.notes, Notification{Level: f.Severity,
				Title: fmt.Sprintf("new %s exposure on %s", f.Kind, f.Host),
				Body:  f.Masked, FindingID: f.ID})
		}
	}
	for _, f := range reopened {
		s.notes = append(s.notes, Notification{Level: LevelHigh,
			Title: fmt.Sprintf("%s exposure reappeared on %s", f.Kind, f.Host),
			Body:  f.Masked, FindingID: f.ID})
	}
}

// captureOf turns a fetched page into the evidence record; the store fills
// ID, BodySHA256, Size and CustodySeq from the raw bytes.
func captureOf(p crawl.Page, version, textSum string) store.Capture {
	fetched := p.Fetched.UTC()
	if fetched.IsZero() {
		fetched = time.Now().UTC()
	}
	return store.Capture{URL: p.URL, FinalURL: p.FinalURL, Redirects: p.Redirects, Method: p.Method,
		Status: p.Status, RequestHeader: p.RequestHeader, ResponseHeader: p.ResponseHeader,
		RemoteIP: p.RemoteIP, FetchedAt: fetched, TimeZone: localZone(fetched),
		TextSHA256: textSum, Truncated: p.Truncated, Tool: "DoxGuard", ToolVersion: version, OS: osName()}
}

// redactURL keeps scheme, host and path: query strings of search sources
// carry a person's name and must not reach logs or errors.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(bad url)"
	}
	if u.RawQuery != "" {
		u.RawQuery = "…"
	}
	u.Fragment = ""
	return u.String()
}

func mediaType(ctype string) string {
	mt, _, _ := strings.Cut(ctype, ";")
	if mt = strings.TrimSpace(mt); mt == "" {
		return "text/html"
	}
	return mt
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// localZone names the machine's time zone at t with its offset ("CST
// +08:00"): the record is in UTC, the zone tells a court what the local
// clock showed.
func localZone(t time.Time) string {
	name, off := t.Local().Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%s %c%02d:%02d", name, sign, off/3600, off%3600/60)
}
