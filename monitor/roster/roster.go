package roster

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/doxguard/doxguard/monitor/detect/ident"
)

// Roster is a validated list of people. Values are plaintext canonical
// forms: keep a Roster in memory only.
type Roster struct {
	People []Person
}

// Person is one protected person. Name is the identity key: two entries
// with the same (trimmed, width-folded) name are the same person.
type Person struct {
	Name        string
	Aliases     []string
	Tags        []string
	Notes       string
	Identifiers []Identifier
}

// Identifier is one validated value. Thumb is set only for photos loaded
// from an image file.
type Identifier struct {
	Value ident.Value
	Label string
	Thumb []byte
}

// Format is a roster file format.
type Format string

// Formats.
const (
	JSON Format = "json"
	CSV  Format = "csv"
)

// Options tunes parsing. The zero value accepts photos only as the
// 16-hex-digit hashes Export writes.
type Options struct {
	// LoadImage reads a photo named in a roster (a path, usually relative to
	// the roster file). Load sets it to read files next to the roster.
	LoadImage func(path string) ([]byte, error)
}

// Problem is one bad row. Line is the CSV line (1-based) or the line of a
// JSON syntax error; Path is the JSON location (people[3].identifiers[1]).
type Problem struct {
	Line   int
	Path   string
	Reason string
}

func (p Problem) String() string {
	switch {
	case p.Path != "":
		return p.Path + ": " + p.Reason
	case p.Line > 0:
		return "line " + strconv.Itoa(p.Line) + ": " + p.Reason
	}
	return p.Reason
}

// Error lists every bad row of a roster. Nothing is imported when Parse
// returns one.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "roster has %d bad row", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	for i, p := range e.Problems {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// maxProblems bounds the report for a file that is not a roster at all.
const maxProblems = 1000

// maxFile bounds roster files; a 1,000-artist roster is well under 1 MiB.
const maxFile = 64 << 20

// Load reads and parses a roster file. The format comes from the extension
// (.json, .csv, .txt/.tsv as CSV), or from the content when unknown. Photo
// values that are not hashes are read relative to the file's folder.
func Load(path string) (*Roster, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read roster: %w", err)
	}
	if st.Size() > maxFile {
		return nil, fmt.Errorf("read roster: file is larger than %d MiB", maxFile>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read roster: %w", err)
	}
	dir := filepath.Dir(path)
	opts := Options{LoadImage: func(p string) ([]byte, error) {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		return os.ReadFile(p)
	}}
	var f Format
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		f = JSON
	case ".csv", ".tsv", ".txt":
		f = CSV
	}
	return Parse(data, f, opts)
}

// Parse parses a roster. An empty format is sniffed: JSON starts with "{".
func Parse(data []byte, f Format, opts Options) (*Roster, error) {
	if f == "" {
		if bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n"), []byte("{")) {
			f = JSON
		} else {
			f = CSV
		}
	}
	b := builder{opts: opts, byName: map[string]int{}, owner: map[idKey]string{}}
	switch f {
	case JSON:
		b.parseJSON(data)
	case CSV:
		b.parseCSV(data)
	default:
		return nil, fmt.Errorf("roster: unknown format %q (json or csv)", f)
	}
	if len(b.problems) > 0 {
		return nil, &Error{Problems: b.problems}
	}
	if len(b.r.People) == 0 {
		return nil, &Error{Problems: []Problem{{Reason: "no people in the roster"}}}
	}
	return &b.r, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

type idKey struct {
	kind  ident.Kind
	value string
}

// builder accumulates people and problems while parsing either shape.
type builder struct {
	opts     Options
	r        Roster
	byName   map[string]int   // folded name → index in r.People
	owner    map[idKey]string // identifier → where it was first listed
	problems []Problem
}

func (b *builder) fail(line int, path, format string, args ...any) {
	if len(b.problems) < maxProblems {
		b.problems = append(b.problems, Problem{Line: line, Path: path, Reason: fmt.Sprintf(format, args...)})
	}
}

// person returns the person with this name, creating it.
func (b *builder) person(name string) *Person {
	key := nameKey(name)
	if i, ok := b.byName[key]; ok {
		return &b.r.People[i]
	}
	b.byName[key] = len(b.r.People)
	b.r.People = append(b.r.People, Person{Name: key})
	return &b.r.People[len(b.r.People)-1]
}

// nameKey is the form names are compared and stored in.
func nameKey(s string) string { return CleanText(s) }

// CleanText trims, width-folds and collapses white space in a name, alias
// or tag, the same way on import and on entry.
func CleanText(s string) string {
	v, err := ident.Parse(ident.KindOther, s)
	if err != nil {
		return ""
	}
	return v.Canonical
}

// where is how a problem is located: a CSV line or a JSON path.
type where struct {
	line int
	path string
}

func (w where) String() string {
	if w.path != "" {
		return w.path
	}
	return "line " + strconv.Itoa(w.line)
}

// addValue validates one identifier and adds it to p.
func (b *builder) addValue(p *Person, at where, kindName, value, label string) {
	k, err := ident.ParseKind(kindName)
	if err != nil {
		b.fail(at.line, at.path, "%v", err)
		return
	}
	var (
		v     ident.Value
		thumb []byte
	)
	if k == ident.KindPhoto {
		v, thumb, err = b.photo(value)
	} else {
		v, err = ident.Parse(k, value)
	}
	if err != nil {
		b.fail(at.line, at.path, "%v", err)
		return
	}
	key := idKey{k, v.Canonical}
	first, seen := b.owner[key]
	if seen {
		// Listing a value twice for one person is harmless; for two people
		// it is a mistake the manager must resolve.
		for _, id := range p.Identifiers {
			if id.Value == v {
				return
			}
		}
		b.fail(at.line, at.path, "%s %s is already listed for another person (%s)", k, v.Masked, first)
		return
	}
	b.owner[key] = at.String()
	p.Identifiers = append(p.Identifiers, Identifier{Value: v, Label: CleanText(label), Thumb: thumb})
}

func (b *builder) photo(value string) (ident.Value, []byte, error) {
	if v, err := ident.Parse(ident.KindPhoto, value); err == nil {
		return v, nil, nil
	}
	if b.opts.LoadImage == nil {
		return ident.Value{}, nil, errors.New("photo: give the 16-hex-digit hash (image files are read only from a roster file)")
	}
	img, err := b.opts.LoadImage(strings.TrimSpace(value))
	if err != nil {
		return ident.Value{}, nil, errors.New("photo: cannot read the image file it names")
	}
	return ident.PhotoValue(img)
}

func addUnique(list []string, s string) []string {
	s = CleanText(s)
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// ---- JSON --------------------------------------------------------------

type jsonRoster struct {
	People []jsonPerson `json:"people"`
}

type jsonPerson struct {
	Name        string      `json:"name"`
	Aliases     []string    `json:"aliases,omitempty"`
	Tags        []string    `json:"tags,omitempty"`
	Notes       string      `json:"notes,omitempty"`
	Identifiers []jsonIdent `json:"identifiers,omitempty"`
}

type jsonIdent struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
	Label string `json:"label,omitempty"`
}

func (b *builder) parseJSON(data []byte) {
	data = bytes.TrimPrefix(data, utf8BOM)
	var jr jsonRoster
	if err := json.Unmarshal(data, &jr); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			b.fail(lineAt(data, se.Offset), "", "not valid JSON (%s)", se.Error())
		case errors.As(err, &te):
			b.fail(lineAt(data, te.Offset), te.Field, "expected %s here", te.Type)
		default:
			b.fail(0, "", "not a roster: %v", err)
		}
		return
	}
	for i, jp := range jr.People {
		path := fmt.Sprintf("people[%d]", i)
		if nameKey(jp.Name) == "" {
			b.fail(0, path+".name", "a person needs a name")
			continue
		}
		p := b.person(jp.Name)
		for _, a := range jp.Aliases {
			p.Aliases = addUnique(p.Aliases, a)
		}
		for _, t := range jp.Tags {
			p.Tags = addUnique(p.Tags, t)
		}
		if n := strings.TrimSpace(jp.Notes); n != "" {
			p.Notes = n
		}
		for j, id := range jp.Identifiers {
			b.addValue(p, where{path: fmt.Sprintf("%s.identifiers[%d]", path, j)}, id.Kind, id.Value, id.Label)
		}
	}
}

func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// WriteJSON writes r in the JSON roster shape, canonical values in clear.
func WriteJSON(w interface{ Write([]byte) (int, error) }, r *Roster) error {
	var jr jsonRoster
	jr.People = []jsonPerson{}
	for _, p := range r.People {
		jp := jsonPerson{Name: p.Name, Aliases: p.Aliases, Tags: p.Tags, Notes: p.Notes}
		for _, id := range p.Identifiers {
			jp.Identifiers = append(jp.Identifiers, jsonIdent{Kind: string(id.Value.Kind), Value: id.Value.Canonical, Label: id.Label})
		}
		jr.People = append(jr.People, jp)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jr); err != nil {
		return fmt.Errorf("write roster: %w", err)
	}
	return nil
}

// Sort orders people by name and identifiers by kind then value, so exports
// and plans are stable.
func (r *Roster) Sort() {
	sort.SliceStable(r.People, func(i, j int) bool { return r.People[i].Name < r.People[j].Name })
	for _, p := range r.People {
		sort.SliceStable(p.Identifiers, func(i, j int) bool {
			a, b := p.Identifiers[i].Value, p.Identifiers[j].Value
			if a.Kind != b.Kind {
				return a.Kind < b.Kind
			}
			return a.Canonical < b.Canonical
		})
	}
}
