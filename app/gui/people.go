package gui

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/monitor/roster"
	"github.com/doxguard/doxguard/store"
)

// peopleTab is the roster: a searchable list on the left, the selected
// person's details and identifiers on the right.
type peopleTab struct {
	u       *UI
	content fyne.CanvasObject

	search   *widget.Entry
	tagSel   *widget.Select
	list     *widget.List
	detail   *fyne.Container
	all      []store.Person
	shown    []store.Person
	ids      map[string][]store.Identifier
	selID    string
	revealed map[string]bool // identifier IDs shown in full (in RAM only)

	// The add-identifier form of the selected person (tests drive it).
	kindSel  *widget.Select
	value    *widget.Entry
	valueMsg *widget.Label
	addID    *widget.Button
}

func newPeopleTab(u *UI) *peopleTab {
	t := &peopleTab{u: u, ids: map[string][]store.Identifier{}, revealed: map[string]bool{}}
	t.search = widget.NewEntry()
	t.search.SetPlaceHolder(T("people.search"))
	t.search.OnChanged = func(string) { t.filter() }
	t.tagSel = widget.NewSelect(nil, func(string) { t.filter() })
	t.tagSel.PlaceHolder = T("people.all_tags")
	t.list = widget.NewList(func() int { return len(t.shown) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), widget.NewLabel(""), widget.NewLabel(""))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			p := t.shown[i]
			c.Objects[0].(*widget.Label).SetText(p.Name)
			c.Objects[1].(*widget.Icon).SetResource(theme.AccountIcon())
			c.Objects[2].(*widget.Label).SetText(strings.Join(p.Tags, " · "))
		})
	t.list.OnSelected = func(i widget.ListItemID) {
		t.selID = t.shown[i].ID
		t.showDetail()
	}
	add := widget.NewButtonWithIcon(T("people.add"), theme.ContentAddIcon(), func() { t.editPerson(nil) })
	add.Importance = widget.HighImportance
	imp := widget.NewButtonWithIcon(T("people.import"), theme.FolderOpenIcon(), t.importRoster)
	exp := widget.NewButtonWithIcon(T("people.export"), theme.DownloadIcon(), t.exportRoster)
	left := container.NewBorder(container.NewVBox(t.search, t.tagSel), container.NewHBox(add, imp, exp), nil, nil, t.list)
	t.detail = container.NewVBox()
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(t.detail)))
	split.Offset = 0.35
	t.content = split
	return t
}

func (t *peopleTab) refresh(s *snapshot) {
	t.all = s.people
	t.ids = s.ids
	tags := []string{T("people.all_tags")}
	for _, p := range s.people {
		for _, tg := range p.Tags {
			if !slices.Contains(tags, tg) {
				tags = append(tags, tg)
			}
		}
	}
	t.tagSel.Options = tags
	t.filter()
	t.showDetail()
}

func (t *peopleTab) filter() {
	q := strings.ToLower(strings.TrimSpace(t.search.Text))
	tag := t.tagSel.Selected
	if tag == T("people.all_tags") {
		tag = ""
	}
	t.shown = t.shown[:0]
	for _, p := range t.all {
		if tag != "" && !slices.Contains(p.Tags, tag) {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(p.Name+" "+strings.Join(p.Aliases, " ")+" "+strings.Join(p.Tags, " ")), q) {
			continue
		}
		t.shown = append(t.shown, p)
	}
	t.list.Refresh()
}

func (t *peopleTab) selected() *store.Person {
	return findByID(t.all, t.selID, func(p *store.Person) string { return p.ID })
}

func (t *peopleTab) showDetail() {
	t.detail.RemoveAll()
	p := t.selected()
	if p == nil {
		msg := T("people.pick")
		if len(t.all) == 0 {
			msg = T("people.empty")
		}
		l := widget.NewLabel(msg)
		l.Wrapping = fyne.TextWrapWord
		t.detail.Add(l)
		return
	}
	name := widget.NewLabelWithStyle(p.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameHeadingText
	edit := widget.NewButtonWithIcon(T("people.edit"), theme.DocumentCreateIcon(), func() { t.editPerson(p) })
	del := widget.NewButtonWithIcon(T("people.delete"), theme.DeleteIcon(), func() { t.confirmDeletePerson(*p) })
	t.detail.Add(container.NewBorder(nil, nil, nil, container.NewHBox(edit, del), name))
	if len(p.Aliases) > 0 {
		t.detail.Add(widget.NewLabel(T("people.aliases") + ": " + strings.Join(p.Aliases, "、")))
	}
	if len(p.Tags) > 0 {
		t.detail.Add(widget.NewLabel(T("people.tags") + ": " + strings.Join(p.Tags, "、")))
	}
	t.detail.Add(widget.NewSeparator())
	t.detail.Add(widget.NewLabelWithStyle(T("people.identifiers"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	ids := t.ids[p.ID]
	if len(ids) == 0 {
		l := widget.NewLabel(T("people.no_ids"))
		l.Wrapping = fyne.TextWrapWord
		t.detail.Add(l)
	}
	for _, id := range ids {
		t.detail.Add(t.identifierRow(id))
	}
	t.detail.Add(widget.NewSeparator())
	t.detail.Add(t.addIdentifierForm(p.ID))
}

// identifierRow shows one identifier masked, with a reveal toggle: the
// full value is on screen only while the user asks for it.
func (t *peopleTab) identifierRow(id store.Identifier) fyne.CanvasObject {
	kind := widget.NewLabel(T("kind." + id.Kind))
	val := widget.NewLabel(id.Masked)
	if t.revealed[id.ID] {
		val.SetText(id.Value)
	}
	val.TextStyle = fyne.TextStyle{Monospace: true}
	var reveal *widget.Button
	reveal = widget.NewButtonWithIcon("", theme.VisibilityIcon(), func() {
		t.revealed[id.ID] = !t.revealed[id.ID]
		if t.revealed[id.ID] {
			val.SetText(id.Value)
			reveal.SetIcon(theme.VisibilityOffIcon())
		} else {
			val.SetText(id.Masked)
			reveal.SetIcon(theme.VisibilityIcon())
		}
	})
	if id.Kind == string(ident.KindPhoto) {
		reveal.Hide()
	}
	var left fyne.CanvasObject = kind
	if len(id.Thumb) > 0 {
		img := canvas.NewImageFromResource(fyne.NewStaticResource(id.ID+".png", id.Thumb))
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(48, 48))
		left = container.NewHBox(kind, img)
	}
	label := widget.NewLabel(id.Label)
	label.Importance = widget.LowImportance
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { t.confirmDeleteIdentifier(id) })
	return container.NewBorder(nil, nil, left, reveal, container.NewBorder(nil, nil, nil, del, container.NewHBox(val, label)))
}

// confirmDeletePerson asks before removing a person and their identifiers.
// Findings and evidence stay: they are the record of what happened.
func (t *peopleTab) confirmDeletePerson(p store.Person) {
	dialog.ShowConfirm(T("people.delete"), T("people.delete_confirm", "Name", p.Name), func(ok bool) {
		if ok {
			t.deletePerson(p.ID)
		}
	}, t.u.win)
}

func (t *peopleTab) deletePerson(id string) {
	if err := t.u.db.Update(func(tx *store.Tx) error { return tx.DeletePerson(id) }); err != nil {
		t.u.showError(T("people.delete_failed"), err)
		return
	}
	t.selID = ""
	t.u.refresh()
}

// confirmDeleteIdentifier asks before removing one identifier; the
// question names its kind and masked form only.
func (t *peopleTab) confirmDeleteIdentifier(id store.Identifier) {
	dialog.ShowConfirm(T("people.delete"), T("people.delete_id_confirm", "Kind", T("kind."+id.Kind), "Masked", id.Masked), func(ok bool) {
		if ok {
			t.deleteIdentifier(id.ID)
		}
	}, t.u.win)
}

func (t *peopleTab) deleteIdentifier(id string) {
	if err := t.u.db.Update(func(tx *store.Tx) error { return tx.DeleteIdentifier(id) }); err != nil {
		t.u.showError(T("people.delete_failed"), err)
		return
	}
	delete(t.revealed, id)
	t.u.refresh()
}

// kindOptions are the kinds offered in the add form, as translated labels.
func kindOptions() []string {
	var out []string
	for _, k := range ident.Kinds() {
		out = append(out, T("kind."+string(k)))
	}
	return out
}

func kindFromLabel(l string) ident.Kind {
	for _, k := range ident.Kinds() {
		if T("kind."+string(k)) == l {
			return k
		}
	}
	return ""
}

// addIdentifierForm validates as the user types with ident.Parse — the same
// validator the CLI and roster import use — and shows the masked form it
// will store.
func (t *peopleTab) addIdentifierForm(personID string) fyne.CanvasObject {
	t.kindSel = widget.NewSelect(kindOptions(), nil)
	t.kindSel.PlaceHolder = T("people.kind_pick")
	t.value = widget.NewEntry()
	t.value.SetPlaceHolder(T("people.value"))
	t.valueMsg = widget.NewLabel("")
	t.valueMsg.Wrapping = fyne.TextWrapWord
	label := widget.NewEntry()
	label.SetPlaceHolder(T("people.label"))
	var photo []byte
	var photoVal ident.Value
	var photoThumb []byte
	t.addID = widget.NewButtonWithIcon(T("people.add_id"), theme.ContentAddIcon(), nil)
	pick := widget.NewButtonWithIcon(T("people.pick_photo"), theme.FileImageIcon(), nil)
	pick.Hide()
	validate := func() {
		k := kindFromLabel(t.kindSel.Selected)
		t.addID.Disable()
		if k == "" {
			t.valueMsg.SetText("")
			return
		}
		if k == ident.KindPhoto {
			if photo == nil {
				t.valueMsg.SetText(T("people.photo_hint"))
				return
			}
			t.valueMsg.SetText(T("people.will_store", "Masked", photoVal.Masked))
			t.addID.Enable()
			return
		}
		if strings.TrimSpace(t.value.Text) == "" {
			t.valueMsg.SetText("")
			return
		}
		v, err := ident.Parse(k, t.value.Text)
		if err != nil {
			t.valueMsg.Importance = widget.DangerImportance
			t.valueMsg.SetText(validationText(err))
			return
		}
		t.valueMsg.Importance = widget.SuccessImportance
		t.valueMsg.SetText(T("people.will_store", "Masked", v.Masked))
		t.addID.Enable()
	}
	t.kindSel.OnChanged = func(string) {
		if kindFromLabel(t.kindSel.Selected) == ident.KindPhoto {
			t.value.Hide()
			pick.Show()
		} else {
			t.value.Show()
			pick.Hide()
		}
		validate()
	}
	t.value.OnChanged = func(string) { t.u.touch(); validate() }
	pick.OnTapped = func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			defer r.Close()
			b, err := io.ReadAll(io.LimitReader(r, 64<<20))
			if err != nil {
				t.u.showError(T("people.photo_failed"), err)
				return
			}
			v, thumb, err := ident.PhotoValue(b)
			if err != nil {
				t.valueMsg.SetText(validationText(err))
				return
			}
			photo, photoVal, photoThumb = b, v, thumb
			validate()
		}, t.u.win)
		d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg", ".gif"}))
		d.Show()
	}
	t.addID.OnTapped = func() {
		k := kindFromLabel(t.kindSel.Selected)
		var v ident.Value
		var thumb []byte
		if k == ident.KindPhoto {
			v, thumb = photoVal, photoThumb
		} else {
			var err error
			if v, err = ident.Parse(k, t.value.Text); err != nil {
				t.valueMsg.SetText(validationText(err))
				return
			}
		}
		rid := roster.Identifier{Value: v, Label: strings.TrimSpace(label.Text), Thumb: thumb}
		if err := t.u.db.Update(func(tx *store.Tx) error {
			_, err := roster.PutIdentifier(tx, personID, rid)
			return err
		}); err != nil {
			t.u.showError(T("people.add_failed"), err)
			return
		}
		t.value.SetText("")
		t.u.refresh()
	}
	t.addID.Disable()
	return container.NewVBox(
		widget.NewLabelWithStyle(T("people.add_id_title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewGridWithColumns(2, t.kindSel, label),
		t.value, pick, t.valueMsg, t.addID)
}

// validationText turns ident's English problem into the UI language: the
// kind is translated, the problem is shown as ident words it (validators
// are shared with the CLI, which is English).
func validationText(err error) string {
	var ve *ident.ValidationError
	if errors.As(err, &ve) {
		return T("people.invalid", "Kind", T("kind."+string(ve.Kind)), "Problem", ve.Problem)
	}
	return err.Error()
}

// editPerson opens the add/edit person dialog (p nil: new person).
func (t *peopleTab) editPerson(p *store.Person) {
	name := widget.NewEntry()
	aliases := widget.NewEntry()
	tags := widget.NewEntry()
	notes := widget.NewMultiLineEntry()
	if p != nil {
		name.SetText(p.Name)
		aliases.SetText(strings.Join(p.Aliases, ", "))
		tags.SetText(strings.Join(p.Tags, ", "))
		notes.SetText(p.Notes)
	}
	name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(T("people.name_required"))
		}
		return nil
	}
	items := []*widget.FormItem{
		widget.NewFormItem(T("people.name"), name),
		widget.NewFormItem(T("people.aliases"), aliases),
		widget.NewFormItem(T("people.tags"), tags),
		widget.NewFormItem(T("people.notes"), notes),
	}
	title := T("people.add")
	if p != nil {
		title = T("people.edit")
	}
	d := dialog.NewForm(title, T("btn.save"), T("btn.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		t.savePerson(p, name.Text, splitList(aliases.Text), splitList(tags.Text), notes.Text)
	}, t.u.win)
	d.Resize(fyne.NewSize(460, 380))
	d.Show()
	t.u.personDialog = &personDialog{d: d, name: name, aliases: aliases, tags: tags}
}

// personDialog exposes the open person dialog to tests.
type personDialog struct {
	d                   *dialog.FormDialog
	name, aliases, tags *widget.Entry
}

func (t *peopleTab) savePerson(p *store.Person, name string, aliases, tags []string, notes string) {
	rec := store.Person{}
	if p != nil {
		rec = *p
	}
	rec.Name = strings.TrimSpace(name)
	rec.Aliases, rec.Tags, rec.Notes = aliases, tags, strings.TrimSpace(notes)
	if err := t.u.db.Update(func(tx *store.Tx) error { return tx.PutPerson(&rec) }); err != nil {
		t.u.showError(T("people.save_failed"), err)
		return
	}
	t.selID = rec.ID
	t.u.refresh()
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ';' }) {
		if f = strings.TrimSpace(f); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// importRoster reads a roster file and imports it all or nothing: a file
// with any bad row imports nothing and the report lists every bad row.
func (t *peopleTab) importRoster() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		t.importFile(path)
	}, t.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".json", ".csv", ".txt", ".tsv"}))
	d.Show()
}

// importFile is importRoster after the file was chosen (tests call it).
func (t *peopleTab) importFile(path string) {
	r, err := roster.Load(path)
	if err != nil {
		t.showImportReport(nil, err)
		return
	}
	var plan *roster.Plan
	err = t.u.db.Update(func(tx *store.Tx) error {
		var err error
		plan, err = roster.Import(roster.StoreTx(tx), r, false)
		return err
	})
	t.showImportReport(plan, err)
	t.u.refresh()
}

func (t *peopleTab) showImportReport(plan *roster.Plan, err error) {
	var b strings.Builder
	if err != nil {
		b.WriteString(T("import.nothing") + "\n\n")
		var re *roster.Error
		var ce *roster.ConflictError
		switch {
		case errors.As(err, &re):
			for i, p := range re.Problems {
				if i == 50 {
					b.WriteString(T("import.more", "N", len(re.Problems)-50) + "\n")
					break
				}
				b.WriteString("• " + p.String() + "\n")
			}
		case errors.As(err, &ce):
			b.WriteString("• " + ce.Error() + "\n")
		default:
			b.WriteString(err.Error())
		}
	} else {
		b.WriteString(T("import.done", "Added", plan.PeopleAdded, "Updated", plan.PeopleUpdated,
			"Unchanged", plan.PeopleUnchanged, "IDs", plan.IDsAdded, "IDsSame", plan.IDsUnchanged) + "\n\n")
		for _, p := range plan.People {
			b.WriteString(fmt.Sprintf("• %s — %s\n", p.Masked, T("import.action."+p.Action)))
		}
	}
	l := widget.NewLabel(b.String())
	l.Wrapping = fyne.TextWrapWord
	title := T("import.title")
	sc := container.NewVScroll(l)
	sc.SetMinSize(fyne.NewSize(460, 280))
	dialog.ShowCustom(title, T("btn.close"), sc, t.u.win)
	t.u.lastImport = b.String()
}

// exportRoster writes every person and identifier to a roster file the
// import reads back. The file holds plaintext identifiers, so the user is
// told before choosing where to put it.
func (t *peopleTab) exportRoster() {
	dialog.ShowConfirm(T("export.title"), T("export.warning"), func(ok bool) {
		if !ok {
			return
		}
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			defer w.Close()
			if err := t.writeRoster(w, strings.HasSuffix(strings.ToLower(w.URI().Path()), ".csv")); err != nil {
				t.u.showError(T("export.failed"), err)
			}
		}, t.u.win)
		d.SetFileName("roster.json")
		d.Show()
	}, t.u.win)
}

func (t *peopleTab) writeRoster(w io.Writer, csv bool) error {
	var r *roster.Roster
	if err := t.u.db.View(func(tx *store.Tx) error {
		var err error
		r, err = roster.FromStore(tx)
		return err
	}); err != nil {
		return err
	}
	if csv {
		return roster.WriteCSV(w, r)
	}
	return roster.WriteJSON(w, r)
}
