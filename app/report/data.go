package report

import "time"

// Data is everything a report shows.
type Data struct {
	Lang      string    // "zh" (default) or "en"
	ReportID  string    // e.g. R-3f2a9c1b7d0e
	Person    string    // masked name (杨某)
	PersonID  string    // store ID, shown on the cover
	From, To  time.Time // period; zero = unbounded
	Generated time.Time
	Version   string // app version
	Findings  []Finding
	// Cases are the notices sent about these findings (notes/legal.md
	// §5.e item 7), oldest first.
	Cases []Case
	// Custody is the head of the custody log (most recent entries, oldest
	// first); CustodyTotal the number of entries in the log.
	Custody      []CustodyEntry
	CustodyTotal int
	// Secrets are plaintext identifiers that must not appear anywhere in
	// the PDF. Never drawn.
	Secrets []string `json:"-"`
}

// Finding is one exposure: an identifier (or unregistered value) on a page.
type Finding struct {
	ID        string
	URL       string
	Host      string
	Platform  string // platform name when known (from a case), else ""
	Kind      string // ident kind: phone, cn_id, …
	Form      string // exact, variant, partial, unregistered
	Severity  string // critical, high, medium, low, info
	Status    string // new, confirmed, false_positive, reported, removed, reappeared
	Masked    string // masked value
	Exposed   string // for partial forms: which parts are visible
	Where     string // text, attribute, script, hidden, url
	Snippet   string // masked context, match in 【】
	FirstSeen time.Time
	LastSeen  time.Time
	Timeline  []Event
	Capture   *Capture // nil when the capture is missing from the store
	CaseID    string
}

// Event is one status change of a finding.
type Event struct {
	At     time.Time
	Status string
	Note   string
}

// Capture is the evidence record a finding points to.
type Capture struct {
	SHA256       string // of the raw bytes received (the capture ID)
	BodySHA256   string
	URL          string
	FinalURL     string
	Redirects    []string
	Status       int
	RemoteIP     string
	FetchedAt    time.Time
	Size         int64
	Truncated    bool
	Tool         string // tool name and version
	CustodySeq   uint64
	TSA          *Timestamp // nil when no timestamp authority was used
	Screenshot   string     // SHA-256 of the screenshot PNG, "" if none
	ScreenshotAt time.Time
}

// Timestamp describes an RFC 3161 token stored with a capture.
type Timestamp struct {
	Authority string    // TSA URL
	Time      time.Time // genTime in the token
	Serial    string
	Policy    string
	Verified  bool   // token signature and imprint checked when the report was built
	Problem   string // why verification failed, "" if Verified
}

// CustodyEntry is one line of the custody log.
type CustodyEntry struct {
	Seq     uint64
	Time    time.Time
	Action  string
	Subject string
	Hash    string
}

// Case is a notice to a platform and what came of it.
type Case struct {
	ID       string
	Host     string
	Platform string
	Status   string // draft, sent, acknowledged, no_response, resolved, refused, closed, …
	Channel  string // how it was sent (web form, e-mail address of the platform)
	Ref      string // the platform's ticket number
	SentAt   time.Time
	Deadline time.Time
	Outcome  string
	Findings int
	Timeline []Event
}
