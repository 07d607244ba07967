package roster

import (
	"fmt"
	"strconv"

	"github.com/doxguard/doxguard/monitor/detect"
	"github.com/doxguard/doxguard/monitor/detect/ident"
)

// Tx is what Import needs from one store transaction. The CLI adapts
// *store.Tx to it; tests use a map. Lookups go by name and by (kind,
// canonical value) — the store answers both through its blind indexes.
type Tx interface {
	// PersonByName finds a person by exact (cleaned) name.
	PersonByName(name string) (StoredPerson, bool, error)
	// SavePerson creates a person when p.ID is empty, or updates aliases,
	// tags and notes; it returns the ID.
	SavePerson(p StoredPerson) (string, error)
	// IdentifierOwner returns the ID of the person who holds this value.
	IdentifierOwner(kind ident.Kind, canonical string) (personID string, found bool, err error)
	// AddIdentifier stores a new identifier for a person.
	AddIdentifier(personID string, id Identifier) error
}

// StoredPerson is a person as the store has it.
type StoredPerson struct {
	ID      string
	Name    string
	Aliases []string
	Tags    []string
	Notes   string
}

// Actions in a Plan.
const (
	Add       = "add"
	Update    = "update" // existing person gains aliases, tags or notes
	Unchanged = "unchanged"
)

// Plan says what an import does (or, for a dry run, would do). It holds
// masked forms only, so it is safe to print.
type Plan struct {
	People []PersonPlan
	// Totals.
	PeopleAdded, PeopleUpdated, PeopleUnchanged int
	IDsAdded, IDsUnchanged                      int
}

// PersonPlan is one person's part of a Plan.
type PersonPlan struct {
	Masked      string // MaskName form
	Action      string
	Identifiers []IDPlan
}

// IDPlan is one identifier's part of a Plan.
type IDPlan struct {
	Kind   ident.Kind
	Masked string
	Action string
}

// Changed reports whether the plan writes anything.
func (p *Plan) Changed() bool {
	return p.PeopleAdded+p.PeopleUpdated+p.IDsAdded > 0
}

// ConflictError is returned when a value in the roster already belongs to
// a different person in the store: importing would silently move it.
type ConflictError struct {
	Kind   ident.Kind
	Masked string
	Person string // masked name of the roster person
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s %s is registered to another person in the database, not to %s", e.Kind, e.Masked, e.Person)
}

// Import applies r through tx. With dryRun nothing is written and the plan
// says what would change. Call it inside one read-write transaction: an
// error part-way must roll everything back (all-or-nothing).
func Import(tx Tx, r *Roster, dryRun bool) (*Plan, error) {
	plan := &Plan{}
	var conflicts []Problem
	for _, p := range r.People {
		pp := PersonPlan{Masked: ident.MaskName(p.Name)}
		sp, found, err := tx.PersonByName(p.Name)
		if err != nil {
			return nil, fmt.Errorf("import: look up person: %w", err)
		}
		merged, changed := merge(sp, p)
		switch {
		case !found:
			pp.Action = Add
			plan.PeopleAdded++
		case changed:
			pp.Action = Update
			plan.PeopleUpdated++
		default:
			pp.Action = Unchanged
			plan.PeopleUnchanged++
		}
		if !dryRun && (pp.Action != Unchanged) {
			if merged.ID, err = tx.SavePerson(merged); err != nil {
				return nil, fmt.Errorf("import: save person: %w", err)
			}
		}
		for _, id := range p.Identifiers {
			ip := IDPlan{Kind: id.Value.Kind, Masked: id.Value.Masked, Action: Add}
			owner, held, err := tx.IdentifierOwner(id.Value.Kind, id.Value.Canonical)
			if err != nil {
				return nil, fmt.Errorf("import: look up identifier: %w", err)
			}
			switch {
			case held && found && owner == sp.ID:
				ip.Action = Unchanged
				plan.IDsUnchanged++
			case held:
				conflicts = append(conflicts, Problem{Reason: (&ConflictError{id.Value.Kind, id.Value.Masked, pp.Masked}).Error()})
				continue
			default:
				plan.IDsAdded++
				if !dryRun {
					if err := tx.AddIdentifier(merged.ID, id); err != nil {
						return nil, fmt.Errorf("import: add %s: %w", id.Value.Kind, err)
					}
				}
			}
			pp.Identifiers = append(pp.Identifiers, ip)
		}
		plan.People = append(plan.People, pp)
	}
	if len(conflicts) > 0 {
		return plan, &Error{Problems: conflicts}
	}
	return plan, nil
}

// merge adds the roster person's aliases, tags and notes to the stored
// person; changed reports whether anything was new.
func merge(sp StoredPerson, p Person) (StoredPerson, bool) {
	out := StoredPerson{ID: sp.ID, Name: p.Name, Notes: sp.Notes,
		Aliases: append([]string(nil), sp.Aliases...), Tags: append([]string(nil), sp.Tags...)}
	changed := false
	for _, a := range p.Aliases {
		if na := addUnique(out.Aliases, a); len(na) != len(out.Aliases) {
			out.Aliases, changed = na, true
		}
	}
	for _, t := range p.Tags {
		if nt := addUnique(out.Tags, t); len(nt) != len(out.Tags) {
			out.Tags, changed = nt, true
		}
	}
	if p.Notes != "" && p.Notes != sp.Notes {
		out.Notes, changed = p.Notes, true
	}
	return out, changed
}

// ToDetect turns a roster into the detector's roster for offline scans
// (doxguard detect --roster). People get IDs "p1", "p2", … in file order
// and identifiers "p1.1", "p1.2", …; a photo's value is its hash.
func ToDetect(r *Roster) detect.Roster {
	var dr detect.Roster
	for i, p := range r.People {
		pid := "p" + strconv.Itoa(i+1)
		dp := detect.Person{ID: pid, Name: p.Name, Aliases: p.Aliases}
		for j, id := range p.Identifiers {
			di := detect.Identifier{ID: pid + "." + strconv.Itoa(j+1), Kind: string(id.Value.Kind), Value: id.Value.Canonical}
			if id.Value.Kind == ident.KindPhoto {
				h, err := strconv.ParseUint(id.Value.Canonical, 16, 64)
				if err != nil {
					continue // Parse guarantees 16 hex digits; never reached
				}
				di.PHash = h
			}
			dp.Identifiers = append(dp.Identifiers, di)
		}
		dr.People = append(dr.People, dp)
	}
	return dr
}
