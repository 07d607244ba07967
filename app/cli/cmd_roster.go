package cli

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/doxguard/doxguard/monitor/roster"
	"github.com/doxguard/doxguard/store"
)

func init() {
	register(&Command{Name: "import", Summary: "import a roster file, CSV or JSON; idempotent (导入名单)",
		Usage: "FILE [--dry-run]", NeedsDB: true, Run: runImport})
	register(&Command{Name: "export", Summary: "write the roster to a file — in clear, keep it safe (导出名单)",
		Usage: "--out FILE [--format json|csv] [--force]", NeedsDB: true, Run: runExport})
}

func runImport(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("import")
	dry := fs.Bool("dry-run", false, "show what would change; write nothing")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return Usagef("import takes one FILE")
	}
	r, err := roster.Load(pos[0])
	if err != nil {
		if errors.Is(err, iofs.ErrNotExist) || errors.Is(err, iofs.ErrPermission) {
			return &InputError{Err: err}
		}
		return err
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	var plan *roster.Plan
	apply := func(tx *store.Tx) error {
		var err error
		plan, err = roster.Import(roster.StoreTx(tx), r, *dry)
		return err
	}
	if *dry {
		err = db.View(apply)
	} else {
		err = db.Update(apply) // one transaction: all or nothing
	}
	if err != nil {
		return err
	}
	verb := map[string]string{roster.Add: "add", roster.Update: "update", roster.Unchanged: "unchanged"}
	if *dry {
		verb = map[string]string{roster.Add: "would add", roster.Update: "would update", roster.Unchanged: "unchanged"}
	}
	for _, p := range plan.People {
		if p.Action == roster.Unchanged && allUnchanged(p) {
			continue
		}
		e.Printf("%-12s person %s\n", verb[p.Action], p.Masked)
		for _, id := range p.Identifiers {
			if id.Action != roster.Unchanged {
				e.Printf("  %-10s %s %s\n", verb[id.Action], id.Kind, id.Masked)
			}
		}
	}
	prefix := "Imported"
	if *dry {
		prefix = "Dry run, nothing written"
	}
	e.Printf("%s: %d people added, %d updated, %d unchanged; %d identifiers added, %d unchanged.\n",
		prefix, plan.PeopleAdded, plan.PeopleUpdated, plan.PeopleUnchanged, plan.IDsAdded, plan.IDsUnchanged)
	return nil
}

func allUnchanged(p roster.PersonPlan) bool {
	for _, id := range p.Identifiers {
		if id.Action != roster.Unchanged {
			return false
		}
	}
	return true
}

func runExport(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("export")
	out := fs.String("out", "", "the file to write (required; never stdout)")
	format := fs.String("format", "", "json or csv (default: from the file extension, else json)")
	force := fs.Bool("force", false, "overwrite an existing file")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		// `export warc` and other sub-exports are separate commands.
		return Usagef("export takes no arguments, only --out FILE")
	}
	if *out == "" || *out == "-" {
		return Usagef("export needs --out FILE: the roster is written in clear, so only to a file you name")
	}
	f := roster.Format(strings.ToLower(*format))
	if f == "" {
		f = roster.JSON
		if strings.EqualFold(filepath.Ext(*out), ".csv") {
			f = roster.CSV
		}
	}
	if f != roster.JSON && f != roster.CSV {
		return Usagef("--format must be json or csv")
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	var r *roster.Roster
	if err := db.View(func(tx *store.Tx) error {
		var err error
		r, err = roster.FromStore(tx)
		return err
	}); err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	file, err := os.OpenFile(*out, flags, 0o600)
	if os.IsExist(err) {
		return Inputf("%s already exists — choose another name or add --force", *out)
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if f == roster.CSV {
		err = roster.WriteCSV(file, r)
	} else {
		err = roster.WriteJSON(file, r)
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out) // never leave half a plaintext file behind
		return fmt.Errorf("export: %w", err)
	}
	n := 0
	for _, p := range r.People {
		n += len(p.Identifiers)
	}
	e.Warnf("%s holds %d people and %d identifiers IN CLEAR (unencrypted) — store it safely and delete it when done (文件为明文，请妥善保管)", *out, len(r.People), n)
	e.Printf("Exported %d people and %d identifiers to %s\n", len(r.People), n, *out)
	return nil
}
