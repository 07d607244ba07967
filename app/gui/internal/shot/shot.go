// Package shot inspects screenshots of the running app: is the window
// drawn at all, and is its text real glyphs rather than Fyne's replacement
// character. Used by the Xvfb smoke test in app/gui/desktop.
//
// The glyph check needs no OCR: Fyne draws every character it has no glyph
// for as the same "�" shape, so a line of missing Chinese is a run of
// identical blobs, while real Chinese text is a run of different ones.
// Analyze cuts text lines into glyph-sized blobs and counts how many
// different shapes there are.
package shot

import (
	"image"
	"math/bits"
)

// Report summarises a screenshot.
type Report struct {
	Width, Height int
	// InkFraction is the share of pixels that differ clearly from the
	// dominant background colour.
	InkFraction float64
	// Colours counts distinct colours (capped at 4096).
	Colours int
	// Blobs is how many roughly square glyph-sized blobs text lines hold;
	// Shapes how many different shapes they have (near-identical shapes,
	// up to a few pixels of anti-aliasing, count once).
	Blobs, Shapes int
}

// Blank reports a screenshot with (almost) nothing drawn.
func (r Report) Blank() bool { return r.InkFraction < 0.005 || r.Colours < 8 }

func gray(img image.Image, x, y int) int {
	r, g, b, _ := img.At(x, y).RGBA()
	return int((299*r + 587*g + 114*b) / 1000 >> 8)
}

// Analyze measures img (see Report).
func Analyze(img image.Image) Report {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	rep := Report{Width: w, Height: h}
	if w == 0 || h == 0 {
		return rep
	}
	hist := [256]int{}
	colours := map[uint32]bool{}
	g := make([]int, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := gray(img, b.Min.X+x, b.Min.Y+y)
			g[y*w+x] = v
			hist[v]++
			if len(colours) < 4096 {
				r, gg, bb, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				colours[(r>>8)<<16|(gg>>8)<<8|bb>>8] = true
			}
		}
	}
	rep.Colours = len(colours)
	bg := 0
	for v := range hist {
		if hist[v] > hist[bg] {
			bg = v
		}
	}
	ink := make([]bool, w*h)
	n := 0
	for i, v := range g {
		if d := v - bg; d > 70 || d < -70 {
			ink[i] = true
			n++
		}
	}
	rep.InkFraction = float64(n) / float64(w*h)

	var shapes []sig
	for _, band := range bands(ink, w, h) {
		for _, bl := range blobs(ink, w, band[0], band[1]) {
			bw, bh := bl.x1-bl.x0, bl.y1-bl.y0
			// Glyph-sized and roughly square: CJK characters and "�";
			// Latin letters, icons and rules mostly fail this.
			if bw < 8 || bh < 8 || bw > 64 || bh > 64 || bw*10 < bh*7 || bh*10 < bw*7 {
				continue
			}
			rep.Blobs++
			s := signature(ink, w, bl)
			known := false
			for _, o := range shapes {
				if bits.OnesCount64(o.bits^s.bits) <= 8 && abs(o.w-s.w) <= 2 && abs(o.h-s.h) <= 2 {
					known = true
					break
				}
			}
			if !known {
				shapes = append(shapes, s)
			}
		}
	}
	rep.Shapes = len(shapes)
	return rep
}

type box struct{ x0, y0, x1, y1 int }

type sig struct {
	bits uint64
	w, h int
}

// bands are runs of rows holding ink, 8–64 rows tall (text lines).
func bands(ink []bool, w, h int) [][2]int {
	var out [][2]int
	start := -1
	for y := 0; y <= h; y++ {
		has := false
		if y < h {
			for x := 0; x < w; x++ {
				if ink[y*w+x] {
					has = true
					break
				}
			}
		}
		switch {
		case has && start < 0:
			start = y
		case !has && start >= 0:
			if y-start >= 8 && y-start <= 64 {
				out = append(out, [2]int{start, y})
			}
			start = -1
		}
	}
	return out
}

// blobs splits a band at blank columns and trims each piece vertically.
func blobs(ink []bool, w, y0, y1 int) []box {
	var out []box
	start := -1
	for x := 0; x <= w; x++ {
		has := false
		if x < w {
			for y := y0; y < y1; y++ {
				if ink[y*w+x] {
					has = true
					break
				}
			}
		}
		switch {
		case has && start < 0:
			start = x
		case !has && start >= 0:
			bx := box{start, y1, x, y0}
			for y := y0; y < y1; y++ {
				for xx := start; xx < x; xx++ {
					if ink[y*w+xx] {
						bx.y0 = min(bx.y0, y)
						bx.y1 = max(bx.y1, y+1)
					}
				}
			}
			out = append(out, bx)
			start = -1
		}
	}
	return out
}

// signature samples the blob on an 8×8 grid.
func signature(ink []bool, w int, b box) sig {
	var s sig
	s.w, s.h = b.x1-b.x0, b.y1-b.y0
	for gy := 0; gy < 8; gy++ {
		for gx := 0; gx < 8; gx++ {
			ya, yb := b.y0+gy*s.h/8, b.y0+(gy+1)*s.h/8
			xa, xb := b.x0+gx*s.w/8, b.x0+(gx+1)*s.w/8
			n, tot := 0, 0
			for y := ya; y < max(yb, ya+1); y++ {
				for x := xa; x < max(xb, xa+1); x++ {
					tot++
					if ink[y*w+x] {
						n++
					}
				}
			}
			if n*3 >= tot {
				s.bits |= 1 << (gy*8 + gx)
			}
		}
	}
	return s
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
