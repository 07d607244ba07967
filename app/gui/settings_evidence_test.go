package gui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/doxguard/doxguard/monitor/evidence"
	"github.com/doxguard/doxguard/store"
)

// The Evidence settings store the timestamp authority (refusing a bad
// address) and turn screenshots on for the next scans.
func TestSettingsEvidence(t *testing.T) {
	u, _ := unlockedUI(t, LangEN)
	st := u.settings
	tsa := func() string {
		var v string
		_ = u.db.View(func(tx *store.Tx) error { return tx.GetSetting(evidence.SettingTSAURL, &v) })
		return v
	}

	st.tsa.SetText("ftp://tsa.example")
	test.Tap(st.saveTSA)
	if got := tsa(); got != "" {
		t.Fatalf("an ftp address was saved as the timestamp authority: %q", got)
	}
	st.tsa.SetText("https://tsa.example/tsr")
	test.Tap(st.saveTSA)
	if got := tsa(); got != "https://tsa.example/tsr" {
		t.Fatalf("timestamp authority stored as %q", got)
	}
	st.tsa.SetText("")
	test.Tap(st.saveTSA)
	if got := tsa(); got != "" {
		t.Fatalf("clearing the field left %q", got)
	}

	if u.monitorOptions().Screenshots {
		t.Fatal("screenshots are on before the user asked")
	}
	st.shots.SetChecked(true)
	test.Tap(st.saveEngine)
	if !u.monitorOptions().Screenshots {
		t.Error("saving with screenshots ticked did not turn them on for scans")
	}
}
