package store

import (
	"encoding/binary"
	"path/filepath"
	"testing"

	"go.etcd.io/bbolt"
)

// One case per migration: the file as the previous version left it, and
// what must hold after migrating.
var migrationTests = []struct {
	name  string
	check func(t *testing.T, tx *bbolt.Tx)
}{
	{"create the v1 buckets", func(t *testing.T, tx *bbolt.Tx) {
		for _, b := range [][]byte{bMeta, bPeople, bIdents, bIdentValue, bCustody, bFindings, bSettings} {
			if tx.Bucket(b) == nil {
				t.Errorf("bucket %s missing", b)
			}
		}
	}},
	{"add the blobs bucket", func(t *testing.T, tx *bbolt.Tx) {
		if tx.Bucket(bBlobs) == nil {
			t.Error("blobs bucket missing")
		}
	}},
}

func TestMigrations(t *testing.T) {
	if len(migrationTests) != len(migrations) {
		t.Fatalf("%d migrations, %d tests: each migration must have a test case", len(migrations), len(migrationTests))
	}
	for i, mt := range migrationTests {
		t.Run(mt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "db")
			b, err := bbolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			// Bring the file to the version before this migration, then
			// run the full list as Open does.
			if i > 0 {
				if err := runMigrations(b, migrations[:i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := runMigrations(b, migrations); err != nil {
				t.Fatal(err)
			}
			_ = b.View(func(tx *bbolt.Tx) error {
				if v := schemaOf(tx); v != SchemaVersion() {
					t.Errorf("schema %d after migrating, want %d", v, SchemaVersion())
				}
				mt.check(t, tx)
				return nil
			})
		})
	}
}

func TestMigrationsOrdered(t *testing.T) {
	for i := 1; i < len(migrations); i++ {
		if migrations[i].version != migrations[i-1].version+1 {
			t.Fatalf("migration %d follows %d", migrations[i].version, migrations[i-1].version)
		}
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rawUpdate(t, db, func(tx *bbolt.Tx) error {
		return tx.Bucket(bMeta).Put(kSchema, binary.BigEndian.AppendUint64(nil, SchemaVersion()+1))
	})
	db.Close()
	_, err = Open(path, Options{})
	wantErr(t, err, ErrNewerSchema)
}
