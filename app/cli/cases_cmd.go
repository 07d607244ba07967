package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/doxguard/doxguard/app/letters"
	"github.com/doxguard/doxguard/monitor/cases"
	"github.com/doxguard/doxguard/store"
)

func init() {
	register(&Command{
		Name:    "case list",
		Summary: "list cases: status, deadline, what to send next (列出案件)",
		Usage:   "[--person P] [--status S] [--json]",
		NeedsDB: true,
		Run:     caseList,
	})
	register(&Command{
		Name:    "case open",
		Summary: "open a case for a person's findings on one site (新建案件)",
		Usage:   "--person P --host HOST [--finding ID]... [--recipient CONTACT]",
		NeedsDB: true,
		Run:     caseOpen,
	})
	register(&Command{
		Name:    "case sent",
		Summary: "record that you sent the letter; its findings become reported (标记已发送)",
		Usage:   "ID [--channel C] [--ref R] [--at DATE] [--deadline DATE | --days N]",
		NeedsDB: true,
		Run:     caseSent,
	})
	register(&Command{
		Name:    "case ack",
		Summary: "record that the recipient confirmed receipt (标记已受理)",
		Usage:   "ID [--note TEXT]",
		NeedsDB: true,
		Run:     caseAck,
	})
	register(&Command{
		Name:    "case close",
		Summary: "close a case: resolved, refused or withdrawn (结案)",
		Usage:   "ID [--outcome resolved|refused|withdrawn] [--note TEXT]",
		NeedsDB: true,
		Run:     caseClose,
	})
}

// caseJSON is the --json shape of a case: one object per line.
type caseJSON struct {
	ID        string    `json:"id"`
	PersonID  string    `json:"person_id"`
	Person    string    `json:"person"` // masked
	Host      string    `json:"host"`
	Platform  string    `json:"platform"`
	Status    string    `json:"status"`
	Findings  int       `json:"findings"`
	Removed   int       `json:"removed"`
	Channel   string    `json:"channel,omitempty"`
	Ref       string    `json:"ref,omitempty"`
	SentAt    time.Time `json:"sent_at,omitzero"`
	Deadline  time.Time `json:"deadline,omitzero"`
	Overdue   bool      `json:"overdue"`
	Outcome   string    `json:"outcome,omitempty"`
	Suggest   string    `json:"suggest"` // letter template to use next
	Letters   int       `json:"letters"`
	CreatedAt time.Time `json:"created_at"`
}

func caseList(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("case list")
	person := fs.String("person", "", "only this person (name or ID)")
	status := fs.String("status", "", "only cases in this status")
	asJSON := fs.Bool("json", false, "one JSON object per case per line")
	if _, err := e.Parse(fs, args); err != nil {
		return err
	}
	if *status != "" && !contains(cases.Statuses, *status) {
		return Usagef("--status %q: want one of %s", *status, strings.Join(cases.Statuses, ", "))
	}
	db, dir, err := openDirectory(ctx, e)
	if err != nil {
		return err
	}
	now := time.Now()
	// Bring deadlines up to date first so the list never shows a stale "sent".
	if _, err := cases.Recheck(ctx, db, now); err != nil {
		return err
	}
	var rows []caseJSON
	err = db.View(func(tx *store.Tx) error {
		pid := ""
		if *person != "" {
			if pid, err = tx.ResolvePerson(*person); err != nil {
				return fmt.Errorf("person: %w", err)
			}
		}
		cs, err := tx.ListCases()
		if err != nil {
			return err
		}
		names := map[string]string{}
		for _, c := range cs {
			if (pid != "" && c.PersonID != pid) || (*status != "" && c.Status != *status) {
				continue
			}
			if _, ok := names[c.PersonID]; !ok {
				p, err := tx.GetPerson(c.PersonID)
				if err != nil {
					return fmt.Errorf("person %s: %w", c.PersonID, err)
				}
				names[c.PersonID] = letters.MaskName(p.Name)
			}
			r := caseJSON{ID: c.ID, PersonID: c.PersonID, Person: names[c.PersonID], Host: c.Host, Platform: c.Platform,
				Status: c.Status, Findings: len(c.FindingIDs), Channel: c.Channel, Ref: c.Ref, SentAt: c.SentAt,
				Deadline: c.Deadline, Outcome: c.Outcome, Suggest: letters.Suggest(c, dir), Letters: len(c.Letters), CreatedAt: c.CreatedAt}
			r.Overdue = cases.Open(c.Status) && !c.Deadline.IsZero() && now.After(c.Deadline)
			if !cases.Open(c.Status) {
				r.Suggest = ""
			}
			for _, id := range c.FindingIDs {
				if f, err := tx.GetFinding(id); err == nil && f.Status == "removed" {
					r.Removed++
				}
			}
			rows = append(rows, r)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list cases: %w", err)
	}
	if *asJSON {
		for _, r := range rows {
			if err := e.JSON(r); err != nil {
				return err
			}
		}
		return nil
	}
	if len(rows) == 0 {
		e.Printf("no cases yet — open one with: doxguard case open --person P --host HOST (暂无案件)\n")
		return nil
	}
	tw := newTable(e.Stdout)
	fmt.Fprintln(tw, "ID\tPERSON\tPLATFORM\tSTATUS\tREMOVED\tDEADLINE\tNEXT")
	for _, r := range rows {
		due := "-"
		if !r.Deadline.IsZero() {
			due = r.Deadline.Local().Format("2006-01-02")
			if r.Overdue {
				due += " (overdue 逾期)"
			}
		}
		next := "-"
		if r.Suggest != "" {
			next = "letter --template " + r.Suggest
		}
		fmt.Fprintf(tw, "%s\t%s\t%s (%s)\t%s\t%d/%d\t%s\t%s\n", r.ID, r.Person, r.Platform, r.Host, r.Status, r.Removed, r.Findings, due, next)
	}
	return tw.Flush()
}

// dataDir is the folder holding the database: user overrides for letter
// templates and the platform directory live there.
func dataDir(db *store.DB) string {
	return filepath.Dir(db.Path())
}

// openDirectory opens the database and the platform directory with the
// user's overrides from the data folder.
func openDirectory(ctx context.Context, e *Env) (*store.DB, *letters.Directory, error) {
	db, err := e.DB(ctx)
	if err != nil {
		return nil, nil, err
	}
	dir, err := letters.LoadDirectory(dataDir(db))
	if err != nil {
		return nil, nil, err
	}
	return db, dir, nil
}

func caseOpen(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("case open")
	person := fs.String("person", "", "the person (name or ID)")
	host := fs.String("host", "", "the site: a host name or any URL on it")
	recipient := fs.String("recipient", "", "the site's complaint or abuse contact, if you know it")
	picked := Strings(fs, "finding", "only this finding (repeatable; default: all open findings on the host)")
	if _, err := e.Parse(fs, args); err != nil {
		return err
	}
	if *person == "" || *host == "" {
		return Usagef("case open needs --person and --host")
	}
	h := *host
	if strings.Contains(h, "://") {
		h = letters.HostOf(h)
	}
	db, dir, err := openDirectory(ctx, e)
	if err != nil {
		return err
	}
	plat := dir.Match(h)
	name := plat.NameZH
	if !plat.Known {
		name = cases.NormHost(h)
	}
	c, err := cases.Create(ctx, db, *person, h, cases.OpenOptions{Platform: name, Recipient: *recipient, Findings: *picked}, time.Now())
	if errors.Is(err, cases.ErrNoFindings) {
		return fmt.Errorf("no open findings for this person on %s — check `doxguard findings --person P` (该站点没有待处理的发现): %w", cases.NormHost(h), err)
	}
	if err != nil {
		return err
	}
	e.Printf("opened case %s on %s (%s) with %d findings (已新建案件)\n", c.ID, c.Platform, c.Host, len(c.FindingIDs))
	if plat.Known {
		e.Printf("complaint channel (投诉渠道, last checked %s): %s\n", plat.LastChecked, plat.ChannelText(letters.LangZH))
	} else {
		e.Printf("unknown site: find its contact or abuse address and pass --recipient (未收录的网站：请填写其投诉邮箱)\n")
	}
	e.Printf("next: doxguard letter --case %s --template %s --out letter.pdf\n", c.ID, letters.Suggest(c, dir))
	return nil
}

// parseDate accepts YYYY-MM-DD (local midnight) or RFC 3339.
func parseDate(flagName, s string) (time.Time, error) {
	if t, err := time.ParseInLocation("2006-01-02", s, time.Local); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, Usagef("--%s %q: want YYYY-MM-DD or RFC 3339", flagName, s)
}

func oneID(pos []string, what string) (string, error) {
	if len(pos) != 1 {
		return "", Usagef("%s needs exactly one case ID (see `doxguard case list`)", what)
	}
	return pos[0], nil
}

func caseSent(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("case sent")
	channel := fs.String("channel", "", "how you sent it: web form, e-mail address, in-app, post…")
	ref := fs.String("ref", "", "the ticket or reference number you were given")
	at := fs.String("at", "", "when you sent it (default: now)")
	deadline := fs.String("deadline", "", "reply due by this date (default: from the letter's template)")
	days := fs.Int("days", 0, "reply due this many days after sending")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	id, err := oneID(pos, "case sent")
	if err != nil {
		return err
	}
	sent := time.Now()
	if *at != "" {
		if sent, err = parseDate("at", *at); err != nil {
			return err
		}
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	var due time.Time
	switch {
	case *deadline != "" && *days != 0:
		return Usagef("give --deadline or --days, not both")
	case *deadline != "":
		if due, err = parseDate("deadline", *deadline); err != nil {
			return err
		}
	case *days < 0:
		return Usagef("--days must be positive")
	case *days > 0:
		due = sent.AddDate(0, 0, *days)
	default:
		if due, err = defaultDue(db, id, sent); err != nil {
			return err
		}
	}
	c, err := cases.MarkSent(ctx, db, id, cases.SentInfo{At: sent, Channel: *channel, Ref: *ref, Deadline: due})
	if err != nil {
		return err
	}
	e.Printf("case %s is %s; %d findings are now reported and re-checked on every scan (已标记发送)\n", c.ID, c.Status, len(c.FindingIDs))
	if !c.Deadline.IsZero() {
		e.Printf("reply due %s (答复期限)\n", c.Deadline.Local().Format("2006-01-02"))
	}
	return nil
}

// defaultDue takes the response time of the last letter generated for the
// case (GDPR one month, PIPL 15 working days, else the configurable default).
func defaultDue(db *store.DB, id string, sent time.Time) (time.Time, error) {
	var (
		c    store.Case
		days int
	)
	err := db.View(func(tx *store.Tx) error {
		var err error
		if c, err = tx.GetCase(id); err != nil {
			return err
		}
		if err := tx.GetSetting(letters.SettingDefaultDays, &days); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return nil
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("case %s: %w", id, err)
	}
	name := "platform-notice"
	if n := len(c.Letters); n > 0 {
		name = c.Letters[n-1].Template
	}
	tpl, err := letters.Lookup(name)
	if err != nil {
		return time.Time{}, err
	}
	p := tpl.PeriodFor(days)
	if p.Days == 0 && p.Months == 0 {
		return time.Time{}, nil
	}
	return p.Due(sent), nil
}

func caseAck(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("case ack")
	note := fs.String("note", "", "what they said")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	id, err := oneID(pos, "case ack")
	if err != nil {
		return err
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	c, err := cases.Acknowledge(ctx, db, id, *note, time.Now())
	if err != nil {
		return err
	}
	e.Printf("case %s acknowledged (已受理)\n", c.ID)
	return nil
}

func caseClose(ctx context.Context, e *Env, args []string) error {
	fs := e.Flags("case close")
	outcome := fs.String("outcome", "", "resolved, refused or withdrawn (default: resolved if every finding is removed, else withdrawn)")
	note := fs.String("note", "", "a note for the timeline")
	pos, err := e.Parse(fs, args)
	if err != nil {
		return err
	}
	id, err := oneID(pos, "case close")
	if err != nil {
		return err
	}
	if *outcome != "" {
		if _, ok := cases.Outcomes[*outcome]; !ok {
			return Usagef("--outcome %q: want resolved, refused or withdrawn", *outcome)
		}
	}
	db, err := e.DB(ctx)
	if err != nil {
		return err
	}
	if *outcome == "" {
		*outcome = "withdrawn"
		err := db.View(func(tx *store.Tx) error {
			c, err := tx.GetCase(id)
			if err != nil {
				return err
			}
			removed := 0
			for _, fid := range c.FindingIDs {
				if f, err := tx.GetFinding(fid); err == nil && f.Status == "removed" {
					removed++
				}
			}
			if removed > 0 && removed == len(c.FindingIDs) {
				*outcome = "resolved"
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("case %s: %w", id, err)
		}
	}
	c, err := cases.Close(ctx, db, id, *outcome, *note, time.Now())
	if err != nil {
		return err
	}
	e.Printf("case %s closed: %s (已结案)\n", c.ID, c.Status)
	if t := cases.SuggestTemplate(c); t != "" {
		e.Printf("next step: doxguard letter --case %s --template %s --out report.pdf\n", c.ID, t)
	}
	return nil
}
