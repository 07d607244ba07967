package gui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// overviewTab answers "what is exposed, how bad, what next" at a glance.
type overviewTab struct {
	u       *UI
	content fyne.CanvasObject

	sevCount  map[string]*canvas.Text
	empty     *widget.Label
	peopleBox *fyne.Container
	lastScan  *widget.Label
	nextScan  *widget.Label
	due       *widget.Label
	chart     *barChart
}

func newOverviewTab(u *UI) *overviewTab {
	t := &overviewTab{u: u, sevCount: map[string]*canvas.Text{}}
	var cards []fyne.CanvasObject
	for _, sev := range severities[:4] {
		n := canvas.NewText("0", severityColor(sev))
		n.TextSize = 34
		n.TextStyle = fyne.TextStyle{Bold: true}
		n.Alignment = fyne.TextAlignCenter
		t.sevCount[sev] = n
		cards = append(cards, widget.NewCard("", "", container.NewVBox(n,
			widget.NewLabelWithStyle(T("sev."+sev), fyne.TextAlignCenter, fyne.TextStyle{}))))
	}
	t.empty = widget.NewLabel("")
	t.empty.Wrapping = fyne.TextWrapWord
	t.empty.Importance = widget.HighImportance
	t.peopleBox = container.NewVBox()
	t.lastScan = widget.NewLabel("")
	t.nextScan = widget.NewLabel("")
	t.due = widget.NewLabel("")
	t.due.Wrapping = fyne.TextWrapWord
	t.due.Importance = widget.WarningImportance
	t.chart = newBarChart()
	scan := widget.NewButtonWithIcon(T("overview.scan_now"), theme.MediaPlayIcon(), u.ScanNow)
	scan.Importance = widget.HighImportance
	title := widget.NewLabelWithStyle(T("overview.open_findings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.content = container.NewVScroll(container.NewVBox(
		title,
		container.NewGridWithColumns(4, cards...),
		t.empty,
		t.due,
		container.NewGridWithColumns(2,
			widget.NewCard(T("overview.people_new"), "", t.peopleBox),
			widget.NewCard(T("overview.scans"), "", container.NewVBox(t.lastScan, t.nextScan, scan)),
		),
		widget.NewCard(T("overview.chart"), "", t.chart),
	))
	return t
}

func (t *overviewTab) refresh(s *snapshot) {
	counts := map[string]int{}
	perPerson := map[string]int{}
	var seen []time.Time
	for _, f := range s.findings {
		seen = append(seen, f.FirstSeen)
		if !openStatus(f.Status) {
			continue
		}
		counts[f.Severity]++
		if f.Status == "new" || f.Status == "reappeared" {
			perPerson[f.PersonID]++
		}
	}
	for sev, txt := range t.sevCount {
		txt.Text = fmt.Sprint(counts[sev])
		txt.Refresh()
	}
	t.chart.set(seen, time.Now())

	switch {
	case len(s.people) == 0:
		t.empty.SetText(T("overview.empty_people"))
	case len(s.sources) == 0:
		t.empty.SetText(T("overview.empty_sources"))
	case len(s.runs) == 0:
		t.empty.SetText(T("overview.empty_scan"))
	case len(s.findings) == 0:
		t.empty.SetText(T("overview.all_clear"))
	default:
		t.empty.SetText("")
	}
	showIf(t.empty, t.empty.Text != "")

	type pc struct {
		id string
		n  int
	}
	var pcs []pc
	for id, n := range perPerson {
		pcs = append(pcs, pc{id, n})
	}
	sort.Slice(pcs, func(i, j int) bool { return pcs[i].n > pcs[j].n || pcs[i].n == pcs[j].n && pcs[i].id < pcs[j].id })
	t.peopleBox.RemoveAll()
	if len(pcs) == 0 {
		t.peopleBox.Add(widget.NewLabel(T("overview.people_none")))
	}
	for _, p := range pcs {
		id := p.id
		name := s.names[id]
		if name == "" {
			name = T("people.unknown")
		}
		b := widget.NewButton(T("overview.person_new", "Name", name, "N", p.n), func() {
			t.u.findings.filterPerson(id)
			t.u.SelectTab(TabFindings)
		})
		b.Alignment = widget.ButtonAlignLeading
		t.peopleBox.Add(b)
	}

	if len(s.runs) > 0 {
		r := s.runs[0]
		t.lastScan.SetText(T("overview.last_scan", "When", fmtTime(r.StartedAt), "Pages", r.Pages, "New", r.New, "Status", T("run."+r.Status)))
	} else {
		t.lastScan.SetText(T("overview.last_scan_none"))
	}
	var next time.Time
	for _, src := range s.sources {
		if src.Enabled && (next.IsZero() || src.NextDue.Before(next)) {
			next = src.NextDue
		}
	}
	switch {
	case next.IsZero():
		t.nextScan.SetText(T("overview.next_scan_none"))
	case t.u.paused:
		t.nextScan.SetText(T("overview.paused"))
	default:
		t.nextScan.SetText(T("overview.next_scan", "When", fmtTime(next)))
	}

	var dueCases []string
	now := time.Now()
	for _, c := range s.cases {
		if !c.Deadline.IsZero() && c.Deadline.Before(now) && (c.Status == "sent" || c.Status == "acknowledged") {
			dueCases = append(dueCases, c.Host)
		}
	}
	if len(dueCases) > 0 {
		t.due.SetText(T("overview.overdue", "N", len(dueCases), "Hosts", strings.Join(dueCases, ", ")))
	} else {
		t.due.SetText("")
	}
	showIf(t.due, t.due.Text != "")
}

// showIf shows or hides o.
func showIf(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}
