package store

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// Person is someone DoxGuard protects.
type Person struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Aliases   []string  `json:"aliases,omitempty"`
	Tags      []string  `json:"tags,omitempty"`
	Notes     string    `json:"notes,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Identifier is one of a person's own identifiers. Value is the canonical
// plaintext (monitor/detect/ident); it exists only in RAM and sealed.
type Identifier struct {
	ID        string    `json:"id"`
	PersonID  string    `json:"person_id"`
	Kind      string    `json:"kind"`
	Value     string    `json:"value"`
	Masked    string    `json:"masked"`
	Label     string    `json:"label,omitempty"`
	PHash     uint64    `json:"phash,omitempty"`
	Thumb     []byte    `json:"thumb,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

func nameKey(name string) string { return strings.TrimSpace(name) }

// PutPerson inserts p (ID empty: a new p<seq> is assigned) or replaces the
// stored person with p.ID, keeping the name index current.
func (t *Tx) PutPerson(p *Person) error {
	if nameKey(p.Name) == "" {
		return fmt.Errorf("put person: empty name")
	}
	now := time.Now().UTC()
	if p.ID == "" {
		id, err := t.nextID(bPeople, "p")
		if err != nil {
			return err
		}
		p.ID, p.CreatedAt = id, now
	} else {
		old, err := t.GetPerson(p.ID)
		if err != nil {
			return fmt.Errorf("put person: %w", err)
		}
		if err := t.b(bPeopleName).Delete(t.personNameKey(old.Name, old.ID)); err != nil {
			return err
		}
		if p.CreatedAt.IsZero() {
			p.CreatedAt = old.CreatedAt
		}
	}
	p.UpdatedAt = now
	if err := putSealed(t, bPeople, []byte(p.ID), p); err != nil {
		return fmt.Errorf("put person %s: %w", p.ID, err)
	}
	return t.b(bPeopleName).Put(t.personNameKey(p.Name, p.ID), nil)
}

func (t *Tx) personNameKey(name, id string) []byte {
	return append(t.k.blind(purposeName, nameKey(name)), id...)
}

// GetPerson returns the person with id (ErrNotFound).
func (t *Tx) GetPerson(id string) (Person, error) {
	p, err := getSealed[Person](t, bPeople, []byte(id))
	if err != nil {
		return p, fmt.Errorf("person %s: %w", id, err)
	}
	return p, nil
}

// PersonByName returns the first person (lowest ID) whose name is exactly
// name, ignoring surrounding space (ErrNotFound).
func (t *Tx) PersonByName(name string) (Person, error) {
	prefix := t.k.blind(purposeName, nameKey(name))
	var best string
	c := t.b(bPeopleName).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		id := string(k[len(prefix):])
		if best == "" || idNum(id) < idNum(best) {
			best = id
		}
	}
	if best == "" {
		return Person{}, fmt.Errorf("person by name: %w", ErrNotFound)
	}
	return t.GetPerson(best)
}

// ResolvePerson returns the ID of the person named by ID ("p3") or name.
func (t *Tx) ResolvePerson(nameOrID string) (string, error) {
	if t.b(bPeople).Get([]byte(nameOrID)) != nil {
		return nameOrID, nil
	}
	p, err := t.PersonByName(nameOrID)
	if err != nil {
		return "", err
	}
	return p.ID, nil
}

// ListPeople returns everyone, by ID.
func (t *Tx) ListPeople() ([]Person, error) {
	ps, err := listSealed[Person](t, bPeople)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	sortByID(ps, func(p *Person) string { return p.ID })
	return ps, nil
}

// DeletePerson removes the person and all their identifiers.
func (t *Tx) DeletePerson(id string) error {
	p, err := t.GetPerson(id)
	if err != nil {
		return fmt.Errorf("delete person: %w", err)
	}
	ids, err := t.ListIdentifiers(id)
	if err != nil {
		return fmt.Errorf("delete person %s: %w", id, err)
	}
	for _, i := range ids {
		if err := t.DeleteIdentifier(i.ID); err != nil {
			return err
		}
	}
	if err := t.b(bPeopleName).Delete(t.personNameKey(p.Name, p.ID)); err != nil {
		return err
	}
	return t.b(bPeople).Delete([]byte(id))
}

func (t *Tx) identValueKey(kind, canonical string) []byte {
	return t.k.blind(purposeIdent, kind, canonical)
}

func identPersonKey(personID, id string) []byte {
	return []byte(personID + "\x00" + id)
}

// PutIdentifier inserts i (ID empty: new i<seq>) or replaces the stored
// identifier i.ID. The person must exist. Another identifier with the same
// kind and canonical value → ErrExists.
func (t *Tx) PutIdentifier(i *Identifier) error {
	if i.Kind == "" || i.Value == "" {
		return fmt.Errorf("put identifier: empty kind or value")
	}
	if t.b(bPeople).Get([]byte(i.PersonID)) == nil {
		return fmt.Errorf("put identifier: person %s: %w", i.PersonID, ErrNotFound)
	}
	vk := t.identValueKey(i.Kind, i.Value)
	if owner := t.b(bIdentValue).Get(vk); owner != nil && string(owner) != i.ID {
		return fmt.Errorf("put identifier: %s already registered as %s: %w", i.Kind, owner, ErrExists)
	}
	if i.ID == "" {
		id, err := t.nextID(bIdents, "i")
		if err != nil {
			return err
		}
		i.ID = id
		if i.CreatedAt.IsZero() {
			i.CreatedAt = time.Now().UTC()
		}
	} else {
		old, err := t.GetIdentifier(i.ID)
		if err != nil {
			return fmt.Errorf("put identifier: %w", err)
		}
		if err := t.unindexIdentifier(old); err != nil {
			return err
		}
	}
	if err := putSealed(t, bIdents, []byte(i.ID), i); err != nil {
		return fmt.Errorf("put identifier %s: %w", i.ID, err)
	}
	if err := t.b(bIdentValue).Put(vk, []byte(i.ID)); err != nil {
		return err
	}
	return t.b(bIdentPerson).Put(identPersonKey(i.PersonID, i.ID), nil)
}

func (t *Tx) unindexIdentifier(i Identifier) error {
	if err := t.b(bIdentValue).Delete(t.identValueKey(i.Kind, i.Value)); err != nil {
		return err
	}
	return t.b(bIdentPerson).Delete(identPersonKey(i.PersonID, i.ID))
}

// GetIdentifier returns the identifier with id (ErrNotFound).
func (t *Tx) GetIdentifier(id string) (Identifier, error) {
	i, err := getSealed[Identifier](t, bIdents, []byte(id))
	if err != nil {
		return i, fmt.Errorf("identifier %s: %w", id, err)
	}
	return i, nil
}

// FindIdentifier looks an identifier up by kind and canonical value
// through the blind index (ErrNotFound).
func (t *Tx) FindIdentifier(kind, canonical string) (Identifier, error) {
	id := t.b(bIdentValue).Get(t.identValueKey(kind, canonical))
	if id == nil {
		return Identifier{}, fmt.Errorf("find identifier %s: %w", kind, ErrNotFound)
	}
	i, err := t.GetIdentifier(string(id))
	if err != nil {
		return i, err
	}
	if i.Kind != kind || i.Value != canonical {
		// The index points at a record that disagrees: damage, not a miss.
		return Identifier{}, corrupt(bIdentValue, t.identValueKey(kind, canonical), "index points to another identifier")
	}
	return i, nil
}

// ListIdentifiers returns the identifiers of personID, or of everyone when
// personID is "", by ID.
func (t *Tx) ListIdentifiers(personID string) ([]Identifier, error) {
	var out []Identifier
	if personID == "" {
		all, err := listSealed[Identifier](t, bIdents)
		if err != nil {
			return nil, fmt.Errorf("list identifiers: %w", err)
		}
		out = all
	} else {
		prefix := []byte(personID + "\x00")
		c := t.b(bIdentPerson).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			i, err := t.GetIdentifier(string(k[len(prefix):]))
			if err != nil {
				return nil, fmt.Errorf("list identifiers of %s: %w", personID, err)
			}
			out = append(out, i)
		}
	}
	sortByID(out, func(i *Identifier) string { return i.ID })
	return out, nil
}

// DeleteIdentifier removes one identifier and its index entries.
func (t *Tx) DeleteIdentifier(id string) error {
	i, err := t.GetIdentifier(id)
	if err != nil {
		return fmt.Errorf("delete identifier: %w", err)
	}
	if err := t.unindexIdentifier(i); err != nil {
		return err
	}
	return t.b(bIdents).Delete([]byte(id))
}
