package store

import (
	"testing"
)

func TestPeopleAndIdentifiers(t *testing.T) {
	db := newDB(t)
	p, ids := addPerson(t, db, "程安然",
		Identifier{Kind: "phone", Value: "+8613800138000", Masked: "138****8000"},
		Identifier{Kind: "cn_id", Value: "11010519491231002X", Masked: "110105********002X"})
	other, _ := addPerson(t, db, "张三", Identifier{Kind: "qq", Value: "48151623", Masked: "481****23"})

	err := db.Update(func(tx *Tx) error {
		i, err := tx.FindIdentifier("phone", "+8613800138000")
		if err != nil || i.ID != ids[0].ID || i.PersonID != p.ID || i.Masked != "138****8000" {
			t.Errorf("FindIdentifier = %+v, %v", i, err)
		}
		if _, err := tx.FindIdentifier("qq", "+8613800138000"); !isNotFound(err) {
			t.Errorf("same value, other kind: %v, want ErrNotFound", err)
		}
		// The same value for another person is refused.
		dup := Identifier{PersonID: other.ID, Kind: "phone", Value: "+8613800138000"}
		wantErr(t, tx.PutIdentifier(&dup), ErrExists)
		wantErr(t, tx.PutIdentifier(&Identifier{PersonID: "p99", Kind: "email", Value: "a@example.com"}), ErrNotFound)

		if id, err := tx.ResolvePerson("张三"); err != nil || id != other.ID {
			t.Errorf("ResolvePerson(name) = %s, %v", id, err)
		}
		if id, err := tx.ResolvePerson(p.ID); err != nil || id != p.ID {
			t.Errorf("ResolvePerson(id) = %s, %v", id, err)
		}
		got, err := tx.ListIdentifiers(p.ID)
		if err != nil || len(got) != 2 || got[0].ID != ids[0].ID {
			t.Errorf("ListIdentifiers = %+v, %v", got, err)
		}
		all, err := tx.ListIdentifiers("")
		if err != nil || len(all) != 3 {
			t.Errorf("all identifiers: %d, %v", len(all), err)
		}

		// Changing a value moves its index entry.
		i = ids[0]
		i.Value = "+8613900139000"
		if err := tx.PutIdentifier(&i); err != nil {
			return err
		}
		if _, err := tx.FindIdentifier("phone", "+8613800138000"); !isNotFound(err) {
			t.Errorf("old value still indexed: %v", err)
		}
		if f, err := tx.FindIdentifier("phone", "+8613900139000"); err != nil || f.ID != i.ID {
			t.Errorf("new value: %+v %v", f, err)
		}

		// Renaming moves the name index entry.
		pp, _ := tx.GetPerson(p.ID)
		pp.Name = "程安"
		if err := tx.PutPerson(&pp); err != nil {
			return err
		}
		if _, err := tx.PersonByName("程安然"); !isNotFound(err) {
			t.Errorf("old name still found: %v", err)
		}
		if q, err := tx.PersonByName(" 程安 "); err != nil || q.ID != p.ID || !q.CreatedAt.Equal(p.CreatedAt) {
			t.Errorf("PersonByName(new) = %+v, %v", q, err)
		}

		// Deleting a person takes their identifiers and index entries.
		if err := tx.DeletePerson(p.ID); err != nil {
			return err
		}
		if _, err := tx.FindIdentifier("cn_id", "11010519491231002X"); !isNotFound(err) {
			t.Errorf("identifier of deleted person still found: %v", err)
		}
		people, err := tx.ListPeople()
		if err != nil || len(people) != 1 || people[0].ID != other.ID {
			t.Errorf("people after delete: %+v %v", people, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := db.Verify(t.Context(), VerifyOptions{ReadData: true})
	if err != nil || !rep.OK() {
		t.Errorf("verify after edits: %+v %v", rep.Problems, err)
	}
}

func TestListOrderIsNumeric(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *Tx) error {
		for i := 0; i < 12; i++ {
			if err := tx.PutPerson(&Person{Name: "n"}); err != nil {
				return err
			}
		}
		ps, err := tx.ListPeople()
		if err != nil {
			return err
		}
		if ps[1].ID != "p2" || ps[11].ID != "p12" {
			t.Errorf("order %s, %s; want p2, p12", ps[1].ID, ps[11].ID)
		}
		// Same name twice: the first one wins.
		if q, err := tx.PersonByName("n"); err != nil || q.ID != "p1" {
			t.Errorf("PersonByName = %s %v", q.ID, err)
		}
		return nil
	})
}

func TestWrappers(t *testing.T) {
	db := newDB(t)
	p, _ := addPerson(t, db, "程安然", Identifier{Kind: "email", Value: "anran.cheng@example.com"})
	if got, err := db.PersonByName("程安然"); err != nil || got.ID != p.ID {
		t.Errorf("PersonByName = %+v %v", got, err)
	}
	if i, err := db.FindIdentifier("email", "anran.cheng@example.com"); err != nil || i.PersonID != p.ID {
		t.Errorf("FindIdentifier = %+v %v", i, err)
	}
	if err := db.PutSetting("gui.lang", "zh"); err != nil {
		t.Fatal(err)
	}
	var lang string
	if err := db.GetSetting("gui.lang", &lang); err != nil || lang != "zh" {
		t.Errorf("setting %q %v", lang, err)
	}
	db.Lock()
	_, err := db.ListPeople()
	wantErr(t, err, ErrLocked)
	if db.ValueKey("phone", "+8613800138000") != "" {
		t.Error("ValueKey answered while locked")
	}
}
