package gui

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/doxguard/doxguard/monitor"
	"github.com/doxguard/doxguard/store"
)

// Config is what the front door (app/gui/desktop, or a test) hands the UI.
type Config struct {
	// DBPath is the database file; it is opened (and created) by Start.
	DBPath string
	// Version is shown in About and recorded on captures.
	Version string
	// KDF for a new vault; nil means store.DefaultKDF. Tests pass
	// &store.TestKDF so creating a vault takes milliseconds.
	KDF *store.KDF
	// Tray enables the system tray and "close keeps monitoring". The desktop
	// front door sets it only when a D-Bus session bus exists: without one
	// Fyne's tray crashes on quit (notes/fyne.md §6).
	Tray bool
	// Watch starts the background scheduler after unlock (off in tests).
	Watch bool
	// PerHostDelay overrides the politeness setting (tests: negative = off).
	PerHostDelay time.Duration
	// OpenURL opens a link in the browser; nil uses the fyne.App.
	OpenURL func(string) error
}

// UI is the DoxGuard desktop app in one window. Create it with New, then
// Start. All methods run on the Fyne main goroutine unless they say so.
type UI struct {
	app fyne.App
	win fyne.Window
	cfg Config

	db  *store.DB
	mon *monitor.Monitor

	tabs     *container.AppTabs
	overview *overviewTab
	people   *peopleTab
	sources  *sourcesTab
	scanner  *scanTab
	findings *findingsTab
	cases    *casesTab
	reports  *reportsTab
	settings *settingsTab

	watchStop context.CancelFunc
	paused    bool

	idleMu   sync.Mutex
	lastUsed time.Time
	idleStop chan struct{}

	notifier *notifier

	// First-run and unlock forms while shown (tests drive them).
	welcome *welcomeForm
	unlock  *unlockForm
	// settled receives a token whenever background work the user started
	// (vault creation, unlock, scan, test source) has updated the screen.
	// Tests wait on it; the app never reads it, so sends never block.
	settled chan struct{}

	lockPending  bool
	closed       bool
	personDialog *personDialog
	sourceDialog *sourceForm
	lastImport   string
}

// signal tells a waiting test that async work reached the screen.
func (u *UI) signal() {
	select {
	case u.settled <- struct{}{}:
	default:
	}
}

// New prepares the UI in w. Nothing is opened until Start.
func New(a fyne.App, w fyne.Window, cfg Config) *UI {
	u := &UI{app: a, win: w, cfg: cfg, settled: make(chan struct{}, 64)}
	u.notifier = &notifier{ui: u}
	registerFyneTranslations()
	SetLanguage(a.Preferences().StringWithFallback(prefLanguage, SystemLanguage()))
	applyThemePref(a)
	return u
}

// Preferences kept outside the vault: they are needed before unlock and
// are not sensitive.
const (
	prefLanguage = "language"
	prefIdleMin  = "idle_lock_minutes"
	prefTheme    = "theme" // "", "light", "dark"
)

func applyThemePref(a fyne.App) {
	th := NewTheme(theme.DefaultTheme())
	switch a.Preferences().String(prefTheme) {
	case "light":
		v := theme.VariantLight
		th.Variant = &v
	case "dark":
		v := theme.VariantDark
		th.Variant = &v
	}
	a.Settings().SetTheme(th)
}

// DB is the open database (nil before Start succeeded).
func (u *UI) DB() *store.DB { return u.db }

// Monitor is the engine (nil while locked).
func (u *UI) Monitor() *monitor.Monitor { return u.mon }

// Notifier is the monitor.Notifier the UI uses: desktop notifications for
// new critical/high findings and reappearances.
func (u *UI) Notifier() monitor.Notifier { return u.notifier }

// Start opens the database and shows the welcome, unlock or "in use"
// screen.
func (u *UI) Start() {
	u.win.SetTitle(T("app.title"))
	u.win.SetMainMenu(nil) // the menu belongs to the unlocked app
	db, err := store.Open(u.cfg.DBPath, store.Options{})
	if err != nil {
		u.showOpenError(err)
		return
	}
	u.db = db
	if !db.Initialized() {
		u.showWelcome()
		return
	}
	u.showUnlock("")
}

// Close stops background work and closes the database. Calling it again
// does nothing (the tray's Quit closes before the event loop returns).
func (u *UI) Close() {
	if u.closed {
		return
	}
	u.closed = true
	u.stopBackground()
	if u.scanner != nil {
		u.scanner.cancel()
	}
	if u.db != nil {
		_ = u.db.Close()
	}
}

func (u *UI) showOpenError(err error) {
	var msg string
	switch {
	case errors.Is(err, store.ErrInUse):
		msg = T("open.in_use")
	case errors.Is(err, store.ErrNewerSchema):
		msg = T("open.newer")
	default:
		msg = T("open.failed", "Err", err.Error())
	}
	u.win.SetContent(messageScreen(T("open.title"), msg))
}

// unlocked builds the engine and the main tabs after a successful unlock.
func (u *UI) unlocked() {
	u.mon = monitor.New(u.db, u.monitorOptions())
	u.buildMain()
	u.startBackground()
	u.touch()
	u.startIdleWatch()
}

func (u *UI) monitorOptions() monitor.Options {
	s := loadEngineSettings(u.db)
	delay := time.Duration(s.DelaySeconds * float64(time.Second))
	if u.cfg.PerHostDelay != 0 {
		delay = u.cfg.PerHostDelay
	}
	return monitor.Options{Version: u.cfg.Version, AllowPrivate: s.AllowPrivate, PerHostDelay: delay,
		Notifier: u.notifier, Screenshots: s.Screenshots}
}

// rebuildMonitor applies changed engine settings.
func (u *UI) rebuildMonitor() {
	u.stopBackground()
	u.mon = monitor.New(u.db, u.monitorOptions())
	u.startBackground()
}

// buildMain (re)creates every tab; used after unlock and on a language
// change.
func (u *UI) buildMain() {
	u.win.SetTitle(T("app.title"))
	u.overview = newOverviewTab(u)
	u.people = newPeopleTab(u)
	u.sources = newSourcesTab(u)
	if u.scanner == nil {
		u.scanner = newScanTab(u)
	} else {
		u.scanner.rebuild()
	}
	u.findings = newFindingsTab(u)
	u.cases = newCasesTab(u)
	u.reports = newReportsTab(u)
	u.settings = newSettingsTab(u)
	u.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(T("tab.overview"), theme.HomeIcon(), u.overview.content),
		container.NewTabItemWithIcon(T("tab.people"), theme.AccountIcon(), u.people.content),
		container.NewTabItemWithIcon(T("tab.sources"), theme.StorageIcon(), u.sources.content),
		container.NewTabItemWithIcon(T("tab.scan"), theme.SearchIcon(), u.scanner.content),
		container.NewTabItemWithIcon(T("tab.findings"), theme.WarningIcon(), u.findings.content),
		container.NewTabItemWithIcon(T("tab.cases"), theme.MailSendIcon(), u.cases.content),
		container.NewTabItemWithIcon(T("tab.reports"), theme.DocumentIcon(), u.reports.content),
		container.NewTabItemWithIcon(T("tab.settings"), theme.SettingsIcon(), u.settings.content),
	)
	u.tabs.SetTabLocation(container.TabLocationLeading)
	u.tabs.OnSelected = func(*container.TabItem) { u.touch(); u.refresh() }
	u.win.SetContent(u.tabs)
	u.win.SetMainMenu(u.mainMenu())
	u.refresh()
}

// Tab indexes, in buildMain order.
const (
	TabOverview = iota
	TabPeople
	TabSources
	TabScan
	TabFindings
	TabCases
	TabReports
	TabSettings
)

// SelectTab shows a main tab (no-op while locked).
func (u *UI) SelectTab(i int) {
	if u.tabs != nil {
		u.tabs.SelectIndex(i)
	}
}

// refresh reloads what the visible screens show from the store.
func (u *UI) refresh() {
	if u.tabs == nil || !u.db.Unlocked() {
		return
	}
	u.touch()
	s, err := u.load()
	if err != nil {
		u.showError(T("err.load"), err)
		return
	}
	u.overview.refresh(s)
	u.people.refresh(s)
	u.sources.refresh(s)
	u.findings.refresh(s)
	u.cases.refresh(s)
	u.reports.refresh(s)
}

func (u *UI) mainMenu() *fyne.MainMenu {
	return fyne.NewMainMenu(
		fyne.NewMenu(T("menu.file"),
			fyne.NewMenuItem(T("menu.scan_now"), func() { u.ScanNow() }),
			fyne.NewMenuItem(T("menu.lock"), func() { u.Lock() }),
		),
	)
}

// Lock forgets the keys, stops background work and shows the unlock
// screen.
func (u *UI) Lock() {
	if u.db == nil || !u.db.Unlocked() {
		return
	}
	if u.scanner != nil && u.scanner.Running() {
		// The scan holds the keys in its detector and writes findings:
		// stop it and lock when it has finished (scanTab.finished).
		u.lockPending = true
		u.scanner.cancel()
		return
	}
	u.stopBackground()
	u.db.Lock()
	u.mon = nil
	u.tabs = nil
	u.win.SetMainMenu(nil)
	u.showUnlock(T("unlock.locked"))
}

// ScanNow starts a forced scan of every enabled source and shows the Scan
// tab (tray and menu entry).
func (u *UI) ScanNow() {
	if u.tabs == nil {
		return
	}
	u.SelectTab(TabScan)
	u.scanner.start(nil)
}

// startBackground runs the scheduler unless paused or disabled.
func (u *UI) startBackground() {
	if !u.cfg.Watch || u.paused || u.mon == nil || u.watchStop != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	u.watchStop = cancel
	mon := u.mon
	go func() { _ = mon.Watch(ctx) }()
}

func (u *UI) stopBackground() {
	if u.watchStop != nil {
		u.watchStop()
		u.watchStop = nil
	}
	u.stopIdleWatch()
}

// SetPaused pauses or resumes scheduled scans (tray "pause").
func (u *UI) SetPaused(p bool) {
	u.paused = p
	if p {
		if u.watchStop != nil {
			u.watchStop()
			u.watchStop = nil
		}
		return
	}
	u.startBackground()
}

// Paused reports whether scheduled scans are paused.
func (u *UI) Paused() bool { return u.paused }

// touch records user activity for the idle lock.
func (u *UI) touch() {
	u.idleMu.Lock()
	u.lastUsed = time.Now()
	u.idleMu.Unlock()
}

func (u *UI) startIdleWatch() {
	mins := u.app.Preferences().IntWithFallback(prefIdleMin, 15)
	if mins <= 0 {
		return
	}
	stop := make(chan struct{})
	u.idleStop = stop
	limit := time.Duration(mins) * time.Minute
	go func() {
		t := time.NewTicker(15 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				u.idleMu.Lock()
				idle := time.Since(u.lastUsed)
				u.idleMu.Unlock()
				if idle >= limit {
					fyne.Do(u.Lock)
					return
				}
			}
		}
	}()
}

func (u *UI) stopIdleWatch() {
	if u.idleStop != nil {
		close(u.idleStop)
		u.idleStop = nil
	}
}

// showError shows err in a dialog with a human sentence first.
func (u *UI) showError(what string, err error) {
	dialog.ShowError(errors.New(what+"\n"+humanError(err)), u.win)
}

// humanError turns engine errors into a sentence; errors never carry
// identifiers (store and monitor contract), so the detail is safe to show.
func humanError(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, store.ErrLocked):
		return T("err.locked")
	case errors.Is(err, store.ErrExists):
		return T("err.exists")
	case errors.Is(err, monitor.ErrNoPeople):
		return T("err.no_people")
	case errors.Is(err, monitor.ErrNoSources):
		return T("err.no_sources")
	}
	return err.Error()
}

// UnlockWith unlocks the database with pass and shows the main window —
// the path the unlock screen takes, for front ends that already hold the
// passphrase (the screenshot tool).
func (u *UI) UnlockWith(pass []byte) error {
	if err := u.db.Unlock(pass); err != nil {
		return err
	}
	u.unlock = nil
	u.unlocked()
	return nil
}

// SwitchLanguage changes the UI language, remembers it and rebuilds the
// screens.
func (u *UI) SwitchLanguage(l string) {
	u.app.Preferences().SetString(prefLanguage, l)
	SetLanguage(l)
	u.win.SetTitle(T("app.title"))
	if u.tabs != nil {
		u.buildMain()
	}
}

// Scanning reports whether a scan started from the GUI is running.
func (u *UI) Scanning() bool { return u.scanner != nil && u.scanner.Running() }

// Preview shows a main tab with its first item opened (a person, a finding,
// a case), as a deep link would.
func (u *UI) Preview(tab int) {
	u.SelectTab(tab)
	switch tab {
	case TabPeople:
		if len(u.people.shown) > 0 {
			u.people.list.Select(0)
		}
	case TabFindings:
		if len(u.findings.rows) > 0 {
			u.findings.table.Select(widget.TableCellID{Row: 0, Col: colMasked})
		}
	case TabCases:
		if len(u.cases.items) > 0 {
			u.cases.list.Select(0)
		}
	}
}
