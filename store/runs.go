package store

import (
	"fmt"
	"time"
)

// Run is the record of one scan.
type Run struct {
	ID         string    `json:"id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	SourceIDs  []string  `json:"source_ids,omitempty"`
	Pages      int       `json:"pages"`
	Findings   int       `json:"findings"`
	New        int       `json:"new"`
	Errors     []string  `json:"errors,omitempty"`
	Status     string    `json:"status"`
}

// PutRun inserts r (ID empty: new r<seq>) or replaces r.ID.
func (t *Tx) PutRun(r *Run) error {
	if r.ID == "" {
		id, err := t.nextID(bRuns, "r")
		if err != nil {
			return err
		}
		r.ID = id
	}
	return putSealed(t, bRuns, []byte(r.ID), r)
}

// GetRun returns run id (ErrNotFound).
func (t *Tx) GetRun(id string) (Run, error) {
	r, err := getSealed[Run](t, bRuns, []byte(id))
	if err != nil {
		return r, fmt.Errorf("run %s: %w", id, err)
	}
	return r, nil
}

// ListRuns returns every run, oldest first.
func (t *Tx) ListRuns() ([]Run, error) {
	rs, err := listSealed[Run](t, bRuns)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	sortByID(rs, func(r *Run) string { return r.ID })
	return rs, nil
}
