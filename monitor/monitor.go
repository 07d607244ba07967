package monitor

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/doxguard/doxguard/store"
)

// Options configure a Monitor. The zero value is usable: polite defaults,
// public addresses only, the system clock.
type Options struct {
	// Version is the DoxGuard version named in the User-Agent and recorded
	// on every capture.
	Version string
	// AllowPrivate lets the crawler fetch loopback, private and link-local
	// addresses (intranet sites, tests, the demo). Off by default so a
	// hostile page cannot point the crawler at the user's own network.
	AllowPrivate bool
	// PerHostDelay is the pause between two requests to one host; zero
	// means the crawler's polite default (≥ 1 s). Negative turns politeness
	// off (local test sites only).
	PerHostDelay time.Duration
	// Workers bounds concurrent fetches across hosts; zero = crawler default.
	Workers int
	// Notifier receives new critical/high findings, reappeared content and
	// scan errors. Nil discards them.
	Notifier Notifier
	// Now is the wall clock; nil = time.Now. The scheduler compares it (with
	// the monotonic reading stripped) to each source's NextDue, so a laptop
	// that slept catches up on wake.
	Now func() time.Time
	// Tick is how often Watch compares the clock with due times; zero = 1 min.
	Tick time.Duration
	// Screenshots asks for a full-page browser screenshot of each page with
	// a new finding, stored as extra evidence next to the raw bytes. It
	// needs Chromium; without it the scan says so once and carries on.
	Screenshots bool
}

// Monitor runs scans over one unlocked store. It is safe for concurrent use:
// the GUI may start a scan while Watch runs; a source is never scanned by two
// scans at once (the second skips it and says so in its run record).
type Monitor struct {
	db   *store.DB
	opts Options

	mu      sync.Mutex
	running map[string]bool // source IDs being scanned now

	// scanFn is what Watch runs for due sources; tests replace it.
	scanFn func(ctx context.Context, req ScanRequest, sink ProgressSink) (*store.Run, error)
}

// New returns a Monitor over db. db must be unlocked before Scan is called.
func New(db *store.DB, opts Options) *Monitor {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Tick <= 0 {
		opts.Tick = time.Minute
	}
	if opts.Notifier == nil {
		opts.Notifier = discard{}
	}
	m := &Monitor{db: db, opts: opts, running: map[string]bool{}}
	m.scanFn = m.Scan
	return m
}

// now is the wall clock without its monotonic reading: comparisons against
// stored due times must follow the calendar, not the (suspend-stopping)
// monotonic clock.
func (m *Monitor) now() time.Time { return m.opts.Now().Round(0).UTC() }

// Errors callers distinguish.
var (
	// ErrNoPeople: nobody is registered, so there is nothing to look for.
	ErrNoPeople = errors.New("monitor: no people registered")
	// ErrNoSources: no source matched the request.
	ErrNoSources = errors.New("monitor: no sources to scan")
	// ErrBadStatus: MarkFinding got a status that is not in the lifecycle.
	ErrBadStatus = errors.New("monitor: unknown finding status")
)

// Progress is one update from a running scan. Counts are totals so far.
type Progress struct {
	Phase      string // "recheck" (reported findings first), "crawl", "done"
	SourceID   string // source being crawled; empty in recheck
	PagesDone  int    // pages fetched (any status)
	Discovered int    // pages known so far (done + queued)
	CurrentURL string
	Findings   int // matches that are findings (names alone excluded)
	New        int // findings opened or reappeared in this scan
	Errors     int
}

// ProgressSink receives progress; the GUI and the CLI implement it. Progress
// is called from the scan's goroutines, one call at a time; it must return
// quickly.
type ProgressSink interface {
	Progress(Progress)
}

// ProgressFunc adapts a function to ProgressSink.
type ProgressFunc func(Progress)

// Progress calls f(p).
func (f ProgressFunc) Progress(p Progress) { f(p) }

// Notification levels.
const (
	LevelCritical = "critical"
	LevelHigh     = "high"
	LevelInfo     = "info"
	LevelError    = "error"
)

// Notification is something the user should hear about now. Title and Body
// hold masked identifiers only: they end up in desktop notifications and
// terminal output.
type Notification struct {
	Level     string
	Title     string
	Body      string
	FindingID string // empty for scan errors
}

// Notifier is implemented by the GUI (desktop notification, tray) and the
// CLI (a line on stderr).
type Notifier interface {
	Notify(Notification)
}

type discard struct{}

func (discard) Notify(Notification) {}
