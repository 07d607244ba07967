package monitor

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/doxguard/doxguard/store"
)

// Watch runs the scheduler until ctx is cancelled, then returns nil.
//
// Every Options.Tick (default one minute) it compares the wall clock with
// each enabled source's NextDue, kept in the store, and scans the sources
// that are due. Go timers run on the monotonic clock, which stops while a
// laptop sleeps; comparing wall-clock due times on a short tick is what
// makes a machine that slept through a due time catch up on wake — once,
// not once per missed interval. Due times survive restarts because they
// live in the database. A source already being scanned (by "scan now" in
// the GUI, say) is skipped until that scan ends.
func (m *Monitor) Watch(ctx context.Context) error {
	t := time.NewTicker(m.opts.Tick)
	defer t.Stop()
	lastErr := ""
	for {
		err := m.runDue(ctx)
		switch {
		case err != nil && ctx.Err() == nil && err.Error() != lastErr:
			// Once per distinct failure, not once a minute.
			lastErr = err.Error()
			m.opts.Notifier.Notify(Notification{Level: LevelError, Title: "scheduled scan failed", Body: lastErr})
		case err == nil:
			lastErr = ""
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// runDue scans every enabled source whose due time has passed.
func (m *Monitor) runDue(ctx context.Context) error {
	due, err := m.DueSources()
	if err != nil {
		return err
	}
	if len(due) == 0 {
		return nil
	}
	ids := make([]string, len(due))
	for i, s := range due {
		ids[i] = s.ID
	}
	_, err = m.scanFn(ctx, ScanRequest{SourceIDs: ids}, nil)
	if errors.Is(err, ErrNoSources) || errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// DueSources lists the enabled sources whose NextDue is not after now.
func (m *Monitor) DueSources() ([]store.Source, error) {
	now := m.now()
	var due []store.Source
	err := m.db.View(func(tx *store.Tx) error {
		all, err := tx.ListSources()
		if err != nil {
			return err
		}
		for _, s := range all {
			if s.Enabled && !s.NextDue.After(now) {
				due = append(due, s)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("due sources: %w", err)
	}
	return due, nil
}
