package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/monitor/roster"
	"github.com/doxguard/doxguard/store"
)

// UsageError is a mistake in how the command was called (exit 2).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a *UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// InputError is bad data from the user — a value that does not validate, a
// file that is not a roster (exit 2). Msg says what to do.
type InputError struct {
	Msg string
	Err error
}

func (e *InputError) Error() string {
	if e.Err == nil {
		return e.Msg
	}
	if e.Msg == "" {
		return e.Err.Error()
	}
	return e.Msg + ": " + e.Err.Error()
}

func (e *InputError) Unwrap() error { return e.Err }

// Inputf returns an *InputError.
func Inputf(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// report prints err as one line on stderr and returns the exit status.
func (e *Env) report(err error) int {
	if err == nil {
		return 0
	}
	msg, code := explain(err)
	if e.cmd != nil && code == 2 {
		var ue *UsageError
		if errors.As(err, &ue) {
			msg += fmt.Sprintf(" (usage: doxguard %s %s)", e.cmd.Name, e.cmd.Usage)
		}
	}
	fmt.Fprintln(e.Stderr, "doxguard: "+oneLine(msg))
	return code
}

// explain turns an error into the sentence the user reads and the exit
// status. Store errors become advice; everything else is its own message.
func explain(err error) (string, int) {
	var (
		inUse *store.InUseError
		ue    *UsageError
		ie    *InputError
		ve    *ident.ValidationError
		re    *roster.Error
	)
	switch {
	case errors.As(err, &inUse):
		if inUse.PID > 0 {
			return fmt.Sprintf("database in use by another DoxGuard process (pid %d) — close it first (数据库正被另一个 DoxGuard 使用)", inUse.PID), 1
		}
		return "database in use by another DoxGuard process — close it first (数据库正被另一个 DoxGuard 使用)", 1
	case errors.Is(err, store.ErrInUse):
		return "database in use by another DoxGuard process — close it first (数据库正被另一个 DoxGuard 使用)", 1
	case errors.Is(err, store.ErrWrongPassphrase):
		return "wrong passphrase — try again, or use the passphrase you chose at `doxguard init` (口令错误)", 1
	case errors.Is(err, store.ErrNotInitialized):
		return "no database yet — run `doxguard init` first (请先运行 doxguard init)", 1
	case errors.Is(err, store.ErrNewerSchema):
		return "this database was written by a newer DoxGuard — update DoxGuard to open it (请升级 DoxGuard)", 1
	case errors.Is(err, store.ErrCorrupt):
		return "the database is damaged or was tampered with (" + err.Error() + ") — restore it from a backup (数据库已损坏)", 1
	case errors.Is(err, context.Canceled):
		return "interrupted (已中断)", 1
	case errors.As(err, &re):
		return fmt.Sprintf("%s — fix these rows and import again; nothing was imported (名单有误，未导入任何内容)", re.Error()), 2
	case errors.As(err, &ve):
		return err.Error() + " — nothing was saved (格式不正确，未保存)", 2
	case errors.As(err, &ue), errors.As(err, &ie):
		return err.Error(), 2
	}
	return err.Error(), 1
}

// oneLine keeps an error on one line whatever it wraps.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
