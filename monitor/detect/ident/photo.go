package ident

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // decoders for the photos users register
	_ "image/jpeg"
	"image/png"

	"github.com/corona10/goimagehash"
	"golang.org/x/image/draw"
)

// ThumbSize is the longest side of the thumbnail Photo returns, in pixels:
// enough for a user to recognise which photo they registered.
const ThumbSize = 128

// maxPixels refuses decompression bombs before decoding.
const maxPixels = 50_000_000

// Photo computes the 64-bit perceptual hash (pHash) of an image and a PNG
// thumbnail at most ThumbSize pixels on its longest side. Accepts PNG, JPEG
// and GIF. fmt.Sprintf("%016x", hash) is the canonical value of kind photo.
func Photo(img []byte) (hash uint64, thumbPNG []byte, err error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		return 0, nil, &ValidationError{Kind: KindPhoto, Problem: "not a PNG, JPEG or GIF image"}
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return 0, nil, &ValidationError{Kind: KindPhoto, Problem: "image is empty or too large (over 50 megapixels)"}
	}
	m, _, err := image.Decode(bytes.NewReader(img))
	if err != nil {
		return 0, nil, &ValidationError{Kind: KindPhoto, Problem: "image is damaged and cannot be decoded"}
	}
	h, err := goimagehash.PerceptionHash(m)
	if err != nil {
		return 0, nil, fmt.Errorf("photo: perceptual hash: %w", err)
	}
	thumb, err := thumbnail(m)
	if err != nil {
		return 0, nil, err
	}
	return h.GetHash(), thumb, nil
}

// PhotoValue is Photo followed by Parse: the Value to store for an image.
func PhotoValue(img []byte) (Value, []byte, error) {
	h, thumb, err := Photo(img)
	if err != nil {
		return Value{}, nil, err
	}
	c := fmt.Sprintf("%016x", h)
	return Value{Kind: KindPhoto, Canonical: c, Masked: Mask(KindPhoto, c)}, thumb, nil
}

func thumbnail(m image.Image) ([]byte, error) {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > ThumbSize || h > ThumbSize {
		if w >= h {
			w, h = ThumbSize, max(1, h*ThumbSize/w)
		} else {
			w, h = max(1, w*ThumbSize/h), ThumbSize
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), m, b, draw.Src, nil)
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		return nil, fmt.Errorf("photo: encode thumbnail: %w", err)
	}
	return buf.Bytes(), nil
}
