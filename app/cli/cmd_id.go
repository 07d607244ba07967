package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/monitor/roster"
	"github.com/doxguard/doxguard/store"
)

func init() {
	register(&Command{Name: "id add", Summary: "register an identifier for a person (添加身份信息)",
		Usage:   "PERSON KIND VALUE [--label L]   (KIND: phone cn_id bank_card email address qq wechat plate passport handle photo other; photo: VALUE is an image file)",
		NeedsDB: true, Run: runIDAdd})
	register(&Command{Name: "id list", Summary: "list identifiers, masked (身份信息列表)",
		Usage: "[PERSON] [--kind K] [--json] [--reveal]", NeedsDB: true, Run: runIDList})
	register(&Command{Name: "id rm", Summary: "delete an identifier (删除身份信息)",
		Usage: "ID", NeedsDB: true, Run: runIDRm})
}

// identifierJSON is the --json shape of an identifier (DESIGN.md); Value
// only with --reveal.
type identifierJSON struct {
	ID     string `json:"id"`
	Person string `json:"person"`
	Kind   string `json:"kind"`
	Masked string `json:"masked"`
	Label  string `json:"label"`
	Value  string `json:"value,omitempty"`
}

// maxImage bounds photo files read for id add.
const maxImage = 32 << 20

func runIDAdd(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("id add")
	label := fs.String("label", "", "a note such as \"old number\" (encrypted)")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 3 {
		return Usagef("id add takes PERSON KIND VALUE (quote values with spaces)")
	}
	kind, err := ident.ParseKind(pos[1])
	if err != nil {
		return &InputError{Err: err}
	}
	id := roster.Identifier{Label: roster.CleanText(*label)}
	if kind == ident.KindPhoto {
		st, err := os.Stat(pos[2])
		if err != nil {
			return &InputError{Msg: "photo: cannot read the image file", Err: err}
		}
		if st.Size() > maxImage {
			return Inputf("photo: the image is larger than %d MiB", maxImage>>20)
		}
		img, err := os.ReadFile(pos[2])
		if err != nil {
			return &InputError{Msg: "photo: cannot read the image file", Err: err}
		}
		if id.Value, id.Thumb, err = ident.PhotoValue(img); err != nil {
			return err
		}
	} else if id.Value, err = ident.Parse(kind, pos[2]); err != nil {
		return err
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	var (
		p       store.Person
		stored  store.Identifier
		already bool
	)
	err = db.Update(func(tx *store.Tx) error {
		var err error
		if p, err = resolvePerson(tx, pos[0]); err != nil {
			return err
		}
		owner, found, err := roster.StoreTx(tx).IdentifierOwner(kind, id.Value.Canonical)
		if err != nil {
			return err
		}
		if found && owner != p.ID {
			return Inputf("%s %s is already registered to another person (%s) (该号码已登记给其他人)", kind, id.Value.Masked, owner)
		}
		if found {
			already = true
			return nil
		}
		stored, err = roster.PutIdentifier(tx, p.ID, id)
		return err
	})
	if err != nil {
		return err
	}
	if already {
		e.Printf("%s %s is already registered for %s — unchanged. (已登记)\n", kind, id.Value.Masked, p.ID)
		return nil
	}
	e.Printf("Added %s %s to %s (%s) as %s\n", kind, id.Value.Masked, p.ID, p.Name, stored.ID)
	return nil
}

func runIDList(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("id list")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	kindName := fs.String("kind", "", "only this kind")
	reveal := Reveal(fs)
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return Usagef("id list takes at most one PERSON")
	}
	var kind ident.Kind
	if *kindName != "" {
		if kind, err = ident.ParseKind(*kindName); err != nil {
			return &InputError{Err: err}
		}
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	var (
		ids   []store.Identifier
		names = map[string]string{}
	)
	err = db.View(func(tx *store.Tx) error {
		var people []store.Person
		if len(pos) == 1 {
			p, err := resolvePerson(tx, pos[0])
			if err != nil {
				return err
			}
			people = []store.Person{p}
		} else {
			var err error
			if people, err = tx.ListPeople(); err != nil {
				return err
			}
		}
		for _, p := range people {
			names[p.ID] = p.Name
			list, err := tx.ListIdentifiers(p.ID)
			if err != nil {
				return err
			}
			for _, id := range list {
				if kind == "" || id.Kind == string(kind) {
					ids = append(ids, id)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return e.writeIdentifiers(ids, names, *asJSON, e.Revealing(*reveal))
}

// writeIdentifiers prints identifiers as a table or JSON lines, masked
// unless reveal.
func (e *Env) writeIdentifiers(ids []store.Identifier, names map[string]string, asJSON, reveal bool) error {
	if asJSON {
		for _, id := range ids {
			j := identifierJSON{ID: id.ID, Person: id.PersonID, Kind: id.Kind, Masked: id.Masked, Label: id.Label}
			if reveal {
				j.Value = id.Value
			}
			if err := e.JSON(j); err != nil {
				return err
			}
		}
		return nil
	}
	if len(ids) == 0 {
		e.Printf("No identifiers — add one with `doxguard id add PERSON KIND VALUE`. (还没有身份信息)\n")
		return nil
	}
	tw := newTable(e.Stdout)
	fmt.Fprintln(tw, "ID\tPERSON\tKIND\tVALUE\tLABEL")
	for _, id := range ids {
		v := id.Masked
		if reveal {
			v = id.Value
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", id.ID, names[id.PersonID], id.Kind, v, id.Label)
	}
	return tw.Flush()
}

func runIDRm(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("id rm")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return Usagef("id rm takes one identifier ID (see `doxguard id list`)")
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	var masked string
	err = db.Update(func(tx *store.Tx) error {
		id, err := tx.GetIdentifier(pos[0])
		if errors.Is(err, store.ErrNotFound) {
			return Inputf("no such identifier — see `doxguard id list` for IDs (找不到该身份信息)")
		}
		if err != nil {
			return err
		}
		masked = id.Kind + " " + id.Masked
		return tx.DeleteIdentifier(id.ID)
	})
	if err != nil {
		return err
	}
	e.Printf("Deleted %s (%s). (已删除)\n", pos[0], masked)
	return nil
}
