package gui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/doxguard/doxguard/monitor"
	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/store"
)

// Test identities (docs/ARCHITECTURE.md): fictitious.
const (
	testName  = "程安然"
	testPhone = "138 0013 8000"
	testCNID  = "11010519491231002X"
	testPass  = "correct horse battery staple"
)

// opened records the URLs the UI asked the system to open.
var opened []string

// newTestUI is a UI on the software test driver with the bundled-font
// theme, so what is rendered does not depend on installed fonts.
func newTestUI(t *testing.T, lang string) (*UI, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, lang)
	a.Preferences().SetInt(prefIdleMin, 0)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1200, 800))
	u := New(a, w, Config{DBPath: filepath.Join(t.TempDir(), "gui.db"), KDF: &store.TestKDF, PerHostDelay: -1,
		OpenURL: func(s string) error { opened = append(opened, s); return nil }})
	test.ApplyTheme(t, NewTheme(test.Theme()))
	t.Cleanup(u.Close)
	return u, w
}

// settle waits until async work the test started has reached the screen.
func settle(t *testing.T, u *UI) {
	t.Helper()
	select {
	case <-u.settled:
	case <-time.After(60 * time.Second):
		t.Fatal("background work did not finish within 60 s")
	}
}

// texts collects every string the canvas shows (labels, buttons, entries,
// rich text, table cells that exist).
func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch v := o.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *widget.Button:
			out = append(out, v.Text)
		case *widget.Check:
			out = append(out, v.Text)
		case *widget.RichText:
			out = append(out, v.String())
		case *widget.Entry:
			if !v.Password {
				out = append(out, v.Text)
			}
		}
		switch v := o.(type) {
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			if _, ok := v.(*widget.RichText); ok {
				return
			}
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func screenHas(w fyne.Window, sub string) bool {
	for _, s := range texts(w.Canvas().Content()) {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestFirstRunUnlockAndScanFlow(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/thread/1" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<html><head><title>帖子</title></head><body><p>扒一扒` + testName +
			`：手机 138-0013-8000，身份证号 ` + testCNID + `，大家去问候她。</p></body></html>`))
	}))
	defer site.Close()

	u, w := newTestUI(t, LangZH)
	u.Start()

	// First run: the create button waits for a long enough, confirmed
	// passphrase and the acknowledgement that it cannot be recovered.
	f := u.welcome
	if f == nil || !screenHas(w, T("welcome.warning")) {
		t.Fatal("first run does not show the welcome screen with the lost-passphrase warning")
	}
	test.Type(f.pass, "short")
	if f.hint.Text != strengthText(strengthTooShort) || !f.create.Disabled() {
		t.Fatalf("short passphrase: hint %q, create enabled=%v", f.hint.Text, !f.create.Disabled())
	}
	f.pass.SetText("")
	test.Type(f.pass, testPass)
	test.Type(f.confirm, testPass+"x")
	if f.status.Text != T("welcome.mismatch") {
		t.Fatalf("mismatch not reported: %q", f.status.Text)
	}
	f.confirm.SetText(testPass)
	if !f.create.Disabled() {
		t.Fatal("create enabled before the no-recovery acknowledgement")
	}
	test.Tap(f.ack)
	if f.create.Disabled() {
		t.Fatal("create still disabled with a good passphrase and the acknowledgement")
	}
	test.Tap(f.create)
	settle(t, u)
	if u.tabs == nil || !u.db.Unlocked() {
		t.Fatal("vault created but the main window is not shown")
	}
	if !screenHas(w, T("overview.empty_people")) {
		t.Error("empty overview does not tell a new user to register someone")
	}

	// People: add a person, then a phone (validated as typed) and an ID.
	u.SelectTab(TabPeople)
	u.people.editPerson(nil)
	u.personDialog.name.SetText(testName)
	u.personDialog.tags.SetText("主持人")
	u.personDialog.d.Submit()
	if p := u.people.selected(); p == nil || p.Name != testName {
		t.Fatal("new person is not selected after saving")
	}
	u.people.kindSel.SetSelected(T("kind.phone"))
	test.Type(u.people.value, "138 0013 800")
	if !strings.HasPrefix(u.people.valueMsg.Text, "手机号无效") || !u.people.addID.Disabled() {
		t.Fatalf("11-digit check: message %q, add enabled=%v", u.people.valueMsg.Text, !u.people.addID.Disabled())
	}
	test.Type(u.people.value, "0")
	if u.people.valueMsg.Text != T("people.will_store", "Masked", "138****8000") {
		t.Fatalf("valid phone message %q", u.people.valueMsg.Text)
	}
	test.Tap(u.people.addID)
	u.people.kindSel.SetSelected(T("kind.cn_id"))
	test.Type(u.people.value, "110105194912310021")
	if !strings.Contains(u.people.valueMsg.Text, "身份证号无效") {
		t.Fatalf("bad check digit not reported: %q", u.people.valueMsg.Text)
	}
	u.people.value.SetText(testCNID)
	test.Tap(u.people.addID)
	ids := u.people.ids[u.people.selID]
	if len(ids) != 2 {
		t.Fatalf("person has %d identifiers, want 2", len(ids))
	}
	if screenHas(w, "13800138000") || screenHas(w, testCNID) {
		t.Error("an identifier is shown in full before the user asked to reveal it")
	}
	if !screenHas(w, ident.Mask(ident.KindCNID, testCNID)) {
		t.Error("masked ID number not listed")
	}

	// Settings: the test site is on 127.0.0.1, which needs the private
	// address switch.
	u.SelectTab(TabSettings)
	u.settings.private.SetChecked(true)
	test.Tap(u.settings.saveEngine)
	if !loadEngineSettings(u.db).AllowPrivate {
		t.Fatal("allow-private setting not stored")
	}

	// Sources: add the page.
	u.SelectTab(TabSources)
	u.sources.edit(nil)
	u.sourceDialog.url.SetText(site.URL + "/thread/1")
	u.sourceDialog.submit()
	if len(u.sources.items) != 1 {
		t.Fatalf("%d sources after adding one", len(u.sources.items))
	}

	// Scan.
	u.SelectTab(TabScan)
	test.Tap(u.scanner.startBtn)
	settle(t, u)
	if u.scanner.lastErr != nil {
		t.Fatalf("scan: %v", u.scanner.lastErr)
	}
	if u.scanner.lastRun == nil || u.scanner.lastRun.Pages < 1 {
		t.Fatalf("scan run %+v fetched no page", u.scanner.lastRun)
	}

	// Editing a source keeps its history.
	u.SelectTab(TabSources)
	before := u.sources.items[0]
	if before.LastRun.IsZero() {
		t.Fatal("source has no last run after a scan")
	}
	u.sources.edit(&before)
	u.sourceDialog.every.SetText("12")
	u.sourceDialog.submit()
	if len(u.sources.items) != 1 {
		t.Fatalf("%d sources after editing one", len(u.sources.items))
	}
	after := u.sources.items[0]
	if after.Every != 12*time.Hour || !after.LastRun.Equal(before.LastRun) || after.URL != before.URL {
		t.Errorf("edited source: every %v (want 12h), last run %v (want %v)", after.Every, after.LastRun, before.LastRun)
	}

	// Findings: the phone and the ID appear in the table, masked.
	u.SelectTab(TabFindings)
	var phoneRow = -1
	kinds := map[string]bool{}
	for r, i := range u.findings.rows {
		f := u.findings.all[i]
		kinds[f.Kind] = true
		if f.Kind == "phone" {
			phoneRow = r
		}
	}
	if !kinds["phone"] || !kinds["cn_id"] || phoneRow < 0 {
		t.Fatalf("findings table kinds %v, want phone and cn_id", kinds)
	}
	w.Canvas().Refresh(u.tabs)
	if !screenHas(w, "138****8000") {
		t.Error("masked phone finding not rendered in the table")
	}
	if screenHas(w, "13800138000") || screenHas(w, "138-0013-8000") {
		t.Error("the findings screen shows the full phone number")
	}
	u.findings.table.Select(widget.TableCellID{Row: phoneRow, Col: colMasked})
	if !screenHas(w, "SHA-256") {
		t.Error("detail pane does not show the capture hash")
	}
	test.Tap(u.findings.actions[0]) // confirm
	var got store.Finding
	if err := u.db.View(func(tx *store.Tx) error {
		fs, err := tx.ListFindings()
		for _, f := range fs {
			if f.Kind == "phone" {
				got = f
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got.Status != monitor.StatusConfirmed {
		t.Fatalf("phone finding status %q after confirm", got.Status)
	}

	// Start a case from the finding: the Cases tab opens with a drafted
	// letter that shows the exposure masked, never in full.
	u.findings.startCases([]string{got.ID})
	if u.tabs.SelectedIndex() != TabCases || u.cases.letter == nil || u.cases.letter.Text == "" {
		t.Fatal("starting a case did not show a drafted letter")
	}
	if !strings.Contains(u.cases.letter.Text, "138****8000") {
		t.Error("letter does not list the masked phone number")
	}
	for _, full := range []string{"13800138000", testCNID, testName} {
		if strings.Contains(u.cases.letter.Text, full) {
			t.Errorf("letter shows %q in full", full)
		}
	}
	// An edit that puts a full number back in is blocked before copying.
	u.cases.letter.SetText(u.cases.letter.Text + "\n13800138000")
	if u.cases.checkLetter() {
		t.Error("a letter with a full phone number passed the check")
	}
	// An exported letter gets the case's evidence report beside it.
	u.cases.writeEvidence(u.cases.selID, "zh", filepath.Join(t.TempDir(), "notice.pdf"))
	if ev, err := os.ReadFile(u.cases.lastEvidence); err != nil || !bytes.HasPrefix(ev, []byte("%PDF-")) {
		t.Errorf("no evidence report beside the letter (%q, %v)", u.cases.lastEvidence, err)
	}

	// Reports: the PDF is written and opened.
	u.SelectTab(TabReports)
	pdf := filepath.Join(t.TempDir(), "report.pdf")
	out, err := os.Create(pdf)
	if err != nil {
		t.Fatal(err)
	}
	opened = nil
	u.reports.generate(out, pdf)
	settle(t, u)
	if u.reports.lastErr != nil {
		t.Fatalf("report: %v", u.reports.lastErr)
	}
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("report is not a PDF (%v)", err)
	}
	if len(opened) != 1 || !strings.HasSuffix(opened[0], "report.pdf") {
		t.Errorf("finished report not opened: %q", opened)
	}

	// Lock, wrong passphrase, unlock.
	u.Lock()
	if u.unlock == nil || u.db.Unlocked() {
		t.Fatal("lock did not show the unlock screen")
	}
	test.Type(u.unlock.pass, "not the passphrase")
	test.Tap(u.unlock.button)
	settle(t, u)
	if u.unlock == nil || u.unlock.status.Text != T("unlock.wrong") {
		t.Fatal("wrong passphrase not reported")
	}
	test.Type(u.unlock.pass, testPass)
	test.Tap(u.unlock.button)
	settle(t, u)
	if u.tabs == nil {
		t.Fatal("unlock did not show the main window")
	}
	u.SelectTab(TabFindings)
	found := false
	for _, i := range u.findings.rows {
		if f := u.findings.all[i]; f.Kind == "phone" && f.Status == monitor.StatusConfirmed {
			found = true
		}
	}
	if !found {
		t.Error("confirmed finding not shown after unlock")
	}
}

func TestDatabaseInUse(t *testing.T) {
	u, w := newTestUI(t, LangEN)
	first, err := store.Open(u.cfg.DBPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	u.Start()
	if !screenHas(w, T("open.in_use")) {
		t.Fatalf("second open does not say the database is in use; screen: %q", texts(w.Canvas().Content()))
	}
}

func TestPassStrength(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"", strengthTooShort},
		{"abc12", strengthTooShort},
		{"abcdefghij", strengthWeak},
		{"Abcdefgh1!xy", strengthFair},
		{"correct horse battery staple", strengthStrong},
		{"我的口令很长很长", strengthFair},
		{"防人肉卫士的口令十分安全", strengthStrong},
	} {
		if got := passStrength(c.in); got != c.want {
			t.Errorf("passStrength(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

// TestTranslations checks that both bundles have the same keys, no empty
// text, and every key the code uses — literal or built from a known list.
func TestTranslations(t *testing.T) {
	if trErr != nil {
		t.Fatal(trErr)
	}
	zh, en := trTables[LangZH], trTables[LangEN]
	for k, v := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q in zh-CN but not in en", k)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("zh-CN %q is empty", k)
		}
	}
	for k, v := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("key %q in en but not in zh-CN", k)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("en %q is empty", k)
		}
	}
	used := map[string]bool{}
	re := regexp.MustCompile(`\bT\("([a-z0-9_.]+)"`)
	// Keys handed to helpers (startDetail's pickKey) count as used.
	lit := regexp.MustCompile(`"([a-z0-9_]+\.[a-z0-9_.]+)"`)
	literals := map[string]bool{}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".") {
				used[m[1]] = true
			}
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			literals[m[1]] = true
		}
	}
	dyn := map[string][]string{
		"status.":         monitor.Statuses,
		"sev.":            severities,
		"run.":            {monitor.RunRunning, monitor.RunOK, monitor.RunPartial, monitor.RunFailed, monitor.RunCancelled},
		"skind.":          sourceKinds,
		"findings.date.":  dateRanges,
		"settings.theme.": {"system", "light", "dark"},
		"settings.idle.":  {"0", "5", "15", "60"},
		"outcome.":        {"resolved", "refused", "withdrawn"},
		"import.action.":  {"add", "update", "unchanged"},
		"scan.phase.":     {"recheck", "crawl", "done", ""},
		"where.":          {"text", "attribute", "script", "hidden", "url"},
		"form.":           {"exact", "variant", "partial", "unregistered"},
		"findings.col":    {"1", "2", "3", "4", "5", "6", "7", "8"},
	}
	for _, k := range ident.Kinds() {
		dyn["kind."] = append(dyn["kind."], string(k))
	}
	dyn["kind."] = append(dyn["kind."], string(ident.KindName))
	for _, k := range casesStatuses() {
		dyn["case."] = append(dyn["case."], k)
	}
	for p, keys := range dyn {
		for _, k := range keys {
			used[p+k] = true
		}
	}
	for k := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("code uses %q, missing from the bundles", k)
		}
	}
	// And the bundles hold nothing the code no longer uses.
	for k := range en {
		if !used[k] && !literals[k] {
			t.Errorf("bundle key %q is not used by the code", k)
		}
	}
	// Both files are valid go-i18n JSON, the format Fyne's lang reads.
	for _, l := range Languages {
		b, _ := translationFS.ReadFile("translations/" + l + ".json")
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Errorf("%s: %v", l, err)
		}
	}
}

// unlockedUI is a UI past the first-run screen.
func unlockedUI(t *testing.T, lang string) (*UI, fyne.Window) {
	t.Helper()
	u, w := newTestUI(t, lang)
	u.Start()
	test.Type(u.welcome.pass, testPass)
	test.Type(u.welcome.confirm, testPass)
	test.Tap(u.welcome.ack)
	test.Tap(u.welcome.create)
	settle(t, u)
	if u.tabs == nil {
		t.Fatal("vault not created")
	}
	return u, w
}

func TestRosterImportAllOrNothing(t *testing.T) {
	u, w := unlockedUI(t, LangEN)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	// Line 3 has a wrong ID check digit: nothing may be imported.
	if err := os.WriteFile(bad, []byte("person,kind,value,label\n"+testName+",phone,"+testPhone+",\n"+
		testName+",cn_id,110105194912310021,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	u.people.importFile(bad)
	if !strings.Contains(u.lastImport, T("import.nothing")) || !strings.Contains(u.lastImport, "line 3") {
		t.Fatalf("bad roster report: %q", u.lastImport)
	}
	if strings.Contains(u.lastImport, "110105194912310021") {
		t.Fatal("the import report repeats the rejected value")
	}
	if len(u.people.all) != 0 {
		t.Fatalf("a roster with a bad row imported %d people", len(u.people.all))
	}
	good := filepath.Join(dir, "good.csv")
	if err := os.WriteFile(good, []byte("person,kind,value,label\n"+testName+",tag,hosts,\n"+testName+",phone,"+testPhone+",\n"+
		testName+",cn_id,"+testCNID+",\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	u.people.importFile(good)
	if len(u.people.all) != 1 || len(u.people.ids[u.people.all[0].ID]) != 2 {
		t.Fatalf("good roster: %d people, report %q", len(u.people.all), u.lastImport)
	}
	// Importing again changes nothing (idempotent).
	u.people.importFile(good)
	if !strings.Contains(u.lastImport, T("import.action.unchanged")) {
		t.Errorf("second import report: %q", u.lastImport)
	}
	// The tag filter and search find the person; the list shows the name.
	u.SelectTab(TabPeople)
	u.people.search.SetText("hosts")
	if len(u.people.shown) != 1 {
		t.Errorf("search by tag shows %d people", len(u.people.shown))
	}
	u.people.search.SetText("nobody")
	if len(u.people.shown) != 0 {
		t.Errorf("search for a stranger shows %d people", len(u.people.shown))
	}
	u.people.search.SetText("")
	u.people.list.Select(0)
	// Reveal shows one identifier in full, on request only.
	if screenHas(w, "+8613800138000") {
		t.Fatal("phone shown in full before reveal")
	}
	var reveal *widget.Button
	for _, o := range u.people.detail.Objects {
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				if b, ok := x.(*widget.Button); ok && b.Text == "" && reveal == nil {
					reveal = b
				}
			}
		}
	}
	if reveal == nil {
		t.Fatal("no reveal button on an identifier row")
	}
	test.Tap(reveal)
	if !screenHas(w, "+8613800138000") && !screenHas(w, testCNID) {
		t.Error("reveal did not show the full value")
	}
}

func TestLanguageSwitchRebuildsScreens(t *testing.T) {
	u, w := unlockedUI(t, LangZH)
	if u.tabs.Items[0].Text != "概览" || !screenHas(w, "未处理的发现（按严重程度）") {
		t.Fatal("Chinese UI is not in Chinese")
	}
	u.SelectTab(TabSettings)
	u.settings.langSel.SetSelectedIndex(1)
	u.SelectTab(TabOverview)
	if Language() != LangEN || u.tabs.Items[0].Text != "Overview" || !screenHas(w, "Open findings by severity") {
		t.Fatal("switching to English did not rebuild the screens in English")
	}
	if u.app.Preferences().String(prefLanguage) != LangEN {
		t.Error("language choice not remembered")
	}
	u.SwitchLanguage(LangZH)
}

// TestScanStopAndProgress: a scan of a slow site reports progress while it
// runs (the UI goroutine is free: the test drives it meanwhile) and Stop
// ends it as cancelled.
func TestScanStopAndProgress(t *testing.T) {
	release := make(chan struct{})
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/" {
			var b strings.Builder
			for i := range 50 {
				fmt.Fprintf(&b, `<a href="/p/%d">%d</a>`, i, i)
			}
			_, _ = w.Write([]byte("<html><body>" + b.String() + "</body></html>"))
			return
		}
		select { // later pages hang until the test ends
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer site.Close()
	defer close(release)

	u, _ := unlockedUI(t, LangEN)
	u.people.savePerson(nil, testName, nil, nil, "")
	u.settings.private.SetChecked(true)
	test.Tap(u.settings.saveEngine)
	if _, err := u.mon.AddSource(monitor.SourceSpec{URL: site.URL + "/", Kind: monitor.KindSite, Depth: 1}); err != nil {
		t.Fatal(err)
	}
	test.Tap(u.scanner.startBtn)
	if !u.Scanning() || u.scanner.startBtn.Disabled() == false || u.scanner.stopBtn.Disabled() {
		t.Fatal("start button not swapped for stop while scanning")
	}
	// Wait (bounded) until the first page was reported, then stop.
	deadline := time.Now().Add(30 * time.Second)
	for {
		u.scanner.mu.Lock()
		done := u.scanner.latest.PagesDone
		u.scanner.mu.Unlock()
		if done >= 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no progress reported within 30 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	test.Tap(u.scanner.stopBtn)
	settle(t, u)
	if u.Scanning() || u.scanner.phase.Text != T("scan.cancelled") {
		t.Fatalf("after stop: scanning=%v, phase %q", u.Scanning(), u.scanner.phase.Text)
	}
	if u.scanner.lastRun == nil || u.scanner.lastRun.Status != monitor.RunCancelled {
		t.Errorf("run record after stop: %+v", u.scanner.lastRun)
	}
}

func TestNotifierSendsDesktopNotification(t *testing.T) {
	u, _ := newTestUI(t, LangZH)
	n := fyne.NewNotification(T("notify.critical")+"身份证号 110105********002X", "example.com")
	test.AssertNotificationSent(t, n, func() {
		u.Notifier().Notify(monitor.Notification{Level: monitor.LevelCritical, Title: "身份证号 110105********002X", Body: "example.com"})
	})
}
