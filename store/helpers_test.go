package store

import (
	"errors"
	"path/filepath"
	"testing"

	"go.etcd.io/bbolt"
)

var testPass = []byte("correct horse battery staple")

// newDB opens a fresh, initialised, unlocked database in a temp folder.
func newDB(t testing.TB) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "data", "doxguard.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Init(testPass, TestKDF); err != nil {
		t.Fatal(err)
	}
	return db
}

func update(t testing.TB, db *DB, fn func(*Tx) error) {
	t.Helper()
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// rawUpdate edits the file under the vault, as an attacker or bit rot would.
func rawUpdate(t testing.TB, db *DB, fn func(*bbolt.Tx) error) {
	t.Helper()
	if err := db.bolt.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func wantErr(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v, want %v", err, target)
	}
}

func addPerson(t testing.TB, db *DB, name string, ids ...Identifier) (Person, []Identifier) {
	t.Helper()
	p := Person{Name: name}
	update(t, db, func(tx *Tx) error {
		if err := tx.PutPerson(&p); err != nil {
			return err
		}
		for i := range ids {
			ids[i].PersonID = p.ID
			if err := tx.PutIdentifier(&ids[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return p, ids
}

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
