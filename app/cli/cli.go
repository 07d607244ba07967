package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"golang.org/x/term"

	"github.com/doxguard/doxguard/store"
)

// Command is one subcommand. Name is one or two words ("init", "person
// add"); the longest registered prefix of the arguments wins.
type Command struct {
	Name    string
	Summary string // one line for `doxguard help`
	Usage   string // arguments after the name, e.g. "PERSON KIND VALUE [--label L]"
	// Group places the command in `doxguard help`; empty means the group
	// of its first word (see groups).
	Group string
	// NeedsDB documents that the command opens the database (e.DB). Help
	// lists the passphrase options for these.
	NeedsDB bool
	Run     func(ctx context.Context, e *Env, args []string) error
}

var commands = map[string]*Command{}

// register adds a command; called from init functions in each command's
// file. Registering a name twice is a programming error caught by tests.
func register(c *Command) {
	if _, dup := commands[c.Name]; dup {
		panic("cli: command registered twice: " + c.Name)
	}
	commands[c.Name] = c
}

// Options change how Run behaves; the zero value is what the real binary
// uses. Tests set Getenv and KDF.
type Options struct {
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// KDF, when non-nil, is used by init and passwd instead of
	// store.DefaultKDF (tests use cheap parameters).
	KDF *store.KDF
}

// GUI, when set by main, opens the desktop app on the database at dbPath
// (--db, $DOXGUARD_DB or the default); `doxguard` with no arguments calls
// it and exits with its status. Until it is set, no arguments prints help.
// The hook keeps Fyne out of this package.
var GUI func(ctx context.Context, dbPath string) int

// Env is what a command gets: its I/O, the global options and the lazily
// opened database.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Opts           Options

	dbPath         string // --db
	passphraseFile string // --passphrase-file
	cmd            *Command
	db             *store.DB
	probe          *flag.FlagSet // set while collecting a command's flags for help
}

// Main runs the CLI with the real environment and returns the exit status.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return Run(ctx, Options{}, args, stdin, stdout, stderr)
}

// Run is Main with options (tests).
func Run(ctx context.Context, opts Options, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	e := &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Opts: opts}
	args, err := e.globalFlags(args)
	if err != nil {
		return e.report(err)
	}
	if len(args) == 0 {
		if GUI != nil {
			path, err := e.DBPath()
			if err != nil {
				return e.report(err)
			}
			return GUI(ctx, path)
		}
		writeHelp(stdout)
		return 0
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, _ := lookup(args[1:]); c != nil {
				e.cmd = c
				e.usage(stdout)
				return 0
			}
		}
		writeHelp(stdout)
		return 0
	}
	c, rest := lookup(args)
	if c == nil {
		if subs := subcommands(args[0]); len(subs) > 0 {
			return e.report(Usagef("%s needs a subcommand: %s — e.g. `doxguard %s %s`", args[0], strings.Join(subs, ", "), args[0], subs[0]))
		}
		return e.report(Usagef("unknown command %q — run `doxguard help` for the list", strings.Join(args[:min(2, len(args))], " ")))
	}
	e.cmd = c
	err = c.Run(ctx, e, rest)
	if cerr := e.closeDB(); err == nil {
		err = cerr
	}
	if errors.Is(err, errHelp) {
		e.usage(stdout)
		return 0
	}
	return e.report(err)
}

// lookup finds the command named by the first one or two arguments.
func lookup(args []string) (*Command, []string) {
	if len(args) >= 2 {
		if c, ok := commands[args[0]+" "+args[1]]; ok {
			return c, args[2:]
		}
	}
	if c, ok := commands[args[0]]; ok {
		return c, args[1:]
	}
	return nil, nil
}

// subcommands lists the second words of commands starting with first.
func subcommands(first string) []string {
	var out []string
	for name := range commands {
		if f, sub, ok := strings.Cut(name, " "); ok && f == first {
			out = append(out, sub)
		}
	}
	sort.Strings(out)
	return out
}

// globalFlags removes --db and --passphrase-file wherever they appear
// (before "--"), so `doxguard person list --db x` works too.
func (e *Env) globalFlags(args []string) ([]string, error) {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			out = append(out, args[i:]...)
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "db" && name != "passphrase-file") {
			out = append(out, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return nil, Usagef("--%s needs a value", name)
			}
			i++
			val = args[i]
		}
		if name == "db" {
			e.dbPath = val
		} else {
			e.passphraseFile = val
		}
	}
	return out, nil
}

// Flags returns a flag set for a command; parse it with e.Parse.
func (e *Env) Flags(name string) *flag.FlagSet {
	if e.probe != nil {
		return e.probe
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Main prints usage and errors itself
	return fs
}

var errHelp = errors.New("help requested")

// Parse parses flags that may come before, between or after positional
// arguments (`id add 程安然 phone 138… --label old`) and returns the
// positional ones. Everything after "--" is positional.
func (e *Env) Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	// Split off "--" first: flag.Parse would swallow it.
	var tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, Usagef("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return append(pos, tail...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// Strings registers a repeatable string flag (--alias A --alias B).
func Strings(fs *flag.FlagSet, name, usage string) *[]string {
	var s stringList
	fs.Var(&s, name, usage)
	return (*[]string)(&s)
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// JSON prints v as one line of JSON on stdout.
func (e *Env) JSON(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	b = append(b, '\n')
	_, err = e.Stdout.Write(b)
	return err
}

// Printf writes to stdout.
func (e *Env) Printf(format string, args ...any) { fmt.Fprintf(e.Stdout, format, args...) }

// Warnf writes one "doxguard: warning: …" line to stderr.
func (e *Env) Warnf(format string, args ...any) {
	fmt.Fprintf(e.Stderr, "doxguard: warning: "+format+"\n", args...)
}

// Reveal registers --reveal on fs. Check the result with e.Revealing.
func Reveal(fs *flag.FlagSet) *bool {
	return fs.Bool("reveal", false, "show identifiers in clear (default: masked)")
}

// Revealing is called once a command knows it will print values in clear:
// it warns when stdout is a pipe or a file, where plaintext would persist.
func (e *Env) Revealing(reveal bool) bool {
	if reveal && !IsTerminal(e.Stdout) {
		e.Warnf("--reveal is printing identifiers in clear to a pipe or file; delete it when done (明文输出)")
	}
	return reveal
}

// IsTerminal reports whether w is an interactive terminal.
func IsTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// groups order `doxguard help` by task.
var groups = []struct{ title, first string }{
	{"Set up 开始", "init passwd"},
	{"People and identifiers 人员与身份信息", "person id import export"},
	{"Watching 监测", "source scan watch detect demo"},
	{"Findings and cases 发现与处理", "findings finding case letter report"},
	{"Evidence 证据", "verify"},
}

func groupOf(c *Command) string {
	if c.Group != "" {
		return c.Group
	}
	first, _, _ := strings.Cut(c.Name, " ")
	for _, g := range groups {
		for _, w := range strings.Fields(g.first) {
			if w == first {
				return g.title
			}
		}
	}
	return "Other 其他"
}

func writeHelp(w io.Writer) {
	fmt.Fprint(w, "DoxGuard 防人肉卫士 — watch the public web for your own identifiers, keep evidence, draft takedown letters.\n\n")
	fmt.Fprint(w, "Usage: doxguard COMMAND [ARGS] [--db PATH] [--passphrase-file FILE]\n")
	byGroup := map[string][]*Command{}
	var titles []string
	for _, g := range groups {
		titles = append(titles, g.title)
	}
	for _, c := range commands {
		g := groupOf(c)
		if _, known := byGroup[g]; !known && !contains(titles, g) {
			titles = append(titles, g)
		}
		byGroup[g] = append(byGroup[g], c)
	}
	for _, t := range titles {
		cs := byGroup[t]
		if len(cs) == 0 {
			continue
		}
		sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
		fmt.Fprintf(w, "\n%s\n", t)
		for _, c := range cs {
			fmt.Fprintf(w, "  %-16s %s\n", c.Name, c.Summary)
		}
	}
	fmt.Fprint(w, "\nThe database is "+"$DOXGUARD_DB or --db, by default in your config folder. The passphrase comes from\n"+
		"$DOXGUARD_PASSPHRASE, --passphrase-file, or a prompt. `doxguard help COMMAND` shows a command's options.\n")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// usage prints the current command's usage and flags.
func (e *Env) usage(w io.Writer) {
	c := e.cmd
	fmt.Fprintf(w, "Usage: doxguard %s %s\n\n%s\n", c.Name, c.Usage, c.Summary)
	if c.Run == nil {
		return
	}
	fs := e.Flags(c.Name)
	// Ask the command for its flags by running it with -h on a dry Env; a
	// command declares flags before doing any work, so this is side-effect free.
	probe := &Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Opts: e.Opts, cmd: c, probe: fs}
	_ = c.Run(context.Background(), probe, []string{"-h"})
	fs.SetOutput(w)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nOptions:")
		fs.PrintDefaults()
	}
	if c.NeedsDB {
		fmt.Fprintln(w, "\nGlobal: --db PATH ($DOXGUARD_DB), --passphrase-file FILE ($DOXGUARD_PASSPHRASE)")
	}
}
