package monitor

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/doxguard/doxguard/monitor/crawl"
	"github.com/doxguard/doxguard/monitor/detect"
	"github.com/doxguard/doxguard/store"
)

// buildDetector compiles a detector from everyone in the store. The
// plaintext values exist only in this detector's memory, for one scan.
func (m *Monitor) buildDetector() (det *detect.Detector, photos bool, err error) {
	var r detect.Roster
	err = m.db.View(func(tx *store.Tx) error {
		people, err := tx.ListPeople()
		if err != nil {
			return err
		}
		for _, p := range people {
			ids, err := tx.ListIdentifiers(p.ID)
			if err != nil {
				return err
			}
			dp := detect.Person{ID: p.ID, Name: p.Name, Aliases: p.Aliases}
			for _, id := range ids {
				dp.Identifiers = append(dp.Identifiers, detect.Identifier{ID: id.ID, Kind: id.Kind, Value: id.Value, PHash: id.PHash})
				photos = photos || id.Kind == "photo"
			}
			r.People = append(r.People, dp)
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("scan: load people: %w", err)
	}
	if len(r.People) == 0 {
		return nil, false, ErrNoPeople
	}
	det, err = detect.New(r, detect.Options{ValueKey: m.db.ValueKey})
	if err != nil {
		return nil, false, fmt.Errorf("scan: build detector: %w", err)
	}
	return det, photos, nil
}

// targets turns a stored source into crawl targets; a search source becomes
// one page target per query.
func (m *Monitor) targets(src store.Source) ([]crawl.Target, error) {
	if src.Kind != KindSearch {
		return []crawl.Target{{Kind: src.Kind, URL: src.URL, Depth: src.Depth, Scope: src.Scope, MaxPages: src.MaxPages, SourceID: src.ID}}, nil
	}
	var names, kinds []string
	err := m.db.View(func(tx *store.Tx) error {
		people, err := tx.ListPeople()
		if err != nil {
			return err
		}
		for _, p := range people {
			if len(src.PersonIDs) > 0 && !contains(src.PersonIDs, p.ID) {
				continue
			}
			names = append(names, p.Name)
			names = append(names, p.Aliases...)
			ids, err := tx.ListIdentifiers(p.ID)
			if err != nil {
				return err
			}
			for _, id := range ids {
				kinds = append(kinds, id.Kind)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build search queries: %w", err)
	}
	urls, err := crawl.SearchURLs(src.URL, SearchQueries(names, kinds, src.Queries))
	if err != nil {
		return nil, err
	}
	var ts []crawl.Target
	for _, u := range urls {
		ts = append(ts, crawl.Target{Kind: KindPage, URL: u, SourceID: src.ID})
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("search source has no queries: register a person or add a query")
	}
	return ts, nil
}

// nextDue is end + every + a little jitter, so sources added together do not
// all hit the network in the same minute forever. The jitter is at most 5%
// of the interval and at most ten minutes.
func nextDue(end time.Time, every time.Duration) time.Time {
	if every <= 0 {
		every = DefaultEvery
	}
	j := min(every/20, 10*time.Minute)
	if j > 0 {
		return end.Add(every + time.Duration(rand.Int64N(int64(j))))
	}
	return end.Add(every)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func osName() string { return runtime.GOOS + "/" + runtime.GOARCH }

// ResolvePerson finds a person by ID ("p3") or by name.
func ResolvePerson(tx *store.Tx, nameOrID string) (store.Person, error) {
	if p, err := tx.GetPerson(nameOrID); err == nil {
		return p, nil
	}
	p, err := tx.PersonByName(nameOrID)
	if err != nil {
		return store.Person{}, fmt.Errorf("person: %w", err)
	}
	return p, nil
}
