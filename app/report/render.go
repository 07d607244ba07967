package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/doxguard/doxguard/app/pdfdoc"
)

// Font sizes (points).
const (
	sizeBody  = 9.5
	sizeSmall = 8.5
)

var severities = []string{"critical", "high", "medium", "low", "info"}

// barColour per severity (RGB).
var barColour = map[string][3]int{
	"critical": {178, 34, 34}, "high": {222, 110, 38}, "medium": {230, 180, 40}, "low": {110, 150, 200}, "info": {160, 160, 160},
}

// Render writes the report as a PDF. It fails with pdfdoc.ErrWouldExpose if
// any text would contain one of d.Secrets.
func Render(d Data, w io.Writer) error {
	l := lang(0)
	if d.Lang == "en" {
		l = 1
	}
	doc, err := pdfdoc.New(pdfdoc.Options{
		Title:   l.w("title"),
		Subject: d.ReportID,
		Lang:    []string{"zh", "en"}[l],
		Header:  l.w("header") + " · " + d.ReportID + " · " + d.Person,
		Footer:  pdfdoc.MaskingNotice([]string{"zh", "en"}[l]) + " " + l.w("not_legal_short"),
		Created: d.Generated,
	})
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	doc.Forbid(d.Secrets...)
	r := &renderer{doc: doc, l: l, d: d}
	r.cover()
	r.summary()
	r.findings()
	r.cases()
	r.custody()
	r.verify()
	if err := doc.Output(w); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

type renderer struct {
	doc *pdfdoc.Doc
	l   lang
	d   Data
}

func (r *renderer) time(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05") + " UTC"
}

// timeCN adds Beijing time (UTC+8), which Chinese courts and police read.
func (r *renderer) timeCN(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	bj := t.In(time.FixedZone("UTC+8", 8*3600))
	if r.l == 1 {
		return fmt.Sprintf("%s (Beijing %s)", r.time(t), bj.Format("2006-01-02 15:04:05"))
	}
	return fmt.Sprintf("%s（北京时间 %s）", r.time(t), bj.Format("2006-01-02 15:04:05"))
}

func (r *renderer) period() string {
	if r.d.From.IsZero() && r.d.To.IsZero() {
		return r.l.w("all_time")
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return "…"
		}
		return t.UTC().Format("2006-01-02")
	}
	return day(r.d.From) + " — " + day(r.d.To)
}

func (r *renderer) cover() {
	doc := r.doc
	doc.AddPage()
	doc.Space(30)
	doc.Centered(r.l.w("title"), 20)
	doc.Space(4)
	doc.Centered("DoxGuard · 防人肉卫士", 11)
	doc.Space(18)
	doc.Fields([]pdfdoc.Field{
		{Label: r.l.w("subject"), Value: r.d.Person},
		{Label: r.l.w("person_id"), Value: r.d.PersonID},
		{Label: r.l.w("period"), Value: r.period()},
		{Label: r.l.w("findings_n"), Value: fmt.Sprint(len(r.d.Findings))},
		{Label: r.l.w("generated"), Value: r.timeCN(r.d.Generated)},
		{Label: r.l.w("version"), Value: "DoxGuard " + r.d.Version},
		{Label: r.l.w("report_id"), Value: r.d.ReportID},
	}, 10.5, 36)
	doc.Space(10)
	doc.Text(r.l.w("cover_note"), sizeBody)
	doc.Space(3)
	doc.Muted(r.l.w("not_legal"), sizeBody)
}

type count struct {
	key string
	n   int
}

// tally counts findings by key, in the order of order (then the rest by
// count).
func tally(fs []Finding, key func(Finding) string, order []string) []count {
	m := map[string]int{}
	for _, f := range fs {
		m[key(f)]++
	}
	var out []count
	for _, k := range order {
		if m[k] > 0 {
			out = append(out, count{k, m[k]})
			delete(m, k)
		}
	}
	var rest []count
	for k, n := range m {
		rest = append(rest, count{k, n})
	}
	slices.SortFunc(rest, func(a, b count) int { return cmp.Or(b.n-a.n, strings.Compare(a.key, b.key)) })
	return append(out, rest...)
}

func (r *renderer) summary() {
	doc := r.doc
	doc.AddPage()
	doc.Heading(1, r.l.w("summary"))
	if len(r.d.Findings) == 0 {
		doc.Text(r.l.w("no_findings"), sizeBody)
		return
	}
	doc.Heading(2, r.l.w("by_severity"))
	r.chart(tally(r.d.Findings, func(f Finding) string { return f.Severity }, severities))
	doc.Heading(2, r.l.w("by_status"))
	r.counts(tally(r.d.Findings, func(f Finding) string { return f.Status },
		[]string{"new", "confirmed", "reappeared", "reported", "removed", "false_positive"}), true)
	doc.Heading(2, r.l.w("by_kind"))
	r.counts(tally(r.d.Findings, func(f Finding) string { return f.Kind }, nil), true)
	doc.Heading(2, r.l.w("by_platform"))
	r.counts(tally(r.d.Findings, platformOf, nil), false)
}

func platformOf(f Finding) string {
	if f.Platform != "" {
		return f.Platform + " (" + f.Host + ")"
	}
	return f.Host
}

func (r *renderer) counts(cs []count, translate bool) {
	rows := make([]pdfdoc.Field, 0, len(cs))
	for _, c := range cs {
		k := c.key
		if translate {
			k = r.l.enum(k)
		}
		rows = append(rows, pdfdoc.Field{Label: k, Value: fmt.Sprint(c.n)})
	}
	r.doc.Fields(rows, sizeBody, 60)
}

// chart draws one horizontal bar per severity, scaled to the largest.
func (r *renderer) chart(cs []count) {
	doc := r.doc
	pdf := doc.PDF
	const barH, gap, labelW = 6.0, 2.5, 22.0
	doc.EnsureSpace(float64(len(cs))*(barH+gap) + 4)
	most := 0
	for _, c := range cs {
		most = max(most, c.n)
	}
	maxW := doc.Width - labelW - 20
	y := pdf.GetY() + 1
	pdf.SetFont(pdfdoc.Font, "", sizeBody)
	for _, c := range cs {
		label := r.l.enum(c.key)
		doc.Remember(label)
		pdf.SetXY(doc.Left, y)
		pdf.CellFormat(labelW, barH, label, "", 0, "L", false, 0, "")
		col, ok := barColour[c.key]
		if !ok {
			col = barColour["info"]
		}
		pdf.SetFillColor(col[0], col[1], col[2])
		w := maxW * float64(c.n) / float64(most)
		pdf.Rect(doc.Left+labelW, y+0.5, w, barH-1, "F")
		pdf.SetXY(doc.Left+labelW+w+2, y)
		pdf.CellFormat(18, barH, fmt.Sprint(c.n), "", 0, "L", false, 0, "")
		y += barH + gap
	}
	pdf.SetXY(doc.Left, y+2)
}

func (r *renderer) findings() {
	if len(r.d.Findings) == 0 {
		return
	}
	doc := r.doc
	doc.AddPage()
	doc.Heading(1, r.l.w("details"))
	for i, f := range r.d.Findings {
		if i > 0 {
			doc.Space(2)
			doc.Rule()
		}
		r.finding(i+1, f)
	}
}

func (r *renderer) finding(n int, f Finding) {
	doc, l := r.doc, r.l
	doc.Heading(2, fmt.Sprintf("%s %d · %s · %s · %s", l.w("record"), n, l.enum(f.Kind), l.enum(f.Severity), f.Host))
	exposed := l.enum(f.Kind) + "：" + f.Masked + "（" + l.enum(f.Form) + "）"
	if l == 1 {
		exposed = l.enum(f.Kind) + ": " + f.Masked + " (" + l.enum(f.Form) + ")"
	}
	rows := []pdfdoc.Field{
		{Label: l.w("platform"), Value: platformOf(f)},
		{Label: l.w("url"), Value: f.URL},
		{Label: l.w("exposed"), Value: exposed},
	}
	if f.Exposed != "" {
		rows = append(rows, pdfdoc.Field{Label: l.w("visible"), Value: f.Exposed})
	}
	rows = append(rows,
		pdfdoc.Field{Label: l.w("where"), Value: l.enum(f.Where)},
		pdfdoc.Field{Label: l.w("severity"), Value: l.enum(f.Severity)},
		pdfdoc.Field{Label: l.w("status"), Value: l.enum(f.Status)},
		pdfdoc.Field{Label: l.w("first_seen"), Value: r.time(f.FirstSeen)},
		pdfdoc.Field{Label: l.w("last_seen"), Value: r.time(f.LastSeen)},
	)
	if f.CaseID != "" {
		rows = append(rows, pdfdoc.Field{Label: l.w("case"), Value: f.CaseID})
	}
	doc.Fields(rows, sizeSmall, 30)
	if f.Snippet != "" {
		doc.Muted(l.w("snippet"), sizeSmall)
		doc.Marked(f.Snippet, sizeSmall)
		doc.Space(1)
	}
	if len(f.Timeline) > 0 {
		doc.Muted(l.w("timeline"), sizeSmall)
		r.events(f.Timeline)
		doc.Space(1)
	}
	doc.Muted(l.w("capture"), sizeSmall)
	c := f.Capture
	if c == nil {
		doc.Fields([]pdfdoc.Field{{Label: l.w("capture_hash"), Value: l.w("no_capture")}}, sizeSmall, 30)
		return
	}
	size := fmt.Sprintf("%d %s", c.Size, l.w("bytes"))
	if c.Truncated {
		size += l.w("truncated")
	}
	rows = []pdfdoc.Field{
		{Label: l.w("capture_hash"), Value: c.SHA256},
		{Label: l.w("capture_time"), Value: r.timeCN(c.FetchedAt)},
	}
	if c.BodySHA256 != "" && c.BodySHA256 != c.SHA256 {
		rows = append(rows, pdfdoc.Field{Label: l.w("body_hash"), Value: c.BodySHA256})
	}
	if c.FinalURL != "" && c.FinalURL != f.URL {
		rows = append(rows, pdfdoc.Field{Label: l.w("final_url"), Value: c.FinalURL})
	}
	if len(c.Redirects) > 0 {
		rows = append(rows, pdfdoc.Field{Label: l.w("redirects"), Value: strings.Join(c.Redirects, " → ")})
	}
	rows = append(rows,
		pdfdoc.Field{Label: l.w("http_status"), Value: fmt.Sprint(c.Status)},
		pdfdoc.Field{Label: l.w("remote_ip"), Value: cmp.Or(c.RemoteIP, "—")},
		pdfdoc.Field{Label: l.w("size"), Value: size},
		pdfdoc.Field{Label: l.w("tool"), Value: c.Tool},
	)
	if c.CustodySeq > 0 {
		rows = append(rows, pdfdoc.Field{Label: l.w("custody_seq"), Value: fmt.Sprint(c.CustodySeq)})
	}
	rows = append(rows, pdfdoc.Field{Label: l.w("tsa"), Value: r.tsa(c.TSA)})
	if c.Screenshot != "" {
		rows = append(rows, pdfdoc.Field{Label: l.w("screenshot"), Value: "SHA-256 " + c.Screenshot + " — " + l.w("screenshot_note")})
	}
	doc.Fields(rows, sizeSmall, 30)
}

func (r *renderer) tsa(t *Timestamp) string {
	if t == nil {
		return r.l.w("tsa_none")
	}
	s := fmt.Sprintf("%s · %s · serial %s", t.Authority, r.time(t.Time), t.Serial)
	if t.Policy != "" {
		s += " · policy " + t.Policy
	}
	if t.Verified {
		return s + " · " + r.l.w("tsa_ok")
	}
	return s + " · " + r.l.w("tsa_bad") + ": " + t.Problem
}

func (r *renderer) cases() {
	doc, l := r.doc, r.l
	doc.AddPage()
	doc.Heading(1, l.w("cases"))
	if len(r.d.Cases) == 0 {
		doc.Text(l.w("no_cases"), sizeBody)
		return
	}
	for _, c := range r.d.Cases {
		platform := c.Host
		if c.Platform != "" {
			platform = c.Platform + " (" + c.Host + ")"
		}
		doc.Heading(2, l.w("case_title")+" "+c.ID+" · "+platform)
		rows := []pdfdoc.Field{
			{Label: l.w("status"), Value: l.enum(c.Status)},
			{Label: l.w("case_findings"), Value: fmt.Sprint(c.Findings)},
		}
		add := func(key, v string) {
			if v != "" && v != "—" {
				rows = append(rows, pdfdoc.Field{Label: l.w(key), Value: v})
			}
		}
		add("channel", c.Channel)
		add("ref", c.Ref)
		add("sent_at", r.time(c.SentAt))
		add("deadline", r.time(c.Deadline))
		add("outcome", l.enum(c.Outcome))
		doc.Fields(rows, sizeSmall, 30)
		r.events(c.Timeline)
		doc.Space(2)
	}
}

func (r *renderer) custody() {
	doc, l := r.doc, r.l
	doc.AddPage()
	doc.Heading(1, l.w("custody"))
	doc.Text(fmt.Sprintf(l.w("custody_note"), r.d.CustodyTotal, len(r.d.Custody)), sizeBody)
	doc.Space(2)
	for _, e := range r.d.Custody {
		doc.Fields([]pdfdoc.Field{{
			Label: fmt.Sprintf("#%d", e.Seq),
			Value: fmt.Sprintf("%s · %s · %s\n%s %s", r.time(e.Time), l.enum(e.Action), e.Subject, l.w("hash"), e.Hash),
		}}, sizeSmall, 16)
	}
}

func (r *renderer) verify() {
	doc, l := r.doc, r.l
	doc.Space(4)
	doc.Heading(1, l.w("verify"))
	for _, k := range []string{"verify_1", "verify_2", "verify_3", "verify_4"} {
		doc.Bullet(l.w(k), sizeBody)
	}
	doc.Space(2)
	doc.Text(l.w("proves"), sizeBody)
	doc.Space(1)
	doc.Text(l.w("not_proves"), sizeBody)
	doc.Space(4)
	doc.Heading(1, l.w("declaration"))
	doc.Text(l.w("declaration_1"), sizeBody)
	doc.Space(10)
	doc.Text(l.w("signature"), sizeBody)
}

// events writes a status history as bullets: time, status, note.
func (r *renderer) events(es []Event) {
	for _, e := range es {
		line := r.time(e.At) + "  " + r.l.enum(e.Status)
		if e.Note != "" {
			line += " — " + e.Note
		}
		r.doc.Bullet(line, sizeSmall)
	}
}
