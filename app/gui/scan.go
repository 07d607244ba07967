package gui

import (
	"context"
	"errors"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/doxguard/doxguard/monitor"
	"github.com/doxguard/doxguard/store"
)

// scanTab runs a scan off the UI thread. The monitor calls Progress from
// its goroutines; progress is coalesced into at most one pending UI update
// (a 1,000-page scan must not queue 1,000 redraws) and applied with fyne.Do.
type scanTab struct {
	u       *UI
	content fyne.CanvasObject

	startBtn, stopBtn *widget.Button
	bar               *widget.ProgressBar
	phase, current    *widget.Label
	counts            *widget.Label
	errList           *widget.Label

	mu      sync.Mutex
	cancelF context.CancelFunc
	running sync.WaitGroup
	latest  monitor.Progress
	pending bool

	// lastRun is the run record of the last finished scan (tests read it).
	lastRun *store.Run
	lastErr error
}

func newScanTab(u *UI) *scanTab {
	t := &scanTab{u: u}
	t.rebuild()
	return t
}

// rebuild creates the widgets in the current language; a running scan
// keeps going and updates the new widgets.
func (t *scanTab) rebuild() {
	t.startBtn = widget.NewButtonWithIcon(T("scan.start"), theme.MediaPlayIcon(), func() { t.start(nil) })
	t.startBtn.Importance = widget.HighImportance
	t.stopBtn = widget.NewButtonWithIcon(T("scan.stop"), theme.MediaStopIcon(), t.cancel)
	t.stopBtn.Disable()
	t.bar = widget.NewProgressBar()
	t.bar.TextFormatter = func() string {
		t.mu.Lock()
		p := t.latest
		t.mu.Unlock()
		return T("scan.pages", "Done", p.PagesDone, "Total", p.Discovered)
	}
	t.phase = widget.NewLabel(T("scan.idle"))
	t.current = widget.NewLabel("")
	t.current.Truncation = fyne.TextTruncateEllipsis
	t.counts = widget.NewLabel("")
	t.errList = widget.NewLabel("")
	t.errList.Wrapping = fyne.TextWrapWord
	t.errList.Importance = widget.DangerImportance
	hint := widget.NewLabel(T("scan.hint"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	t.content = container.NewBorder(
		container.NewVBox(container.NewHBox(t.startBtn, t.stopBtn), hint, t.bar, t.phase, t.current, t.counts,
			widget.NewLabelWithStyle(T("scan.errors"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		nil, nil, nil, container.NewVScroll(t.errList))
	t.mu.Lock()
	running := t.cancelF != nil
	t.mu.Unlock()
	if running {
		t.startBtn.Disable()
		t.stopBtn.Enable()
	}
}

// start scans sourceIDs (nil: every enabled source, due or not).
func (t *scanTab) start(sourceIDs []string) {
	t.mu.Lock()
	if t.cancelF != nil || t.u.mon == nil {
		t.mu.Unlock()
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.cancelF = cancel
	t.latest = monitor.Progress{}
	t.mu.Unlock()
	t.startBtn.Disable()
	t.stopBtn.Enable()
	t.bar.SetValue(0)
	t.phase.SetText(T("scan.running"))
	t.errList.SetText("")
	t.counts.SetText("")
	mon := t.u.mon
	t.running.Add(1)
	go func() {
		defer t.running.Done()
		run, err := mon.Scan(ctx, monitor.ScanRequest{SourceIDs: sourceIDs, Force: true}, monitor.ProgressFunc(t.progress))
		cancel()
		fyne.DoAndWait(func() { t.finished(run, err) })
	}()
}

// progress runs on the monitor's goroutine: store the latest numbers and
// schedule one UI update if none is pending.
func (t *scanTab) progress(p monitor.Progress) {
	t.mu.Lock()
	t.latest = p
	schedule := !t.pending
	t.pending = true
	t.mu.Unlock()
	if schedule {
		fyne.Do(t.apply)
	}
}

func (t *scanTab) apply() {
	t.mu.Lock()
	p := t.latest
	t.pending = false
	t.mu.Unlock()
	if p.Discovered > 0 {
		t.bar.Max = float64(p.Discovered)
		t.bar.SetValue(float64(p.PagesDone))
	}
	t.phase.SetText(T("scan.phase." + p.Phase))
	t.current.SetText(p.CurrentURL)
	t.counts.SetText(T("scan.counts", "Findings", p.Findings, "New", p.New, "Errors", p.Errors))
}

func (t *scanTab) finished(run *store.Run, err error) {
	t.mu.Lock()
	t.cancelF = nil
	t.mu.Unlock()
	t.apply()
	t.lastRun, t.lastErr = run, err
	t.startBtn.Enable()
	t.stopBtn.Disable()
	switch {
	case errors.Is(err, context.Canceled):
		t.phase.SetText(T("scan.cancelled"))
	case err != nil:
		t.phase.SetText(T("scan.failed", "Err", humanError(err)))
	default:
		t.phase.SetText(T("scan.done"))
		t.bar.Max = 1
		t.bar.SetValue(1)
	}
	if run != nil {
		t.counts.SetText(T("scan.summary", "Pages", run.Pages, "Findings", run.Findings, "New", run.New))
		errs := ""
		for _, e := range run.Errors {
			errs += "• " + e + "\n"
		}
		t.errList.Importance = widget.DangerImportance
		if errs == "" {
			errs = T("scan.no_errors")
			t.errList.Importance = widget.MediumImportance
		}
		t.errList.SetText(errs)
	}
	t.current.SetText("")
	if t.u.lockPending {
		t.u.lockPending = false
		t.u.Lock()
	}
	if t.u.tabs != nil {
		t.u.refresh()
	}
	t.u.signal()
}

// cancel stops a running scan; the monitor stops within about a second.
func (t *scanTab) cancel() {
	t.mu.Lock()
	if t.cancelF != nil {
		t.cancelF()
	}
	t.mu.Unlock()
}

// Running reports whether a scan is in progress.
func (t *scanTab) Running() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cancelF != nil
}
