package chart

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// scale is PNG pixels per chart unit: sharp on a high-density screen.
const scale = 2

// palette is the light theme of chart.tmpl, for PNG.
var palette = map[string]color.RGBA{
	"bg": {0xff, 0xff, 0xff, 0xff}, "t": {0x1f, 0x23, 0x28, 0xff}, "v": {0x1f, 0x23, 0x28, 0xff},
	"m": {0x59, 0x63, 0x6e, 0xff}, "grid": {0xd1, 0xd9, 0xe0, 0xff}, "track": {0xee, 0xf1, 0xf4, 0xff},
	"target": {0xcf, 0x22, 0x2e, 0xff},
	"s0":     {0x2f, 0x6f, 0xdb, 0xff}, "s1": {0xe0, 0x7b, 0x24, 0xff}, "s2": {0x1f, 0x9d, 0x55, 0xff}, "s3": {0xcf, 0x3a, 0x3a, 0xff},
	"s4": {0x82, 0x50, 0xdf, 0xff}, "s5": {0xb0, 0x88, 0x00, 0xff}, "s6": {0x1b, 0x8f, 0xa3, 0xff}, "s7": {0x81, 0x8b, 0x98, 0xff},
}

// colour is a class's colour; line classes l0 … l7 take their series'.
func colour(class string) color.RGBA {
	if len(class) == 2 && class[0] == 'l' {
		class = "s" + class[1:]
	}
	if c, ok := palette[class]; ok {
		return c
	}
	return palette["t"]
}

// ErrNoGlyph is a label the Go fonts cannot draw.
var ErrNoGlyph = errors.New("the Go fonts have no glyph")

var (
	fontsOnce     sync.Once
	regular, bold *opentype.Font
	errFonts      error
	facesMu       sync.Mutex
	faces         = map[[2]float64]font.Face{}
)

// face is the Go font at size chart units (bold for values).
func face(size float64, heavy bool) (font.Face, error) {
	fontsOnce.Do(func() {
		if regular, errFonts = opentype.Parse(goregular.TTF); errFonts == nil {
			bold, errFonts = opentype.Parse(gobold.TTF)
		}
	})
	if errFonts != nil {
		return nil, errFonts
	}
	key := [2]float64{size, 0}
	f := regular
	if heavy {
		key[1], f = 1, bold
	}
	facesMu.Lock()
	defer facesMu.Unlock()
	if fc, ok := faces[key]; ok {
		return fc, nil
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size * scale, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, err
	}
	faces[key] = fc
	return fc, nil
}

// CheckPNG says whether every label of c can be drawn in a PNG: the Go
// fonts have Latin, Greek and Cyrillic but no Chinese. The error names
// the first label that cannot be drawn.
func CheckPNG(c Chart) error {
	for _, s := range c.Shapes {
		if s.Kind != Text {
			continue
		}
		fc, err := face(s.Size, s.Class == "v")
		if err != nil {
			return err
		}
		for _, r := range s.Text {
			if _, ok := fc.GlyphAdvance(r); !ok {
				return fmt.Errorf("%w for %q in label %q", ErrNoGlyph, r, s.Text)
			}
		}
	}
	return nil
}

// PNG rasterises c on a white background. Labels the Go fonts cannot draw
// (Chinese) fail the call before anything is written; see CheckPNG.
func PNG(w io.Writer, c Chart) error {
	if err := CheckPNG(c); err != nil {
		return err
	}
	img := image.NewRGBA(image.Rect(0, 0, int(c.W*scale), int(c.H*scale)))
	draw.Draw(img, img.Bounds(), image.NewUniform(palette["bg"]), image.Point{}, draw.Src)
	z := vector.NewRasterizer(img.Bounds().Dx(), img.Bounds().Dy())
	fill := func(class string, pts []Point) {
		if len(pts) < 3 {
			return
		}
		z.Reset(img.Bounds().Dx(), img.Bounds().Dy())
		z.MoveTo(float32(pts[0].X*scale), float32(pts[0].Y*scale))
		for _, p := range pts[1:] {
			z.LineTo(float32(p.X*scale), float32(p.Y*scale))
		}
		z.ClosePath()
		z.Draw(img, img.Bounds(), image.NewUniform(colour(class)), image.Point{})
	}
	for _, s := range c.Shapes {
		switch s.Kind {
		case Rect:
			fill(s.Class, []Point{{s.X, s.Y}, {s.X + s.W, s.Y}, {s.X + s.W, s.Y + s.H}, {s.X, s.Y + s.H}})
		case Sector:
			fill(s.Class, sectorOutline(s))
		case Line:
			width, dash := 2.5, 0.0
			switch s.Class {
			case "grid":
				width = 1
			case "target":
				width, dash = 2, 6
			}
			for i := 1; i < len(s.Points); i++ {
				for _, seg := range dashes(s.Points[i-1], s.Points[i], dash) {
					fill(s.Class, stroke(seg[0], seg[1], width))
				}
			}
		case Text:
			fc, err := face(s.Size, s.Class == "v")
			if err != nil {
				return err
			}
			d := font.Drawer{Dst: img, Src: image.NewUniform(colour(s.Class)), Face: fc}
			x := fixed.Int26_6(s.X * scale * 64)
			switch adv := d.MeasureString(s.Text); s.Anchor {
			case "middle":
				x -= adv / 2
			case "end":
				x -= adv
			}
			d.Dot = fixed.Point26_6{X: x, Y: fixed.Int26_6(s.Y * scale * 64)}
			d.DrawString(s.Text)
		}
	}
	return png.Encode(w, img)
}

// sectorOutline approximates a ring slice by a polygon, a point every
// couple of degrees.
func sectorOutline(s Shape) []Point {
	n := max(2, int((s.A1-s.A0)/(math.Pi/90)))
	pts := make([]Point, 0, 2*n+2)
	for i := 0; i <= n; i++ {
		a := s.A0 + (s.A1-s.A0)*float64(i)/float64(n)
		pts = append(pts, Point{s.CX + s.R1*math.Sin(a), s.CY - s.R1*math.Cos(a)})
	}
	for i := n; i >= 0; i-- {
		a := s.A0 + (s.A1-s.A0)*float64(i)/float64(n)
		pts = append(pts, Point{s.CX + s.R0*math.Sin(a), s.CY - s.R0*math.Cos(a)})
	}
	return pts
}

// stroke is the rectangle a line segment of width w covers.
func stroke(a, b Point, w float64) []Point {
	dx, dy := b.X-a.X, b.Y-a.Y
	l := math.Hypot(dx, dy)
	if l == 0 {
		return nil
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	return []Point{{a.X + nx, a.Y + ny}, {b.X + nx, b.Y + ny}, {b.X - nx, b.Y - ny}, {a.X - nx, a.Y - ny}}
}

// dashes cuts a segment into dash-long pieces with dash-long gaps; dash
// 0 keeps it whole.
func dashes(a, b Point, dash float64) [][2]Point {
	l := math.Hypot(b.X-a.X, b.Y-a.Y)
	if dash <= 0 || l <= dash {
		return [][2]Point{{a, b}}
	}
	var out [][2]Point
	at := func(t float64) Point { return Point{a.X + (b.X-a.X)*t/l, a.Y + (b.Y-a.Y)*t/l} }
	for t := 0.0; t < l; t += 2 * dash {
		out = append(out, [2]Point{at(t), at(min(t+dash, l))})
	}
	return out
}
