package gui

import (
	"errors"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/doxguard/doxguard/assets"
	"github.com/doxguard/doxguard/monitor/evidence"
	"github.com/doxguard/doxguard/store"
)

// engineSettings live in the encrypted database so the headless `watch`
// and the GUI crawl the same way.
type engineSettings struct {
	AllowPrivate bool    `json:"allow_private"`
	DelaySeconds float64 `json:"delay_seconds"` // 0: the crawler's polite default
	// Screenshots: a browser screenshot of each page with a new finding
	// (needs Chromium; the raw bytes stay the primary evidence).
	Screenshots bool `json:"screenshots"`
}

const settingEngine = "gui.engine"

func loadEngineSettings(db *store.DB) engineSettings {
	var s engineSettings
	_ = db.View(func(tx *store.Tx) error { return tx.GetSetting(settingEngine, &s) })
	return s
}

// settingsTab: language, look, engine, security, data folder, about.
type settingsTab struct {
	u       *UI
	content fyne.CanvasObject

	langSel    *widget.Select
	private    *widget.Check
	saveEngine *widget.Button
	shots      *widget.Check
	tsa        *widget.Entry
	saveTSA    *widget.Button
}

// licences of what is linked into the binary, for the About box. The font
// licence is shown in full from the embedded text.
var licences = []string{
	"DoxGuard — Apache-2.0",
	"Fyne v2 — BSD-3-Clause",
	"bbolt — MIT",
	"Colly v2 — Apache-2.0",
	"go-pdf/fpdf — MIT",
	"aho-corasick (BobuSumisu) — MIT",
	"gocc (liuzl) — Apache-2.0",
	"go-pinyin — MIT",
	"gowarc — Apache-2.0",
	"goimagehash — BSD-2-Clause",
	"chromedp — MIT",
	"robotstxt (temoto) — MIT",
	"golang.org/x/crypto, x/net, x/text — BSD-3-Clause",
}

func newSettingsTab(u *UI) *settingsTab {
	t := &settingsTab{u: u}
	prefs := u.app.Preferences()

	// Language.
	t.langSel = widget.NewSelect([]string{"简体中文", "English"}, nil)
	if Language() == LangEN {
		t.langSel.SetSelectedIndex(1)
	} else {
		t.langSel.SetSelectedIndex(0)
	}
	t.langSel.OnChanged = func(string) {
		l := Languages[t.langSel.SelectedIndex()]
		if l == Language() {
			return
		}
		u.SwitchLanguage(l)
		u.SelectTab(TabSettings)
	}
	themeSel := widget.NewSelect(mapT("settings.theme.", []string{"system", "light", "dark"}), nil)
	switch prefs.String(prefTheme) {
	case "light":
		themeSel.SetSelectedIndex(1)
	case "dark":
		themeSel.SetSelectedIndex(2)
	default:
		themeSel.SetSelectedIndex(0)
	}
	themeSel.OnChanged = func(string) {
		prefs.SetString(prefTheme, []string{"", "light", "dark"}[themeSel.SelectedIndex()])
		applyThemePref(u.app)
	}

	// Engine.
	es := loadEngineSettings(u.db)
	t.private = widget.NewCheck(T("settings.allow_private"), nil)
	t.private.SetChecked(es.AllowPrivate)
	t.shots = widget.NewCheck(T("settings.screenshots"), nil)
	t.shots.SetChecked(es.Screenshots)
	delay := widget.NewEntry()
	if es.DelaySeconds > 0 {
		delay.SetText(strconv.FormatFloat(es.DelaySeconds, 'f', -1, 64))
	}
	delay.SetPlaceHolder(T("settings.delay_default"))
	delay.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || f < 1 || f > 600 {
			return errors.New(T("settings.delay_range"))
		}
		return nil
	}
	t.saveEngine = widget.NewButtonWithIcon(T("btn.save"), theme.DocumentSaveIcon(), func() {
		if delay.Validate() != nil {
			return
		}
		f, _ := strconv.ParseFloat(strings.TrimSpace(delay.Text), 64)
		s := engineSettings{AllowPrivate: t.private.Checked, DelaySeconds: f, Screenshots: t.shots.Checked}
		if err := u.db.Update(func(tx *store.Tx) error { return tx.PutSetting(settingEngine, s) }); err != nil {
			u.showError(T("settings.save_failed"), err)
			return
		}
		u.rebuildMonitor()
		dialog.ShowInformation(T("tab.settings"), T("settings.saved"), u.win)
	})
	pause := widget.NewCheck(T("settings.pause"), func(on bool) { u.SetPaused(on); u.refresh() })
	pause.SetChecked(u.paused)
	privHint := widget.NewLabel(T("settings.allow_private_hint"))
	privHint.Wrapping = fyne.TextWrapWord
	privHint.Importance = widget.LowImportance
	schedHint := widget.NewLabel(T("settings.schedule_hint"))
	schedHint.Wrapping = fyne.TextWrapWord
	schedHint.Importance = widget.LowImportance

	// Evidence: an optional RFC 3161 timestamp authority.
	t.tsa = widget.NewEntry()
	t.tsa.SetPlaceHolder("https://…")
	var tsaURL string
	_ = u.db.View(func(tx *store.Tx) error { return tx.GetSetting(evidence.SettingTSAURL, &tsaURL) })
	t.tsa.SetText(tsaURL)
	t.tsa.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		if _, err := evidence.CheckTSAURL(s); err != nil {
			return errors.New(T("settings.tsa_invalid"))
		}
		return nil
	}
	t.saveTSA = widget.NewButtonWithIcon(T("btn.save"), theme.DocumentSaveIcon(), func() {
		if t.tsa.Validate() != nil {
			return
		}
		v := strings.TrimSpace(t.tsa.Text)
		err := u.db.Update(func(tx *store.Tx) error {
			if v == "" {
				if err := tx.DeleteSetting(evidence.SettingTSAURL); err != nil && !errors.Is(err, store.ErrNotFound) {
					return err
				}
				return nil
			}
			return tx.PutSetting(evidence.SettingTSAURL, v)
		})
		if err != nil {
			u.showError(T("settings.save_failed"), err)
			return
		}
		dialog.ShowInformation(T("tab.settings"), T("settings.saved"), u.win)
	})
	tsaHint := widget.NewLabel(T("settings.tsa_hint"))
	tsaHint.Wrapping = fyne.TextWrapWord
	tsaHint.Importance = widget.LowImportance

	// Security.
	idle := widget.NewSelect(mapT("settings.idle.", []string{"0", "5", "15", "60"}), nil)
	idleVals := []int{0, 5, 15, 60}
	cur := prefs.IntWithFallback(prefIdleMin, 15)
	for i, v := range idleVals {
		if v == cur {
			idle.SetSelectedIndex(i)
		}
	}
	idle.OnChanged = func(string) {
		prefs.SetInt(prefIdleMin, idleVals[idle.SelectedIndex()])
		u.stopIdleWatch()
		u.startIdleWatch()
	}
	passBtn := widget.NewButtonWithIcon(T("settings.change_pass"), theme.AccountIcon(), u.changePassphrase)
	lockBtn := widget.NewButtonWithIcon(T("menu.lock"), theme.LogoutIcon(), u.Lock)

	// Data folder.
	path := u.db.Path()
	where := widget.NewLabel(path)
	where.Wrapping = fyne.TextWrapBreak
	where.TextStyle.Monospace = true
	openDir := widget.NewButtonWithIcon(T("settings.open_folder"), theme.FolderOpenIcon(), func() {
		u.openURL((&url.URL{Scheme: "file", Path: filepath.Dir(path)}).String())
	})
	copyPath := widget.NewButtonWithIcon(T("findings.copy"), theme.ContentCopyIcon(), func() { u.app.Clipboard().SetContent(path) })
	dataHint := widget.NewLabel(T("settings.data_hint"))
	dataHint.Wrapping = fyne.TextWrapWord
	dataHint.Importance = widget.LowImportance

	// About.
	about := widget.NewLabel(T("settings.about", "Version", u.version()))
	about.Wrapping = fyne.TextWrapWord
	licBtn := widget.NewButtonWithIcon(T("settings.licences"), theme.InfoIcon(), u.showLicences)

	form := widget.NewForm(
		widget.NewFormItem(T("settings.language"), t.langSel),
		widget.NewFormItem(T("settings.theme"), themeSel),
	)
	engine := widget.NewForm(
		widget.NewFormItem(T("settings.delay"), delay),
		widget.NewFormItem("", t.private),
		widget.NewFormItem("", privHint),
		widget.NewFormItem("", t.shots),
		widget.NewFormItem("", pause),
		widget.NewFormItem("", schedHint),
		widget.NewFormItem("", t.saveEngine),
	)
	evid := widget.NewForm(
		widget.NewFormItem(T("settings.tsa"), t.tsa),
		widget.NewFormItem("", tsaHint),
		widget.NewFormItem("", t.saveTSA),
	)
	sec := widget.NewForm(
		widget.NewFormItem(T("settings.idle"), idle),
		widget.NewFormItem("", container.NewHBox(passBtn, lockBtn)),
	)
	t.content = container.NewVScroll(container.NewVBox(
		widget.NewCard(T("settings.look"), "", form),
		widget.NewCard(T("settings.engine"), "", engine),
		widget.NewCard(T("settings.evidence"), "", evid),
		widget.NewCard(T("settings.security"), "", sec),
		widget.NewCard(T("settings.data"), "", container.NewVBox(where, container.NewHBox(openDir, copyPath), dataHint)),
		widget.NewCard(T("settings.about_title"), "", container.NewVBox(about, licBtn)),
	))
	return t
}

func (u *UI) version() string {
	if u.cfg.Version != "" {
		return u.cfg.Version
	}
	return assets.Version
}

func (u *UI) showLicences() {
	var b strings.Builder
	for _, l := range licences {
		b.WriteString("• " + l + "\n")
	}
	b.WriteString("\n" + T("settings.font_licence") + "\n\n")
	b.Write(assets.FontLicence())
	l := widget.NewLabel(b.String())
	l.Wrapping = fyne.TextWrapWord
	sc := container.NewVScroll(l)
	sc.SetMinSize(fyne.NewSize(560, 420))
	dialog.ShowCustom(T("settings.licences"), T("btn.close"), sc, u.win)
}

// changePassphrase re-wraps the data key under a new passphrase; the slow
// key derivation runs off the UI thread.
func (u *UI) changePassphrase() {
	old, nw, conf := widget.NewPasswordEntry(), widget.NewPasswordEntry(), widget.NewPasswordEntry()
	hint := widget.NewLabel("")
	nw.OnChanged = func(s string) { hint.SetText(strengthText(passStrength(s))) }
	items := []*widget.FormItem{
		widget.NewFormItem(T("settings.old_pass"), old),
		widget.NewFormItem(T("settings.new_pass"), nw),
		widget.NewFormItem(T("welcome.confirm"), conf),
		widget.NewFormItem("", hint),
	}
	dialog.ShowForm(T("settings.change_pass"), T("btn.save"), T("btn.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		if nw.Text != conf.Text {
			dialog.ShowError(errors.New(T("welcome.mismatch")), u.win)
			return
		}
		if passStrength(nw.Text) == strengthTooShort {
			dialog.ShowError(errors.New(T("pass.too_short", "N", minPassphrase)), u.win)
			return
		}
		o, n := []byte(old.Text), []byte(nw.Text)
		db := u.db
		go func() {
			err := db.ChangePassphrase(o, n)
			clear(o)
			clear(n)
			fyne.Do(func() {
				switch {
				case errors.Is(err, store.ErrWrongPassphrase):
					dialog.ShowError(errors.New(T("unlock.wrong")), u.win)
				case err != nil:
					u.showError(T("settings.save_failed"), err)
				default:
					dialog.ShowInformation(T("settings.change_pass"), T("settings.pass_changed"), u.win)
				}
				u.signal()
			})
		}()
	}, u.win)
}
