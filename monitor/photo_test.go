package monitor

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/doxguard/doxguard/monitor/detect/ident"
	"github.com/doxguard/doxguard/monitor/detect/ident/identtest"
	"github.com/doxguard/doxguard/store"
)

// When someone registered a photo, images on watched pages are fetched and
// a re-posted copy (smaller, re-compressed) becomes a photo finding; an
// unrelated image on the same page does not.
func TestScanFindsRegisteredPhotoOnPage(t *testing.T) {
	db := newTestDB(t)
	pid := addCheng(t, db)
	var orig bytes.Buffer
	if err := png.Encode(&orig, identtest.Card(3)); err != nil {
		t.Fatal(err)
	}
	v, thumb, err := ident.PhotoValue(orig.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	h, _, _ := ident.Photo(orig.Bytes())
	err = db.Update(func(tx *store.Tx) error {
		return tx.PutIdentifier(&store.Identifier{PersonID: pid, Kind: string(ident.KindPhoto), Value: v.Canonical,
			Masked: v.Masked, PHash: h, Thumb: thumb})
	})
	if err != nil {
		t.Fatal(err)
	}

	// The re-post: half size, JPEG quality 40.
	big, small := identtest.Card(3), image.NewRGBA(image.Rect(0, 0, 214, 135))
	for y := 0; y < 135; y++ {
		for x := 0; x < 214; x++ {
			small.Set(x, y, big.At(2*x, 2*y))
		}
	}
	var repost, other bytes.Buffer
	if err := jpeg.Encode(&repost, small, &jpeg.Options{Quality: 40}); err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(&other, identtest.Card(11)); err != nil {
		t.Fatal(err)
	}
	s := newSite(t)
	s.html("/thread.html", `<html><body><p>楼主晒图</p><img src="/img/a.jpg"><img src="/img/b.png"></body></html>`)
	s.set("/img/a.jpg", page{body: repost.Bytes(), ctype: "image/jpeg"})
	s.set("/img/b.png", page{body: other.Bytes(), ctype: "image/png"})

	m := testMonitor(db, Options{})
	if _, err := m.AddSource(SourceSpec{URL: s.URL + "/thread.html", Kind: KindPage}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Scan(context.Background(), ScanRequest{Force: true}, nil); err != nil {
		t.Fatal(err)
	}
	byPath := findingsByPath(t, db, s.URL)
	var photos []store.Finding
	for _, f := range byPath["/img/a.jpg"] {
		if f.Kind == string(ident.KindPhoto) {
			photos = append(photos, f)
		}
	}
	if len(photos) != 1 {
		t.Fatalf("want one photo finding on the re-posted image, have %d (all: %+v)", len(photos), byPath)
	}
	if fs := byPath["/img/b.png"]; len(fs) != 0 {
		t.Errorf("an unrelated image was reported: %+v", fs)
	}
	if photos[0].CaptureID != s.sentSHA("/img/a.jpg") {
		t.Errorf("photo finding's capture %s is not the image bytes the server sent (%s)", photos[0].CaptureID, s.sentSHA("/img/a.jpg"))
	}
}
