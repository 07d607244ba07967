package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"time"

	"go.etcd.io/bbolt"
)

// Options tune Open. The zero value is right for the app.
type Options struct {
	// Timeout is how long Open waits for another process to release the
	// file; 0 means 1 s.
	Timeout time.Duration
}

// DB is an open DoxGuard database. It is safe for concurrent use.
type DB struct {
	bolt *bbolt.DB
	path string

	mu   sync.RWMutex // guards keys; held shared for a transaction's life
	keys *keys
}

// DefaultPath is $DOXGUARD_DB or <user config dir>/doxguard/doxguard.db.
func DefaultPath() (string, error) {
	if p := os.Getenv("DOXGUARD_DB"); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("default database path: %w", err)
	}
	return filepath.Join(dir, "doxguard", "doxguard.db"), nil
}

// Open opens (creating if needed) the database at path: folder 0700, file
// 0600. Another process holding it → *InUseError within Options.Timeout.
// A file from a newer DoxGuard → ErrNewerSchema. Pending migrations run in
// one transaction. The vault starts locked.
func Open(path string, opts Options) (*DB, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = time.Second
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: opts.Timeout})
	if errors.Is(err, bbolt.ErrTimeout) {
		return nil, &InUseError{PID: readPID(path), Path: path}
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	// bbolt creates with the mode we asked for, but an older file may be
	// looser: tighten it.
	_ = os.Chmod(path, 0o600)
	db := &DB{bolt: b, path: path}
	if err := db.migrate(); err != nil {
		b.Close()
		return nil, err
	}
	writePID(path)
	return db, nil
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Close locks the vault and releases the file.
func (db *DB) Close() error {
	db.Lock()
	removePID(db.path)
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// Tx is a transaction with the vault keys. Typed accessors live on it.
// Values it returns are copies, valid after the transaction ends; the Tx
// itself is valid only inside the function given to Update or View.
type Tx struct {
	tx *bbolt.Tx
	k  *keys
}

func (t *Tx) b(name []byte) *bbolt.Bucket { return t.tx.Bucket(name) }

// Update runs fn in one read-write transaction: everything fn does is
// committed together, or nothing when fn returns an error.
func (db *DB) Update(fn func(*Tx) error) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.keys == nil {
		return ErrLocked
	}
	return db.bolt.Update(func(tx *bbolt.Tx) error { return fn(&Tx{tx: tx, k: db.keys}) })
}

// View runs fn in a read-only transaction.
func (db *DB) View(fn func(*Tx) error) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.keys == nil {
		return ErrLocked
	}
	return db.bolt.View(func(tx *bbolt.Tx) error { return fn(&Tx{tx: tx, k: db.keys}) })
}

// nextID returns prefix + the bucket's next sequence number.
func (t *Tx) nextID(bucket []byte, prefix string) (string, error) {
	n, err := t.b(bucket).NextSequence()
	if err != nil {
		return "", fmt.Errorf("next %s id: %w", bucket, err)
	}
	return prefix + strconv.FormatUint(n, 10), nil
}

// idNum is the numeric part of a p12-style ID (0 if none), for ordering.
func idNum(id string) uint64 {
	if len(id) < 2 {
		return 0
	}
	n, _ := strconv.ParseUint(id[1:], 10, 64)
	return n
}

// sortByID orders records by the number in their ID (p2 before p10).
func sortByID[T any](xs []T, id func(*T) string) {
	sort.SliceStable(xs, func(i, j int) bool { return idNum(id(&xs[i])) < idNum(id(&xs[j])) })
}

// sortBy orders records by a numeric field.
func sortBy[T any](xs []T, n func(*T) uint64) {
	sort.SliceStable(xs, func(i, j int) bool { return n(&xs[i]) < n(&xs[j]) })
}
