package ident

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/bits"
	"testing"

	"golang.org/x/image/draw"
)

// card draws a synthetic "ID card": a light template with a dark portrait
// block whose position depends on seed, so two seeds are different cards.
func card(seed int, w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.Set(x, y, color.RGBA{uint8(200 + x*40/w), uint8(210 + y*30/h), 230, 255})
		}
	}
	px, py := w*(1+seed%3)/5, h*(1+seed%2)/4
	for y := py; y < py+h/3; y++ {
		for x := px; x < px+w/5; x++ {
			m.Set(x, y, color.RGBA{uint8(40 + 30*seed), 40, 60, 255})
		}
	}
	return m
}

func encode(t *testing.T, m image.Image, asJPEG bool) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	if asJPEG {
		err = jpeg.Encode(&b, m, &jpeg.Options{Quality: 50})
	} else {
		err = png.Encode(&b, m)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPhoto(t *testing.T) {
	orig := card(0, 856, 540)
	h0, thumb, err := Photo(encode(t, orig, false))
	if err != nil {
		t.Fatal(err)
	}
	tm, err := png.Decode(bytes.NewReader(thumb))
	if err != nil {
		t.Fatalf("thumbnail is not a PNG: %v", err)
	}
	if b := tm.Bounds(); b.Dx() != ThumbSize || b.Dy() > ThumbSize || b.Dy() < 70 {
		t.Errorf("thumbnail is %v, want %d wide keeping the aspect ratio", b, ThumbSize)
	}

	// The same card, halved and re-encoded as a poor JPEG, is still "the same".
	half := image.NewRGBA(image.Rect(0, 0, 428, 270))
	draw.ApproxBiLinear.Scale(half, half.Bounds(), orig, orig.Bounds(), draw.Src, nil)
	h1, _, err := Photo(encode(t, half, true))
	if err != nil {
		t.Fatal(err)
	}
	if d := bits.OnesCount64(h0 ^ h1); d > 10 {
		t.Errorf("resized JPEG copy is %d bits away, want ≤ 10 (the detector's threshold)", d)
	}
	h2, _, err := Photo(encode(t, card(1, 856, 540), false))
	if err != nil {
		t.Fatal(err)
	}
	if d := bits.OnesCount64(h0 ^ h2); d <= 10 {
		t.Errorf("a different card is only %d bits away; it would be mistaken for the registered one", d)
	}

	v, _, err := PhotoValue(encode(t, orig, false))
	if err != nil {
		t.Fatal(err)
	}
	if w, err := Parse(KindPhoto, v.Canonical); err != nil || w != v {
		t.Errorf("Parse(photo, %q) = %+v, %v; want %+v", v.Canonical, w, err, v)
	}

	var ve *ValidationError
	if _, _, err := Photo([]byte("not an image")); !errors.As(err, &ve) || ve.Kind != KindPhoto {
		t.Errorf("Photo(text) error = %v, want a photo ValidationError", err)
	}
	small := card(0, 40, 20)
	_, thumb, err = Photo(encode(t, small, false))
	if err != nil {
		t.Fatal(err)
	}
	if tm, _ := png.Decode(bytes.NewReader(thumb)); tm.Bounds().Dx() != 40 {
		t.Errorf("small image was scaled to %v; thumbnails never enlarge", tm.Bounds())
	}
}
