package gui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/doxguard/doxguard/app/letters"
	"github.com/doxguard/doxguard/app/report"
	"github.com/doxguard/doxguard/monitor/cases"
	"github.com/doxguard/doxguard/store"
)

// casesTab: suggested and open cases on the left; the chosen case, its
// findings, timeline and letter editor on the right. Nothing is ever sent
// automatically: the user copies or exports the letter and tells DoxGuard
// when it went out.
type casesTab struct {
	u       *UI
	content fyne.CanvasObject

	list    *widget.List
	items   []store.Case
	names   map[string]string
	suggest *fyne.Container
	detail  *fyne.Container
	selID   string

	// The letter being edited (tests read it).
	letter  *widget.Entry
	current *letters.Letter
	secrets []letters.Secret
	// lastEvidence is the evidence report last written beside a letter.
	lastEvidence string
}

func newCasesTab(u *UI) *casesTab {
	t := &casesTab{u: u, names: map[string]string{}}
	t.list = widget.NewList(func() int { return len(t.items) },
		func() fyne.CanvasObject {
			return container.NewVBox(widget.NewLabel(""), widget.NewLabel(""))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := t.items[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%s · %s", caseTitle(c), t.names[c.PersonID]))
			sub := box.Objects[1].(*widget.Label)
			sub.Importance = widget.MediumImportance
			line := T("case."+c.Status) + " · " + T("cases.n_findings", "N", len(c.FindingIDs))
			if !c.Deadline.IsZero() {
				line += " · " + T("cases.deadline", "When", fmtTime(c.Deadline))
				if c.Deadline.Before(time.Now()) && cases.Open(c.Status) {
					sub.Importance = widget.DangerImportance
				}
			}
			sub.SetText(line)
		})
	t.list.OnSelected = func(i widget.ListItemID) {
		t.selID = t.items[i].ID
		t.showDetail()
	}
	t.suggest = container.NewVBox()
	t.detail = container.NewVBox()
	left := container.NewBorder(t.suggest, nil, nil, nil, t.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(t.detail)))
	split.Offset = 0.34
	t.content = split
	return t
}

func caseTitle(c store.Case) string {
	if c.Platform != "" {
		return c.Platform
	}
	return c.Host
}

func (t *casesTab) refresh(s *snapshot) {
	t.items, t.names = s.cases, s.names
	t.list.Refresh()
	t.suggest.RemoveAll()
	sug, err := cases.Suggest(context.Background(), t.u.db, "")
	if err == nil && len(sug) > 0 {
		t.suggest.Add(widget.NewLabelWithStyle(T("cases.suggested"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for i, sg := range sug {
			if i == 5 {
				break
			}
			sg := sg
			b := widget.NewButtonWithIcon(T("cases.open_for", "Host", sg.Host, "Name", s.names[sg.PersonID], "N", len(sg.FindingIDs)),
				theme.ContentAddIcon(), func() {
					c, err := cases.Create(context.Background(), t.u.db, sg.PersonID, sg.Host, cases.OpenOptions{Findings: sg.FindingIDs}, time.Now())
					if err != nil {
						t.u.showError(T("cases.create_failed"), err)
						return
					}
					t.selID = c.ID
					t.u.refresh()
				})
			b.Alignment = widget.ButtonAlignLeading
			t.suggest.Add(b)
		}
		t.suggest.Add(widget.NewSeparator())
	}
	if len(t.items) == 0 && len(sug) == 0 {
		l := widget.NewLabel(T("cases.empty"))
		l.Wrapping = fyne.TextWrapWord
		t.suggest.Add(l)
	}
	t.showDetail()
}

func (t *casesTab) selectCase(id string) {
	t.selID = id
	t.showDetail()
}

func (t *casesTab) showDetail() {
	c := findByID(t.items, t.selID, func(c *store.Case) string { return c.ID })
	if !startDetail(t.detail, c != nil, len(t.items), "cases.pick") {
		return
	}
	title := widget.NewLabelWithStyle(caseTitle(*c)+" — "+T("case."+c.Status), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	t.detail.Add(title)
	info := T("cases.info", "Host", c.Host, "N", len(c.FindingIDs))
	if c.Ref != "" {
		info += " · " + T("cases.ref", "Ref", c.Ref)
	}
	if !c.SentAt.IsZero() {
		info += " · " + T("cases.sent_at", "When", fmtTime(c.SentAt))
	}
	t.detail.Add(widget.NewLabel(info))
	for _, e := range c.Timeline {
		line := fmtTime(e.At) + "  " + T("case."+e.Status)
		if e.Note != "" {
			line += " — " + e.Note
		}
		t.detail.Add(widget.NewLabel(line))
	}
	for _, l := range c.Letters {
		lab := widget.NewLabel(T("cases.letter_made", "Template", l.Template, "Format", l.Format, "SHA", shortHash(l.SHA256)))
		lab.Importance = widget.LowImportance
		t.detail.Add(lab)
	}

	// Letter editor.
	dir, _ := letters.LoadDirectory(letters.OverrideDirFor(t.u.db.Path()))
	var names, titles []string
	lang := letters.LangZH
	if Language() == LangEN {
		lang = letters.LangEN
	}
	for _, tp := range letters.Templates() {
		names = append(names, tp.Name)
		titles = append(titles, tp.Title(lang))
	}
	tplSel := widget.NewSelect(titles, nil)
	if dir != nil {
		sug := letters.Suggest(*c, dir)
		for i, n := range names {
			if n == sug {
				tplSel.SetSelectedIndex(i)
			}
		}
	}
	if tplSel.SelectedIndex() < 0 {
		tplSel.SetSelectedIndex(0)
	}
	langSel := widget.NewSelect([]string{"中文", "English"}, nil)
	if lang == letters.LangEN {
		langSel.SetSelectedIndex(1)
	} else {
		langSel.SetSelectedIndex(0)
	}
	t.letter = widget.NewMultiLineEntry()
	t.letter.Wrapping = fyne.TextWrapWord
	t.letter.SetMinRowsVisible(18)
	t.letter.OnChanged = func(string) { t.u.touch() } // editing is activity
	t.current = nil
	makeDraft := func() {
		lg := letters.LangZH
		if langSel.SelectedIndex() == 1 {
			lg = letters.LangEN
		}
		l, secrets, err := letters.Make(context.Background(), t.u.db, letters.Renderer{OverrideDir: letters.OverrideDirFor(t.u.db.Path())},
			c.ID, letters.BuildOptions{Lang: lg, Dir: dir, Template: names[tplSel.SelectedIndex()]})
		if err != nil {
			t.u.showError(T("cases.draft_failed"), err)
			return
		}
		t.current, t.secrets = &l, secrets
		t.letter.SetText(l.Markdown)
	}
	draft := widget.NewButtonWithIcon(T("cases.draft"), theme.DocumentCreateIcon(), makeDraft)
	draft.Importance = widget.HighImportance
	copyB := widget.NewButtonWithIcon(T("cases.copy"), theme.ContentCopyIcon(), func() {
		if t.checkLetter() {
			t.u.app.Clipboard().SetContent(t.letter.Text)
		}
	})
	export := widget.NewButtonWithIcon(T("cases.export"), theme.DocumentSaveIcon(), func() { t.exportLetter(c.ID) })
	sent := widget.NewButtonWithIcon(T("cases.mark_sent"), theme.MailSendIcon(), func() { t.markSent(c.ID) })
	closeB := widget.NewButtonWithIcon(T("cases.close"), theme.CancelIcon(), func() { t.closeCase(c.ID) })
	t.detail.Add(widget.NewSeparator())
	t.detail.Add(container.NewGridWithColumns(2, tplSel, langSel))
	t.detail.Add(container.NewHBox(draft, copyB, export))
	t.detail.Add(t.letter)
	note := widget.NewLabel(T("cases.never_sent"))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	t.detail.Add(note)
	if cases.Open(c.Status) {
		t.detail.Add(container.NewHBox(sent, closeB))
		// An open case starts with its suggested letter drafted: the
		// user edits rather than starts from a blank page.
		makeDraft()
	}
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// checkLetter re-checks the (possibly edited) letter against the
// registered values: an edit must not put a full identifier back in.
func (t *casesTab) checkLetter() bool {
	if t.current == nil || t.letter.Text == "" {
		dialog.ShowInformation(T("cases.letter"), T("cases.draft_first"), t.u.win)
		return false
	}
	if err := letters.Check(t.letter.Text, t.secrets); err != nil {
		t.u.showError(T("cases.leak"), err)
		return false
	}
	return true
}

func (t *casesTab) exportLetter(caseID string) {
	if !t.checkLetter() {
		return
	}
	l := *t.current
	l.Markdown = t.letter.Text
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		format, err := letters.FormatFromPath(w.URI().Path())
		if err != nil {
			format = letters.FormatPDF
		}
		data, err := l.Bytes(context.Background(), format)
		if err == nil {
			_, err = w.Write(data)
		}
		if err != nil {
			t.u.showError(T("cases.export_failed"), err)
			return
		}
		sum := sha256.Sum256(data)
		ref := store.LetterRef{Template: l.Template, Lang: l.Lang, Format: string(format), SHA256: hex.EncodeToString(sum[:]), CreatedAt: time.Now().UTC()}
		if _, err := cases.AddLetter(context.Background(), t.u.db, caseID, ref); err != nil {
			t.u.showError(T("cases.export_failed"), err)
		}
		if p := w.URI().Path(); w.URI().Scheme() == "file" && p != "" {
			t.writeEvidence(caseID, l.Lang, p)
		}
		t.u.refresh()
	}, t.u.win)
	d.SetFileName(l.Template + "." + l.Lang + ".pdf")
	d.Show()
}

// writeEvidence puts the case's PDF evidence report beside an exported
// letter (FILE-evidence.pdf): platforms and courts want the two together.
func (t *casesTab) writeEvidence(caseID, lang, letterPath string) {
	path := strings.TrimSuffix(letterPath, filepath.Ext(letterPath)) + "-evidence.pdf"
	data, err := report.ForCase(context.Background(), t.u.db, caseID)
	if err == nil {
		data.Lang, data.Version = lang, t.u.version()
		var buf bytes.Buffer
		if err = report.Render(data, &buf); err == nil {
			err = os.WriteFile(path, buf.Bytes(), 0o600)
		}
	}
	if err != nil {
		t.u.showError(T("cases.evidence_failed"), err)
		return
	}
	t.lastEvidence = path
	dialog.ShowInformation(T("cases.letter"), T("cases.evidence_written", "Path", path), t.u.win)
}

func (t *casesTab) markSent(caseID string) {
	channel := widget.NewEntry()
	channel.SetPlaceHolder(T("cases.channel_hint"))
	ref := widget.NewEntry()
	days := widget.NewEntry()
	days.SetText("7")
	items := []*widget.FormItem{
		widget.NewFormItem(T("cases.channel"), channel),
		widget.NewFormItem(T("cases.refno"), ref),
		widget.NewFormItem(T("cases.reply_days"), days),
	}
	dialog.ShowForm(T("cases.mark_sent"), T("btn.save"), T("btn.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		var n int
		_, _ = fmt.Sscan(strings.TrimSpace(days.Text), &n)
		now := time.Now()
		info := cases.SentInfo{At: now, Channel: channel.Text, Ref: ref.Text}
		if n > 0 {
			info.Deadline = now.AddDate(0, 0, n)
		}
		if _, err := cases.MarkSent(context.Background(), t.u.db, caseID, info); err != nil {
			t.u.showError(T("cases.save_failed"), err)
		}
		t.u.refresh()
	}, t.u.win)
}

func (t *casesTab) closeCase(caseID string) {
	outcomes := []string{"resolved", "refused", "withdrawn"}
	sel := widget.NewSelect(mapT("outcome.", outcomes), nil)
	sel.SetSelectedIndex(0)
	dialog.ShowForm(T("cases.close"), T("btn.save"), T("btn.cancel"), []*widget.FormItem{widget.NewFormItem(T("cases.outcome"), sel)}, func(ok bool) {
		if !ok {
			return
		}
		if _, err := cases.Close(context.Background(), t.u.db, caseID, outcomes[sel.SelectedIndex()], "", time.Now()); err != nil {
			t.u.showError(T("cases.save_failed"), err)
		}
		t.u.refresh()
	}, t.u.win)
}

// casesStatuses are the statuses a case (and its timeline) can show.
func casesStatuses() []string { return cases.Statuses }
