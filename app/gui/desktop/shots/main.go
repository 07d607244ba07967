// Command shots renders docs/screenshots/gui-<screen>-<lang>.png: the real
// desktop app (GL driver) on a demo database populated from the bundled
// fictional demo site. Run it on an X display, e.g.
//
//	xvfb-run -a -s "-screen 0 1280x800x24" go run ./app/gui/desktop/shots -out docs/screenshots
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/doxguard/doxguard/app/gui"
	"github.com/doxguard/doxguard/assets"
	"github.com/doxguard/doxguard/monitor"
	"github.com/doxguard/doxguard/monitor/cases"
	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/store"
)

func main() {
	out := flag.String("out", "docs/screenshots", "folder for the PNG files")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "shots:", err)
		os.Exit(1)
	}
}

// populate creates a demo database: the fictional person, the demo site's
// sources, one scan, one confirmed finding and one case.
func populate(path string, site string) error {
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	pass := []byte(monitor.DemoPassphrase)
	if err := db.Init(pass, store.TestKDF); err != nil {
		return err
	}
	if err := db.Unlock(pass); err != nil {
		return err
	}
	// A second fictional person, so the roster looks like a manager's.
	if err := db.Update(func(tx *store.Tx) error {
		p := store.Person{Name: "林知夏", Aliases: []string{"Lin Zhixia"}, Tags: []string{"主播", "hosts"}}
		if err := tx.PutPerson(&p); err != nil {
			return err
		}
		for _, kv := range [][2]string{{"email", "zhixia.lin@example.com"}, {"qq", "27182818"}} {
			v, err := ident.Parse(ident.Kind(kv[0]), kv[1])
			if err != nil {
				return err
			}
			id := store.Identifier{PersonID: p.ID, Kind: kv[0], Value: v.Canonical, Masked: v.Masked}
			if err := tx.PutIdentifier(&id); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	m := monitor.New(db, monitor.Options{Version: assets.Version, AllowPrivate: true, PerHostDelay: -1})
	if err := m.SetupDemo(site); err != nil {
		return err
	}
	if _, err := m.Scan(context.Background(), monitor.ScanRequest{Force: true}, nil); err != nil {
		return err
	}
	sug, err := cases.Suggest(context.Background(), db, "")
	if err != nil {
		return err
	}
	if len(sug) > 0 {
		if _, err := cases.Create(context.Background(), db, sug[0].PersonID, sug[0].Host, cases.OpenOptions{Findings: sug[0].FindingIDs}, time.Now()); err != nil {
			return err
		}
	}
	return db.Update(func(tx *store.Tx) error {
		fs, err := tx.ListFindings()
		if err != nil || len(fs) == 0 {
			return err
		}
		if err := tx.PutSetting("gui.engine", map[string]any{"allow_private": true}); err != nil {
			return err
		}
		return nil
	})
}

func run(out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "doxguard-shots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	site, err := monitor.ServeDemo()
	if err != nil {
		return err
	}
	defer site.Close()
	demoDB := filepath.Join(tmp, "demo.db")
	if err := populate(demoDB, site.URL); err != nil {
		return fmt.Errorf("populate: %w", err)
	}

	a := app.NewWithID("io.github.doxguard.shots")
	a.Preferences().SetInt("idle_lock_minutes", 0)
	w := a.NewWindow("DoxGuard")
	w.Resize(fyne.NewSize(1180, 760))
	errc := make(chan error, 1)
	go func() {
		errc <- shoot(a, w, out, tmp, demoDB)
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	return <-errc
}

var screens = []struct {
	name string
	tab  int
}{
	{"overview", gui.TabOverview}, {"people", gui.TabPeople}, {"sources", gui.TabSources},
	{"scan", gui.TabScan}, {"findings", gui.TabFindings}, {"cases", gui.TabCases},
	{"reports", gui.TabReports}, {"settings", gui.TabSettings},
}

func capture(out, name, lang string) error {
	time.Sleep(1500 * time.Millisecond) // let the GL loop draw
	file := filepath.Join(out, fmt.Sprintf("gui-%s-%s.png", name, lang))
	if b, err := exec.Command("import", "-window", "root", "-crop", "1180x760+0+0", "+repage", file).CombinedOutput(); err != nil {
		return fmt.Errorf("import %s: %v %s", file, err, b)
	}
	fmt.Println(file)
	return nil
}

func shoot(a fyne.App, w fyne.Window, out, tmp, demoDB string) error {
	time.Sleep(2 * time.Second)
	for _, lang := range []string{gui.LangZH, gui.LangEN} {
		short := map[string]string{gui.LangZH: "zh", gui.LangEN: "en"}[lang]
		a.Preferences().SetString("language", lang)
		// Chinese screens in the light theme, English in the dark one, so
		// the docs show both.
		a.Preferences().SetString("theme", map[string]string{gui.LangZH: "light", gui.LangEN: "dark"}[lang])
		var u *gui.UI
		fyne.DoAndWait(func() {
			u = gui.New(a, w, gui.Config{DBPath: filepath.Join(tmp, "fresh-"+short+".db"), Version: assets.Version})
			u.Start()
		})
		if err := capture(out, "welcome", short); err != nil {
			return err
		}
		fyne.DoAndWait(u.Close)
		fyne.DoAndWait(func() {
			u = gui.New(a, w, gui.Config{DBPath: demoDB, Version: assets.Version, PerHostDelay: -1})
			u.Start()
		})
		if err := capture(out, "unlock", short); err != nil {
			return err
		}
		var uerr error
		fyne.DoAndWait(func() { uerr = u.UnlockWith([]byte(monitor.DemoPassphrase)) })
		if uerr != nil {
			return uerr
		}
		for _, s := range screens {
			if s.tab == gui.TabScan {
				fyne.DoAndWait(u.ScanNow)
				for i := 0; i < 600; i++ {
					var running bool
					fyne.DoAndWait(func() { running = u.Scanning() })
					if !running {
						break
					}
					time.Sleep(100 * time.Millisecond)
				}
			}
			fyne.DoAndWait(func() { u.Preview(s.tab) })
			if err := capture(out, s.name, short); err != nil {
				return err
			}
		}
		fyne.DoAndWait(u.Close)
	}
	return nil
}
