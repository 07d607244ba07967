package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/monitor/roster"
	"github.com/doxguard/doxguard/store"
)

func init() {
	register(&Command{Name: "person add", Summary: "register a person to protect (添加人员)",
		Usage: "NAME [--alias A]... [--tag T]... [--notes TEXT]", NeedsDB: true, Run: runPersonAdd})
	register(&Command{Name: "person list", Summary: "list people (人员列表)",
		Usage: "[--tag T] [--json]", NeedsDB: true, Run: runPersonList})
	register(&Command{Name: "person show", Summary: "show a person and their identifiers, masked (查看人员)",
		Usage: "PERSON [--reveal] [--json]", NeedsDB: true, Run: runPersonShow})
	register(&Command{Name: "person rm", Summary: "delete a person and their identifiers (删除人员)",
		Usage: "PERSON --yes", NeedsDB: true, Run: runPersonRm})
}

// personJSON is the --json shape of a person (DESIGN.md CLI contract).
type personJSON struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	Tags    []string `json:"tags"`
	Notes   string   `json:"notes,omitempty"`
}

func toPersonJSON(p store.Person) personJSON {
	return personJSON{ID: p.ID, Name: p.Name, Aliases: nonNil(p.Aliases), Tags: nonNil(p.Tags), Notes: p.Notes}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if c := roster.CleanText(s); c != "" && !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func runPersonAdd(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("person add")
	aliases := Strings(fs, "alias", "another name: pinyin, English, stage name (repeatable)")
	tags := Strings(fs, "tag", "a group such as a roster name (repeatable)")
	notes := fs.String("notes", "", "free-text notes (encrypted)")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return Usagef("person add takes exactly one NAME (quote names with spaces)")
	}
	name := roster.CleanText(pos[0])
	if name == "" {
		return Inputf("name: is empty")
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	p := store.Person{Name: name, Aliases: cleanList(*aliases), Tags: cleanList(*tags), Notes: strings.TrimSpace(*notes)}
	err = db.Update(func(tx *store.Tx) error {
		if old, found, err := personByName(tx, name); err != nil {
			return err
		} else if found {
			return Inputf("a person with this name already exists (%s) — use that ID, or a different name (人员已存在)", old.ID)
		}
		return tx.PutPerson(&p)
	})
	if err != nil {
		return err
	}
	e.Printf("Added person %s (%s)\n", p.ID, name)
	return nil
}

func runPersonList(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("person list")
	tag := fs.String("tag", "", "only people with this tag")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("person list takes no arguments")
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	var (
		people []store.Person
		counts = map[string]int{}
	)
	err = db.View(func(tx *store.Tx) error {
		ps, err := tx.ListPeople()
		if err != nil {
			return err
		}
		for _, p := range ps {
			if *tag != "" && !contains(p.Tags, roster.CleanText(*tag)) {
				continue
			}
			ids, err := tx.ListIdentifiers(p.ID)
			if err != nil {
				return err
			}
			counts[p.ID] = len(ids)
			people = append(people, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list people: %w", err)
	}
	if *asJSON {
		for _, p := range people {
			if err := e.JSON(toPersonJSON(p)); err != nil {
				return err
			}
		}
		return nil
	}
	if len(people) == 0 {
		e.Printf("No people yet — add one with `doxguard person add NAME` or `doxguard import FILE`. (还没有人员)\n")
		return nil
	}
	tw := newTable(e.Stdout)
	fmt.Fprintln(tw, "ID\tNAME\tALIASES\tTAGS\tIDENTIFIERS")
	for _, p := range people {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", p.ID, p.Name, strings.Join(p.Aliases, ", "), strings.Join(p.Tags, ", "), counts[p.ID])
	}
	return tw.Flush()
}

func runPersonShow(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("person show")
	reveal := Reveal(fs)
	asJSON := fs.Bool("json", false, "print JSON: the person, then one line per identifier")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return Usagef("person show takes one PERSON (name or ID)")
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	var (
		p   store.Person
		ids []store.Identifier
	)
	err = db.View(func(tx *store.Tx) error {
		var err error
		if p, err = resolvePerson(tx, pos[0]); err != nil {
			return err
		}
		ids, err = tx.ListIdentifiers(p.ID)
		return err
	})
	if err != nil {
		return err
	}
	show := e.Revealing(*reveal)
	if *asJSON {
		if err := e.JSON(toPersonJSON(p)); err != nil {
			return err
		}
		return e.writeIdentifiers(ids, map[string]string{p.ID: p.Name}, true, show)
	}
	e.Printf("%s  %s\n", p.ID, p.Name)
	if len(p.Aliases) > 0 {
		e.Printf("  aliases 别名: %s\n", strings.Join(p.Aliases, ", "))
	}
	if len(p.Tags) > 0 {
		e.Printf("  tags 标签:    %s\n", strings.Join(p.Tags, ", "))
	}
	if p.Notes != "" {
		e.Printf("  notes 备注:   %s\n", p.Notes)
	}
	e.Printf("\n")
	return e.writeIdentifiers(ids, map[string]string{p.ID: p.Name}, false, show)
}

func runPersonRm(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("person rm")
	yes := fs.Bool("yes", false, "really delete (required)")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return Usagef("person rm takes one PERSON (name or ID)")
	}
	if !*yes {
		return Usagef("deleting a person also deletes their identifiers; add --yes to confirm")
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	var p store.Person
	err = db.Update(func(tx *store.Tx) error {
		var err error
		if p, err = resolvePerson(tx, pos[0]); err != nil {
			return err
		}
		return tx.DeletePerson(p.ID)
	})
	if err != nil {
		return err
	}
	e.Printf("Deleted person %s (%s) and their identifiers. (已删除)\n", p.ID, ident.MaskName(p.Name))
	return nil
}

// resolvePerson finds a person by ID or exact name; errors never repeat the
// name typed.
func resolvePerson(tx *store.Tx, ref string) (store.Person, error) {
	ref = strings.TrimSpace(ref)
	if p, err := tx.GetPerson(ref); err == nil {
		return p, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return store.Person{}, err
	}
	p, found, err := personByName(tx, roster.CleanText(ref))
	if err != nil {
		return store.Person{}, err
	}
	if !found {
		return store.Person{}, Inputf("no such person — see `doxguard person list` for names and IDs (找不到该人员)")
	}
	return p, nil
}

// personByName looks a person up by exact cleaned name.
func personByName(tx *store.Tx, name string) (store.Person, bool, error) {
	p, err := tx.PersonByName(name)
	if errors.Is(err, store.ErrNotFound) {
		return store.Person{}, false, nil
	}
	return p, err == nil, err
}
