package cases_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/doxguard/doxguard/monitor/cases"
	"github.com/doxguard/doxguard/store"
)

const testPass = "correct horse battery staple"

func newDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "test.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Init([]byte(testPass), store.TestKDF); err != nil {
		t.Fatal(err)
	}
	if err := db.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	return db
}

var t0 = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

// seed registers the fictitious 程安然 and findings on two hosts; it returns
// the person ID and the finding IDs by host.
func seed(t *testing.T, db *store.DB) (string, map[string][]string) {
	t.Helper()
	var pid string
	byHost := map[string][]string{}
	err := db.Update(func(tx *store.Tx) error {
		p := store.Person{Name: "程安然", Aliases: []string{"安然然"}}
		if err := tx.PutPerson(&p); err != nil {
			return err
		}
		pid = p.ID
		ph := store.Identifier{PersonID: pid, Kind: "phone", Value: "+8613800138000", Masked: "138****8000"}
		id := store.Identifier{PersonID: pid, Kind: "cn_id", Value: "11010519491231002X", Masked: "110105********002X"}
		for _, i := range []*store.Identifier{&ph, &id} {
			if err := tx.PutIdentifier(i); err != nil {
				return err
			}
		}
		for _, f := range []struct {
			url, host string
			ident     store.Identifier
		}{
			{"https://weibo.com/1/a", "weibo.com", ph},
			{"https://weibo.com/1/a", "weibo.com", id},
			{"https://m.weibo.com/2/b", "m.weibo.com", ph},
			{"https://bbs.example/t/9", "bbs.example", id},
		} {
			fd := store.Finding{Key: tx.FindingKey(f.url, pid, f.ident.ID, ""), URL: f.url, Host: f.host, PersonID: pid,
				IdentifierID: f.ident.ID, Kind: f.ident.Kind, Form: "exact", Severity: "critical", Status: "new",
				Masked: f.ident.Masked, CaptureID: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
				FirstSeen: t0, LastSeen: t0, Timeline: []store.Event{{At: t0, Status: "new"}}}
			if err := tx.PutFinding(&fd); err != nil {
				return err
			}
			byHost[f.host] = append(byHost[f.host], fd.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pid, byHost
}

func findingStatus(t *testing.T, db *store.DB, id string) string {
	t.Helper()
	var f store.Finding
	if err := db.View(func(tx *store.Tx) (err error) { f, err = tx.GetFinding(id); return }); err != nil {
		t.Fatal(err)
	}
	return f.Status
}

// setFinding plays the monitor's part: a scan that no longer finds the
// exposure marks the finding removed.
func setFinding(t *testing.T, db *store.DB, id, status string, at time.Time) {
	t.Helper()
	err := db.Update(func(tx *store.Tx) error {
		f, err := tx.GetFinding(id)
		if err != nil {
			return err
		}
		f.Status = status
		f.Timeline = append(f.Timeline, store.Event{At: at, Status: status, Note: "scan"})
		return tx.PutFinding(&f)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFullFlowResolved(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	_, byHost := seed(t, db)

	c, err := cases.Create(ctx, db, "程安然", "www.weibo.com", cases.OpenOptions{Platform: "微博"}, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// weibo.com and m.weibo.com findings belong to the case; bbs.example does not.
	if len(c.FindingIDs) != 3 || c.Status != cases.StatusDraft || c.Host != "weibo.com" {
		t.Fatalf("case = %+v", c)
	}
	if _, err := cases.Create(ctx, db, "程安然", "weibo.com", cases.OpenOptions{}, t0); !errors.Is(err, cases.ErrNoFindings) {
		t.Errorf("second case took findings already in an open case: %v", err)
	}
	sug, err := cases.Suggest(ctx, db, "")
	if err != nil || len(sug) != 1 || sug[0].Host != "bbs.example" {
		t.Errorf("Suggest = %+v, %v; want only bbs.example left", sug, err)
	}

	sentAt := t0.Add(2 * time.Hour)
	c, err = cases.MarkSent(ctx, db, c.ID, cases.SentInfo{At: sentAt, Channel: "web form", Ref: "WB-42", Deadline: sentAt.AddDate(0, 0, 7)})
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != cases.StatusSent || c.Ref != "WB-42" {
		t.Fatalf("after sent: %+v", c)
	}
	for _, id := range c.FindingIDs {
		if s := findingStatus(t, db, id); s != "reported" {
			t.Errorf("finding %s is %s after sending, want reported", id, s)
		}
	}
	if s := findingStatus(t, db, byHost["bbs.example"][0]); s != "new" {
		t.Errorf("finding outside the case changed to %s", s)
	}

	// One page comes down: the case stays open.
	setFinding(t, db, byHost["weibo.com"][0], "removed", sentAt.Add(24*time.Hour))
	setFinding(t, db, byHost["weibo.com"][1], "removed", sentAt.Add(24*time.Hour))
	ch, err := cases.Recheck(ctx, db, sentAt.Add(25*time.Hour))
	if err != nil || len(ch) != 0 {
		t.Fatalf("Recheck with one finding online = %+v, %v", ch, err)
	}
	// The last one comes down: the next re-check resolves the case.
	setFinding(t, db, byHost["m.weibo.com"][0], "removed", sentAt.Add(48*time.Hour))
	ch, err = cases.Recheck(ctx, db, sentAt.Add(49*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(ch) != 1 || ch[0].CaseID != c.ID || ch[0].To != cases.StatusResolved {
		t.Fatalf("Recheck = %+v", ch)
	}
	c = getCase(t, db, c.ID)
	if c.Status != cases.StatusResolved || c.Outcome != "resolved" {
		t.Errorf("case not resolved: %+v", c)
	}
	if last := c.Timeline[len(c.Timeline)-1]; last.Status != cases.StatusResolved {
		t.Errorf("timeline does not end with resolved: %+v", c.Timeline)
	}
	// Resolved is final: a later recheck past the deadline changes nothing.
	if ch, _ := cases.Recheck(ctx, db, sentAt.AddDate(0, 1, 0)); len(ch) != 0 {
		t.Errorf("resolved case changed again: %+v", ch)
	}
}

func TestDeadlineNoResponseThenEscalate(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	pid, _ := seed(t, db)
	c, err := cases.Create(ctx, db, pid, "bbs.example", cases.OpenOptions{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	due := t0.AddDate(0, 0, 7)
	if _, err := cases.MarkSent(ctx, db, c.ID, cases.SentInfo{At: t0, Channel: "abuse@bbs.example", Deadline: due}); err != nil {
		t.Fatal(err)
	}
	if ch, _ := cases.Recheck(ctx, db, due.Add(-time.Minute)); len(ch) != 0 {
		t.Errorf("changed before the deadline: %+v", ch)
	}
	d, err := cases.Due(ctx, db, due.Add(time.Hour))
	if err != nil || len(d) != 1 || d[0].ID != c.ID {
		t.Errorf("Due = %+v, %v", d, err)
	}
	ch, err := cases.Recheck(ctx, db, due.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(ch) != 1 || ch[0].To != cases.StatusNoResponse || ch[0].Suggest != "follow-up" {
		t.Fatalf("Recheck after deadline = %+v", ch)
	}
	c = getCase(t, db, c.ID)
	if cases.SuggestTemplate(c) != "follow-up" {
		t.Errorf("suggested %q for a no_response case", cases.SuggestTemplate(c))
	}
	// Sending the follow-up escalates the case with a new deadline.
	c, err = cases.MarkSent(ctx, db, c.ID, cases.SentInfo{At: due.Add(time.Hour), Deadline: due.AddDate(0, 0, 7)})
	if err != nil || c.Status != cases.StatusEscalated {
		t.Fatalf("follow-up sent: %+v, %v", c, err)
	}
	c, err = cases.Close(ctx, db, c.ID, "refused", "platform refused in writing", due.AddDate(0, 0, 2))
	if err != nil || c.Status != cases.StatusRefused || cases.SuggestTemplate(c) != "report-12377" {
		t.Fatalf("close refused: %+v, %v", c, err)
	}
	if _, err := cases.MarkSent(ctx, db, c.ID, cases.SentInfo{At: due}); err != nil {
		t.Errorf("a refused case can be escalated with a new letter: %v", err)
	}
}

func TestTransitions(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	pid, _ := seed(t, db)
	c, err := cases.Create(ctx, db, pid, "bbs.example", cases.OpenOptions{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cases.Acknowledge(ctx, db, c.ID, "", t0); !errors.Is(err, cases.ErrTransition) {
		t.Errorf("acknowledged a draft: %v", err)
	}
	if _, err := cases.Close(ctx, db, c.ID, "won", "", t0); !errors.Is(err, cases.ErrOutcome) {
		t.Errorf("unknown outcome accepted: %v", err)
	}
	// A draft whose findings vanish is not resolved by Recheck: nothing was sent.
	if ch, _ := cases.Recheck(ctx, db, t0.AddDate(1, 0, 0)); len(ch) != 0 {
		t.Errorf("draft changed by Recheck: %+v", ch)
	}
	if _, err := cases.Close(ctx, db, c.ID, "withdrawn", "", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := cases.MarkSent(ctx, db, c.ID, cases.SentInfo{At: t0}); !errors.Is(err, cases.ErrTransition) {
		t.Errorf("sent a closed case: %v", err)
	}
	if _, err := cases.Create(ctx, db, pid, "nowhere.example", cases.OpenOptions{}, t0); !errors.Is(err, cases.ErrNoFindings) {
		t.Errorf("case opened without findings: %v", err)
	}
}

func getCase(t *testing.T, db *store.DB, id string) store.Case {
	t.Helper()
	var c store.Case
	if err := db.View(func(tx *store.Tx) (err error) { c, err = tx.GetCase(id); return }); err != nil {
		t.Fatal(err)
	}
	return c
}
