// Package cli is DoxGuard's command line: the same engine as the desktop
// app, for scripts and for the always-on box a manager runs it on.
//
// Each command lives in its own file and registers itself:
//
//	func init() {
//		register(&Command{
//			Name:    "person add",
//			Summary: "register a person to protect",
//			Usage:   "NAME [--alias A]... [--tag T]... [--notes TEXT]",
//			NeedsDB: true,
//			Run: func(ctx context.Context, e *Env, args []string) error {
//				fs := e.Flags("person add")
//				aliases := Strings(fs, "alias", "another name (repeatable)")
//				pos, err := e.Parse(fs, args) // flags may follow positional args
//				...
//				db, err := e.DB(ctx)          // opened and unlocked on first use
//				...
//			},
//		})
//	}
//
// Errors decide the exit status: UsageError and InputError (and validation
// errors from ident and roster) exit 2, everything else 1. Main prints every
// error as one line on stderr that says what to do; commands return plain
// wrapped errors and let Main explain the well-known ones (wrong passphrase,
// database in use, not initialised).
//
// Output is masked by default; --reveal shows values and warns when stdout
// is not a terminal. --json prints one JSON object per line.
package cli
