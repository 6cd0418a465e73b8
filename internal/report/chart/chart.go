// Package chart draws the report's charts (donuts, bars, lines) as a
// short list of shapes in the chart's own coordinate space. The same
// shapes become SVG (text stays text, so the reader's fonts draw Chinese)
// or a PNG rasterised in pure Go. Colours are roles (series, grid, text),
// not values: the page's stylesheet picks them for light, dark or print.
package chart

import (
	"math"
	"strconv"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// Width is every chart's width in its own units; heights vary.
const Width = 640

// Series is the number of series colours (classes s0 … s7).
const Series = 8

// Kind is a shape's kind.
type Kind int

// Shape kinds.
const (
	Rect   Kind = iota // X, Y, W, H
	Sector             // a ring slice: CX, CY, R0 (inner), R1 (outer), A0 → A1 (radians, clockwise from 12 o'clock)
	Line               // a polyline through Points
	Text               // Text at (X, Y) baseline, aligned by Anchor
)

// Point is a point of a polyline.
type Point struct{ X, Y float64 }

// Shape is one thing a chart draws. Class is its colour role: s0 … s7
// (series fills), l0 … l7 (series lines), grid, target (the dashed goal
// line), and for text t (plain), m (muted), v (values, bold).
type Shape struct {
	Kind                   Kind
	Class                  string
	X, Y, W, H             float64
	CX, CY, R0, R1, A0, A1 float64
	Points                 []Point
	Text                   string
	Anchor                 string // start, middle or end
	Size                   float64
	Tip                    string // the tooltip a browser shows on hover
}

// Chart is a titled drawing. Name is its --chart name.
type Chart struct {
	Name, Title string
	W, H        float64
	Shapes      []Shape
}

// Slice is one part of a donut.
type Slice struct {
	Label string
	N     int
}

// Bar is one group of bars (one label, one value per series).
type Bar struct {
	Label  string
	Values []float64
	Texts  []string // the value as printed above or beside its bar
}

func seriesClass(prefix string, i int) string { return prefix + strconv.Itoa(i%Series) }

// textWidth estimates how wide s is at size: a terminal cell is about
// 0.55 em, and a CJK character two cells.
func textWidth(s string, size float64) float64 {
	return float64(textsafe.Width(s)) * 0.55 * size
}

// fit cuts s to at most w units wide at size.
func fit(s string, w, size float64) string {
	return textsafe.Truncate(textsafe.Line(s), int(w/(0.55*size)))
}

func (c *Chart) text(x, y float64, class, anchor string, size float64, s string) {
	c.Shapes = append(c.Shapes, Shape{Kind: Text, X: x, Y: y, Class: class, Anchor: anchor, Size: size, Text: s})
}

func (c *Chart) rect(x, y, w, h float64, class, tip string) {
	c.Shapes = append(c.Shapes, Shape{Kind: Rect, X: x, Y: y, W: w, H: h, Class: class, Tip: tip})
}

func (c *Chart) line(class string, pts ...Point) {
	c.Shapes = append(c.Shapes, Shape{Kind: Line, Class: class, Points: pts})
}

// legend draws swatches and labels in rows from (x, y), wrapping at the
// chart's width; it returns the y below it.
func (c *Chart) legend(x, y float64, labels []string) float64 {
	const size = 13
	left := x
	for i, l := range labels {
		w := 22 + textWidth(l, size) + 18
		if x+w > c.W-10 && x > left {
			x, y = left, y+22
		}
		c.rect(x, y-11, 12, 12, seriesClass("s", i), "")
		c.text(x+18, y, "t", "start", size, l)
		x += w
	}
	return y + 22
}

// Donut draws slices as a ring with the total in its middle and a legend
// (label, count, share) beside it. Slices past the seventh are summed into
// one labelled other.
func Donut(name, title string, slices []Slice, other string) Chart {
	if len(slices) > Series-1 {
		rest := Slice{Label: other}
		for _, s := range slices[Series-2:] {
			rest.N += s.N
		}
		slices = append(slices[:Series-2:Series-2], rest)
	}
	total := 0
	for _, s := range slices {
		total += max(s.N, 0)
	}
	const cx, cy, r1, r0, top = 130, 150, 110, 66, 40
	c := Chart{Name: name, Title: title, W: Width, H: max(280, float64(top+24*len(slices)+30))}
	c.text(16, 24, "t", "start", 16, title)
	a := 0.0
	for i, s := range slices {
		if total == 0 || s.N <= 0 {
			continue
		}
		sweep := 2 * math.Pi * float64(s.N) / float64(total)
		c.Shapes = append(c.Shapes, Shape{Kind: Sector, Class: seriesClass("s", i), CX: cx, CY: cy, R0: r0, R1: r1,
			A0: a, A1: a + sweep, Tip: s.Label + " " + strconv.Itoa(s.N)})
		a += sweep
	}
	if total == 0 {
		c.Shapes = append(c.Shapes, Shape{Kind: Sector, Class: "grid", CX: cx, CY: cy, R0: r0, R1: r1, A1: 2 * math.Pi})
	}
	c.text(cx, cy+9, "v", "middle", 26, strconv.Itoa(total))
	y := float64(top + 30)
	for i, s := range slices {
		c.rect(290, y-12, 14, 14, seriesClass("s", i), "")
		c.text(312, y, "t", "start", 14, fit(s.Label, 190, 14))
		c.text(560, y, "v", "end", 14, strconv.Itoa(s.N))
		c.text(Width-16, y, "m", "end", 13, percent(s.N, total))
		y += 24
	}
	return c
}

func percent(n, total int) string {
	if total == 0 {
		return "-"
	}
	return strconv.FormatFloat(100*float64(n)/float64(total), 'f', 0, 64) + "%"
}

// niceMax rounds v up to a round axis maximum (1, 2 or 5 × 10ⁿ).
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// axis draws four horizontal grid lines from 0 to top over the plot
// area, labelled by format; it returns the y of a value.
func (c *Chart) axis(x0, x1, yTop, yBottom, top float64, format func(float64) string) func(float64) float64 {
	y := func(v float64) float64 { return yBottom - (yBottom-yTop)*v/top }
	for i := range 5 {
		v := top * float64(i) / 4
		c.line("grid", Point{x0, y(v)}, Point{x1, y(v)})
		c.text(x0-6, y(v)+4, "m", "end", 12, format(v))
	}
	return y
}

func count(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Columns draws vertical bars, one group per Bar and one bar per series,
// on an axis from 0 to top (0: rounded up from the values). target, when
// not nil, is drawn as a dashed line labelled targetLabel. format labels
// the axis.
func Columns(name, title string, series []string, bars []Bar, top float64, target *float64, targetLabel string, format func(float64) string) Chart {
	if format == nil {
		format = count
	}
	c := Chart{Name: name, Title: title, W: Width, H: 340}
	c.text(16, 24, "t", "start", 16, title)
	y := 62.0
	if len(series) > 1 || target != nil {
		labels := series
		if len(series) == 1 {
			labels = nil
		}
		y = c.legend(16, 50, labels)
		if target != nil {
			c.line("target", Point{c.W - 150, 46}, Point{c.W - 124, 46})
			c.text(c.W-118, 50, "t", "start", 13, targetLabel)
		}
	}
	if top <= 0 {
		for _, b := range bars {
			for _, v := range b.Values {
				top = max(top, v)
			}
		}
		top = niceMax(top)
	}
	const x0, bottom = 64, 300
	x1 := c.W - 16
	yOf := c.axis(x0, x1, y+10, bottom, top, format)
	if len(bars) > 0 {
		slot := (x1 - x0) / float64(len(bars))
		bw := min(48, slot*0.8/float64(max(len(series), 1)))
		for i, b := range bars {
			gx := x0 + slot*float64(i) + (slot-bw*float64(len(b.Values)))/2
			for j, v := range b.Values {
				x := gx + bw*float64(j)
				v = min(max(v, 0), top)
				tip := fit(b.Label, 200, 12)
				if j < len(series) {
					tip += " · " + series[j]
				}
				if j < len(b.Texts) {
					tip += " " + b.Texts[j]
					c.text(x+bw/2, yOf(v)-5, "m", "middle", 11, b.Texts[j])
				}
				c.rect(x, yOf(v), bw-2, bottom-yOf(v), seriesClass("s", j), tip)
			}
			c.text(x0+slot*(float64(i)+0.5), bottom+20, "t", "middle", 13, fit(b.Label, slot-4, 13))
		}
	}
	if target != nil {
		c.line("target", Point{x0, yOf(*target)}, Point{x1, yOf(*target)})
	}
	return c
}

// Rows draws horizontal bars, one per Bar (its first value), from 0 to
// top (0: rounded up from the values): the ranking charts (keywords,
// satisfaction per dimension).
func Rows(name, title string, bars []Bar, top float64) Chart {
	const row, labelW = 28, 150
	c := Chart{Name: name, Title: title, W: Width, H: float64(56 + row*max(len(bars), 1) + 10)}
	c.text(16, 24, "t", "start", 16, title)
	if top <= 0 {
		for _, b := range bars {
			if len(b.Values) > 0 {
				top = max(top, b.Values[0])
			}
		}
		top = niceMax(top)
	}
	x0, x1 := 16.0+labelW, c.W-70
	for i, b := range bars {
		y := 48 + row*float64(i)
		v := 0.0
		if len(b.Values) > 0 {
			v = min(max(b.Values[0], 0), top)
		}
		label := fit(b.Label, labelW-10, 13)
		c.text(x0-8, y+15, "t", "end", 13, label)
		c.rect(x0, y+2, x1-x0, row-8, "track", "")
		text := count(v)
		if len(b.Texts) > 0 {
			text = b.Texts[0]
		}
		c.rect(x0, y+2, (x1-x0)*v/top, row-8, "s0", label+" "+text)
		c.text(x1+8, y+15, "v", "start", 13, text)
	}
	return c
}

// Trend draws one line per series over the days (x labels), with a dot
// on each value, on an axis from 0.
func Trend(name, title string, series []string, days []string, values [][]float64) Chart {
	c := Chart{Name: name, Title: title, W: Width, H: 340}
	c.text(16, 24, "t", "start", 16, title)
	y := c.legend(16, 50, series)
	top := 0.0
	for _, vs := range values {
		for _, v := range vs {
			top = max(top, v)
		}
	}
	top = niceMax(top)
	const x0, bottom = 64, 300
	x1 := c.W - 24
	yOf := c.axis(x0, x1, y+10, bottom, top, count)
	xOf := func(i int) float64 {
		if len(days) < 2 {
			return (x0 + x1) / 2
		}
		return x0 + (x1-x0)*float64(i)/float64(len(days)-1)
	}
	every := max(1, (len(days)+7)/8) // at most about eight date labels
	for i, d := range days {
		if i%every == 0 || i == len(days)-1 {
			c.text(xOf(i), bottom+20, "m", "middle", 12, d)
		}
	}
	for s, vs := range values {
		var pts []Point
		for i, v := range vs {
			pts = append(pts, Point{xOf(i), yOf(max(v, 0))})
		}
		if len(pts) > 1 {
			c.line(seriesClass("l", s), pts...)
		}
		for i, p := range pts {
			tip := series[s] + " " + count(vs[i])
			if i < len(days) {
				tip = days[i] + " " + tip
			}
			c.rect(p.X-3, p.Y-3, 6, 6, seriesClass("s", s), tip)
		}
	}
	return c
}
