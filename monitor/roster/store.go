package roster

import (
	"errors"
	"fmt"

	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/store"
)

// StoreTx adapts a store transaction to Tx.
func StoreTx(tx *store.Tx) Tx { return storeTx{tx} }

type storeTx struct{ tx *store.Tx }

func (s storeTx) PersonByName(name string) (StoredPerson, bool, error) {
	p, err := s.tx.PersonByName(name)
	if errors.Is(err, store.ErrNotFound) {
		return StoredPerson{}, false, nil
	}
	if err != nil {
		return StoredPerson{}, false, err
	}
	return StoredPerson{ID: p.ID, Name: p.Name, Aliases: p.Aliases, Tags: p.Tags, Notes: p.Notes}, true, nil
}

func (s storeTx) SavePerson(sp StoredPerson) (string, error) {
	p := store.Person{Name: sp.Name, Aliases: sp.Aliases, Tags: sp.Tags, Notes: sp.Notes}
	if sp.ID != "" {
		old, err := s.tx.GetPerson(sp.ID)
		if err != nil {
			return "", err
		}
		p = old
		p.Aliases, p.Tags, p.Notes = sp.Aliases, sp.Tags, sp.Notes
	}
	if err := s.tx.PutPerson(&p); err != nil {
		return "", err
	}
	return p.ID, nil
}

func (s storeTx) IdentifierOwner(k ident.Kind, canonical string) (string, bool, error) {
	id, err := s.tx.FindIdentifier(string(k), canonical)
	if errors.Is(err, store.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return id.PersonID, true, nil
}

func (s storeTx) AddIdentifier(personID string, id Identifier) error {
	_, err := PutIdentifier(s.tx, personID, id)
	return err
}

// PutIdentifier stores one validated identifier for a person and returns
// the stored record (with its new ID).
func PutIdentifier(tx *store.Tx, personID string, id Identifier) (store.Identifier, error) {
	rec := store.Identifier{PersonID: personID, Kind: string(id.Value.Kind), Value: id.Value.Canonical,
		Masked: id.Value.Masked, Label: id.Label, Thumb: id.Thumb}
	if id.Value.Kind == ident.KindPhoto {
		if _, err := fmt.Sscanf(id.Value.Canonical, "%016x", &rec.PHash); err != nil {
			return store.Identifier{}, fmt.Errorf("photo: bad hash: %w", err)
		}
	}
	if err := tx.PutIdentifier(&rec); err != nil {
		return store.Identifier{}, err
	}
	return rec, nil
}

// FromStore reads everyone in the store as a Roster (for export), sorted.
func FromStore(tx *store.Tx) (*Roster, error) {
	people, err := tx.ListPeople()
	if err != nil {
		return nil, fmt.Errorf("export: list people: %w", err)
	}
	r := &Roster{}
	for _, p := range people {
		ids, err := tx.ListIdentifiers(p.ID)
		if err != nil {
			return nil, fmt.Errorf("export: list identifiers: %w", err)
		}
		rp := Person{Name: p.Name, Aliases: p.Aliases, Tags: p.Tags, Notes: p.Notes}
		for _, id := range ids {
			rp.Identifiers = append(rp.Identifiers, Identifier{
				Value: ident.Value{Kind: ident.Kind(id.Kind), Canonical: id.Value, Masked: id.Masked}, Label: id.Label})
		}
		r.People = append(r.People, rp)
	}
	r.Sort()
	return r, nil
}
