package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// reportsTab chooses a person, a period and a language and writes the PDF
// evidence report (app/report).
type reportsTab struct {
	u       *UI
	content fyne.CanvasObject

	person    *widget.Select
	lang      *widget.Select
	from, to  *widget.Entry
	status    *widget.Label
	personIDs []string
	genBtn    *widget.Button
	lastErr   error
}

func newReportsTab(u *UI) *reportsTab {
	t := &reportsTab{u: u}
	t.person = widget.NewSelect(nil, nil)
	t.lang = widget.NewSelect([]string{"中文", "English"}, nil)
	if Language() == LangEN {
		t.lang.SetSelectedIndex(1)
	} else {
		t.lang.SetSelectedIndex(0)
	}
	t.from, t.to = widget.NewEntry(), widget.NewEntry()
	t.from.SetPlaceHolder("2026-01-01")
	t.to.SetPlaceHolder("2026-12-31")
	t.status = widget.NewLabel("")
	t.status.Wrapping = fyne.TextWrapWord
	intro := widget.NewLabel(T("reports.intro"))
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(T("reports.person"), t.person),
		widget.NewFormItem(T("reports.lang"), t.lang),
		widget.NewFormItem(T("reports.from"), t.from),
		widget.NewFormItem(T("reports.to"), t.to),
	)
	t.content = container.NewVScroll(container.NewVBox(intro, form, t.generateButton(), t.status))
	return t
}

func (t *reportsTab) refresh(s *snapshot) {
	t.personIDs = t.personIDs[:0]
	var names []string
	for _, p := range s.people {
		t.personIDs = append(t.personIDs, p.ID)
		names = append(names, p.Name)
	}
	sel := t.person.SelectedIndex()
	t.person.Options = names
	if sel < 0 && len(names) > 0 {
		sel = 0
	}
	if sel >= 0 && sel < len(names) {
		t.person.SetSelectedIndex(sel)
	}
	t.person.Refresh()
	if len(names) == 0 {
		t.status.SetText(T("reports.no_people"))
	}
}
