package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/doxguard/doxguard/assets"
	"github.com/doxguard/doxguard/monitor"
	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/store"
)

func init() {
	register(&Command{Name: "demo", Summary: "scan a bundled fictional site to see DoxGuard work (演示)",
		Usage: "[--dir FOLDER]", Run: cmdDemo})
}

// cmdDemo serves the bundled fictional site on 127.0.0.1, creates a demo
// database with the fictional person 程安然 and the site's sources, scans it
// with a progress bar and prints the findings. It never touches the user's
// own database.
func cmdDemo(ctx context.Context, e *Env, args []string) error {
	stderr := e.Stderr
	fs := e.Flags("demo")
	dir := fs.String("dir", "", "folder for the demo database (default: a new temporary folder)")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("demo takes no arguments besides --dir")
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "doxguard-demo-")
		if err != nil {
			return fmt.Errorf("demo folder: %w", err)
		}
		*dir = d
	} else if err := os.MkdirAll(*dir, 0o700); err != nil {
		return fmt.Errorf("demo folder: %w", err)
	}
	path := filepath.Join(*dir, "doxguard-demo.db")
	if _, err := os.Stat(path); err == nil {
		// Only ever a demo database by this exact name: start afresh.
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("remove old demo database: %w", err)
		}
	}

	site, err := monitor.ServeDemo()
	if err != nil {
		return err
	}
	defer site.Close()

	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	kdf := store.DefaultKDF
	if e.Opts.KDF != nil {
		kdf = *e.Opts.KDF
	}
	if err := db.Init([]byte(monitor.DemoPassphrase), kdf); err != nil {
		return err
	}
	if err := db.Unlock([]byte(monitor.DemoPassphrase)); err != nil {
		return err
	}

	fmt.Fprintf(stderr, "演示 DoxGuard demo — 全部内容虚构 everything here is fictional\n")
	head := newTable(stderr)
	fmt.Fprintf(head, "  演示站点 demo site:\t%s\n", site.URL)
	fmt.Fprintf(head, "  演示数据库 demo database:\t%s\n", path)
	fmt.Fprintf(head, "  演示口令 passphrase:\t%s\n", monitor.DemoPassphrase)
	fmt.Fprintf(head, "  受保护的人 person:\t%s (虚构 fictional, 7 identifiers)\n", ident.MaskName(monitor.DemoPerson.Name))
	if err := head.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(stderr)

	bar := newProgressBar(stderr)
	m := monitor.New(db, monitor.Options{Version: assets.Version, AllowPrivate: true, PerHostDelay: -1, Notifier: quietNotifier{}})
	if err := m.SetupDemo(site.URL); err != nil {
		return err
	}
	if err := runScan(ctx, e, db, m, bar, nil); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "\n继续探索 Explore further (the demo site is gone when this command ends):\n")
	fmt.Fprintf(stderr, "  DOXGUARD_PASSPHRASE=%s doxguard --db %s findings\n", monitor.DemoPassphrase, path)
	fmt.Fprintf(stderr, "  DOXGUARD_PASSPHRASE=%s doxguard --db %s verify\n", monitor.DemoPassphrase, path)
	return nil
}

// quietNotifier drops notifications: the demo prints the findings table,
// which says the same thing once.
type quietNotifier struct{}

func (quietNotifier) Notify(monitor.Notification) {}
