package store

import (
	"fmt"
	"time"
)

// Source is something the monitor watches: a page, site, sitemap, feed or
// search template.
type Source struct {
	ID         string        `json:"id"`
	Kind       string        `json:"kind"`
	URL        string        `json:"url"`
	Depth      int           `json:"depth,omitempty"`
	Scope      string        `json:"scope,omitempty"`
	MaxPages   int           `json:"max_pages,omitempty"`
	Every      time.Duration `json:"every,omitempty"`
	Enabled    bool          `json:"enabled"`
	PersonIDs  []string      `json:"person_ids,omitempty"`
	Queries    []string      `json:"queries,omitempty"`
	CreatedAt  time.Time     `json:"created_at"`
	LastRun    time.Time     `json:"last_run,omitzero"`
	LastStatus string        `json:"last_status,omitempty"`
	LastError  string        `json:"last_error,omitempty"`
	NextDue    time.Time     `json:"next_due,omitzero"`
}

// URLState is what the crawler remembers about one URL between scans.
type URLState struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	TextHash     string    `json:"text_hash,omitempty"`
	CaptureID    string    `json:"capture_id,omitempty"`
	FetchedAt    time.Time `json:"fetched_at"`
	Status       int       `json:"status"`
}

// PutSource inserts s (ID empty: new s<seq>) or replaces s.ID.
func (t *Tx) PutSource(s *Source) error {
	if s.ID == "" {
		id, err := t.nextID(bSources, "s")
		if err != nil {
			return err
		}
		s.ID = id
		if s.CreatedAt.IsZero() {
			s.CreatedAt = time.Now().UTC()
		}
	} else if t.b(bSources).Get([]byte(s.ID)) == nil {
		return fmt.Errorf("put source %s: %w", s.ID, ErrNotFound)
	}
	return putSealed(t, bSources, []byte(s.ID), s)
}

// GetSource returns the source with id (ErrNotFound).
func (t *Tx) GetSource(id string) (Source, error) {
	s, err := getSealed[Source](t, bSources, []byte(id))
	if err != nil {
		return s, fmt.Errorf("source %s: %w", id, err)
	}
	return s, nil
}

// ListSources returns every source, by ID.
func (t *Tx) ListSources() ([]Source, error) {
	ss, err := listSealed[Source](t, bSources)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	sortByID(ss, func(s *Source) string { return s.ID })
	return ss, nil
}

// DeleteSource removes a source (ErrNotFound).
func (t *Tx) DeleteSource(id string) error {
	if t.b(bSources).Get([]byte(id)) == nil {
		return fmt.Errorf("delete source %s: %w", id, ErrNotFound)
	}
	return t.b(bSources).Delete([]byte(id))
}

// PutURLState stores the state of st.URL, keyed by a blind hash of it.
func (t *Tx) PutURLState(st *URLState) error {
	if st.URL == "" {
		return fmt.Errorf("put url state: empty url")
	}
	return putSealed(t, bURLState, t.k.blind(purposeURL, st.URL), st)
}

// GetURLState returns the stored state of url (ErrNotFound).
func (t *Tx) GetURLState(url string) (URLState, error) {
	st, err := getSealed[URLState](t, bURLState, t.k.blind(purposeURL, url))
	if err != nil {
		return st, fmt.Errorf("url state: %w", err)
	}
	return st, nil
}
