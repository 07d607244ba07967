package detect

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // register decoders for page images
	_ "image/jpeg"
	_ "image/png"

	"github.com/corona10/goimagehash"
)

// ScanImage compares an image from a page with the registered photos
// (kind photo) by perceptual hash. pHash at distance ≤ Options.PhotoThreshold
// survives resizing, re-encoding, watermarks and light crops, and keeps
// other people's cards on the same template apart (notes/libs.md §6).
func (d *Detector) ScanImage(img []byte) ([]Match, error) {
	if len(d.photos) == 0 {
		return nil, nil
	}
	h, err := PhotoHash(img)
	if err != nil {
		return nil, err
	}
	var out []Match
	for _, ph := range d.photos {
		t := ph.t
		id := d.people[t.person].Identifiers[t.ident]
		dist := hamming(h, ph.hash)
		if dist > d.opts.PhotoThreshold {
			continue
		}
		form := FormExact
		if dist > 0 {
			form = FormVariant
		}
		out = append(out, Match{
			PersonID: d.people[t.person].ID, IdentifierID: id.ID, Kind: "photo", Form: form,
			Severity: SevCritical, Where: WhereAttribute, Start: -1, End: -1,
			Masked: fmt.Sprintf("photo (pHash distance %d/64)", dist), Snippet: "【photo】",
		})
	}
	return out, nil
}

// maxPixels refuses decompression bombs from pages before decoding.
const maxPixels = 50_000_000

// PhotoHash is the 64-bit pHash of an encoded image (PNG, JPEG, GIF), the
// same hash ident.Photo registers.
func PhotoHash(img []byte) (uint64, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		return 0, fmt.Errorf("decode image: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return 0, fmt.Errorf("decode image: empty or over 50 megapixels")
	}
	m, _, err := image.Decode(bytes.NewReader(img))
	if err != nil {
		return 0, fmt.Errorf("decode image: %w", err)
	}
	h, err := goimagehash.PerceptionHash(m)
	if err != nil {
		return 0, fmt.Errorf("perception hash: %w", err)
	}
	return h.GetHash(), nil
}

func hamming(a, b uint64) int {
	x, n := a^b, 0
	for x != 0 {
		x &= x - 1
		n++
	}
	return n
}
