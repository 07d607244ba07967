package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.etcd.io/bbolt"
)

func TestVaultLifecycle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "doxguard.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if db.Initialized() || db.Unlocked() {
		t.Fatal("new file claims a vault")
	}
	wantErr(t, db.Unlock(testPass), ErrNotInitialized)
	wantErr(t, db.Update(func(*Tx) error { return nil }), ErrLocked)
	if err := db.Init(testPass, TestKDF); err != nil {
		t.Fatal(err)
	}
	wantErr(t, db.Init(testPass, TestKDF), ErrAlreadyInitialized)
	addPerson(t, db, "程安然")

	held := db.keys
	db.Lock()
	if db.Unlocked() {
		t.Fatal("still unlocked after Lock")
	}
	for _, k := range [][]byte{held.dek, held.enc, held.idx} {
		if !bytes.Equal(k, make([]byte, keySize)) {
			t.Fatal("key material not zeroed on Lock")
		}
	}
	wantErr(t, db.View(func(*Tx) error { return nil }), ErrLocked)
	wantErr(t, db.Unlock([]byte("wrong")), ErrWrongPassphrase)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopen: the passphrase change re-wraps the key; data stays readable.
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	wantErr(t, db.ChangePassphrase([]byte("wrong"), []byte("new")), ErrWrongPassphrase)
	if err := db.ChangePassphrase(testPass, []byte("新的口令")); err != nil {
		t.Fatal(err)
	}
	wantErr(t, db.Unlock(testPass), ErrWrongPassphrase)
	if err := db.Unlock([]byte("新的口令")); err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *Tx) error {
		p, err := tx.PersonByName("程安然")
		if err == nil && p.ID != "p1" {
			t.Errorf("person %s, want p1", p.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", st.Mode().Perm())
	}
	if st, _ := os.Stat(filepath.Dir(path)); st.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", st.Mode().Perm())
	}
}

func TestTamperedValueIsCorrupt(t *testing.T) {
	db := newDB(t)
	addPerson(t, db, "程安然")
	addPerson(t, db, "张三")

	t.Run("flipped byte", func(t *testing.T) {
		var orig []byte
		rawUpdate(t, db, func(tx *bbolt.Tx) error {
			b := tx.Bucket(bPeople)
			orig = bytes.Clone(b.Get([]byte("p1")))
			v := bytes.Clone(orig)
			v[len(v)-5] ^= 0x01
			return b.Put([]byte("p1"), v)
		})
		err := db.View(func(tx *Tx) error { _, err := tx.GetPerson("p1"); return err })
		wantErr(t, err, ErrCorrupt)
		if !strings.Contains(err.Error(), "people/p1") {
			t.Errorf("error %q does not name the record", err)
		}
		rawUpdate(t, db, func(tx *bbolt.Tx) error { return tx.Bucket(bPeople).Put([]byte("p1"), orig) })
	})
	t.Run("moved to another key", func(t *testing.T) {
		rawUpdate(t, db, func(tx *bbolt.Tx) error {
			b := tx.Bucket(bPeople)
			return b.Put([]byte("p2"), bytes.Clone(b.Get([]byte("p1"))))
		})
		var got Person
		err := db.View(func(tx *Tx) error { var err error; got, err = tx.GetPerson("p2"); return err })
		wantErr(t, err, ErrCorrupt)
		if got.Name != "" {
			t.Fatal("a moved value was returned")
		}
	})
	t.Run("moved to another bucket", func(t *testing.T) {
		rawUpdate(t, db, func(tx *bbolt.Tx) error {
			return tx.Bucket(bSources).Put([]byte("p1"), bytes.Clone(tx.Bucket(bPeople).Get([]byte("p1"))))
		})
		err := db.View(func(tx *Tx) error { _, err := tx.GetSource("p1"); return err })
		wantErr(t, err, ErrCorrupt)
	})
}

// The wrapped data key is bound to its purpose: a flipped byte in it reads
// as a wrong passphrase, never as a crash or a garbage key.
func TestDamagedWrappedKey(t *testing.T) {
	db := newDB(t)
	db.Lock()
	rawUpdate(t, db, func(tx *bbolt.Tx) error {
		m := tx.Bucket(bMeta)
		v := bytes.Clone(m.Get(kDEK))
		v[30] ^= 0x80
		return m.Put(kDEK, v)
	})
	wantErr(t, db.Unlock(testPass), ErrWrongPassphrase)
}
