package letters

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/doxguard/doxguard/monitor/cases"
	"github.com/doxguard/doxguard/store"
)

// Settings the letters read. The GUI's settings page and the CLI write them
// with db.PutSetting.
const (
	// SettingAgent holds a Party: the manager, agency or lawyer who signs
	// letters for the people they look after. Unset means people sign for
	// themselves.
	SettingAgent = "letters.agent"
	// SettingContact is the requester's contact line (e-mail or phone) the
	// user chose to give recipients. It is typed by the user, not taken from
	// the registered identifiers, which letters never show in full.
	SettingContact = "letters.contact"
	// SettingDefaultDays is the response time, in days, asked for where the
	// law only says "timely" (default DefaultDays).
	SettingDefaultDays = "letters.default_days"
)

// BuildOptions refines BuildFields.
type BuildOptions struct {
	Lang     string     // zh or en; empty: the platform's usual language
	Now      time.Time  // letter date; zero: time.Now()
	Dir      *Directory // platform directory; nil: embedded only
	Signer   string     // name to sign with; empty: the person's masked name (程某)
	Contact  string     // overrides SettingContact
	NoAgent  bool       // ignore SettingAgent: the person writes for themselves
	Template string     // used for the deadline and the recipient; required
}

// Built is a case's letter data plus the registered values that must not
// appear in any output (kept in RAM only).
type Built struct {
	Fields  Fields
	Secrets []Secret
	Case    store.Case
}

// BuildFields gathers everything a letter for case caseID needs: the
// person (masked), the platform and its channel, one item per page with the
// masked exposures, first-seen times and capture hashes, the deadline and the
// earlier letter for follow-ups. The database must be unlocked.
func BuildFields(ctx context.Context, db *store.DB, caseID string, o BuildOptions) (Built, error) {
	if err := ctx.Err(); err != nil {
		return Built{}, err
	}
	tpl, err := Lookup(o.Template)
	if err != nil {
		return Built{}, err
	}
	dir := o.Dir
	if dir == nil {
		if dir, err = LoadDirectory(""); err != nil {
			return Built{}, err
		}
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	var (
		b        Built
		person   store.Person
		ids      []store.Identifier
		findings []store.Finding
		agent    Party
		hasAgent bool
		contact  string
		days     int
	)
	err = db.View(func(tx *store.Tx) error {
		var err error
		if b.Case, err = tx.GetCase(caseID); err != nil {
			return err
		}
		if person, err = tx.GetPerson(b.Case.PersonID); err != nil {
			return fmt.Errorf("person: %w", err)
		}
		if ids, err = tx.ListIdentifiers(person.ID); err != nil {
			return fmt.Errorf("identifiers: %w", err)
		}
		for _, id := range b.Case.FindingIDs {
			f, err := tx.GetFinding(id)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("finding %s: %w", id, err)
			}
			findings = append(findings, f)
		}
		if err := optionalSetting(tx, SettingAgent, &agent); err != nil {
			return err
		}
		hasAgent = agent.Name != ""
		if err := optionalSetting(tx, SettingContact, &contact); err != nil {
			return err
		}
		return optionalSetting(tx, SettingDefaultDays, &days)
	})
	if err != nil {
		return Built{}, fmt.Errorf("letter for case %s: %w", caseID, err)
	}
	c := b.Case
	plat := dir.Match(c.Host)
	lang := o.Lang
	if lang == "" {
		lang = plat.Lang
	}
	if lang != LangZH && lang != LangEN {
		return Built{}, fmt.Errorf("letter language %q: want zh or en", lang)
	}
	f := Fields{Lang: lang, Template: tpl.Name, Date: now.UTC(), CaseID: c.ID, Host: c.Host}
	f.Platform = plat.Name(lang)
	if !plat.Known && c.Platform != "" && c.Platform != c.Host {
		f.Platform = c.Platform
	}
	f.Recipient = Party{Name: f.Platform, Channel: plat.ChannelText(lang)}
	if !plat.Known {
		f.Recipient.Channel = ""
	}
	if c.Recipient != "" {
		f.Recipient.Channel = c.Recipient
	}
	if auth := authorityFor(tpl.Name); auth != "" {
		if a, ok := dir.Authority(auth); ok {
			f.Recipient = Party{Name: a.Name(lang), Channel: a.ChannelText(lang)}
		}
	}
	f.Requester = Party{Name: MaskName(person.Name), Contact: contact}
	if o.Signer != "" {
		f.Requester.Name = o.Signer
	}
	if o.Contact != "" {
		f.Requester.Contact = o.Contact
	}
	if hasAgent && !o.NoAgent {
		a := agent
		f.Agent = &a
	}
	f.Items, f.Kinds, f.Sensitive, f.FirstSeen = items(findings, lang, tpl.Name)
	f.ReportID = reportID(c.ID, findings)
	f.Deadline = tpl.PeriodFor(days).Deadline(now, lang)
	if !c.SentAt.IsZero() {
		prev := &Previous{SentAt: c.SentAt, Channel: c.Channel, Ref: c.Ref, Due: c.Deadline}
		if n := len(c.Letters); n > 0 {
			prev.Template = c.Letters[n-1].Template
		}
		f.Previous = prev
	}
	b.Fields = f
	b.Secrets = secretsOf(person, ids)
	return b, nil
}

func optionalSetting(tx *store.Tx, key string, v any) error {
	if err := tx.GetSetting(key, v); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("setting %s: %w", key, err)
	}
	return nil
}

func authorityFor(template string) string {
	switch template {
	case "report-12377":
		return "12377"
	case "police-report":
		return "police"
	}
	return ""
}

// items groups a case's findings by page. Pages whose findings were all
// removed are left out of requests to remove them, but kept where the letter
// documents what happened (police report, power of attorney) or when nothing
// is left online.
func items(fs []store.Finding, lang, template string) ([]Item, []string, bool, time.Time) {
	keepRemoved := template == "police-report" || template == "power-of-attorney"
	online := 0
	for _, f := range fs {
		if f.Status != "removed" && f.Status != "false_positive" {
			online++
		}
	}
	if online == 0 {
		keepRemoved = true
	}
	byURL := map[string]*Item{}
	var order []string
	var kinds []string
	seenKind := map[string]bool{}
	sensitive := false
	var first time.Time
	for _, f := range fs {
		if f.Status == "false_positive" || (f.Status == "removed" && !keepRemoved) {
			continue
		}
		it := byURL[f.URL]
		if it == nil {
			it = &Item{URL: f.URL, FirstSeen: f.FirstSeen, LastSeen: f.LastSeen, Status: f.Status}
			byURL[f.URL] = it
			order = append(order, f.URL)
		}
		if f.FirstSeen.Before(it.FirstSeen) {
			it.FirstSeen = f.FirstSeen
		}
		if !f.LastSeen.Before(it.LastSeen) {
			it.LastSeen = f.LastSeen
			if f.CaptureID != "" {
				it.CaptureSHA256 = f.CaptureID
			}
		}
		if it.CaptureSHA256 == "" {
			it.CaptureSHA256 = f.CaptureID
		}
		e := Exposure{Kind: f.Kind, Label: KindLabel(f.Kind, lang), Masked: f.Masked}
		if !slices.Contains(it.Exposed, e) {
			it.Exposed = append(it.Exposed, e)
		}
		if !seenKind[f.Kind] {
			seenKind[f.Kind] = true
			kinds = append(kinds, e.Label)
		}
		sensitive = sensitive || sensitiveKinds[f.Kind]
		if first.IsZero() || f.FirstSeen.Before(first) {
			first = f.FirstSeen
		}
	}
	slices.SortStableFunc(order, func(a, b string) int { return byURL[a].FirstSeen.Compare(byURL[b].FirstSeen) })
	out := make([]Item, len(order))
	for i, u := range order {
		out[i] = *byURL[u]
		out[i].N = i + 1
	}
	return out, kinds, sensitive, first
}

// reportID names the evidence behind a letter: the case and a digest of its
// captures, so a reader can tell two letters cite the same evidence.
func reportID(caseID string, fs []store.Finding) string {
	caps := make([]string, 0, len(fs))
	for _, f := range fs {
		caps = append(caps, f.CaptureID)
	}
	slices.Sort(caps)
	sum := sha256.Sum256([]byte(strings.Join(slices.Compact(caps), "\n")))
	return "DG-" + caseID + "-" + hex.EncodeToString(sum[:4])
}

func secretsOf(p store.Person, ids []store.Identifier) []Secret {
	s := []Secret{{Kind: "name", Value: p.Name}}
	for _, a := range p.Aliases {
		s = append(s, Secret{Kind: "name", Value: a})
	}
	for _, id := range ids {
		if id.Kind == "photo" {
			continue
		}
		s = append(s, Secret{Kind: id.Kind, Value: id.Value})
	}
	return s
}

// MaskName shows a name as letters and court judgments do (notes/legal.md
// §5.0): the surname and 某 for Chinese names (程安然 → 程某), the initial
// and *** otherwise.
func MaskName(name string) string {
	name = strings.TrimSpace(name)
	r, _ := utf8.DecodeRuneInString(name)
	switch {
	case name == "":
		return ""
	case unicode.Is(unicode.Han, r):
		return string(r) + "某"
	default:
		return string(r) + "***"
	}
}

// Suggest picks the template for a case: the follow-up or escalation the
// case's status calls for, else the platform's usual one.
func Suggest(c store.Case, dir *Directory) string {
	if t := cases.SuggestTemplate(c); t != "" {
		return t
	}
	return dir.Match(c.Host).Template
}

// Make builds and renders a letter for a case and checks that no registered
// value slipped into it.
func Make(ctx context.Context, db *store.DB, r Renderer, caseID string, o BuildOptions) (Letter, []Secret, error) {
	b, err := BuildFields(ctx, db, caseID, o)
	if err != nil {
		return Letter{}, nil, err
	}
	l, err := r.Render(o.Template, b.Fields)
	if err != nil {
		return Letter{}, nil, err
	}
	secrets := b.Secrets
	if o.Signer != "" {
		// The user chose to sign with their name; that is not a leak.
		secrets = slices.DeleteFunc(secrets, func(s Secret) bool { return s.Kind == "name" && strings.Contains(o.Signer, s.Value) })
	}
	if err := Check(l.Markdown, secrets); err != nil {
		return Letter{}, nil, err
	}
	return l, secrets, nil
}

// Export renders a letter for a case to path (format from the extension,
// file mode 0600), checks the written output once more, and records the
// letter on the case and in the custody log. Nothing is sent.
func Export(ctx context.Context, db *store.DB, r Renderer, caseID, path string, o BuildOptions) (Letter, error) {
	format, err := FormatFromPath(path)
	if err != nil {
		return Letter{}, err
	}
	l, secrets, err := Make(ctx, db, r, caseID, o)
	if err != nil {
		return Letter{}, err
	}
	data, err := l.Bytes(ctx, format)
	if err != nil {
		return Letter{}, err
	}
	if format == FormatMarkdown || format == FormatText {
		if err := Check(string(data), secrets); err != nil {
			return Letter{}, err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".letter-*")
	if err != nil {
		return Letter{}, fmt.Errorf("write letter: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return Letter{}, fmt.Errorf("write letter: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Letter{}, fmt.Errorf("write letter: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return Letter{}, fmt.Errorf("write letter: %w", err)
	}
	sum := sha256.Sum256(data)
	ref := store.LetterRef{Template: l.Template, Lang: l.Lang, Format: string(format), SHA256: hex.EncodeToString(sum[:]), CreatedAt: l.Fields.Date}
	if _, err := cases.AddLetter(ctx, db, caseID, ref); err != nil {
		return Letter{}, err
	}
	return l, nil
}
