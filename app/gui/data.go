package gui

import (
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/doxguard/doxguard/store"
)

// snapshot is one consistent read of what the screens show. Screens load it
// in one read transaction instead of each opening their own.
type snapshot struct {
	people   []store.Person
	ids      map[string][]store.Identifier // by person ID
	findings []store.Finding
	sources  []store.Source
	runs     []store.Run
	cases    []store.Case
	names    map[string]string // person ID → name
}

func (u *UI) load() (*snapshot, error) {
	s := &snapshot{ids: map[string][]store.Identifier{}, names: map[string]string{}}
	err := u.db.View(func(tx *store.Tx) error {
		var err error
		if s.people, err = tx.ListPeople(); err != nil {
			return err
		}
		for _, p := range s.people {
			s.names[p.ID] = p.Name
			if s.ids[p.ID], err = tx.ListIdentifiers(p.ID); err != nil {
				return err
			}
		}
		if s.findings, err = tx.ListFindings(); err != nil {
			return err
		}
		if s.sources, err = tx.ListSources(); err != nil {
			return err
		}
		if s.runs, err = tx.ListRuns(); err != nil {
			return err
		}
		s.cases, err = tx.ListCases()
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(s.runs, func(i, j int) bool { return s.runs[i].StartedAt.After(s.runs[j].StartedAt) })
	return s, nil
}

// openStatus: still exposed as far as we know (monitor's lifecycle).
func openStatus(st string) bool {
	switch st {
	case "new", "confirmed", "reported", "reappeared":
		return true
	}
	return false
}

// fmtTime shows a local time, or a dash for zero.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("2006-01-02 15:04")
}

var severities = []string{"critical", "high", "medium", "low", "info"}

func sevRank(s string) int {
	for i, v := range severities {
		if v == s {
			return i
		}
	}
	return len(severities)
}

// findByID returns the element of xs whose ID is id, or nil.
func findByID[T any](xs []T, id string, idOf func(*T) string) *T {
	for i := range xs {
		if idOf(&xs[i]) == id {
			return &xs[i]
		}
	}
	return nil
}

// startDetail clears a detail pane; when nothing is selected it shows the
// "pick one" hint (if there is anything to pick) and returns false.
func startDetail(box *fyne.Container, selected bool, items int, pickKey string) bool {
	box.RemoveAll()
	if !selected && items > 0 {
		box.Add(widget.NewLabel(T(pickKey)))
	}
	return selected
}
