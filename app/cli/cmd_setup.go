package cli

import (
	"context"
	"errors"
	"fmt"
	"unicode"

	"github.com/doxguard/doxguard/store"
)

// minPassphrase is the shortest passphrase init accepts: the database is
// a dossier, and argon2id slows guessing but cannot save "1234". Chinese
// characters carry more guesses each, so minCJKPassphrase of them is
// enough. The desktop app applies the same rule.
const (
	minPassphrase    = 10
	minCJKPassphrase = 6
)

// passphraseTooShort applies the length rule shared with the desktop app.
func passphraseTooShort(p []byte) bool {
	rs := []rune(string(p))
	for _, r := range rs {
		if unicode.Is(unicode.Han, r) {
			return len(rs) < minCJKPassphrase
		}
	}
	return len(rs) < minPassphrase
}

func init() {
	register(&Command{
		Name:    "init",
		Summary: "create the encrypted database (创建加密数据库)",
		Usage:   "",
		NeedsDB: true,
		Run:     runInit,
	})
	register(&Command{
		Name:    "passwd",
		Summary: "change the database passphrase (修改口令)",
		Usage:   "[--new-passphrase-file FILE]",
		NeedsDB: true,
		Run:     runPasswd,
	})
}

func (e *Env) kdf() store.KDF {
	if e.Opts.KDF != nil {
		return *e.Opts.KDF
	}
	return store.DefaultKDF
}

func runInit(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("init")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("init takes no arguments")
	}
	db, err := e.OpenDB(ctx)
	if err != nil {
		return err
	}
	if db.Initialized() {
		return fmt.Errorf("a DoxGuard database already exists at %s — use it, or `doxguard passwd` to change its passphrase (数据库已存在)", db.Path())
	}
	pass, err := e.Passphrase("New passphrase 设置口令: ", true)
	if err != nil {
		return err
	}
	defer wipe(pass)
	if passphraseTooShort(pass) {
		return Inputf("the passphrase must be at least %d characters, or %d Chinese characters (口令至少 %d 个字符，或 %d 个汉字)", minPassphrase, minCJKPassphrase, minPassphrase, minCJKPassphrase)
	}
	if err := db.Init(pass, e.kdf()); err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	e.Printf("Created the encrypted DoxGuard database at %s\n", db.Path())
	e.Printf("Keep your passphrase safe: nobody, not even DoxGuard, can recover it. (请牢记口令，无法找回)\n")
	return nil
}

func runPasswd(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("passwd")
	newFile := fs.String("new-passphrase-file", "", "read the new passphrase from this file (else $DOXGUARD_NEW_PASSPHRASE or a prompt)")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("passwd takes no arguments")
	}
	db, err := e.OpenDB(ctx)
	if err != nil {
		return err
	}
	if !db.Initialized() {
		return store.ErrNotInitialized
	}
	old, err := e.Passphrase("Current passphrase 当前口令: ", false)
	if err != nil {
		return err
	}
	defer wipe(old)
	var neu []byte
	switch {
	case *newFile != "":
		sub := &Env{Stdin: e.Stdin, Stderr: e.Stderr, Opts: Options{Getenv: func(string) string { return "" }}, passphraseFile: *newFile}
		neu, err = sub.Passphrase("", false)
	case e.Opts.Getenv("DOXGUARD_NEW_PASSPHRASE") != "":
		neu = []byte(e.Opts.Getenv("DOXGUARD_NEW_PASSPHRASE"))
	default:
		neu, err = e.prompt("New passphrase 新口令: ", true)
	}
	if err != nil {
		return err
	}
	defer wipe(neu)
	if passphraseTooShort(neu) {
		return Inputf("the new passphrase must be at least %d characters, or %d Chinese characters (口令至少 %d 个字符，或 %d 个汉字)", minPassphrase, minCJKPassphrase, minPassphrase, minCJKPassphrase)
	}
	if err := db.ChangePassphrase(old, neu); err != nil {
		if errors.Is(err, store.ErrWrongPassphrase) {
			return err
		}
		return fmt.Errorf("change passphrase: %w", err)
	}
	e.Printf("Passphrase changed. (口令已修改)\n")
	return nil
}
