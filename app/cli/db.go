package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/doxguard/doxguard/store"
)

// DBPath is where the database lives: --db, then $DOXGUARD_DB, then the
// default in the user's config folder.
func (e *Env) DBPath() (string, error) {
	if e.dbPath != "" {
		return e.dbPath, nil
	}
	if p := e.Opts.Getenv("DOXGUARD_DB"); p != "" {
		return p, nil
	}
	p, err := store.DefaultPath()
	if err != nil {
		return "", fmt.Errorf("find the default database location (use --db PATH): %w", err)
	}
	return p, nil
}

// OpenDB opens the database without unlocking it (init, passwd). The
// database is closed when the command returns.
func (e *Env) OpenDB(ctx context.Context) (*store.DB, error) {
	if e.probe != nil {
		return nil, errHelp // collecting flags for help: do nothing
	}
	if e.db != nil {
		return e.db, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	path, err := e.DBPath()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	e.db = db
	return db, nil
}

// DB opens and unlocks the database, asking for the passphrase if needed.
func (e *Env) DB(ctx context.Context) (*store.DB, error) {
	// Only `init` creates the file: any other command on a missing database
	// says so instead of leaving an empty file behind.
	if e.db == nil && e.probe == nil {
		if path, err := e.DBPath(); err == nil {
			if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
				return nil, store.ErrNotInitialized
			}
		}
	}
	db, err := e.OpenDB(ctx)
	if err != nil {
		return nil, err
	}
	if db.Unlocked() {
		return db, nil
	}
	if !db.Initialized() {
		return nil, store.ErrNotInitialized
	}
	pass, err := e.Passphrase("Passphrase 口令: ", false)
	if err != nil {
		return nil, err
	}
	defer wipe(pass)
	if err := db.Unlock(pass); err != nil {
		return nil, err
	}
	return db, nil
}

func (e *Env) closeDB() error {
	if e.db == nil {
		return nil
	}
	err := e.db.Close()
	e.db = nil
	if err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// Passphrase reads the passphrase from $DOXGUARD_PASSPHRASE,
// --passphrase-file, or a no-echo prompt on the terminal (twice when
// confirm is set, as for a new passphrase).
func (e *Env) Passphrase(prompt string, confirm bool) ([]byte, error) {
	if p := e.Opts.Getenv("DOXGUARD_PASSPHRASE"); p != "" {
		return []byte(p), nil
	}
	if e.passphraseFile != "" {
		b, err := os.ReadFile(e.passphraseFile)
		if err != nil {
			return nil, &InputError{Msg: "cannot read --passphrase-file", Err: err}
		}
		// The first line is the passphrase; editors add a trailing newline.
		line, _, _ := bytes.Cut(b, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			return nil, Inputf("--passphrase-file is empty")
		}
		return line, nil
	}
	return e.prompt(prompt, confirm)
}

func (e *Env) prompt(prompt string, confirm bool) ([]byte, error) {
	f, ok := e.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, Inputf("no passphrase: set DOXGUARD_PASSPHRASE or use --passphrase-file FILE (no terminal to ask on) (请提供口令)")
	}
	read := func(p string) ([]byte, error) {
		fmt.Fprint(e.Stderr, p)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.Stderr)
		if err != nil {
			return nil, fmt.Errorf("read passphrase: %w", err)
		}
		return b, nil
	}
	p, err := read(prompt)
	if err != nil {
		return nil, err
	}
	if len(p) == 0 {
		return nil, Inputf("empty passphrase")
	}
	if confirm {
		again, err := read("Again 再输入一次: ")
		if err != nil {
			return nil, err
		}
		defer wipe(again)
		if !bytes.Equal(p, again) {
			wipe(p)
			return nil, Inputf("the two passphrases differ — nothing was changed (两次输入不一致)")
		}
	}
	return p, nil
}

// readLine reads one line from stdin (for confirmations).
func (e *Env) readLine() (string, error) {
	s, err := bufio.NewReader(e.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimSpace(s), nil
}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}
