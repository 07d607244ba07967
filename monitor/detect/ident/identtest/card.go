// Package identtest holds test fixtures shared by the packages that handle
// photo identifiers. It is imported only from tests.
package identtest

import (
	"image"
	"image/color"
)

// Card draws a synthetic, ID-card-like picture (428×270). Different seeds
// give pictures whose perceptual hashes are far apart, so one seed can play
// the registered photo and another an unrelated image.
func Card(seed int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 428, 270))
	for y := 0; y < 270; y++ {
		for x := 0; x < 428; x++ {
			v := uint8((x/2 + y*seed/3) % 256)
			if (x/60+y/45+seed)%3 == 0 {
				v = 255 - v/2
			}
			img.Set(x, y, color.RGBA{v, v / 2, 255 - v, 255})
		}
	}
	return img
}
