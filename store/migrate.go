package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	"go.etcd.io/bbolt"
)

// migration moves the file from version-1 to version. Migrations work on
// structure only (they run before the vault is unlocked).
type migration struct {
	version uint64
	name    string
	migrate func(*bbolt.Tx) error
}

// migrations MUST stay ordered by version, and each MUST have a test case
// in migrate_test.go (TestMigrations checks the count).
var migrations = []migration{
	{1, "create the v1 buckets", func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{bMeta, bPeople, bPeopleName, bIdents, bIdentValue, bIdentPerson,
			bSources, bURLState, bCaptures, bCaptureBody, bCustody, bFindings, bFindingKey,
			bFindingURL, bRuns, bCases, bSettings} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	}},
	{2, "add the blobs bucket for screenshots", func(tx *bbolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bBlobs)
		return err
	}},
}

// SchemaVersion is the schema this build writes.
func SchemaVersion() uint64 { return migrations[len(migrations)-1].version }

var errSkip = errors.New("nothing to migrate")

func schemaOf(tx *bbolt.Tx) uint64 {
	m := tx.Bucket(bMeta)
	if m == nil {
		return 0
	}
	v := m.Get(kSchema)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

// migrate brings the file to SchemaVersion in one transaction, or refuses
// a newer file.
func (db *DB) migrate() error {
	return runMigrations(db.bolt, migrations)
}

func runMigrations(b *bbolt.DB, ms []migration) error {
	want := ms[len(ms)-1].version
	err := b.Update(func(tx *bbolt.Tx) error {
		have := schemaOf(tx)
		if have > want {
			return fmt.Errorf("schema version %d, this DoxGuard knows up to %d: %w", have, want, ErrNewerSchema)
		}
		if have == want {
			return errSkip // roll back instead of paying for a commit
		}
		for _, m := range ms {
			if m.version <= have {
				continue
			}
			if err := m.migrate(tx); err != nil {
				return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
			}
		}
		v := make([]byte, 8)
		binary.BigEndian.PutUint64(v, want)
		return tx.Bucket(bMeta).Put(kSchema, v)
	})
	if errors.Is(err, errSkip) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	return nil
}
