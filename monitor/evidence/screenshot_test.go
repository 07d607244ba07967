package evidence

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/doxguard/doxguard/store"
)

func TestScreenshot(t *testing.T) {
	if _, err := FindBrowser(); errors.Is(err, ErrNoBrowser) {
		t.Skip("Chromium not installed: screenshot path not tested (" + NoBrowserMessage + ")")
	}
	if testing.Short() {
		t.Skip("short mode: no browser")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><body style="margin:0"><div style="height:2000px;background:#c00">`+
			`<p id=leak>联系电话 138****8000</p></div></body></html>`)
	}))
	defer srv.Close()
	db, _, caps := testDB(t)
	// Point the first capture at the local page.
	if err := db.Update(func(tx *store.Tx) error {
		c, err := tx.GetCapture(caps[0])
		if err != nil {
			return err
		}
		c.URL, c.FinalURL = srv.URL+"/p", ""
		return tx.UpdateCapture(&c)
	}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	done, failed, err := ScreenshotCaptures(ctx, db, caps)
	// The second capture already has a screenshot (testDB).
	if err != nil || done != 1 || failed != 0 {
		t.Fatalf("ScreenshotCaptures = %d done, %d failed, %v", done, failed, err)
	}
	var blob store.Blob
	if err := db.View(func(tx *store.Tx) error {
		c, err := tx.GetCapture(caps[0])
		if err != nil {
			return err
		}
		blob, err = tx.GetBlob(c.ScreenshotID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(blob.Data))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	// Full page: the 2000 px tall page is captured beyond the 900 px window.
	if b := img.Bounds(); b.Dx() < 1000 || b.Dy() < 1900 {
		t.Errorf("screenshot is %v, want the full 2000 px page", b)
	}
	if r, _, _, _ := img.At(10, 1500).RGBA(); r>>8 < 150 {
		t.Errorf("pixel at y=1500 is not the page's red background")
	}
	if fmt.Sprintf("%x", sha256.Sum256(blob.Data)) != blob.ID {
		t.Error("blob ID is not the SHA-256 of the PNG")
	}
}
