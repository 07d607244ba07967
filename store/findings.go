package store

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"time"
)

// Event is one entry of a finding's or case's timeline.
type Event struct {
	At        time.Time `json:"at"`
	Status    string    `json:"status"`
	Note      string    `json:"note,omitempty"`
	CaptureID string    `json:"capture_id,omitempty"`
}

// Finding is one exposure: an identifier (or an unregistered value near a
// person's name) on one URL. Key is unique (see FindingKey).
type Finding struct {
	ID           string    `json:"id"`
	Key          string    `json:"key"`
	URL          string    `json:"url"`
	Host         string    `json:"host"`
	PersonID     string    `json:"person_id"`
	IdentifierID string    `json:"identifier_id,omitempty"`
	ValueKey     string    `json:"value_key,omitempty"`
	Kind         string    `json:"kind"`
	Form         string    `json:"form"`
	Severity     string    `json:"severity"`
	Status       string    `json:"status"`
	Masked       string    `json:"masked"`
	Snippet      string    `json:"snippet,omitempty"`
	Where        string    `json:"where,omitempty"`
	Start        int       `json:"start"`
	End          int       `json:"end"`
	Exposed      string    `json:"exposed,omitempty"`
	CaptureID    string    `json:"capture_id,omitempty"`
	FirstSeen    time.Time `json:"first_seen"`
	LastSeen     time.Time `json:"last_seen"`
	CaseID       string    `json:"case_id,omitempty"`
	Timeline     []Event   `json:"timeline,omitempty"`
}

// FindingFilter selects findings; empty fields match everything.
type FindingFilter struct {
	PersonID string
	Status   string
	Severity string
	Host     string
}

func (f FindingFilter) match(x *Finding) bool {
	return (f.PersonID == "" || x.PersonID == f.PersonID) && (f.Status == "" || x.Status == f.Status) &&
		(f.Severity == "" || x.Severity == f.Severity) && (f.Host == "" || x.Host == f.Host)
}

// FindingKey is the blind key of (URL, person, identifier ID or value key)
// that makes a finding unique: a scan finding the same thing again
// updates the same finding.
func (t *Tx) FindingKey(url, personID, identifierID, valueKey string) string {
	return hex.EncodeToString(t.k.blind(purposeFinding, url, personID, identifierID, valueKey))
}

// ValueKey is the blind key of an unregistered value (kind, canonical), for
// detect.Options.ValueKey: equal values get equal keys, nothing on disk
// reveals the value.
func (t *Tx) ValueKey(kind, canonical string) string {
	return hex.EncodeToString(t.k.blind(purposeValue, kind, canonical))
}

// ValueKey is Tx.ValueKey outside a transaction, for
// detect.Options.ValueKey. It returns "" when the vault is locked. Inside
// Update or View use Tx.ValueKey: this one takes the vault lock, and a
// nested take can deadlock against a concurrent Lock.
func (db *DB) ValueKey(kind, canonical string) string {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.keys == nil {
		return ""
	}
	return hex.EncodeToString(db.keys.blind(purposeValue, kind, canonical))
}

func (t *Tx) findingURLKey(url, id string) []byte {
	return append(t.k.blind(purposeURL, url), id...)
}

// PutFinding inserts f (ID empty: new f<seq>) or replaces f.ID. f.Key must
// be set and not used by another finding (ErrExists).
func (t *Tx) PutFinding(f *Finding) error {
	if f.Key == "" || f.URL == "" {
		return fmt.Errorf("put finding: empty key or url")
	}
	if owner := t.b(bFindingKey).Get([]byte(f.Key)); owner != nil && string(owner) != f.ID {
		return fmt.Errorf("put finding: key used by %s: %w", owner, ErrExists)
	}
	if f.ID == "" {
		id, err := t.nextID(bFindings, "f")
		if err != nil {
			return err
		}
		f.ID = id
	} else {
		old, err := t.GetFinding(f.ID)
		if err != nil {
			return fmt.Errorf("put finding: %w", err)
		}
		if err := t.unindexFinding(old); err != nil {
			return err
		}
	}
	if err := putSealed(t, bFindings, []byte(f.ID), f); err != nil {
		return fmt.Errorf("put finding %s: %w", f.ID, err)
	}
	if err := t.b(bFindingKey).Put([]byte(f.Key), []byte(f.ID)); err != nil {
		return err
	}
	return t.b(bFindingURL).Put(t.findingURLKey(f.URL, f.ID), nil)
}

func (t *Tx) unindexFinding(f Finding) error {
	if err := t.b(bFindingKey).Delete([]byte(f.Key)); err != nil {
		return err
	}
	return t.b(bFindingURL).Delete(t.findingURLKey(f.URL, f.ID))
}

// GetFinding returns finding id (ErrNotFound).
func (t *Tx) GetFinding(id string) (Finding, error) {
	f, err := getSealed[Finding](t, bFindings, []byte(id))
	if err != nil {
		return f, fmt.Errorf("finding %s: %w", id, err)
	}
	return f, nil
}

// GetFindingByKey returns the finding with Key key (ErrNotFound).
func (t *Tx) GetFindingByKey(key string) (Finding, error) {
	id := t.b(bFindingKey).Get([]byte(key))
	if id == nil {
		return Finding{}, fmt.Errorf("finding by key: %w", ErrNotFound)
	}
	f, err := t.GetFinding(string(id))
	if err == nil && f.Key != key {
		return Finding{}, corrupt(bFindingKey, []byte(key), "index points to another finding")
	}
	return f, err
}

// ListFindings returns every finding, by ID.
func (t *Tx) ListFindings() ([]Finding, error) {
	return t.FindFindings(FindingFilter{})
}

// FindFindings returns the findings matching flt, by ID.
func (t *Tx) FindFindings(flt FindingFilter) ([]Finding, error) {
	all, err := listSealed[Finding](t, bFindings)
	if err != nil {
		return nil, fmt.Errorf("list findings: %w", err)
	}
	out := all[:0]
	for i := range all {
		if flt.match(&all[i]) {
			out = append(out, all[i])
		}
	}
	sortByID(out, func(f *Finding) string { return f.ID })
	return out, nil
}

// ListFindingsByURL returns the findings on url, by ID.
func (t *Tx) ListFindingsByURL(url string) ([]Finding, error) {
	prefix := t.k.blind(purposeURL, url)
	var out []Finding
	c := t.b(bFindingURL).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		f, err := t.GetFinding(string(k[len(prefix):]))
		if err != nil {
			return nil, fmt.Errorf("findings of url: %w", err)
		}
		out = append(out, f)
	}
	sortByID(out, func(f *Finding) string { return f.ID })
	return out, nil
}

// DeleteFinding removes a finding and its index entries.
func (t *Tx) DeleteFinding(id string) error {
	f, err := t.GetFinding(id)
	if err != nil {
		return fmt.Errorf("delete finding: %w", err)
	}
	if err := t.unindexFinding(f); err != nil {
		return err
	}
	return t.b(bFindings).Delete([]byte(id))
}
