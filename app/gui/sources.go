package gui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/doxguard/doxguard/monitor"
	"github.com/doxguard/doxguard/store"
)

// sourcesTab lists what DoxGuard watches, with each source's last result.
type sourcesTab struct {
	u       *UI
	content fyne.CanvasObject

	list    *widget.List
	items   []store.Source
	empty   *widget.Label
	testOut *widget.Label
	// lastTest holds the URLs of the last "test this source" (tests read it).
	lastTest []string
}

func newSourcesTab(u *UI) *sourcesTab {
	t := &sourcesTab{u: u}
	t.empty = widget.NewLabel(T("sources.empty"))
	t.empty.Wrapping = fyne.TextWrapWord
	t.testOut = widget.NewLabel("")
	t.testOut.Wrapping = fyne.TextWrapBreak
	t.list = widget.NewList(func() int { return len(t.items) },
		func() fyne.CanvasObject {
			title := widget.NewLabel("")
			title.Truncation = fyne.TextTruncateEllipsis
			status := widget.NewLabel("")
			status.Importance = widget.LowImportance
			enabled := widget.NewCheck(T("sources.enabled"), nil)
			buttons := container.NewHBox(enabled,
				widget.NewButtonWithIcon(T("sources.test"), theme.SearchIcon(), nil),
				widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), nil),
				widget.NewButtonWithIcon("", theme.DeleteIcon(), nil))
			return container.NewBorder(nil, nil, nil, buttons, container.NewVBox(title, status))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			src := t.items[i]
			c := o.(*fyne.Container)
			texts := c.Objects[0].(*fyne.Container)
			texts.Objects[0].(*widget.Label).SetText(fmt.Sprintf("[%s] %s", T("skind."+src.Kind), src.URL))
			texts.Objects[1].(*widget.Label).SetText(sourceStatus(src))
			btns := c.Objects[1].(*fyne.Container)
			chk := btns.Objects[0].(*widget.Check)
			chk.OnChanged = nil
			chk.SetChecked(src.Enabled)
			chk.OnChanged = func(on bool) { t.setEnabled(src.ID, on) }
			btns.Objects[1].(*widget.Button).OnTapped = func() { t.test(src) }
			btns.Objects[2].(*widget.Button).OnTapped = func() { t.edit(&src) }
			btns.Objects[3].(*widget.Button).OnTapped = func() { t.remove(src) }
		})
	add := widget.NewButtonWithIcon(T("sources.add"), theme.ContentAddIcon(), func() { t.edit(nil) })
	add.Importance = widget.HighImportance
	top := container.NewVBox(container.NewHBox(add), t.empty)
	bottom := container.NewVBox(widget.NewSeparator(), t.testOut)
	t.content = container.NewBorder(top, bottom, nil, nil, t.list)
	return t
}

func sourceStatus(s store.Source) string {
	every := T("sources.every", "D", fmtEvery(s.Every))
	if s.LastRun.IsZero() {
		return T("sources.never") + " · " + every
	}
	st := T("sources.last", "When", fmtTime(s.LastRun), "Status", tOr("run."+s.LastStatus, s.LastStatus))
	if s.LastError != "" {
		st += " · " + s.LastError
	}
	return st + " · " + every + " · " + T("sources.next", "When", fmtTime(s.NextDue))
}

func fmtEvery(d time.Duration) string {
	switch {
	case d <= 0:
		return fmtEvery(monitor.DefaultEvery)
	case d%(24*time.Hour) == 0:
		return T("dur.days", "N", int(d/(24*time.Hour)))
	case d%time.Hour == 0:
		return T("dur.hours", "N", int(d/time.Hour))
	}
	return T("dur.minutes", "N", int(d/time.Minute))
}

func (t *sourcesTab) refresh(s *snapshot) {
	t.items = s.sources
	showIf(t.empty, len(t.items) == 0)
	t.list.Refresh()
}

func (t *sourcesTab) setEnabled(id string, on bool) {
	err := t.u.db.Update(func(tx *store.Tx) error {
		s, err := tx.GetSource(id)
		if err != nil {
			return err
		}
		s.Enabled = on
		return tx.PutSource(&s)
	})
	if err != nil {
		t.u.showError(T("sources.save_failed"), err)
	}
	t.u.refresh()
}

func (t *sourcesTab) remove(src store.Source) {
	dialog.ShowConfirm(T("sources.remove"), T("sources.remove_confirm", "URL", src.URL), func(ok bool) {
		if !ok {
			return
		}
		if err := t.u.mon.RemoveSource(src.ID); err != nil {
			t.u.showError(T("sources.save_failed"), err)
		}
		t.u.refresh()
	}, t.u.win)
}

// test fetches the source once (nothing stored) and shows what a scan
// would crawl.
func (t *sourcesTab) test(src store.Source) {
	t.testOut.SetText(T("sources.testing", "URL", src.URL))
	mon := t.u.mon
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		urls, err := mon.TestSource(ctx, src)
		fyne.Do(func() {
			t.lastTest = urls
			var b strings.Builder
			if err != nil {
				b.WriteString(T("sources.test_failed", "Err", humanError(err)) + "\n")
			}
			b.WriteString(T("sources.test_result", "N", len(urls)) + "\n")
			for i, u := range urls {
				if i == 20 {
					b.WriteString(T("import.more", "N", len(urls)-20))
					break
				}
				b.WriteString(u + "\n")
			}
			t.testOut.SetText(b.String())
			t.u.signal()
		})
	}()
}

// sourceForm is the add/edit dialog's widgets (tests fill them).
type sourceForm struct {
	url, depth, every, pages *widget.Entry
	kind                     *widget.Select
	submit                   func()
}

var sourceKinds = []string{monitor.KindPage, monitor.KindSite, monitor.KindSitemap, monitor.KindFeed, monitor.KindSearch}

func (t *sourcesTab) edit(src *store.Source) {
	f := &sourceForm{url: widget.NewEntry(), depth: widget.NewEntry(), every: widget.NewEntry(), pages: widget.NewEntry()}
	var labels []string
	for _, k := range sourceKinds {
		labels = append(labels, T("skind."+k))
	}
	f.kind = widget.NewSelect(labels, nil)
	f.url.SetPlaceHolder("https://")
	f.depth.SetText("1")
	f.every.SetText(strconv.Itoa(int(monitor.DefaultEvery / time.Hour)))
	f.kind.SetSelectedIndex(0)
	if src != nil {
		f.url.SetText(src.URL)
		f.depth.SetText(strconv.Itoa(src.Depth))
		f.every.SetText(strconv.Itoa(int(src.Every / time.Hour)))
		if src.MaxPages > 0 {
			f.pages.SetText(strconv.Itoa(src.MaxPages))
		}
		for i, k := range sourceKinds {
			if k == src.Kind {
				f.kind.SetSelectedIndex(i)
			}
		}
	}
	hint := widget.NewLabel(T("sources.hint"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	items := []*widget.FormItem{
		widget.NewFormItem(T("sources.url"), f.url),
		widget.NewFormItem(T("sources.kind"), f.kind),
		widget.NewFormItem(T("sources.depth"), f.depth),
		widget.NewFormItem(T("sources.max_pages"), f.pages),
		widget.NewFormItem(T("sources.every_hours"), f.every),
		widget.NewFormItem("", hint),
	}
	f.submit = func() { t.save(src, f) }
	d := dialog.NewForm(T("sources.add"), T("btn.save"), T("btn.cancel"), items, func(ok bool) {
		if ok {
			f.submit()
		}
	}, t.u.win)
	d.Resize(fyne.NewSize(520, 420))
	d.Show()
	t.u.sourceDialog = f
}

func (t *sourcesTab) save(old *store.Source, f *sourceForm) {
	depth, _ := strconv.Atoi(strings.TrimSpace(f.depth.Text))
	pages, _ := strconv.Atoi(strings.TrimSpace(f.pages.Text))
	hours, err := strconv.ParseFloat(strings.TrimSpace(f.every.Text), 64)
	if err != nil || hours <= 0 {
		hours = monitor.DefaultEvery.Hours()
	}
	spec := monitor.SourceSpec{URL: strings.TrimSpace(f.url.Text), Kind: sourceKinds[max(f.kind.SelectedIndex(), 0)],
		Depth: depth, MaxPages: pages, Every: time.Duration(hours * float64(time.Hour))}
	if old != nil {
		// The monitor validates sources only on AddSource: replace the old
		// record, then carry its history (last run, due time) over.
		spec.Disabled = !old.Enabled
		if err := t.u.mon.RemoveSource(old.ID); err != nil {
			t.u.showError(T("sources.save_failed"), err)
			return
		}
	}
	src, err := t.u.mon.AddSource(spec)
	if err != nil {
		var se *monitor.SourceError
		if errors.As(err, &se) {
			t.u.showError(T("sources.refused"), errors.New(se.Reason))
		} else {
			t.u.showError(T("sources.save_failed"), err)
		}
		if old != nil { // put the unchanged source back
			restored := *old
			_ = t.u.db.Update(func(tx *store.Tx) error { return tx.PutSource(&restored) })
		}
	} else if old != nil {
		src.LastRun, src.LastStatus, src.LastError, src.NextDue = old.LastRun, old.LastStatus, old.LastError, old.NextDue
		if err := t.u.db.Update(func(tx *store.Tx) error { return tx.PutSource(&src) }); err != nil {
			t.u.showError(T("sources.save_failed"), err)
		}
	}
	t.u.refresh()
}
