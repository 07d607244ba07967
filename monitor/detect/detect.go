package detect

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Roster is everyone the detector looks for. Values are plaintext and stay
// in memory only.
type Roster struct {
	People []Person
}

// Person is one protected person.
type Person struct {
	ID      string
	Name    string
	Aliases []string
	// PinyinInitials also looks for the initials of the name's pinyin
	// ("car"): off by default because short initials are common words.
	PinyinInitials bool
	Identifiers    []Identifier
}

// Identifier is one registered value in canonical form (as ident.Parse
// returns it: phone E.164, cn_id 18 upper-case, email lower-case, …).
type Identifier struct {
	ID    string
	Kind  string
	Value string
	PHash uint64 // kind photo: perceptual hash (or put ident's 16-hex-digit form in Value)
}

// Options tunes a detector. The zero value is usable.
type Options struct {
	// NameWindow is how close (in runes, same text segment) a valid but
	// unregistered ID number, mobile or card must stand to one of the
	// person's names to be reported as unregistered. Default 80.
	NameWindow int
	// ValueKey turns an unregistered value into an opaque key (the caller
	// supplies a keyed hash) so findings can be deduplicated without
	// keeping the value. Without it unregistered matches carry no key.
	ValueKey func(kind, canonical string) string
	// PhotoThreshold is the largest pHash Hamming distance (of 64) that
	// still counts as the registered photo. Default 10 (notes/libs.md §6).
	PhotoThreshold int
}

// Doc is one page (or file) to scan.
type Doc struct {
	Body        []byte
	ContentType string // the HTTP Content-Type header, may be empty
	URL         string // also scanned (Where "url"); may be empty
}

// Result is what Scan found. Text is the decoded page: Match.Start/End are
// byte offsets into it. Text is plaintext page content: callers must keep
// it in memory or in the encrypted store only.
type Result struct {
	Text    string
	Charset string
	Matches []Match
}

// Forms of a match.
const (
	FormExact        = "exact"        // written as registered
	FormVariant      = "variant"      // complete but disguised (full-width, numerals, split by tags, [at], pinyin, traditional…)
	FormPartial      = "partial"      // masked or truncated; Exposed says what is visible
	FormUnregistered = "unregistered" // a valid value of a registered kind near the person's name, not registered
)

// Severities, highest first.
const (
	SevCritical = "critical"
	SevHigh     = "high"
	SevMedium   = "medium"
	SevLow      = "low"
	SevInfo     = "info"
)

// KindName is the kind reported for names and aliases.
const KindName = "name"

// Match is one exposure. It never carries the plaintext value: Masked and
// Snippet are masked; the span lets a screen show the original on request.
type Match struct {
	PersonID     string
	IdentifierID string // empty for names and unregistered values
	ValueKey     string // for unregistered values: Options.ValueKey(kind, canonical)
	Kind         string
	Form         string
	Severity     string
	Where        Where
	Start, End   int    // byte span in Result.Text; -1 when Where is url
	Masked       string // the matched value, masked
	Snippet      string // ~40 characters either side, masked, match in 【】
	Exposed      string // for partial: which parts are visible
}

// ErrEmptyRoster is returned by New for a roster with nobody in it.
var ErrEmptyRoster = errors.New("detect: roster has no people")

// Detector scans pages for a roster. It is safe for concurrent use.
type Detector struct {
	opts    Options
	people  []Person
	digits  map[string][]target // digit key → registered identifiers
	byLen   map[int][]digitID   // for masked numbers: registered digit keys by length
	keyLens [maxKey + 1]bool    // lengths of registered digit keys: skips most lookups
	pats    []string            // unique normalised text patterns
	targets [][]target          // per pattern
	m       Matcher
	addrs   []addrInfo
	photos  []photoTarget
	skipped []SkippedIdentifier
	pool    sync.Pool
}

// SkippedIdentifier is a registered value the detector cannot search for
// (empty, too short to search without flooding false alarms, malformed).
// Reason names the kind and the problem, never the value.
type SkippedIdentifier struct {
	PersonID, IdentifierID, Reason string
}

// Skipped lists the identifiers New could not use.
func (d *Detector) Skipped() []SkippedIdentifier {
	return append([]SkippedIdentifier(nil), d.skipped...)
}

type role uint8

const (
	roleName role = iota
	roleNamePinyin
	roleNameMasked
	roleEmailLocal
	roleAddrStreet
	roleAddrDistrict
	roleLiteral
	roleDigits
)

type target struct {
	person int
	ident  int // index in people[person].Identifiers, -1 for names
	kind   string
	role   role
	extra  int // roleAddr*: index in addrs; roleEmailLocal: index of '@' in the email
}

type photoTarget struct {
	t    target
	hash uint64
}

type digitID struct {
	key string
	t   target
}

// New compiles a detector. Identifier values must already be canonical.
func New(r Roster, opts Options) (*Detector, error) {
	if len(r.People) == 0 {
		return nil, ErrEmptyRoster
	}
	if opts.NameWindow <= 0 {
		opts.NameWindow = 80
	}
	if opts.PhotoThreshold <= 0 {
		opts.PhotoThreshold = 10
	}
	d := &Detector{opts: opts, people: r.People, digits: map[string][]target{}, byLen: map[int][]digitID{}}
	patIndex := map[string]int{}
	addPat := func(p string, t target) {
		if p == "" || strings.ContainsRune(p, 0) {
			return
		}
		i, ok := patIndex[p]
		if !ok {
			i = len(d.pats)
			patIndex[p] = i
			d.pats = append(d.pats, p)
			d.targets = append(d.targets, nil)
		}
		for _, o := range d.targets[i] {
			if o == t {
				return
			}
		}
		d.targets[i] = append(d.targets[i], t)
	}
	for pi, p := range r.People {
		names := append([]string{p.Name}, p.Aliases...)
		for _, n := range names {
			n = strings.TrimSpace(n)
			if n == "" {
				continue
			}
			nn := normalizeString(n)
			addPat(nn, target{person: pi, ident: -1, kind: KindName, role: roleName})
			for _, f := range pinyinForms(n, p.PinyinInitials) {
				addPat(f, target{person: pi, ident: -1, kind: KindName, role: roleNamePinyin})
			}
			for _, f := range maskedNameForms(nn) {
				addPat(f, target{person: pi, ident: -1, kind: KindName, role: roleNameMasked})
			}
		}
		for ii, id := range p.Identifiers {
			t := target{person: pi, ident: ii, kind: id.Kind}
			if err := d.addIdentifier(t, id, addPat); err != nil {
				// One unusable value must not stop the whole roster from
				// being watched: it is skipped and reported by Skipped.
				d.skipped = append(d.skipped, SkippedIdentifier{PersonID: p.ID, IdentifierID: id.ID, Reason: err.Error()})
			}
		}
	}
	d.m = newMatcher(d.pats)
	d.pool.New = func() any { return new(scanState) }
	return d, nil
}

func (d *Detector) addDigits(key string, t target) {
	t.role = roleDigits
	for _, o := range d.digits[key] {
		if o == t {
			return
		}
	}
	d.digits[key] = append(d.digits[key], t)
	d.byLen[len(key)] = append(d.byLen[len(key)], digitID{key, t})
	if len(key) <= maxKey {
		d.keyLens[len(key)] = true
	}
}

func (d *Detector) addIdentifier(t target, id Identifier, addPat func(string, target)) error {
	v := strings.TrimSpace(id.Value)
	if v == "" && id.Kind != "photo" {
		return fmt.Errorf("%s: empty value", id.Kind)
	}
	switch id.Kind {
	case "photo":
		// PHash, or the canonical 16-hex-digit value ident.PhotoValue stores.
		h := id.PHash
		if h == 0 {
			var err error
			if h, err = strconv.ParseUint(v, 16, 64); err != nil || len(v) != 16 {
				return fmt.Errorf("photo: no perceptual hash")
			}
		}
		d.photos = append(d.photos, photoTarget{t, h})
	case "phone":
		if k := phoneKey(v); k != "" {
			d.addDigits(k, t)
		} else {
			return fmt.Errorf("phone: not a phone number")
		}
	case "cn_id", "bank_card", "qq":
		k := strings.ToLower(onlyDigitsX(v))
		if len(k) < 5 {
			return fmt.Errorf("%s: too short", id.Kind)
		}
		d.addDigits(k, t)
	case "email":
		nv := normalizeString(v)
		at := strings.LastIndexByte(nv, '@')
		if at <= 0 || at == len(nv)-1 {
			return fmt.Errorf("email: no @")
		}
		t.role, t.extra = roleEmailLocal, at
		addPat(nv[:at], t)
	case "address":
		a, ok := parseAddress(normalizeString(v))
		if !ok {
			return fmt.Errorf("address: no street part")
		}
		t.extra = len(d.addrs)
		a.t = t
		d.addrs = append(d.addrs, a)
		t.role = roleAddrStreet
		addPat(a.street, t)
		if a.district != "" {
			t.role = roleAddrDistrict
			addPat(a.district, t)
		}
	case "plate":
		nv := strings.Map(func(r rune) rune {
			if r == ' ' || r == '.' || r == '-' {
				return -1
			}
			return r
		}, normalizeString(v))
		t.role = roleLiteral
		addPat(nv, t)
		// 浙A·D12345, 浙A D12345, 浙A-D12345: separator after the letter.
		if rs := []rune(nv); len(rs) > 2 {
			head := string(rs[:2])
			for _, sep := range []string{".", " ", "-"} {
				addPat(head+sep+string(rs[2:]), t)
			}
		}
	default: // handle, wechat, passport, other
		nv := strings.TrimPrefix(normalizeString(v), "@")
		if isAllDigits(nv) && len(nv) >= 5 {
			d.addDigits(nv, t)
			return nil
		}
		if len(nv) < 3 {
			return fmt.Errorf("%s: too short to search for", id.Kind)
		}
		t.role = roleLiteral
		addPat(nv, t)
	}
	return nil
}

// phoneKey maps an E.164 (or national) phone to the digits looked up in
// pages: Chinese numbers without the country code (mobiles as 11 digits,
// landlines with their leading 0), others as all digits.
func phoneKey(v string) string {
	ds := onlyDigitsX(v)
	if strings.HasPrefix(v, "+86") || strings.HasPrefix(ds, "86") && len(ds) == 13 {
		ds = ds[2:]
		if !(len(ds) == 11 && ds[0] == '1') {
			ds = "0" + ds
		}
	}
	if len(ds) < 5 {
		return ""
	}
	return ds
}

func onlyDigitsX(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' || r == 'x' || r == 'X' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// scanState is per-scan scratch, pooled.
type scanState struct {
	z normalizer
	n normText
}

// Scan decodes, extracts, normalises and matches one page.
func (d *Detector) Scan(doc Doc) Result {
	text, cs := decode(doc.Body, doc.ContentType)
	st := d.pool.Get().(*scanState)
	defer d.pool.Put(st)
	x := extract(text, doc.ContentType, doc.URL)
	n := &st.n
	n.b, n.ms, n.me, n.varied, n.segs = n.b[:0], n.ms[:0], n.me[:0], n.varied[:0], n.segs[:0]
	st.z.normalize(x, n)
	var raw []rawMatch
	var cands []candidate
	raw = d.matchDigits(n, raw, &cands)
	raw = d.matchText(n, raw)
	raw = d.unregistered(n, raw, cands)
	raw = dedupe(raw)
	return Result{Text: text, Charset: cs, Matches: d.finish(text, x, n, raw)}
}

// rawMatch is a match in normalised coordinates before scoring.
type rawMatch struct {
	t       target
	a, b    int // span in normText.b
	seg     int
	form    string
	exposed string
	value   string // canonical unregistered value (never returned)
}

func dedupe(rs []rawMatch) []rawMatch {
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].a != rs[j].a {
			return rs[i].a < rs[j].a
		}
		return rs[i].b > rs[j].b
	})
	out := rs[:0]
	for _, r := range rs {
		dup := false
		for k := len(out) - 1; k >= 0 && k >= len(out)-16; k-- {
			o := out[k]
			if o.t.person == r.t.person && o.t.ident == r.t.ident && o.t.kind == r.t.kind && o.value == r.value &&
				o.a <= r.a && r.b <= o.b {
				dup = true // same thing, contained in an earlier (longer) match
				break
			}
		}
		if !dup {
			out = append(out, r)
		}
	}
	return out
}
