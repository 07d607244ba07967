package store

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"fmt"

	"go.etcd.io/bbolt"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// KDF holds the argon2id parameters that turn a passphrase into the
// key-encryption key. The parameters and salt are stored in the file, so
// they can be raised later without breaking old databases.
type KDF struct {
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memory_kib"`
	Threads   uint8  `json:"threads"`
}

// DefaultKDF costs about 0.9 s on a 2-core machine (notes/libs.md §4).
var DefaultKDF = KDF{Time: 3, MemoryKiB: 256 * 1024, Threads: 2}

// TestKDF is deliberately cheap: tests and demos only.
var TestKDF = KDF{Time: 1, MemoryKiB: 64, Threads: 1}

type kdfRecord struct {
	KDF
	Salt []byte `json:"salt"`
}

const (
	keySize   = 32
	sealV1    = 0x01
	dekWrapAD = "dek-wrap-v1"
)

// keys are the secrets of an unlocked vault; zeroed on Lock.
type keys struct {
	dek []byte
	enc []byte // record encryption
	idx []byte // blind index
}

func deriveKeys(dek []byte) (*keys, error) {
	k := &keys{dek: dek}
	var err error
	if k.enc, err = hkdf.Key(sha256.New, dek, nil, "v1 record-enc", keySize); err != nil {
		return nil, fmt.Errorf("derive record key: %w", err)
	}
	if k.idx, err = hkdf.Key(sha256.New, dek, nil, "v1 blind-index", keySize); err != nil {
		return nil, fmt.Errorf("derive index key: %w", err)
	}
	return k, nil
}

func (k *keys) wipe() {
	for _, b := range [][]byte{k.dek, k.enc, k.idx} {
		clear(b)
	}
}

func kek(pass []byte, r kdfRecord) []byte {
	return argon2.IDKey(pass, r.Salt, r.Time, r.MemoryKiB, r.Threads, keySize)
}

// Initialized reports whether the file holds a vault.
func (db *DB) Initialized() bool {
	ok := false
	_ = db.bolt.View(func(tx *bbolt.Tx) error {
		ok = tx.Bucket(bMeta).Get(kDEK) != nil
		return nil
	})
	return ok
}

// Unlocked reports whether the data key is in memory.
func (db *DB) Unlocked() bool {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.keys != nil
}

// Init creates the vault: a random data key wrapped with a key derived
// from passphrase by argon2id with params. The vault is left unlocked.
func (db *DB) Init(passphrase []byte, params KDF) error {
	if len(passphrase) == 0 {
		return fmt.Errorf("init: empty passphrase")
	}
	if params.Time == 0 || params.MemoryKiB == 0 || params.Threads == 0 {
		return fmt.Errorf("init: invalid kdf parameters")
	}
	rec := kdfRecord{KDF: params, Salt: make([]byte, 16)}
	dek := make([]byte, keySize)
	if _, err := rand.Read(rec.Salt); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if _, err := rand.Read(dek); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	k, err := deriveKeys(dek)
	if err != nil {
		return err
	}
	key := kek(passphrase, rec)
	defer clear(key)
	wrapped, err := sealRaw(key, dek, []byte(dekWrapAD))
	if err != nil {
		return err
	}
	kj, _ := json.Marshal(rec)
	db.mu.Lock()
	defer db.mu.Unlock()
	err = db.bolt.Update(func(tx *bbolt.Tx) error {
		m := tx.Bucket(bMeta)
		if m.Get(kDEK) != nil {
			return ErrAlreadyInitialized
		}
		if err := m.Put(kKDF, kj); err != nil {
			return err
		}
		return m.Put(kDEK, wrapped)
	})
	if err != nil {
		k.wipe()
		return fmt.Errorf("init: %w", err)
	}
	if db.keys != nil {
		db.keys.wipe()
	}
	db.keys = k
	return nil
}

// unwrap derives the KEK from passphrase and opens the stored data key.
func (db *DB) unwrap(passphrase []byte) (dek []byte, rec kdfRecord, err error) {
	var kj, wrapped []byte
	_ = db.bolt.View(func(tx *bbolt.Tx) error {
		m := tx.Bucket(bMeta)
		kj = append([]byte(nil), m.Get(kKDF)...)
		wrapped = append([]byte(nil), m.Get(kDEK)...)
		return nil
	})
	if len(wrapped) == 0 {
		return nil, rec, ErrNotInitialized
	}
	if err := json.Unmarshal(kj, &rec); err != nil || len(rec.Salt) == 0 {
		return nil, rec, corrupt(bMeta, kKDF, "bad kdf parameters")
	}
	key := kek(passphrase, rec)
	defer clear(key)
	dek, err = openRaw(key, wrapped, []byte(dekWrapAD))
	if err != nil || len(dek) != keySize {
		// Authentication failure: a wrong passphrase (or a damaged
		// wrapped key, which we cannot tell apart).
		return nil, rec, ErrWrongPassphrase
	}
	return dek, rec, nil
}

// Unlock derives the keys from passphrase. ErrWrongPassphrase when it
// does not match.
func (db *DB) Unlock(passphrase []byte) error {
	dek, _, err := db.unwrap(passphrase)
	if err != nil {
		return fmt.Errorf("unlock: %w", err)
	}
	k, err := deriveKeys(dek)
	if err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.keys != nil {
		db.keys.wipe()
	}
	db.keys = k
	return nil
}

// Lock zeroes the keys in memory. It waits for running transactions.
func (db *DB) Lock() {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.keys != nil {
		db.keys.wipe()
		db.keys = nil
	}
}

// ChangePassphrase re-wraps the data key under a key derived from new
// (fresh salt, same parameters); no record is re-encrypted.
func (db *DB) ChangePassphrase(old, new []byte) error {
	if len(new) == 0 {
		return fmt.Errorf("change passphrase: empty passphrase")
	}
	dek, rec, err := db.unwrap(old)
	if err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	defer clear(dek)
	nrec := kdfRecord{KDF: rec.KDF, Salt: make([]byte, 16)}
	if _, err := rand.Read(nrec.Salt); err != nil {
		return err
	}
	key := kek(new, nrec)
	defer clear(key)
	wrapped, err := sealRaw(key, dek, []byte(dekWrapAD))
	if err != nil {
		return err
	}
	kj, _ := json.Marshal(nrec)
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.keys != nil && subtle.ConstantTimeCompare(db.keys.dek, dek) != 1 {
		return fmt.Errorf("change passphrase: %w", ErrCorrupt)
	}
	return db.bolt.Update(func(tx *bbolt.Tx) error {
		m := tx.Bucket(bMeta)
		if err := m.Put(kKDF, kj); err != nil {
			return err
		}
		return m.Put(kDEK, wrapped)
	})
}

func newAEAD(key []byte) (aeadX, error) {
	return chacha20poly1305.NewX(key)
}
