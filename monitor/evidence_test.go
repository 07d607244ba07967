package monitor

import (
	"bytes"
	"context"
	"testing"

	"github.com/doxguard/doxguard/monitor/evidence"
	"github.com/doxguard/doxguard/store"
)

// With screenshots asked for, a page holding a new finding gets a browser
// screenshot stored next to its capture; without Chromium the scan still
// succeeds and says so once.
func TestScanScreenshotsNewFindings(t *testing.T) {
	db := newTestDB(t)
	addCheng(t, db)
	s := newSite(t)
	s.html("/post.html", `<html><body><p>程安然 身份证 11010519491231002X</p></body></html>`)
	notes := &recordNotes{}
	m := testMonitor(db, Options{Screenshots: true, Notifier: notes})
	if _, err := m.AddSource(SourceSpec{URL: s.URL + "/post.html", Kind: KindPage}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Scan(context.Background(), ScanRequest{Force: true}, nil); err != nil {
		t.Fatal(err)
	}
	fs := findingsByPath(t, db, s.URL)["/post.html"]
	if len(fs) == 0 {
		t.Fatal("planted ID number not found")
	}
	c, err := db.GetCapture(fs[0].CaptureID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := evidence.FindBrowser(); err != nil {
		if c.ScreenshotID != "" {
			t.Fatal("a screenshot was stored although no browser exists")
		}
		t.Skipf("Chromium not installed (%v): checked only that the scan carried on", err)
	}
	if c.ScreenshotID == "" {
		t.Fatalf("no screenshot stored for the capture; notices: %+v", notes.ns)
	}
	var b store.Blob
	err = db.View(func(tx *store.Tx) (err error) { b, err = tx.GetBlob(c.ScreenshotID); return err })
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Data, []byte("\x89PNG")) {
		t.Fatalf("screenshot blob is not a PNG (%d bytes)", len(b.Data))
	}
}
