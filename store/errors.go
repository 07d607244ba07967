package store

import (
	"errors"
	"fmt"
)

// Sentinel errors callers branch on with errors.Is.
var (
	// ErrInUse: another process holds the database file. The error
	// returned by Open is an *InUseError carrying the holder's PID.
	ErrInUse = errors.New("database in use by another DoxGuard process")
	// ErrWrongPassphrase: the passphrase does not unwrap the data key.
	ErrWrongPassphrase = errors.New("wrong passphrase")
	// ErrLocked: the vault is locked (Unlock first).
	ErrLocked = errors.New("vault is locked")
	// ErrNotInitialized: the file has no vault yet (Init first).
	ErrNotInitialized = errors.New("vault not initialized")
	// ErrAlreadyInitialized: Init on a file that already has a vault.
	ErrAlreadyInitialized = errors.New("vault already initialized")
	// ErrNewerSchema: the file was written by a newer DoxGuard.
	ErrNewerSchema = errors.New("database written by a newer DoxGuard")
	// ErrCorrupt: a value failed authentication or decoding (tampered,
	// moved to another key, or damaged). The value is never returned.
	ErrCorrupt = errors.New("corrupt record")
	// ErrNotFound: no such record.
	ErrNotFound = errors.New("not found")
	// ErrExists: a record with the same unique key already exists.
	ErrExists = errors.New("already exists")
)

// InUseError is returned by Open when another process holds the file lock.
// PID is 0 when the holder did not leave its PID beside the file.
type InUseError struct {
	PID  int
	Path string
}

func (e *InUseError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("database in use by another DoxGuard process (pid %d)", e.PID)
	}
	return "database in use by another DoxGuard process"
}

// Is makes errors.Is(err, ErrInUse) true.
func (e *InUseError) Is(target error) bool { return target == ErrInUse }

// corrupt wraps ErrCorrupt with the bucket and key of the bad value; keys
// never hold plaintext, so naming them is safe.
func corrupt(bucket []byte, key []byte, why string) error {
	return fmt.Errorf("%s/%s: %s: %w", bucket, printableKey(key), why, ErrCorrupt)
}

// printableKey shows record IDs as text and blind-index keys as hex.
func printableKey(k []byte) string {
	for _, c := range k {
		if c < 0x21 || c > 0x7e {
			return fmt.Sprintf("%x", k)
		}
	}
	return string(k)
}
