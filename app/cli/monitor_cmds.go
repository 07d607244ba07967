package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/doxguard/doxguard/assets"
	"github.com/doxguard/doxguard/monitor"
	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/store"
)

func init() {
	for _, c := range []*Command{
		{Name: "source add", Summary: "watch a page, site, sitemap, feed or search (添加监测来源)", NeedsDB: true, Run: cmdSourceAdd,
			Usage: "URL [--kind page|site|sitemap|feed|search] [--depth N] [--every DURATION] [--person P]... [--query Q]..."},
		{Name: "source list", Summary: "list watched sources (列出来源)", Usage: "[--json]", NeedsDB: true, Run: cmdSourceList},
		{Name: "source rm", Summary: "stop watching a source; its evidence stays (删除来源)", Usage: "ID", NeedsDB: true, Run: cmdSourceRm},
		{Name: "source import", Summary: "add sources from a CSV or JSON file (导入来源)", Usage: "FILE [--allow-private]", NeedsDB: true, Run: cmdSourceImport},
		{Name: "scan", Summary: "crawl now; progress on stderr (立即扫描)", Usage: "[--source ID]... [--allow-private] [--screenshots]", NeedsDB: true, Run: cmdScan},
		{Name: "watch", Summary: "run the scheduler in the foreground (前台定时监测)", Usage: "[--allow-private]", NeedsDB: true, Run: cmdWatch},
		{Name: "findings", Summary: "list findings (列出发现)", Usage: "[--person P] [--status S] [--json]", NeedsDB: true, Run: cmdFindings},
		{Name: "finding mark", Summary: "set a finding's status (标记发现状态)", Usage: "ID STATUS [--note N]", NeedsDB: true, Run: cmdFindingMark},
	} {
		register(c)
	}
}

// monitorFor builds the Monitor a command uses.
func monitorFor(db *store.DB, allowPrivate bool, n monitor.Notifier) *monitor.Monitor {
	return monitor.New(db, monitor.Options{Version: assets.Version, AllowPrivate: allowPrivate, Notifier: n})
}

// ---- source add / list / rm / import ----

// parseThenDB parses a command's flags, then opens and unlocks the
// database. Parsing comes first so `help` never touches the database.
func parseThenDB(ctx context.Context, e *Env, fs *flag.FlagSet, args []string) ([]string, *store.DB, error) {
	pos, err := e.Parse(fs, args)
	if err != nil {
		return nil, nil, err
	}
	db, err := e.DB(ctx)
	if err != nil {
		return nil, nil, err
	}
	return pos, db, nil
}

func cmdSourceAdd(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("source add")
	kind := fs.String("kind", "", "page|site|sitemap|feed|search (guessed from the URL when empty)")
	depth := fs.Int("depth", 0, "link depth for site sources (default 2)")
	every := fs.String("every", "", "interval, e.g. 6h, 30m, 7d (default 24h)")
	scope := fs.String("scope", "", "host|domain|prefix for site sources")
	maxPages := fs.Int("max-pages", 0, "page cap per scan")
	allowPrivate := fs.Bool("allow-private", false, "allow loopback and private addresses (intranet)")
	people := Strings(fs, "person", "limit to this person, name or ID (repeatable)")
	queries := Strings(fs, "query", "extra search query for search sources (repeatable)")
	pos, db, err := parseThenDB(ctx, e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return Usagef("source add needs exactly one URL")
	}
	spec := monitor.SourceSpec{URL: pos[0], Kind: *kind, Depth: *depth, Scope: *scope, MaxPages: *maxPages,
		EveryText: *every, People: *people, Queries: *queries}
	src, err := monitorFor(db, *allowPrivate, nil).AddSource(spec)
	if err != nil {
		return sourceInputError(err)
	}
	e.Printf("%s\t%s\t%s\t每 every %s\n", src.ID, src.Kind, src.URL, fmtEvery(src.Every))
	return nil
}

// sourceInputError turns a refused source into an input error (exit 2).
func sourceInputError(err error) error {
	var se *monitor.SourceError
	if errors.As(err, &se) {
		return &InputError{Msg: "来源无效 invalid source", Err: err}
	}
	if errors.Is(err, store.ErrExists) {
		return &InputError{Msg: "该来源已存在 already watched", Err: err}
	}
	return err
}

// sourceJSON is the public shape of `source list --json`: the stored
// source with its interval written as users type it ("6h", "1d").
type sourceJSON struct {
	store.Source
	Every string `json:"every"`
}

func cmdSourceList(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("source list")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	pos, db, err := parseThenDB(ctx, e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("source list takes no arguments")
	}
	var srcs []store.Source
	if err := db.View(func(tx *store.Tx) error {
		var err error
		srcs, err = tx.ListSources()
		return err
	}); err != nil {
		return err
	}
	if *asJSON {
		for _, s := range srcs {
			if err := e.JSON(sourceJSON{Source: s, Every: fmtEvery(s.Every)}); err != nil {
				return err
			}
		}
		return nil
	}
	if len(srcs) == 0 {
		e.Printf("还没有来源 No sources yet: doxguard source add URL\n")
		return nil
	}
	tw := newTable(e.Stdout)
	fmt.Fprintln(tw, "ID\t类型 KIND\t间隔 EVERY\t上次 LAST RUN\t状态 STATUS\t下次 NEXT DUE\t网址 URL")
	for _, s := range srcs {
		last, next := "-", "-"
		if !s.LastRun.IsZero() {
			last = s.LastRun.Local().Format("2006-01-02 15:04")
		}
		if !s.NextDue.IsZero() {
			next = s.NextDue.Local().Format("2006-01-02 15:04")
		}
		st := s.LastStatus
		if !s.Enabled {
			st = "disabled"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.Kind, fmtEvery(s.Every), last, st, next, s.URL)
	}
	return tw.Flush()
}

func cmdSourceRm(ctx context.Context, e *Env, args []string) error {
	pos, db, err := parseThenDB(ctx, e, e.Flags("source rm"), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return Usagef("source rm needs one source ID")
	}
	if err := monitorFor(db, false, nil).RemoveSource(pos[0]); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return Inputf("no source %s: see `doxguard source list`", pos[0])
		}
		return err
	}
	e.Printf("已删除来源 removed source %s (its findings and evidence are kept)\n", pos[0])
	return nil
}

func cmdSourceImport(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("source import")
	allowPrivate := fs.Bool("allow-private", false, "allow loopback and private addresses (intranet)")
	pos, db, err := parseThenDB(ctx, e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return Usagef("source import needs one FILE (CSV or JSON)")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return &InputError{Msg: "cannot read the source list", Err: err}
	}
	defer f.Close()
	specs, err := monitor.ParseSources(f)
	if err != nil {
		return &InputError{Msg: "来源列表有误 the source list has an error; nothing was imported", Err: err}
	}
	m := monitorFor(db, *allowPrivate, nil)
	added, existing := 0, 0
	for i, spec := range specs {
		if _, err := m.AddSource(spec); err != nil {
			if errors.Is(err, store.ErrExists) {
				existing++ // importing a file twice changes nothing
				continue
			}
			return &InputError{Msg: fmt.Sprintf("source %d (%d added before it)", i+1, added), Err: err}
		}
		added++
	}
	e.Printf("导入 imported %d source(s), %d already present\n", added, existing)
	return nil
}

// ---- scan / watch ----

func cmdScan(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("scan")
	ids := Strings(fs, "source", "scan only this source (repeatable)")
	allowPrivate := fs.Bool("allow-private", false, "allow loopback and private addresses")
	shots := fs.Bool("screenshots", false, "also keep a browser screenshot of each page with a new finding (needs Chromium)")
	pos, db, err := parseThenDB(ctx, e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("scan takes no arguments besides flags")
	}
	bar := newProgressBar(e.Stderr)
	m := monitor.New(db, monitor.Options{Version: assets.Version, AllowPrivate: *allowPrivate, Notifier: bar, Screenshots: *shots})
	return runScan(ctx, e, db, m, bar, *ids)
}

// runScan scans with a progress bar and prints what is new.
func runScan(ctx context.Context, e *Env, db *store.DB, m *monitor.Monitor, bar *progressBar, ids []string) error {
	started := time.Now().UTC()
	run, err := m.Scan(ctx, monitor.ScanRequest{SourceIDs: ids, Force: true}, bar)
	switch {
	case errors.Is(err, monitor.ErrNoSources):
		return Inputf("没有可扫描的来源 no sources: add one with `doxguard source add URL`")
	case errors.Is(err, monitor.ErrNoPeople):
		return Inputf("还没有登记任何人 nobody registered: `doxguard person add NAME` first")
	case errors.Is(err, store.ErrNotFound):
		return &InputError{Msg: "see `doxguard source list`", Err: err}
	case run == nil:
		return err
	}
	fmt.Fprintf(e.Stderr, "扫描 scan %s: %s · %d 页 pages · %d 发现 findings · %d 新 new · %d 错误 errors\n",
		run.ID, run.Status, run.Pages, run.Findings, run.New, len(run.Errors))
	for _, msg := range run.Errors {
		fmt.Fprintln(e.Stderr, "  - "+msg)
	}
	fresh, names, ferr := loadFindings(db, func(f store.Finding) bool {
		return len(f.Timeline) > 0 && !f.Timeline[len(f.Timeline)-1].At.Before(started) &&
			(f.Status == monitor.StatusNew || f.Status == monitor.StatusReappeared)
	})
	if ferr != nil {
		return ferr
	}
	if len(fresh) > 0 {
		e.Printf("新发现 New findings (%d):\n", len(fresh))
		if werr := writeFindings(e.Stdout, fresh, names, false); werr != nil {
			return werr
		}
	} else if err == nil {
		e.Printf("没有新发现 Nothing new.\n")
	}
	return err
}

func cmdWatch(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("watch")
	allowPrivate := fs.Bool("allow-private", false, "allow loopback and private addresses")
	pos, db, err := parseThenDB(ctx, e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("watch takes no arguments besides flags")
	}
	bar := newProgressBar(e.Stderr)
	m := monitorFor(db, *allowPrivate, bar)
	fmt.Fprintln(e.Stderr, "监控中 watching — Ctrl-C 停止 to stop")
	err = m.Watch(ctx)
	fmt.Fprintln(e.Stderr, "已停止 stopped")
	return err
}

// ---- findings / finding mark ----

// loadFindings returns the findings keep accepts and the masked names of
// the people (杨某): finding lists get pasted into chats.
func loadFindings(db *store.DB, keep func(store.Finding) bool) ([]store.Finding, map[string]string, error) {
	var out []store.Finding
	names := map[string]string{}
	err := db.View(func(tx *store.Tx) error {
		fs, err := tx.ListFindings()
		if err != nil {
			return err
		}
		for _, f := range fs {
			if keep(f) {
				out = append(out, f)
			}
		}
		people, err := tx.ListPeople()
		if err != nil {
			return err
		}
		for _, p := range people {
			names[p.ID] = ident.MaskName(p.Name)
		}
		return nil
	})
	return out, names, err
}

func cmdFindings(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("findings")
	person := fs.String("person", "", "only this person (name or ID)")
	status := fs.String("status", "", "only this status: "+strings.Join(monitor.Statuses, ", "))
	asJSON := fs.Bool("json", false, "one JSON object per line")
	pos, db, err := parseThenDB(ctx, e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("findings takes no arguments besides flags")
	}
	if *status != "" && !slices.Contains(monitor.Statuses, *status) {
		return Usagef("unknown status %q (want one of %s)", *status, strings.Join(monitor.Statuses, ", "))
	}
	pid := ""
	if *person != "" {
		if err := db.View(func(tx *store.Tx) error {
			p, err := monitor.ResolvePerson(tx, *person)
			pid = p.ID
			return err
		}); err != nil {
			return &InputError{Msg: "no such person: see `doxguard person list`", Err: err}
		}
	}
	list, names, err := loadFindings(db, func(f store.Finding) bool {
		return (pid == "" || f.PersonID == pid) && (*status == "" || f.Status == *status)
	})
	if err != nil {
		return err
	}
	return writeFindings(e.Stdout, list, names, *asJSON)
}

func cmdFindingMark(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("finding mark")
	note := fs.String("note", "", "a note for the timeline")
	pos, db, err := parseThenDB(ctx, e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return Usagef("finding mark needs ID and STATUS")
	}
	err = monitorFor(db, false, nil).MarkFinding(pos[0], pos[1], *note)
	switch {
	case errors.Is(err, monitor.ErrBadStatus):
		return Usagef("unknown status %q (want one of %s)", pos[1], strings.Join(monitor.Statuses, ", "))
	case errors.Is(err, store.ErrNotFound):
		return Inputf("no finding %s: see `doxguard findings`", pos[0])
	case err != nil:
		return err
	}
	e.Printf("%s → %s\n", pos[0], pos[1])
	return nil
}

// fmtEvery writes an interval the way users type it: 24h, 30m, 7d.
func fmtEvery(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	return strings.TrimSuffix(s, "0m")
}
