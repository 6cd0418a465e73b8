package chart

import (
	_ "embed"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
)

//go:embed chart.tmpl
var chartTemplates string

// Templates holds "chart" (one chart as inline SVG, for a page), "svg"
// (a standalone SVG file with its own styles) and "style" (the colour
// roles as CSS, light, dark and print). A page clones it and adds its own.
// html/template escapes every label: they include customer text.
var Templates = template.Must(template.New("chart").Funcs(template.FuncMap{"n": num}).Parse(chartTemplates))

// num prints a coordinate: one decimal at most, no trailing zeros.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// El is the SVG element a shape becomes.
func (s Shape) El() string {
	switch s.Kind {
	case Rect:
		return "rect"
	case Line:
		return "polyline"
	case Text:
		return "text"
	}
	return "path"
}

// PointsAttr is a polyline's points attribute.
func (s Shape) PointsAttr() string {
	var b strings.Builder
	for i, p := range s.Points {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p.X) + "," + num(p.Y))
	}
	return b.String()
}

// D is a sector's path: the outer arc clockwise, the inner arc back, in
// arcs of at most half a turn (a whole-turn arc would draw nothing).
func (s Shape) D() string {
	at := func(r, a float64) string {
		return num(s.CX+r*math.Sin(a)) + " " + num(s.CY-r*math.Cos(a))
	}
	n := int(math.Ceil((s.A1 - s.A0) / math.Pi))
	step := (s.A1 - s.A0) / float64(max(n, 1))
	var b strings.Builder
	b.WriteString("M" + at(s.R1, s.A0))
	for i := 1; i <= n; i++ {
		b.WriteString(" A" + num(s.R1) + " " + num(s.R1) + " 0 0 1 " + at(s.R1, s.A0+step*float64(i)))
	}
	b.WriteString(" L" + at(s.R0, s.A1))
	for i := n - 1; i >= 0; i-- {
		b.WriteString(" A" + num(s.R0) + " " + num(s.R0) + " 0 0 0 " + at(s.R0, s.A0+step*float64(i)))
	}
	b.WriteString(" Z")
	return b.String()
}

// SVG writes c as a standalone SVG file.
func SVG(w io.Writer, c Chart) error { return Templates.ExecuteTemplate(w, "svg", c) }
