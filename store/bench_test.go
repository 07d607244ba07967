package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"go.etcd.io/bbolt"
	"golang.org/x/crypto/argon2"
)

// Peers: raw argon2id with the same parameters (unlock), and plain bbolt
// with unencrypted JSON under plaintext keys (lookup, bulk insert) — what
// the store would cost without the vault.

func BenchmarkUnlockDefaultKDF(b *testing.B) {
	db, err := Open(filepath.Join(b.TempDir(), "db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Init(testPass, DefaultKDF); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := db.Unlock(testPass); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPeerArgon2idDefault(b *testing.B) {
	salt := make([]byte, 16)
	for b.Loop() {
		argon2.IDKey(testPass, salt, DefaultKDF.Time, DefaultKDF.MemoryKiB, DefaultKDF.Threads, 32)
	}
}

func bulkPeople(b *testing.B, db *DB) {
	err := db.Update(func(tx *Tx) error {
		for p := 0; p < 1000; p++ {
			person := Person{Name: fmt.Sprintf("艺人%04d", p), Aliases: []string{"alias"}}
			if err := tx.PutPerson(&person); err != nil {
				return err
			}
			for i := 0; i < 10; i++ {
				id := Identifier{PersonID: person.ID, Kind: "phone", Value: fmt.Sprintf("+86138%04d%04d", p, i), Masked: "138****0000"}
				if err := tx.PutIdentifier(&id); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

func BenchmarkBulkInsert1000x10(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		db := newDB(b)
		b.StartTimer()
		bulkPeople(b, db)
	}
}

func BenchmarkPeerPlainBoltInsert1000x10(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		bdb, err := bbolt.Open(filepath.Join(b.TempDir(), "db"), 0o600, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		err = bdb.Update(func(tx *bbolt.Tx) error {
			pb, _ := tx.CreateBucketIfNotExists([]byte("people"))
			ib, _ := tx.CreateBucketIfNotExists([]byte("ids"))
			for p := 0; p < 1000; p++ {
				j, _ := json.Marshal(Person{ID: fmt.Sprintf("p%d", p), Name: fmt.Sprintf("艺人%04d", p)})
				if err := pb.Put(fmt.Appendf(nil, "p%d", p), j); err != nil {
					return err
				}
				for i := 0; i < 10; i++ {
					v := fmt.Sprintf("+86138%04d%04d", p, i)
					j, _ := json.Marshal(Identifier{PersonID: fmt.Sprintf("p%d", p), Kind: "phone", Value: v})
					if err := ib.Put([]byte("phone\x00"+v), j); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		bdb.Close()
	}
}

func BenchmarkFindIdentifier(b *testing.B) {
	db := newDB(b)
	bulkPeople(b, db)
	n := 0
	err := db.View(func(tx *Tx) error {
		for b.Loop() {
			p, i := n%1000, n%10
			n++
			if _, err := tx.FindIdentifier("phone", fmt.Sprintf("+86138%04d%04d", p, i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

func BenchmarkPeerPlainBoltLookup(b *testing.B) {
	bdb, err := bbolt.Open(filepath.Join(b.TempDir(), "db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer bdb.Close()
	_ = bdb.Update(func(tx *bbolt.Tx) error {
		ib, _ := tx.CreateBucketIfNotExists([]byte("ids"))
		for k := 0; k < 10000; k++ {
			v := fmt.Sprintf("+86138%04d%04d", k/10, k%10)
			j, _ := json.Marshal(Identifier{Kind: "phone", Value: v})
			_ = ib.Put([]byte("phone\x00"+v), j)
		}
		return nil
	})
	n := 0
	_ = bdb.View(func(tx *bbolt.Tx) error {
		ib := tx.Bucket([]byte("ids"))
		for b.Loop() {
			v := fmt.Sprintf("+86138%04d%04d", n%1000, n%10)
			n++
			var id Identifier
			if err := json.Unmarshal(ib.Get([]byte("phone\x00"+v)), &id); err != nil {
				return err
			}
		}
		return nil
	})
}
