package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/doxguard/doxguard/store"
)

// Case statuses.
const (
	StatusDraft        = "draft"
	StatusSent         = "sent"
	StatusAcknowledged = "acknowledged"
	StatusNoResponse   = "no_response"
	StatusEscalated    = "escalated"
	StatusResolved     = "resolved"
	StatusRefused      = "refused"
	StatusClosed       = "closed"
)

// Statuses lists every case status in lifecycle order.
var Statuses = []string{StatusDraft, StatusSent, StatusAcknowledged, StatusNoResponse, StatusEscalated, StatusResolved, StatusRefused, StatusClosed}

// Outcomes accepted by Close, and the status each leaves the case in.
var Outcomes = map[string]string{
	"resolved":  StatusResolved,
	"refused":   StatusRefused,
	"withdrawn": StatusClosed,
}

// Finding statuses this package reads and writes (the monitor owns the rest
// of the findings lifecycle).
const (
	findingNew           = "new"
	findingConfirmed     = "confirmed"
	findingFalsePositive = "false_positive"
	findingReported      = "reported"
	findingRemoved       = "removed"
	findingReappeared    = "reappeared"
)

// Errors callers distinguish.
var (
	ErrNoFindings = errors.New("no open findings for this person on this host")
	ErrTransition = errors.New("case status does not allow this")
	ErrOutcome    = errors.New("unknown outcome: want resolved, refused or withdrawn")
)

// Open reports whether a case still needs attention (not resolved, refused
// or closed).
func Open(status string) bool {
	switch status {
	case StatusResolved, StatusRefused, StatusClosed:
		return false
	}
	return true
}

// NormHost lower-cases a host and drops a "www." prefix and any port, so
// cases group m.weibo.com and weibo.com findings the same way everywhere.
func NormHost(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	return strings.TrimPrefix(strings.TrimSuffix(h, "."), "www.")
}

// OnHost reports whether a finding's host belongs to a case's host: the same
// host or a subdomain of it.
func OnHost(findingHost, caseHost string) bool {
	f, c := NormHost(findingHost), NormHost(caseHost)
	return f == c || strings.HasSuffix(f, "."+c)
}

func live(status string) bool {
	switch status {
	case findingNew, findingConfirmed, findingReported, findingReappeared:
		return true
	}
	return false
}

// OpenOptions refines Open.
type OpenOptions struct {
	Platform  string   // display name from the platform directory; defaults to the host
	Recipient string   // who the letter goes to, if known
	Findings  []string // finding IDs to attach; empty means every live finding on the host not already in an open case
}

// Create opens a draft case for person (ID or name) on host.
func Create(ctx context.Context, db *store.DB, person, host string, opts OpenOptions, now time.Time) (store.Case, error) {
	if err := ctx.Err(); err != nil {
		return store.Case{}, err
	}
	host = NormHost(host)
	if host == "" {
		return store.Case{}, fmt.Errorf("open case: empty host")
	}
	var c store.Case
	err := db.Update(func(tx *store.Tx) error {
		pid, err := tx.ResolvePerson(person)
		if err != nil {
			return fmt.Errorf("person: %w", err)
		}
		inOpenCase, err := openCaseFindings(tx)
		if err != nil {
			return err
		}
		all, err := tx.ListFindings()
		if err != nil {
			return fmt.Errorf("list findings: %w", err)
		}
		var picked []store.Finding
		for _, f := range all {
			want := f.PersonID == pid && OnHost(f.Host, host) && live(f.Status) && !inOpenCase[f.ID]
			if len(opts.Findings) > 0 {
				want = f.PersonID == pid && slices.Contains(opts.Findings, f.ID) && f.Status != findingFalsePositive
			}
			if want {
				picked = append(picked, f)
			}
		}
		if len(picked) == 0 {
			return ErrNoFindings
		}
		platform := opts.Platform
		if platform == "" {
			platform = host
		}
		c = store.Case{PersonID: pid, Host: host, Platform: platform, Recipient: opts.Recipient,
			Status: StatusDraft, CreatedAt: now.UTC(),
			Timeline: []store.Event{{At: now.UTC(), Status: StatusDraft, Note: fmt.Sprintf("opened with %d findings", len(picked))}}}
		for _, f := range picked {
			c.FindingIDs = append(c.FindingIDs, f.ID)
		}
		if err := tx.PutCase(&c); err != nil {
			return fmt.Errorf("save case: %w", err)
		}
		for _, f := range picked {
			f.CaseID = c.ID
			if err := tx.PutFinding(&f); err != nil {
				return fmt.Errorf("link finding %s: %w", f.ID, err)
			}
		}
		return tx.AppendCustody("case_opened", c.ID, fmt.Sprintf("%d findings on %s", len(picked), host))
	})
	if err != nil {
		return store.Case{}, fmt.Errorf("open case: %w", err)
	}
	return c, nil
}

// openCaseFindings returns the findings already attached to a case that is
// still open, so a second case for the same host does not take them again.
func openCaseFindings(tx *store.Tx) (map[string]bool, error) {
	cs, err := tx.ListCases()
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	in := map[string]bool{}
	for _, c := range cs {
		if Open(c.Status) {
			for _, id := range c.FindingIDs {
				in[id] = true
			}
		}
	}
	return in, nil
}

// Suggestion is a case DoxGuard proposes: live findings of one person on one
// host that no open case covers yet.
type Suggestion struct {
	PersonID   string   `json:"person_id"`
	Host       string   `json:"host"`
	FindingIDs []string `json:"finding_ids"`
}

// Suggest groups a person's uncovered live findings by host (personID empty:
// everyone), most findings first.
func Suggest(ctx context.Context, db *store.DB, personID string) ([]Suggestion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	byKey := map[[2]string]*Suggestion{}
	var order [][2]string
	err := db.View(func(tx *store.Tx) error {
		inOpenCase, err := openCaseFindings(tx)
		if err != nil {
			return err
		}
		all, err := tx.ListFindings()
		if err != nil {
			return fmt.Errorf("list findings: %w", err)
		}
		for _, f := range all {
			if (personID != "" && f.PersonID != personID) || !live(f.Status) || inOpenCase[f.ID] {
				continue
			}
			k := [2]string{f.PersonID, NormHost(f.Host)}
			s := byKey[k]
			if s == nil {
				s = &Suggestion{PersonID: k[0], Host: k[1]}
				byKey[k] = s
				order = append(order, k)
			}
			s.FindingIDs = append(s.FindingIDs, f.ID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("suggest cases: %w", err)
	}
	out := make([]Suggestion, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int { return len(b.FindingIDs) - len(a.FindingIDs) })
	return out, nil
}

// SentInfo is what the user tells DoxGuard after sending a letter.
type SentInfo struct {
	At       time.Time
	Channel  string    // web form, e-mail, in-app, post…
	Ref      string    // ticket or reference number the platform gave
	Deadline time.Time // when a reply is due; zero for none
}

// MarkSent records that the case's letter was sent. Its live findings become
// "reported". A case that had already failed (no_response, refused) becomes
// "escalated": the new letter is a follow-up or goes to an authority.
func MarkSent(ctx context.Context, db *store.DB, id string, s SentInfo) (store.Case, error) {
	return update(ctx, db, id, func(tx *store.Tx, c *store.Case) error {
		next := StatusSent
		switch c.Status {
		case StatusDraft, StatusSent, StatusAcknowledged:
		case StatusNoResponse, StatusRefused, StatusEscalated:
			next = StatusEscalated
		default:
			return fmt.Errorf("%w: mark %s case sent", ErrTransition, c.Status)
		}
		at := s.At.UTC()
		c.Status, c.SentAt, c.Channel, c.Ref, c.Deadline = next, at, s.Channel, s.Ref, s.Deadline.UTC()
		if s.Deadline.IsZero() {
			c.Deadline = time.Time{}
		}
		note := "sent"
		if s.Channel != "" {
			note += " via " + s.Channel
		}
		if s.Ref != "" {
			note += ", ref " + s.Ref
		}
		c.Timeline = append(c.Timeline, store.Event{At: at, Status: next, Note: note})
		for _, fid := range c.FindingIDs {
			f, err := tx.GetFinding(fid)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("finding %s: %w", fid, err)
			}
			switch f.Status {
			case findingNew, findingConfirmed, findingReappeared:
				f.Status = findingReported
				f.Timeline = append(f.Timeline, store.Event{At: at, Status: findingReported, Note: "case " + c.ID + " sent"})
				if err := tx.PutFinding(&f); err != nil {
					return fmt.Errorf("finding %s: %w", fid, err)
				}
			}
		}
		return tx.AppendCustody("case_sent", c.ID, note)
	})
}

// Acknowledge records that the recipient confirmed receipt.
func Acknowledge(ctx context.Context, db *store.DB, id, note string, now time.Time) (store.Case, error) {
	return update(ctx, db, id, func(tx *store.Tx, c *store.Case) error {
		if c.Status != StatusSent && c.Status != StatusEscalated && c.Status != StatusNoResponse {
			return fmt.Errorf("%w: acknowledge a %s case", ErrTransition, c.Status)
		}
		c.Status = StatusAcknowledged
		c.Timeline = append(c.Timeline, store.Event{At: now.UTC(), Status: StatusAcknowledged, Note: note})
		return tx.AppendCustody("case_acknowledged", c.ID, "")
	})
}

// Close ends a case with an outcome: resolved, refused or withdrawn.
func Close(ctx context.Context, db *store.DB, id, outcome, note string, now time.Time) (store.Case, error) {
	next, ok := Outcomes[outcome]
	if !ok {
		return store.Case{}, fmt.Errorf("close case %s: %w", id, ErrOutcome)
	}
	return update(ctx, db, id, func(tx *store.Tx, c *store.Case) error {
		if !Open(c.Status) {
			return fmt.Errorf("%w: close a %s case", ErrTransition, c.Status)
		}
		c.Status, c.Outcome = next, outcome
		if note == "" {
			note = outcome
		}
		c.Timeline = append(c.Timeline, store.Event{At: now.UTC(), Status: next, Note: note})
		return tx.AppendCustody("case_closed", c.ID, outcome)
	})
}

// LetterRef records a generated letter on the case (template, language,
// format and the SHA-256 of the file written).
func AddLetter(ctx context.Context, db *store.DB, id string, ref store.LetterRef) (store.Case, error) {
	return update(ctx, db, id, func(tx *store.Tx, c *store.Case) error {
		c.Letters = append(c.Letters, ref)
		return tx.AppendCustody("letter_generated", c.ID, ref.Template+" "+ref.SHA256)
	})
}

func update(ctx context.Context, db *store.DB, id string, fn func(*store.Tx, *store.Case) error) (store.Case, error) {
	if err := ctx.Err(); err != nil {
		return store.Case{}, err
	}
	var c store.Case
	err := db.Update(func(tx *store.Tx) error {
		var err error
		if c, err = tx.GetCase(id); err != nil {
			return err
		}
		if err := fn(tx, &c); err != nil {
			return err
		}
		return tx.PutCase(&c)
	})
	if err != nil {
		return store.Case{}, fmt.Errorf("case %s: %w", id, err)
	}
	return c, nil
}

// Change is one status change Recheck made.
type Change struct {
	CaseID  string `json:"case_id"`
	From    string `json:"from"`
	To      string `json:"to"`
	Suggest string `json:"suggest,omitempty"` // letter template to use next
}

// Recheck brings every open case up to date with its findings and the
// clock: all findings removed → resolved; a sent case past its deadline →
// no_response (follow-up suggested). The monitor calls it after each scan.
func Recheck(ctx context.Context, db *store.DB, now time.Time) ([]Change, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var changes []Change
	err := db.Update(func(tx *store.Tx) error {
		cs, err := tx.ListCases()
		if err != nil {
			return fmt.Errorf("list cases: %w", err)
		}
		for _, c := range cs {
			if err := ctx.Err(); err != nil {
				return err
			}
			from := c.Status
			to, note, err := recheckOne(tx, &c, now)
			if err != nil {
				return err
			}
			if to == from {
				continue
			}
			c.Status = to
			if to == StatusResolved {
				c.Outcome = "resolved"
			}
			c.Timeline = append(c.Timeline, store.Event{At: now.UTC(), Status: to, Note: note})
			if err := tx.PutCase(&c); err != nil {
				return fmt.Errorf("case %s: %w", c.ID, err)
			}
			if err := tx.AppendCustody("case_"+to, c.ID, note); err != nil {
				return err
			}
			changes = append(changes, Change{CaseID: c.ID, From: from, To: to, Suggest: SuggestTemplate(c)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("recheck cases: %w", err)
	}
	return changes, nil
}

func recheckOne(tx *store.Tx, c *store.Case, now time.Time) (string, string, error) {
	switch c.Status {
	case StatusSent, StatusAcknowledged, StatusNoResponse, StatusEscalated:
	default:
		// Drafts were never sent, so a removal is not their outcome;
		// closed cases stay closed.
		return c.Status, "", nil
	}
	removed, total := 0, 0
	for _, fid := range c.FindingIDs {
		f, err := tx.GetFinding(fid)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return "", "", fmt.Errorf("finding %s: %w", fid, err)
		}
		if f.Status == findingFalsePositive {
			continue
		}
		total++
		if f.Status == findingRemoved {
			removed++
		}
	}
	if total > 0 && removed == total {
		return StatusResolved, fmt.Sprintf("all %d findings removed (confirmed by re-check)", total), nil
	}
	if c.Status != StatusNoResponse && !c.Deadline.IsZero() && now.After(c.Deadline) {
		return StatusNoResponse, fmt.Sprintf("deadline %s passed; %d of %d findings still online",
			c.Deadline.UTC().Format("2006-01-02"), total-removed, total), nil
	}
	return c.Status, "", nil
}

// SuggestTemplate names the letter to send next for a case in its current
// status, or "" when no letter is due.
func SuggestTemplate(c store.Case) string {
	switch c.Status {
	case StatusNoResponse:
		return "follow-up"
	case StatusRefused:
		return "report-12377"
	}
	return ""
}

// Due lists open, sent cases whose deadline falls before horizon (overdue
// ones included), soonest first — for the Overview and notifications.
func Due(ctx context.Context, db *store.DB, horizon time.Time) ([]store.Case, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []store.Case
	err := db.View(func(tx *store.Tx) error {
		cs, err := tx.ListCases()
		if err != nil {
			return err
		}
		for _, c := range cs {
			if Open(c.Status) && c.Status != StatusDraft && !c.Deadline.IsZero() && c.Deadline.Before(horizon) {
				out = append(out, c)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("due cases: %w", err)
	}
	slices.SortFunc(out, func(a, b store.Case) int { return a.Deadline.Compare(b.Deadline) })
	return out, nil
}
