package monitor

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/doxguard/doxguard/monitor/crawl"
	"github.com/doxguard/doxguard/store"
)

// MarkFinding moves a finding to status (one of Statuses) with an optional
// note, appending a timeline event and a custody entry. Marking a finding
// removed or reappeared by hand is allowed: the user may know better than
// the crawler (a page behind a login, say).
func (m *Monitor) MarkFinding(id, status, note string) error {
	if !slices.Contains(Statuses, status) {
		return fmt.Errorf("mark finding %s: %w: %q", id, ErrBadStatus, status)
	}
	now := m.now()
	err := m.db.Update(func(tx *store.Tx) error {
		f, err := tx.GetFinding(id)
		if err != nil {
			return err
		}
		if f.Status == status && note == "" {
			return nil
		}
		f.Status = status
		f.Timeline = append(f.Timeline, store.Event{At: now, Status: status, Note: note})
		if err := tx.PutFinding(&f); err != nil {
			return err
		}
		return tx.AppendCustody("finding_marked", f.ID, status)
	})
	if err != nil {
		return fmt.Errorf("mark finding %s: %w", id, err)
	}
	return nil
}

// AddSource validates spec and stores it as a new source, due at once.
// People are matched by ID or by name. The crawler checks the address (scheme,
// and private/loopback ranges unless Options.AllowPrivate).
func (m *Monitor) AddSource(spec SourceSpec) (store.Source, error) {
	if err := spec.normalize(); err != nil {
		return store.Source{}, err
	}
	if err := m.refusePrivate(spec); err != nil {
		return store.Source{}, err
	}
	src := store.Source{Kind: spec.Kind, URL: spec.URL, Depth: spec.Depth, Scope: spec.Scope,
		MaxPages: spec.MaxPages, Every: spec.Every, Enabled: !spec.Disabled, Queries: spec.Queries,
		CreatedAt: m.now()}
	err := m.db.Update(func(tx *store.Tx) error {
		for _, p := range spec.People {
			person, err := ResolvePerson(tx, p)
			if err != nil {
				return &SourceError{URL: spec.URL, Reason: "a person named for this source is not registered"}
			}
			if !slices.Contains(src.PersonIDs, person.ID) {
				src.PersonIDs = append(src.PersonIDs, person.ID)
			}
		}
		all, err := tx.ListSources()
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.URL == src.URL && o.Kind == src.Kind {
				return fmt.Errorf("source %s (%s): %w", o.ID, o.Kind, store.ErrExists)
			}
		}
		return tx.PutSource(&src)
	})
	if err != nil {
		return store.Source{}, fmt.Errorf("add source: %w", err)
	}
	return src, nil
}

// refusePrivate refuses a literal private or loopback address unless the
// Monitor allows them (normalize already ran the crawler's own checks).
func (m *Monitor) refusePrivate(spec SourceSpec) error {
	if !m.opts.AllowPrivate && privateHost(strings.ReplaceAll(spec.URL, "{query}", "q")) {
		return &SourceError{URL: spec.URL, Reason: "a private or loopback address: allow private addresses to watch intranet sites"}
	}
	return nil
}

// privateHost reports a URL whose host is literally a non-public address or
// localhost. Names that resolve to such addresses are refused by the
// crawler's dialer at fetch time.
func privateHost(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	h := strings.ToLower(u.Hostname())
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(h)
	if err != nil {
		return false
	}
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsUnspecified() || a.IsMulticast()
}

// RemoveSource deletes a source. Its findings and captures stay: they are
// evidence.
func (m *Monitor) RemoveSource(id string) error {
	if err := m.db.Update(func(tx *store.Tx) error { return tx.DeleteSource(id) }); err != nil {
		return fmt.Errorf("remove source %s: %w", id, err)
	}
	return nil
}

// TestSource fetches src once without storing anything and lists the URLs a
// scan would crawl (for a site: every page within depth and scope).
func (m *Monitor) TestSource(ctx context.Context, src store.Source) ([]string, error) {
	targets, err := m.targets(src)
	if err != nil {
		return nil, err
	}
	var (
		mu       sync.Mutex
		urls     []string
		firstErr error
	)
	_, err = crawl.Run(ctx, m.crawlConfig(), targets, crawl.Hooks{Page: func(p crawl.Page) {
		mu.Lock()
		defer mu.Unlock()
		if p.Err != nil || p.Status >= 400 {
			if firstErr == nil {
				if p.Err != nil {
					firstErr = fmt.Errorf("%s: %w", redactURL(p.URL), p.Err)
				} else {
					firstErr = fmt.Errorf("%s: HTTP %d", redactURL(p.URL), p.Status)
				}
			}
			return
		}
		urls = append(urls, p.URL)
	}})
	if err == nil && len(urls) == 0 && firstErr != nil {
		err = firstErr
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return urls, fmt.Errorf("test source: %w", err)
	}
	return urls, ctx.Err()
}
