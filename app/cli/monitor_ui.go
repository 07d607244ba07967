package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/doxguard/doxguard/monitor"
	"github.com/doxguard/doxguard/store"
)

// progressBar draws scan progress on stderr: one redrawn line on a terminal,
// a line every few seconds otherwise (logs, CI).
type progressBar struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	last  time.Time
	width int
	drawn bool
}

func newProgressBar(w io.Writer) *progressBar {
	return &progressBar{w: w, tty: IsTerminal(w), width: 24}
}

// Progress implements monitor.ProgressSink.
func (b *progressBar) Progress(p monitor.Progress) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	final := p.Phase == "done"
	if !final && (now.Sub(b.last) < b.interval() || !b.tty && p.PagesDone == 0) {
		return
	}
	b.last = now
	total := max(p.Discovered, p.PagesDone, 1)
	fill := b.width * p.PagesDone / total
	if !final && fill == b.width {
		fill-- // more may still be discovered
	}
	bar := strings.Repeat("█", fill) + strings.Repeat("░", b.width-fill)
	phase := p.Phase
	switch phase {
	case "recheck":
		phase = "复查已举报 recheck"
	case "crawl":
		phase = "抓取 crawl " + p.SourceID
	case "done":
		phase = "完成 done"
	}
	line := fmt.Sprintf("%s %d/%d 页 pages · %d 发现 findings (%d 新 new) · %d 错误 errors · %s",
		bar, p.PagesDone, total, p.Findings, p.New, p.Errors, phase)
	if p.CurrentURL != "" && !final {
		line += " " + shorten(p.CurrentURL, 40)
	}
	if b.tty {
		fmt.Fprintf(b.w, "\r\x1b[K%s", line)
		b.drawn = true
		if final {
			fmt.Fprintln(b.w)
			b.drawn = false
		}
		return
	}
	fmt.Fprintln(b.w, line)
}

func (b *progressBar) interval() time.Duration {
	if b.tty {
		return 100 * time.Millisecond
	}
	return 5 * time.Second
}

// Notify implements monitor.Notifier: one line on stderr, masked values only.
func (b *progressBar) Notify(n monitor.Notification) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drawn {
		fmt.Fprint(b.w, "\r\x1b[K")
		b.drawn = false
	}
	id := ""
	if n.FindingID != "" {
		id = " [" + n.FindingID + "]"
	}
	fmt.Fprintf(b.w, "! %s: %s%s %s\n", strings.ToUpper(n.Level), n.Title, id, n.Body)
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return "…" + string(r[len(r)-n+1:])
}

// findingJSON is the public shape of `findings --json` (DESIGN.md CLI
// contract): one object per line, never an unmasked value.
type findingJSON struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Host      string    `json:"host"`
	Person    string    `json:"person"`
	PersonID  string    `json:"person_id"`
	Kind      string    `json:"kind"`
	Form      string    `json:"form"`
	Severity  string    `json:"severity"`
	Status    string    `json:"status"`
	Where     string    `json:"where,omitempty"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	Masked    string    `json:"masked"`
	Exposed   string    `json:"exposed,omitempty"`
	CaptureID string    `json:"capture_id"`
	CaseID    string    `json:"case_id,omitempty"`
}

var sevOrder = map[string]int{"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}

// sortFindings puts the worst first, then groups by page.
func sortFindings(fs []store.Finding) {
	num := func(id string) int {
		n, _ := strconv.Atoi(strings.TrimLeft(id, "abcdefghijklmnopqrstuvwxyz"))
		return n
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if sevOrder[a.Severity] != sevOrder[b.Severity] {
			return sevOrder[a.Severity] < sevOrder[b.Severity]
		}
		if a.URL != b.URL {
			return a.URL < b.URL
		}
		return num(a.ID) < num(b.ID)
	})
}

// writeFindings prints findings as a table or as JSON lines. names maps
// person IDs to masked names (杨某): the table is often pasted into chats.
func writeFindings(w io.Writer, fs []store.Finding, names map[string]string, asJSON bool) error {
	sortFindings(fs)
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, f := range fs {
			if err := enc.Encode(findingJSON{ID: f.ID, URL: f.URL, Host: f.Host, Person: names[f.PersonID],
				PersonID: f.PersonID, Kind: f.Kind, Form: f.Form, Severity: f.Severity, Status: f.Status,
				Where: f.Where, FirstSeen: f.FirstSeen.UTC(), LastSeen: f.LastSeen.UTC(), Masked: f.Masked,
				Exposed: f.Exposed, CaptureID: f.CaptureID, CaseID: f.CaseID}); err != nil {
				return err
			}
		}
		return nil
	}
	if len(fs) == 0 {
		_, err := fmt.Fprintln(w, "没有发现 No findings.")
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "ID\tSEVERITY\tSTATUS\tKIND\tFORM\tURL\tPERSON\tMASKED")
	for _, f := range fs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f.ID, f.Severity, f.Status,
			f.Kind, f.Form, shorten(f.URL, 60), names[f.PersonID], f.Masked)
	}
	return tw.Flush()
}
