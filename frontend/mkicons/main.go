//go:build ignore

// Command mkicons draws the PWA icons (an envelope on the accent colour) as
// PNGs, the same drawing as static/icon.svg. Run once, commit the output:
//
//	go run frontend/mkicons/main.go
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

var (
	accent = color.NRGBA{0x0b, 0x5f, 0xb3, 0xff}
	white  = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

// inStroke says whether point (x, y), in the 512-unit design space, is on
// the envelope's outline (stroke width 32, round caps).
func inStroke(x, y float64) bool {
	const half = 16
	// Rounded rectangle x 104..408, y 152..360, radius 24.
	cx, cy, hw, hh, r := 256.0, 256.0, 152.0, 104.0, 24.0
	qx, qy := math.Abs(x-cx)-(hw-r), math.Abs(y-cy)-(hh-r)
	d := math.Hypot(math.Max(qx, 0), math.Max(qy, 0)) + math.Min(math.Max(qx, qy), 0) - r
	if math.Abs(d) <= half {
		return true
	}
	// The flap: (112,168) -> (256,280) -> (400,168).
	return segDist(x, y, 112, 168, 256, 280) <= half || segDist(x, y, 256, 280, 400, 168) <= half
}

func segDist(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := ((px-ax)*dx + (py-ay)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(px-(ax+t*dx), py-(ay+t*dy))
}

func draw(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 4 // supersampling per axis
	scale := 512 / float64(size)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			hits := 0
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					if inStroke((float64(x)+(float64(sx)+.5)/ss)*scale, (float64(y)+(float64(sy)+.5)/ss)*scale) {
						hits++
					}
				}
			}
			a := float64(hits) / ss / ss
			mix := func(b, f uint8) uint8 { return uint8(math.Round(float64(b)*(1-a) + float64(f)*a)) }
			img.SetNRGBA(x, y, color.NRGBA{mix(accent.R, white.R), mix(accent.G, white.G), mix(accent.B, white.B), 0xff})
		}
	}
	return img
}

func main() {
	for _, size := range []int{32, 192, 512} {
		f, err := os.Create("frontend/static/icon-" + itoa(size) + ".png")
		if err != nil {
			log.Fatal(err)
		}
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(f, draw(size)); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}
