package gui

import (
	"errors"
	"image/color"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/doxguard/doxguard/assets"
	"github.com/doxguard/doxguard/store"
)

// minPassphrase is the shortest passphrase accepted. The vault's argon2id
// makes guessing slow, but a 6-character word is still found in hours.
const minPassphrase = 10

// Strength levels for the hint under the passphrase field.
const (
	strengthTooShort = iota
	strengthWeak
	strengthFair
	strengthStrong
)

// passStrength is a rough guide, not a promise: length dominates, and
// mixing character classes (or using CJK, where each rune carries more)
// helps. It only decides the hint text.
func passStrength(p string) int {
	n := 0
	var lower, upper, digit, other, cjk bool
	for _, r := range p {
		n++
		switch {
		case unicode.Is(unicode.Han, r):
			cjk = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	if n < minPassphrase && !(cjk && n >= 6) {
		return strengthTooShort
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other, cjk} {
		if b {
			classes++
		}
	}
	switch {
	case n >= 20 || (n >= 14 && classes >= 3) || (cjk && n >= 10):
		return strengthStrong
	case n >= 14 || classes >= 3 || (cjk && n >= 8):
		return strengthFair
	}
	return strengthWeak
}

func strengthText(s int) string {
	return [...]string{T("pass.too_short", "N", minPassphrase), T("pass.weak"), T("pass.fair"), T("pass.strong")}[s]
}

func logo() fyne.CanvasObject {
	img := canvas.NewImageFromResource(fyne.NewStaticResource("icon.png", assets.Icon()))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(96, 96))
	return img
}

// messageScreen is a full-window message (database in use, newer schema).
func messageScreen(title, msg string) fyne.CanvasObject {
	t := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	m := widget.NewLabel(msg)
	m.Wrapping = fyne.TextWrapWord
	m.Alignment = fyne.TextAlignCenter
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 260),
		container.NewVBox(logo(), t, m)))
}

// welcomeForm holds the widgets of the first-run screen; tests drive them.
type welcomeForm struct {
	pass, confirm *widget.Entry
	hint          *widget.Label
	ack           *widget.Check
	create        *widget.Button
	status        *widget.Label
}

func (u *UI) showWelcome() {
	f := &welcomeForm{}
	f.pass = widget.NewPasswordEntry()
	f.pass.SetPlaceHolder(T("welcome.pass"))
	f.confirm = widget.NewPasswordEntry()
	f.confirm.SetPlaceHolder(T("welcome.confirm"))
	f.hint = widget.NewLabel(strengthText(strengthTooShort))
	f.status = widget.NewLabel("")
	f.status.Wrapping = fyne.TextWrapWord
	f.ack = widget.NewCheck(T("welcome.ack"), nil)
	f.create = widget.NewButtonWithIcon(T("welcome.create"), theme.ConfirmIcon(), nil)
	f.create.Importance = widget.HighImportance
	update := func() {
		s := passStrength(f.pass.Text)
		f.hint.SetText(strengthText(s))
		ok := s > strengthTooShort && f.pass.Text == f.confirm.Text && f.ack.Checked
		if f.confirm.Text != "" && f.pass.Text != f.confirm.Text {
			f.status.SetText(T("welcome.mismatch"))
		} else {
			f.status.SetText("")
		}
		if ok {
			f.create.Enable()
		} else {
			f.create.Disable()
		}
	}
	f.pass.OnChanged = func(string) { update() }
	f.confirm.OnChanged = func(string) { update() }
	f.ack.OnChanged = func(bool) { update() }
	f.create.OnTapped = func() { u.createVault(f) }
	f.confirm.OnSubmitted = func(string) {
		if !f.create.Disabled() {
			u.createVault(f)
		}
	}
	f.create.Disable()

	// Hard line breaks in the bundles: a wrapped label's height is known
	// only after a layout pass, which left the last line under the rule.
	intro := widget.NewLabel(T("welcome.intro"))
	warn := widget.NewLabelWithStyle(T("welcome.warning"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	warn.Wrapping = fyne.TextWrapWord
	warn.Importance = widget.WarningImportance
	title := widget.NewLabelWithStyle(T("welcome.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	// The bundled face draws multi-line Latin a little below the height
	// Fyne computes for it; a gap keeps the last line off the rule.
	gap := canvas.NewRectangle(color.Transparent)
	gap.SetMinSize(fyne.NewSize(1, 6))
	body := container.NewVBox(logo(), title, intro, gap, widget.NewSeparator(),
		f.pass, f.confirm, f.hint, warn, f.ack, f.status, f.create)
	u.win.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(560, 640), body)))
	// Wrapped labels learn their width in the first layout; lay out again so
	// the VBox reserves their real height.
	body.Refresh()
	u.welcome = f
	u.win.Canvas().Focus(f.pass)
}

// createVault derives the key off the UI thread: argon2id with 256 MiB takes
// about a second and must not freeze the window.
func (u *UI) createVault(f *welcomeForm) {
	pass := []byte(f.pass.Text)
	f.create.Disable()
	f.status.SetText(T("welcome.creating"))
	kdf := store.DefaultKDF
	if u.cfg.KDF != nil {
		kdf = *u.cfg.KDF
	}
	db := u.db
	go func() {
		err := db.Init(pass, kdf)
		if err == nil {
			err = db.Unlock(pass)
		}
		clear(pass)
		fyne.Do(func() {
			if err != nil {
				f.status.SetText(T("welcome.failed", "Err", humanError(err)))
				f.create.Enable()
				return
			}
			u.welcome = nil
			u.unlocked()
			u.signal()
		})
	}()
}

// unlockForm holds the unlock screen's widgets.
type unlockForm struct {
	pass   *widget.Entry
	button *widget.Button
	status *widget.Label
}

func (u *UI) showUnlock(msg string) {
	f := &unlockForm{}
	f.pass = widget.NewPasswordEntry()
	f.pass.SetPlaceHolder(T("unlock.pass"))
	f.status = widget.NewLabel(msg)
	f.status.Wrapping = fyne.TextWrapWord
	f.button = widget.NewButtonWithIcon(T("unlock.button"), theme.LoginIcon(), func() { u.tryUnlock(f) })
	f.button.Importance = widget.HighImportance
	f.pass.OnSubmitted = func(string) { u.tryUnlock(f) }
	title := widget.NewLabelWithStyle(T("unlock.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	where := widget.NewLabel(T("unlock.where", "Path", u.db.Path()))
	where.Wrapping = fyne.TextWrapBreak
	where.Importance = widget.LowImportance
	body := container.NewVBox(logo(), title, f.pass, f.button, f.status, layout.NewSpacer(), where)
	u.win.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(480, 420), body)))
	body.Refresh() // see showWelcome
	u.unlock = f
	u.win.Canvas().Focus(f.pass)
}

func (u *UI) tryUnlock(f *unlockForm) {
	pass := []byte(f.pass.Text)
	f.button.Disable()
	f.status.SetText(T("unlock.working"))
	db := u.db
	go func() {
		err := db.Unlock(pass)
		clear(pass)
		fyne.Do(func() {
			f.button.Enable()
			if err != nil {
				if errors.Is(err, store.ErrWrongPassphrase) {
					f.status.SetText(T("unlock.wrong"))
				} else {
					f.status.SetText(T("unlock.failed", "Err", humanError(err)))
				}
				f.pass.SetText("")
				u.signal()
				return
			}
			u.unlock = nil
			u.unlocked()
			u.signal()
		})
	}()
}
