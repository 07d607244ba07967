package gui

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/doxguard/doxguard/monitor"
	"github.com/doxguard/doxguard/monitor/cases"
	"github.com/doxguard/doxguard/store"
)

// Findings table columns.
const (
	colCheck = iota
	colSeverity
	colStatus
	colPerson
	colKind
	colMasked
	colSite
	colFirst
	colLast
	numCols
)

var colWidths = [numCols]float32{36, 80, 90, 100, 90, 190, 170, 130, 130}

// findingsTab is the work list. The table is virtualised (only visible
// cells exist), so 10,000+ rows cost the same as 100; filtering and sorting
// work on an index slice, and UpdateCell only copies prepared strings.
type findingsTab struct {
	u       *UI
	content fyne.CanvasObject

	all     []store.Finding
	names   map[string]string
	rows    []int // indexes into all, filtered and sorted
	checked map[string]bool
	sortCol int
	sortAsc bool
	selID   string

	table                                *widget.Table
	person, status, severity, site, date *widget.Select
	count                                *widget.Label
	detail                               *fyne.Container
	bulk                                 *fyne.Container
	empty                                *widget.Label
	// actions of the detail pane: confirm, false positive, re-check, case.
	actions [4]*widget.Button
}

var dateRanges = []string{"all", "1d", "7d", "30d"}

func newFindingsTab(u *UI) *findingsTab {
	t := &findingsTab{u: u, checked: map[string]bool{}, sortCol: colFirst, names: map[string]string{}}
	t.person = widget.NewSelect(nil, func(string) { t.apply() })
	t.status = widget.NewSelect(nil, func(string) { t.apply() })
	t.severity = widget.NewSelect(nil, func(string) { t.apply() })
	t.site = widget.NewSelect(nil, func(string) { t.apply() })
	t.date = widget.NewSelect(nil, func(string) { t.apply() })
	t.resetFilters()
	t.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(t.rows), numCols },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(widget.NewCheck("", nil), l)
		},
		t.updateCell)
	t.table.ShowHeaderColumn = false
	t.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		return b
	}
	t.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		if id.Row != -1 {
			return
		}
		col := id.Col
		text := ""
		if col > colCheck {
			text = T(fmt.Sprintf("findings.col%d", col))
			if col == t.sortCol {
				if t.sortAsc {
					text += " ▲"
				} else {
					text += " ▼"
				}
			}
		}
		b.SetText(text)
		b.OnTapped = func() { t.sortBy(col) }
	}
	for i, w := range colWidths {
		t.table.SetColumnWidth(i, w)
	}
	t.table.OnSelected = func(id widget.TableCellID) {
		if id.Row < 0 || id.Row >= len(t.rows) {
			return
		}
		f := t.all[t.rows[id.Row]]
		if id.Col == colCheck {
			t.checked[f.ID] = !t.checked[f.ID]
			t.table.RefreshItem(id)
			t.updateBulk()
		}
		t.selID = f.ID
		t.showDetail()
	}
	t.count = widget.NewLabel("")
	t.empty = widget.NewLabel(T("findings.empty"))
	t.empty.Wrapping = fyne.TextWrapWord
	t.detail = container.NewVBox()
	t.bulk = container.NewHBox()
	filters := container.NewGridWithColumns(5, t.person, t.status, t.severity, t.site, t.date)
	top := container.NewVBox(filters, container.NewBorder(nil, nil, t.count, t.bulk), t.empty)
	split := container.NewVSplit(t.table, container.NewVScroll(container.NewPadded(t.detail)))
	split.Offset = 0.55
	t.content = container.NewBorder(top, nil, nil, nil, split)
	return t
}

func (t *findingsTab) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	chk := c.Objects[0].(*widget.Check)
	l := c.Objects[1].(*widget.Label)
	if id.Row >= len(t.rows) {
		return
	}
	f := &t.all[t.rows[id.Row]]
	if id.Col == colCheck {
		chk.Show()
		l.Hide()
		chk.OnChanged = nil
		chk.SetChecked(t.checked[f.ID])
		fid, cell := f.ID, id
		chk.OnChanged = func(on bool) {
			t.checked[fid] = on
			t.table.RefreshItem(cell)
			t.updateBulk()
		}
		return
	}
	chk.Hide()
	l.Show()
	l.Importance = widget.MediumImportance
	l.TextStyle = fyne.TextStyle{}
	switch id.Col {
	case colSeverity:
		l.Text = T("sev." + f.Severity)
		switch f.Severity {
		case "critical":
			l.Importance = widget.DangerImportance
			l.TextStyle.Bold = true
		case "high":
			l.Importance = widget.WarningImportance
		}
	case colStatus:
		l.Text = T("status." + f.Status)
		if f.Status == "new" || f.Status == "reappeared" {
			l.TextStyle.Bold = true
		}
	case colPerson:
		l.Text = t.names[f.PersonID]
	case colKind:
		l.Text = T("kind." + f.Kind)
	case colMasked:
		l.Text = f.Masked
	case colSite:
		l.Text = f.Host
	case colFirst:
		l.Text = fmtTime(f.FirstSeen)
	case colLast:
		l.Text = fmtTime(f.LastSeen)
	}
	l.Refresh()
}

func (t *findingsTab) resetFilters() {
	t.status.Options = append([]string{T("findings.all_status")}, mapT("status.", monitor.Statuses)...)
	t.severity.Options = append([]string{T("findings.all_sev")}, mapT("sev.", severities[:4])...)
	t.date.Options = mapT("findings.date.", dateRanges)
	t.status.SetSelectedIndex(0)
	t.severity.SetSelectedIndex(0)
	t.date.SetSelectedIndex(0)
	t.person.Options = []string{T("findings.all_people")}
	t.person.SetSelectedIndex(0)
	t.site.Options = []string{T("findings.all_sites")}
	t.site.SetSelectedIndex(0)
}

func mapT(prefix string, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = T(prefix + k)
	}
	return out
}

func (t *findingsTab) refresh(s *snapshot) {
	t.setData(s.findings, s.names)
}

// setData replaces the findings (refresh, and the 10k-row benchmark).
func (t *findingsTab) setData(fs []store.Finding, names map[string]string) {
	t.all, t.names = fs, names
	// Person and site options follow the data; the selection survives.
	selP, selS := t.person.Selected, t.site.Selected
	people := []string{T("findings.all_people")}
	var ids []string
	for id := range names {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return names[ids[i]] < names[ids[j]] })
	for _, id := range ids {
		people = append(people, names[id])
	}
	hosts := map[string]bool{}
	for _, f := range fs {
		hosts[f.Host] = true
	}
	sites := []string{T("findings.all_sites")}
	for h := range hosts {
		sites = append(sites, h)
	}
	sort.Strings(sites[1:])
	t.person.Options, t.site.Options = people, sites
	if !slices.Contains(people, selP) {
		selP = people[0]
	}
	if !slices.Contains(sites, selS) {
		selS = sites[0]
	}
	t.person.Selected, t.site.Selected = selP, selS
	t.person.Refresh()
	t.site.Refresh()
	t.apply()
}

// filterPerson shows one person's findings (Overview links here).
func (t *findingsTab) filterPerson(personID string) {
	if n, ok := t.names[personID]; ok {
		t.person.SetSelected(n)
	}
}

func (t *findingsTab) apply() {
	if t.table == nil || t.count == nil {
		return
	}
	person := ""
	if t.person.SelectedIndex() > 0 {
		person = t.person.Selected
	}
	status := ""
	if i := t.status.SelectedIndex(); i > 0 {
		status = monitor.Statuses[i-1]
	}
	sev := ""
	if i := t.severity.SelectedIndex(); i > 0 {
		sev = severities[i-1]
	}
	site := ""
	if t.site.SelectedIndex() > 0 {
		site = t.site.Selected
	}
	var since time.Time
	switch dateRanges[max(t.date.SelectedIndex(), 0)] {
	case "1d":
		since = time.Now().Add(-24 * time.Hour)
	case "7d":
		since = time.Now().AddDate(0, 0, -7)
	case "30d":
		since = time.Now().AddDate(0, 0, -30)
	}
	t.rows = t.rows[:0]
	for i := range t.all {
		f := &t.all[i]
		if (person != "" && t.names[f.PersonID] != person) || (status != "" && f.Status != status) ||
			(sev != "" && f.Severity != sev) || (site != "" && f.Host != site) ||
			(!since.IsZero() && f.LastSeen.Before(since)) {
			continue
		}
		t.rows = append(t.rows, i)
	}
	t.sortRows()
	t.count.SetText(T("findings.count", "N", len(t.rows), "Total", len(t.all)))
	showIf(t.empty, len(t.all) == 0)
	t.table.Refresh()
	t.updateBulk()
	t.showDetail()
}

func (t *findingsTab) sortBy(col int) {
	if col == colCheck {
		return
	}
	if t.sortCol == col {
		t.sortAsc = !t.sortAsc
	} else {
		t.sortCol, t.sortAsc = col, col != colFirst && col != colLast && col != colSeverity
	}
	t.sortRows()
	t.table.Refresh()
}

func (t *findingsTab) sortRows() {
	less := func(a, b *store.Finding) int {
		switch t.sortCol {
		case colSeverity:
			return sevRank(b.Severity) - sevRank(a.Severity)
		case colStatus:
			return strings.Compare(a.Status, b.Status)
		case colPerson:
			return strings.Compare(t.names[a.PersonID], t.names[b.PersonID])
		case colKind:
			return strings.Compare(a.Kind, b.Kind)
		case colMasked:
			return strings.Compare(a.Masked, b.Masked)
		case colSite:
			return strings.Compare(a.Host, b.Host)
		case colLast:
			return a.LastSeen.Compare(b.LastSeen)
		}
		return a.FirstSeen.Compare(b.FirstSeen)
	}
	slices.SortStableFunc(t.rows, func(i, j int) int {
		c := less(&t.all[i], &t.all[j])
		if !t.sortAsc {
			c = -c
		}
		if c == 0 {
			return strings.Compare(t.all[i].ID, t.all[j].ID)
		}
		return c
	})
}

func (t *findingsTab) selectedIDs() []string {
	var ids []string
	for _, i := range t.rows {
		if t.checked[t.all[i].ID] {
			ids = append(ids, t.all[i].ID)
		}
	}
	return ids
}

func (t *findingsTab) updateBulk() {
	t.bulk.RemoveAll()
	ids := t.selectedIDs()
	all := widget.NewButton(T("findings.select_all"), func() {
		on := len(ids) < len(t.rows)
		for _, i := range t.rows {
			t.checked[t.all[i].ID] = on
		}
		t.table.Refresh()
		t.updateBulk()
	})
	t.bulk.Add(all)
	if len(ids) == 0 {
		return
	}
	t.bulk.Add(widget.NewLabel(T("findings.selected", "N", len(ids))))
	t.bulk.Add(widget.NewButtonWithIcon(T("action.confirm"), theme.ConfirmIcon(), func() { t.mark(ids, monitor.StatusConfirmed) }))
	t.bulk.Add(widget.NewButtonWithIcon(T("action.false_positive"), theme.CancelIcon(), func() { t.mark(ids, monitor.StatusFalsePositive) }))
	t.bulk.Add(widget.NewButtonWithIcon(T("action.case"), theme.MailSendIcon(), func() { t.startCases(ids) }))
}

// mark moves findings to status; the monitor writes the timeline and the
// custody log.
func (t *findingsTab) mark(ids []string, status string) {
	for _, id := range ids {
		if err := t.u.mon.MarkFinding(id, status, ""); err != nil {
			t.u.showError(T("findings.mark_failed"), err)
			break
		}
	}
	clear(t.checked)
	t.u.refresh()
}

// find returns the loaded finding with id, or nil.
func (t *findingsTab) find(id string) *store.Finding {
	return findByID(t.all, id, func(f *store.Finding) string { return f.ID })
}

func (t *findingsTab) showDetail() {
	f := t.find(t.selID)
	if !startDetail(t.detail, f != nil, len(t.all), "findings.pick") {
		return
	}
	head := widget.NewLabelWithStyle(fmt.Sprintf("%s · %s · %s", T("sev."+f.Severity), T("kind."+f.Kind), f.Masked),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	id, host := f.ID, f.Host
	confirm := widget.NewButtonWithIcon(T("action.confirm"), theme.ConfirmIcon(), func() { t.mark([]string{id}, monitor.StatusConfirmed) })
	confirm.Importance = widget.HighImportance
	fp := widget.NewButtonWithIcon(T("action.false_positive"), theme.CancelIcon(), func() { t.mark([]string{id}, monitor.StatusFalsePositive) })
	recheck := widget.NewButtonWithIcon(T("action.recheck"), theme.ViewRefreshIcon(), func() { t.recheck(host) })
	caseB := widget.NewButtonWithIcon(T("action.case"), theme.MailSendIcon(), func() { t.startCases([]string{id}) })
	t.actions = [4]*widget.Button{confirm, fp, recheck, caseB}
	t.detail.Add(container.NewBorder(nil, nil, nil, container.NewHBox(confirm, fp, recheck, caseB), head))
	t.detail.Add(widget.NewLabel(T("findings.status_is", "Status", T("status."+f.Status), "Where", T("where."+f.Where),
		"Form", T("form."+f.Form))))
	if f.Exposed != "" {
		t.detail.Add(widget.NewLabel(T("findings.exposed", "What", f.Exposed)))
	}
	t.detail.Add(snippetText(f.Snippet))

	link := widget.NewHyperlink(f.URL, nil)
	if u, err := url.Parse(f.URL); err == nil {
		link.URL = u
	}
	link.Truncation = fyne.TextTruncateEllipsis
	open := widget.NewButtonWithIcon(T("findings.open"), theme.ComputerIcon(), func() { t.u.openURL(f.URL) })
	copyB := widget.NewButtonWithIcon(T("findings.copy"), theme.ContentCopyIcon(), func() {
		t.u.app.Clipboard().SetContent(f.URL)
	})
	t.detail.Add(container.NewBorder(nil, nil, nil, container.NewHBox(open, copyB), link))

	var capt store.Capture
	err := t.u.db.View(func(tx *store.Tx) error {
		var err error
		capt, err = tx.GetCapture(f.CaptureID)
		return err
	})
	if err == nil {
		sha := widget.NewLabel(T("findings.capture", "When", capt.FetchedAt.UTC().Format("2006-01-02 15:04:05 UTC"), "SHA", capt.BodySHA256))
		sha.Wrapping = fyne.TextWrapBreak
		sha.TextStyle.Monospace = true
		t.detail.Add(sha)
	}

	t.detail.Add(widget.NewLabelWithStyle(T("findings.timeline"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, e := range f.Timeline {
		line := fmtTime(e.At) + "  " + T("status."+e.Status)
		if e.Note != "" {
			line += " — " + e.Note
		}
		t.detail.Add(widget.NewLabel(line))
	}
}

// snippetText renders the masked snippet with the match (between 【】, as
// the detector marks it) bold and coloured.
func snippetText(snippet string) *widget.RichText {
	var segs []widget.RichTextSegment
	rest := snippet
	for {
		i := strings.Index(rest, "【")
		j := strings.Index(rest, "】")
		if i < 0 || j < i {
			break
		}
		segs = append(segs,
			&widget.TextSegment{Text: rest[:i], Style: widget.RichTextStyleInline},
			&widget.TextSegment{Text: rest[i+len("【") : j], Style: widget.RichTextStyle{
				Inline: true, ColorName: theme.ColorNameError, TextStyle: fyne.TextStyle{Bold: true}}})
		rest = rest[j+len("】"):]
	}
	segs = append(segs, &widget.TextSegment{Text: rest, Style: widget.RichTextStyleInline})
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// recheck scans the sources on the finding's host now (all sources when
// none matches: the page may have been found through a search or feed).
func (t *findingsTab) recheck(host string) {
	s, err := t.u.load()
	if err != nil {
		return
	}
	var ids []string
	for _, src := range s.sources {
		if u, err := url.Parse(src.URL); err == nil && cases.OnHost(u.Hostname(), host) && src.Enabled {
			ids = append(ids, src.ID)
		}
	}
	t.u.SelectTab(TabScan)
	t.u.scanner.start(ids)
}

// startCases opens a draft case per (person, host) of the chosen findings
// and shows the Cases tab.
func (t *findingsTab) startCases(ids []string) {
	type key struct{ person, host string }
	groups := map[key][]string{}
	var order []key
	for _, id := range ids {
		f := t.find(id)
		if f == nil {
			continue
		}
		k := key{f.PersonID, cases.NormHost(f.Host)}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], id)
	}
	var last string
	for _, k := range order {
		c, err := cases.Create(context.Background(), t.u.db, k.person, k.host, cases.OpenOptions{Findings: groups[k]}, time.Now())
		if err != nil {
			t.u.showError(T("cases.create_failed"), err)
			return
		}
		last = c.ID
	}
	clear(t.checked)
	t.u.refresh()
	if last != "" {
		t.u.cases.selectCase(last)
		t.u.SelectTab(TabCases)
	}
}

func (u *UI) openURL(raw string) {
	if u.cfg.OpenURL != nil {
		_ = u.cfg.OpenURL(raw)
		return
	}
	p, err := url.Parse(raw)
	if err != nil {
		return
	}
	if err := u.app.OpenURL(p); err != nil {
		dialog.ShowError(err, u.win)
	}
}
