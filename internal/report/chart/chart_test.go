package chart

import (
	"bytes"
	"errors"
	"image/png"
	"math"
	"strings"
	"testing"
)

func TestPNGDrawsTheShapes(t *testing.T) {
	c := Donut("channel", "Volume by channel", []Slice{{"email", 3}, {"hotline", 1}}, "other")
	var buf bytes.Buffer
	if err := PNG(&buf, c); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != int(c.W*scale) || b.Dy() != int(c.H*scale) {
		t.Fatalf("size %v", b)
	}
	// Three quarters of the ring is email's colour: a point on the ring at
	// 9 o'clock (inside the first slice's sweep of 270°).
	r, g, b, _ := img.At(int((130-88)*scale), int(150*scale)).RGBA()
	if want := palette["s0"]; uint8(r>>8) != want.R || uint8(g>>8) != want.G || uint8(b>>8) != want.B {
		t.Errorf("ring at 9 o'clock is %02x%02x%02x, want s0", r>>8, g>>8, b>>8)
	}
}

func TestPNGRefusesLabelsWithoutGlyphs(t *testing.T) {
	c := Rows("keywords", "Top keywords", []Bar{{Label: "退款", Values: []float64{3}}}, 0)
	var buf bytes.Buffer
	if err := PNG(&buf, c); !errors.Is(err, ErrNoGlyph) || !strings.Contains(err.Error(), "退款") || buf.Len() != 0 {
		t.Fatalf("err = %v, %d bytes written", err, buf.Len())
	}
}

func TestWholeRingIsDrawn(t *testing.T) {
	// An arc from a point to itself draws nothing: a full ring is two arcs.
	d := Shape{Kind: Sector, CX: 100, CY: 100, R0: 50, R1: 80, A1: 2 * math.Pi}.D()
	if n := strings.Count(d, " A"); n != 4 {
		t.Fatalf("%d arcs in %s", n, d)
	}
}

func TestLabelsAreCutToFit(t *testing.T) {
	c := Rows("keywords", "k", []Bar{{Label: strings.Repeat("很长的关键词", 20), Values: []float64{1}}}, 0)
	for _, s := range c.Shapes {
		if s.Kind == Text && textWidth(s.Text, s.Size) > 150 {
			t.Errorf("label %q is %v wide", s.Text, textWidth(s.Text, s.Size))
		}
	}
}
