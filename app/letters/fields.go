package letters

import (
	"fmt"
	"time"
)

// Party is one side of a letter: the person concerned, the agent acting for
// them, or the recipient. Every string is shown as is, so Name must already be
// masked unless the user typed it in themselves.
type Party struct {
	Name    string `json:"name"`
	Org     string `json:"org,omitempty"`
	Role    string `json:"role,omitempty"`    // e.g. 经纪人, lawyer
	Contact string `json:"contact,omitempty"` // e-mail or phone the user chose to give
	Channel string `json:"channel,omitempty"` // recipient only: form URL, e-mail or in-app path
}

// Exposure is one exposed identifier on a page, masked.
type Exposure struct {
	Kind   string `json:"kind"`   // identifier kind (phone, cn_id, …)
	Label  string `json:"label"`  // kind in the letter's language
	Masked string `json:"masked"` // masked value (notes/legal.md §5.0)
}

// Item is one page listed in a letter.
type Item struct {
	N             int        `json:"n"`
	URL           string     `json:"url"`
	Exposed       []Exposure `json:"exposed"`
	FirstSeen     time.Time  `json:"first_seen"`
	LastSeen      time.Time  `json:"last_seen"`
	CaptureSHA256 string     `json:"capture_sha256,omitempty"`
	Status        string     `json:"status,omitempty"`
}

// Deadline is the response time a letter asks for.
type Deadline struct {
	Due  time.Time `json:"due"`
	Text string    `json:"text"` // "15 个工作日", "one month", …
	// Request is true where no statute fixes a period and the letter only asks
	// for one (PIPL "及时", Civil Code 1195 "及时").
	Request bool `json:"request"`
}

// Previous describes the letter a follow-up refers to.
type Previous struct {
	Template string    `json:"template"`
	SentAt   time.Time `json:"sent_at"`
	Channel  string    `json:"channel,omitempty"`
	Ref      string    `json:"ref,omitempty"`
	Due      time.Time `json:"due"`
}

// Fields is everything a template can use. The GUI shows these for editing
// before rendering; BuildFields fills them from a case.
type Fields struct {
	Lang      string    `json:"lang"`
	Template  string    `json:"template"`
	Date      time.Time `json:"date"`
	CaseID    string    `json:"case_id"`
	ReportID  string    `json:"report_id"`
	Requester Party     `json:"requester"`       // the person concerned (principal)
	Agent     *Party    `json:"agent,omitempty"` // set when someone acts for the requester
	Recipient Party     `json:"recipient"`
	Platform  string    `json:"platform"`
	Host      string    `json:"host"`
	Items     []Item    `json:"items"`
	FirstSeen time.Time `json:"first_seen"` // earliest first sighting across Items
	Kinds     []string  `json:"kinds"`      // distinct exposed kinds, in the letter's language
	Sensitive bool      `json:"sensitive"`  // ID, bank or passport numbers: sensitive PI (PIPL art. 28)
	Deadline  Deadline  `json:"deadline"`
	Previous  *Previous `json:"previous,omitempty"`
}

// Period is a template's default response time.
type Period struct {
	Days    int  // calendar days, or working days when Working
	Working bool // Monday–Friday only (public holidays are not known)
	Months  int  // calendar months (GDPR art. 12(3))
	Request bool // true where the law only says "timely"
}

// Due returns the due date counted from t.
func (p Period) Due(t time.Time) time.Time {
	switch {
	case p.Months > 0:
		return t.AddDate(0, p.Months, 0)
	case p.Working:
		d, n := t, 0
		for n < p.Days {
			d = d.AddDate(0, 0, 1)
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				n++
			}
		}
		return d
	default:
		return t.AddDate(0, 0, p.Days)
	}
}

// Text says the period in the given language.
func (p Period) Text(lang string) string {
	zh := lang == LangZH
	switch {
	case p.Months == 1 && zh:
		return "一个月"
	case p.Months == 1:
		return "one month"
	case p.Months > 0 && zh:
		return fmt.Sprintf("%d个月", p.Months)
	case p.Months > 0:
		return fmt.Sprintf("%d months", p.Months)
	case p.Working && zh:
		return fmt.Sprintf("%d个工作日", p.Days)
	case p.Working:
		return fmt.Sprintf("%d working days", p.Days)
	case zh:
		return fmt.Sprintf("%d日", p.Days)
	default:
		return fmt.Sprintf("%d days", p.Days)
	}
}

// Deadline builds the Deadline for a letter dated t.
func (p Period) Deadline(t time.Time, lang string) Deadline {
	if p.Days == 0 && p.Months == 0 {
		return Deadline{}
	}
	return Deadline{Due: p.Due(t), Text: p.Text(lang), Request: p.Request}
}
