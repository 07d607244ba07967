package gui

import (
	"slices"
	"testing"

	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/store"
)

// Deleting an identifier, then the person, removes them from the store and
// the People screen; findings and evidence are not the People screen's to
// delete.
func TestDeleteIdentifierAndPerson(t *testing.T) {
	u, _ := unlockedUI(t, LangZH)
	p := store.Person{Name: testName}
	var phoneID string
	err := u.db.Update(func(tx *store.Tx) error {
		if err := tx.PutPerson(&p); err != nil {
			return err
		}
		for _, in := range []struct{ kind, value string }{{"phone", testPhone}, {"cn_id", testCNID}} {
			v, err := ident.Parse(ident.Kind(in.kind), in.value)
			if err != nil {
				return err
			}
			id := store.Identifier{PersonID: p.ID, Kind: in.kind, Value: v.Canonical, Masked: v.Masked}
			if err := tx.PutIdentifier(&id); err != nil {
				return err
			}
			if in.kind == "phone" {
				phoneID = id.ID
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	u.refresh()
	u.people.list.Select(0)
	if !slices.Contains(texts(u.people.detail), T("people.delete")) {
		t.Fatalf("the person's detail has no delete button: %q", texts(u.people.detail))
	}

	u.people.deleteIdentifier(phoneID)
	ids, err := u.db.ListIdentifiers(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || ids[0].Kind != "cn_id" {
		t.Fatalf("after deleting the phone, identifiers are %+v", ids)
	}

	u.people.deletePerson(p.ID)
	if people, _ := u.db.ListPeople(); len(people) != 0 {
		t.Fatalf("person still stored after delete: %d left", len(people))
	}
	if len(u.people.all) != 0 {
		t.Fatal("the People screen still lists the deleted person")
	}
	if ids, _ := u.db.ListIdentifiers(""); len(ids) != 0 {
		t.Fatalf("the person's identifiers survived: %d", len(ids))
	}
}
