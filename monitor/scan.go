package monitor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/doxguard/doxguard/monitor/cases"
	"github.com/doxguard/doxguard/monitor/crawl"
	"github.com/doxguard/doxguard/monitor/detect"
	"github.com/doxguard/doxguard/monitor/evidence"
	"github.com/doxguard/doxguard/store"
)

// ScanRequest says what to scan.
type ScanRequest struct {
	// SourceIDs to scan; empty = every enabled source that is due (or every
	// enabled source when Force is set).
	SourceIDs []string
	// Force scans sources that are not due yet ("scan now").
	Force bool
}

// Run statuses.
const (
	RunRunning   = "running"
	RunOK        = "ok"
	RunPartial   = "partial" // finished with page errors
	RunFailed    = "failed"
	RunCancelled = "cancelled"
)

// scan is the state of one running scan.
type scan struct {
	m   *Monitor
	det *detect.Detector
	// photos: someone registered a photo, so images on pages are fetched.
	photos bool
	sink   ProgressSink
	now    time.Time

	mu     sync.Mutex
	prog   Progress
	run    *store.Run
	errs   []string
	notes  []Notification
	srcErr map[string]string   // source ID → first error
	shots  []string            // captures holding a new finding, for screenshots
	base   int                 // pages done before the current crawler run
	scope  map[string][]string // source ID → the only people it watches for (read-only)
}

// Scan runs one scan: reported findings' pages first, then the requested
// sources; each page is stored as evidence, detected and turned into
// findings in one transaction, so a crash loses at most the page in flight.
// It returns the run record (also stored). Cancelling ctx stops the crawl
// within a second; the run is then stored with status cancelled and
// ctx.Err() is returned.
func (m *Monitor) Scan(ctx context.Context, req ScanRequest, sink ProgressSink) (*store.Run, error) {
	if sink == nil {
		sink = ProgressFunc(func(Progress) {})
	}
	if !m.db.Unlocked() {
		return nil, store.ErrLocked
	}
	det, photos, err := m.buildDetector()
	if err != nil {
		return nil, err
	}
	srcs, skipped, err := m.claimSources(req)
	if err != nil {
		return nil, err
	}
	defer m.releaseSources(srcs)

	s := &scan{m: m, det: det, photos: photos, sink: sink, now: m.now(),
		srcErr: map[string]string{}, scope: map[string][]string{}}
	s.run = &store.Run{StartedAt: s.now, Status: RunRunning}
	for _, src := range srcs {
		s.run.SourceIDs = append(s.run.SourceIDs, src.ID)
		if len(src.PersonIDs) > 0 {
			s.scope[src.ID] = src.PersonIDs
		}
	}
	for _, id := range skipped {
		s.errs = append(s.errs, fmt.Sprintf("source %s: already being scanned", id))
	}
	// The run record exists before the first fetch: after a crash it stays
	// "running", which tells the user the scan did not finish.
	if err := m.db.Update(func(tx *store.Tx) error { return tx.PutRun(s.run) }); err != nil {
		return nil, fmt.Errorf("scan: record run: %w", err)
	}

	runErr := s.recheckReported(ctx)
	if runErr == nil {
		runErr = s.crawlSources(ctx, srcs)
	}
	s.finish(ctx, srcs, runErr)
	if runErr == nil {
		s.recheckCases(ctx)
		s.evidence(ctx)
	}
	for _, n := range s.notes {
		m.opts.Notifier.Notify(n)
	}
	if runErr != nil {
		return s.run, runErr
	}
	return s.run, nil
}

// claimSources picks the sources of a request and marks them running.
func (m *Monitor) claimSources(req ScanRequest) (claimed []store.Source, skipped []string, err error) {
	var all []store.Source
	if err := m.db.View(func(tx *store.Tx) error {
		var err error
		all, err = tx.ListSources()
		return err
	}); err != nil {
		return nil, nil, fmt.Errorf("scan: list sources: %w", err)
	}
	now := m.now()
	var want []store.Source
	if len(req.SourceIDs) > 0 {
		for _, id := range req.SourceIDs {
			i := slices.IndexFunc(all, func(s store.Source) bool { return s.ID == id })
			if i < 0 {
				return nil, nil, fmt.Errorf("scan: source %s: %w", id, store.ErrNotFound)
			}
			want = append(want, all[i])
		}
	} else {
		for _, s := range all {
			if s.Enabled && (req.Force || !s.NextDue.After(now)) {
				want = append(want, s)
			}
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range want {
		if m.running[s.ID] {
			skipped = append(skipped, s.ID)
			continue
		}
		m.running[s.ID] = true
		claimed = append(claimed, s)
	}
	if len(claimed) == 0 && len(skipped) == 0 {
		return nil, nil, ErrNoSources
	}
	return claimed, skipped, nil
}

func (m *Monitor) releaseSources(srcs []store.Source) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range srcs {
		delete(m.running, s.ID)
	}
}

// crawlConfig is the crawler set-up shared by every crawl of a scan.
func (m *Monitor) crawlConfig() crawl.Config {
	return crawl.Config{
		Version:      m.opts.Version,
		AllowPrivate: m.opts.AllowPrivate,
		PerHostDelay: m.opts.PerHostDelay,
		Workers:      m.opts.Workers,
	}
}

// recheckReported fetches the page of every reported finding before anything
// else: whether reported content is gone is what the user waits for.
func (s *scan) recheckReported(ctx context.Context) error {
	var urls []string
	if err := s.m.db.View(func(tx *store.Tx) error {
		fs, err := tx.ListFindings()
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, f := range fs {
			if f.Status == StatusReported && !seen[f.URL] {
				seen[f.URL] = true
				urls = append(urls, f.URL)
			}
		}
		return nil
	}); err != nil {
		return fmt.Errorf("scan: list reported findings: %w", err)
	}
	if len(urls) == 0 {
		return nil
	}
	sort.Strings(urls)
	targets := make([]crawl.Target, 0, len(urls))
	for _, u := range urls {
		targets = append(targets, crawl.Target{Kind: KindPage, URL: u})
	}
	s.setPhase("recheck", "")
	return s.crawl(ctx, "", targets)
}

// crawlSources crawls every source in one crawler run, so the global
// worker limit, per-host politeness and robots.txt cache span all of them.
func (s *scan) crawlSources(ctx context.Context, srcs []store.Source) error {
	var targets []crawl.Target
	for _, src := range srcs {
		ts, err := s.m.targets(src)
		if err != nil {
			s.sourceError(src.ID, err.Error())
			continue
		}
		targets = append(targets, ts...)
	}
	if len(targets) == 0 {
		return nil
	}
	s.setPhase("crawl", "")
	return s.crawl(ctx, "", targets)
}

func (s *scan) crawl(ctx context.Context, srcID string, targets []crawl.Target) error {
	hooks := crawl.Hooks{
		Conditional: s.conditional,
		Page: func(p crawl.Page) {
			if p.SourceID == "" {
				p.SourceID = srcID
			}
			s.page(ctx, p.SourceID, p)
		},
		Progress: func(cp crawl.Progress) {
			s.mu.Lock()
			s.prog.Discovered = max(s.prog.Discovered, s.base+cp.Discovered)
			s.mu.Unlock()
		},
	}
	s.mu.Lock()
	s.base = s.prog.PagesDone
	s.mu.Unlock()
	cfg := s.m.crawlConfig()
	cfg.FetchImages = s.photos
	_, err := crawl.Run(ctx, cfg, targets, hooks)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		// A crawl that could not run at all (every target refused) is
		// recorded; the pages it refused already carry their sources.
		s.sourceError(srcID, err.Error())
	}
	return nil
}

// conditional returns the validators of the last successful fetch of u so
// an unchanged page costs a 304.
func (s *scan) conditional(u string) (etag, lastMod string) {
	var st store.URLState
	err := s.m.db.View(func(tx *store.Tx) error {
		var err error
		st, err = tx.GetURLState(u)
		return err
	})
	if err != nil || st.CaptureID == "" {
		return "", ""
	}
	return st.ETag, st.LastModified
}

func (s *scan) setPhase(phase, srcID string) {
	s.mu.Lock()
	s.prog.Phase, s.prog.SourceID = phase, srcID
	p := s.prog
	s.mu.Unlock()
	s.sink.Progress(p)
}

func (s *scan) sourceError(srcID, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prog.Errors++
	if srcID != "" {
		if _, ok := s.srcErr[srcID]; !ok {
			s.srcErr[srcID] = msg
		}
		msg = "source " + srcID + ": " + msg
	}
	if len(s.errs) < 100 {
		s.errs = append(s.errs, msg)
	}
}

// finish stores the run record and each source's schedule.
func (s *scan) finish(ctx context.Context, srcs []store.Source, runErr error) {
	end := s.m.now()
	s.mu.Lock()
	s.run.FinishedAt = end
	s.run.Pages = s.prog.PagesDone
	s.run.Findings = s.prog.Findings
	s.run.New = s.prog.New
	s.run.Errors = slices.Clone(s.errs)
	switch {
	case errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded):
		s.run.Status = RunCancelled
	case runErr != nil:
		s.run.Status = RunFailed
	case len(s.errs) > 0:
		s.run.Status = RunPartial
	default:
		s.run.Status = RunOK
	}
	srcErr := s.srcErr
	s.prog.Phase = "done"
	p := s.prog
	s.mu.Unlock()

	err := s.m.db.Update(func(tx *store.Tx) error {
		if err := tx.PutRun(s.run); err != nil {
			return err
		}
		if s.run.Status == RunCancelled {
			return nil // a cancelled source stays due
		}
		ids := make([]string, len(srcs))
		for i, src := range srcs {
			ids[i] = src.ID
		}
		return reschedule(tx, ids, end, srcErr)
	})
	if err != nil {
		s.notes = append(s.notes, Notification{Level: LevelError, Title: "scan: could not save the run", Body: err.Error()})
	}
	if len(srcErr) > 0 {
		ids := make([]string, 0, len(srcErr))
		for id := range srcErr {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		s.notes = append(s.notes, Notification{Level: LevelError, Title: "scan errors",
			Body: fmt.Sprintf("%d source(s) failed: %s", len(ids), strings.Join(ids, ", "))})
	}
	s.sink.Progress(p)
	_ = ctx
}

// reschedule records the outcome of a scan on each source and sets its next
// due time from the end of the scan (not from the old due time: a laptop
// that slept through three due times scans once on wake, not three times).
func reschedule(tx *store.Tx, ids []string, end time.Time, srcErr map[string]string) error {
	for _, id := range ids {
		cur, err := tx.GetSource(id)
		if err != nil {
			continue // removed while scanning
		}
		cur.LastRun = end
		cur.LastStatus, cur.LastError = RunOK, ""
		if e, ok := srcErr[id]; ok {
			cur.LastStatus, cur.LastError = RunFailed, e
		}
		cur.NextDue = nextDue(end, cur.Every)
		if err := tx.PutSource(&cur); err != nil {
			return err
		}
	}
	return nil
}

// noBrowserOnce keeps the "no Chromium" notice to one per process.
var noBrowserOnce sync.Once

// evidence adds what strengthens the raw captures after the crawl: a trusted
// timestamp for every capture still without one (only when the user set a
// timestamp authority) and, if asked, screenshots of pages with new findings.
// Neither is required evidence, so failures become notices, not scan errors.
func (s *scan) evidence(ctx context.Context) {
	if n, err := evidence.StampPending(ctx, s.m.db, evidence.TSA{}); err != nil {
		s.notes = append(s.notes, Notification{Level: LevelError, Title: "trusted timestamps failed",
			Body: fmt.Sprintf("%d capture(s) stamped before the error: %v", n, err)})
	}
	if !s.m.opts.Screenshots || len(s.shots) == 0 {
		return
	}
	_, failed, err := evidence.ScreenshotCaptures(ctx, s.m.db, s.shots)
	switch {
	case errors.Is(err, evidence.ErrNoBrowser):
		noBrowserOnce.Do(func() {
			s.notes = append(s.notes, Notification{Level: LevelInfo, Title: "screenshots off", Body: evidence.NoBrowserMessage})
		})
	case err != nil:
		s.notes = append(s.notes, Notification{Level: LevelError, Title: "screenshots failed", Body: err.Error()})
	case failed > 0:
		s.notes = append(s.notes, Notification{Level: LevelInfo, Title: "screenshots",
			Body: fmt.Sprintf("%d page(s) could not be screenshotted; the captured bytes remain the evidence", failed)})
	}
}

// recheckCases lets the cases package resolve cases whose findings are all
// removed now, and flag sent cases past their deadline.
func (s *scan) recheckCases(ctx context.Context) {
	changes, err := cases.Recheck(ctx, s.m.db, s.m.now())
	if err != nil {
		s.notes = append(s.notes, Notification{Level: LevelError, Title: "case re-check failed", Body: err.Error()})
		return
	}
	for _, c := range changes {
		n := Notification{Level: LevelInfo, Title: fmt.Sprintf("case %s: %s → %s", c.CaseID, c.From, c.To)}
		if c.Suggest != "" {
			n.Body = "suggested letter: " + c.Suggest
		}
		s.notes = append(s.notes, n)
	}
}
