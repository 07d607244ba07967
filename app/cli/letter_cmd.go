package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/doxguard/doxguard/app/letters"
	"github.com/doxguard/doxguard/store"
)

func init() {
	names := make([]string, 0, 9)
	for _, t := range letters.Templates() {
		names = append(names, t.Name)
	}
	register(&Command{
		Name:    "letter",
		Summary: "draft a letter for a case as .pdf, .md, .txt or .eml — never sent automatically (生成函件)",
		Usage: "--case ID --template NAME [--lang zh|en] --out FILE [--signer NAME] [--contact C] [--no-agent] [--with-report]\n\ntemplates: " +
			strings.Join(names, ", "),
		NeedsDB: true,
		Run:     letterCmd,
	})
}

func letterCmd(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("letter")
	caseID := fs.String("case", "", "the case ID (doxguard case list)")
	tplName := fs.String("template", "", "letter template (default: the one suggested for the case)")
	lang := fs.String("lang", "", "zh or en (default: the platform's usual language)")
	out := fs.String("out", "", "output file; the extension picks the format: .pdf .md .txt .eml")
	signer := fs.String("signer", "", "sign with this name instead of the masked one (it will be in the file)")
	contact := fs.String("contact", "", "contact line for replies (default: setting "+letters.SettingContact+")")
	noAgent := fs.Bool("no-agent", false, "the person writes for themselves even if an agent is configured")
	withReport := fs.Bool("with-report", false, "also write the case's PDF evidence report next to the letter (FILE-evidence.pdf)")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("letter takes no positional arguments (got %q)", pos[0])
	}
	if *caseID == "" || *out == "" {
		return Usagef("letter needs --case and --out")
	}
	if *lang != "" && *lang != letters.LangZH && *lang != letters.LangEN {
		return Usagef("--lang %q: want zh or en", *lang)
	}
	if _, err := letters.FormatFromPath(*out); err != nil {
		return Usagef("%v", err)
	}
	if *tplName != "" {
		if _, err := letters.Lookup(*tplName); err != nil {
			return Usagef("%v", err)
		}
	}
	db, dir, err := openDirectory(ctx, e)
	if err != nil {
		return err
	}
	if *tplName == "" {
		var c store.Case
		if err := db.View(func(tx *store.Tx) (err error) { c, err = tx.GetCase(*caseID); return }); err != nil {
			return fmt.Errorf("case %s: %w", *caseID, err)
		}
		*tplName = letters.Suggest(c, dir)
	}
	r := letters.Renderer{OverrideDir: letters.OverrideDirFor(db.Path())}
	l, err := letters.Export(ctx, db, r, *caseID, *out, letters.BuildOptions{
		Template: *tplName, Lang: *lang, Dir: dir, Signer: *signer, Contact: *contact, NoAgent: *noAgent})
	if err != nil {
		return err
	}
	e.Printf("wrote %s: %s (%s) — a draft; check it and send it yourself (草稿已生成，不会自动发送)\n", *out, l.Title, l.Lang)
	if r.Overridden(l.Template, l.Lang) {
		e.Printf("used your own template from %s\n", r.OverrideDir)
	}
	if l.Fields.Recipient.Channel != "" {
		e.Printf("send to (发送至): %s\n", l.Fields.Recipient.Channel)
	}
	if *withReport {
		var c store.Case
		if err := db.View(func(tx *store.Tx) (err error) { c, err = tx.GetCase(*caseID); return }); err != nil {
			return fmt.Errorf("case %s: %w", *caseID, err)
		}
		rep := strings.TrimSuffix(*out, filepath.Ext(*out)) + "-evidence.pdf"
		if err := writeReport(ctx, e, db, reportRequest{personID: c.PersonID, caseID: c.ID, lang: l.Lang, out: rep}); err != nil {
			return fmt.Errorf("evidence report: %w", err)
		}
	}
	e.Printf("after sending: doxguard case sent %s --channel C --ref R\n", *caseID)
	return nil
}
