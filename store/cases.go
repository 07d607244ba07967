package store

import (
	"fmt"
	"time"
)

// LetterRef records a letter generated for a case (never its text).
type LetterRef struct {
	Template  string    `json:"template"`
	Lang      string    `json:"lang"`
	Format    string    `json:"format"`
	SHA256    string    `json:"sha256"`
	CreatedAt time.Time `json:"created_at"`
}

// Case groups findings on one platform for one person and tracks the
// takedown request.
type Case struct {
	ID         string      `json:"id"`
	PersonID   string      `json:"person_id"`
	Host       string      `json:"host"`
	Platform   string      `json:"platform,omitempty"`
	FindingIDs []string    `json:"finding_ids"`
	Recipient  string      `json:"recipient,omitempty"`
	Status     string      `json:"status"`
	Channel    string      `json:"channel,omitempty"`
	Ref        string      `json:"ref,omitempty"`
	SentAt     time.Time   `json:"sent_at,omitzero"`
	Deadline   time.Time   `json:"deadline,omitzero"`
	Outcome    string      `json:"outcome,omitempty"`
	Letters    []LetterRef `json:"letters,omitempty"`
	Timeline   []Event     `json:"timeline,omitempty"`
	CreatedAt  time.Time   `json:"created_at"`
}

// PutCase inserts c (ID empty: new c<seq>) or replaces c.ID.
func (t *Tx) PutCase(c *Case) error {
	if c.ID == "" {
		id, err := t.nextID(bCases, "c")
		if err != nil {
			return err
		}
		c.ID = id
		if c.CreatedAt.IsZero() {
			c.CreatedAt = time.Now().UTC()
		}
	} else if t.b(bCases).Get([]byte(c.ID)) == nil {
		return fmt.Errorf("put case %s: %w", c.ID, ErrNotFound)
	}
	return putSealed(t, bCases, []byte(c.ID), c)
}

// GetCase returns case id (ErrNotFound).
func (t *Tx) GetCase(id string) (Case, error) {
	c, err := getSealed[Case](t, bCases, []byte(id))
	if err != nil {
		return c, fmt.Errorf("case %s: %w", id, err)
	}
	return c, nil
}

// ListCases returns every case, by ID.
func (t *Tx) ListCases() ([]Case, error) {
	cs, err := listSealed[Case](t, bCases)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	sortByID(cs, func(c *Case) string { return c.ID })
	return cs, nil
}

// DeleteCase removes a case (ErrNotFound).
func (t *Tx) DeleteCase(id string) error {
	if t.b(bCases).Get([]byte(id)) == nil {
		return fmt.Errorf("delete case %s: %w", id, ErrNotFound)
	}
	return t.b(bCases).Delete([]byte(id))
}
