// Package table lays text out in aligned columns for the terminal, the
// way text/tabwriter does, but measures every cell in terminal cells
// (textsafe.Width): a Chinese display name is two cells a character, so
// tabwriter, which counts runes, pushed the columns after it out of line.
// Every table the CLI and the reports print goes through it.
//
// Input is tabwriter's: cells end with a tab, lines with a newline, and
// the text after a line's last tab is not part of any column. A column
// runs over consecutive lines that have a cell in it, so a heading line
// without tabs starts a fresh set of columns.
package table

import (
	"bytes"
	"io"
	"strings"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// Writer buffers what is written until Flush, then writes it aligned.
type Writer struct {
	out     io.Writer
	padding int
	right   bool
	buf     bytes.Buffer
}

// New is a Writer to out whose columns are left-aligned and two cells
// apart.
func New(out io.Writer) *Writer { return &Writer{out: out, padding: 2} }

// AlignRight right-aligns the cells (numbers); the text after a line's
// last tab stays where it is.
func (w *Writer) AlignRight() *Writer { w.right = true; return w }

// Padding sets the cells between columns (2 unless set).
func (w *Writer) Padding(n int) *Writer { w.padding = n; return w }

// Write buffers p; it never fails.
func (w *Writer) Write(p []byte) (int, error) { return w.buf.Write(p) }

// Flush writes the buffered lines aligned and empties the buffer.
func (w *Writer) Flush() error {
	text := w.buf.String()
	w.buf.Reset()
	if text == "" {
		return nil
	}
	end := ""
	if strings.HasSuffix(text, "\n") {
		text, end = text[:len(text)-1], "\n"
	}
	var lines [][]string
	for ln := range strings.SplitSeq(text, "\n") {
		lines = append(lines, strings.Split(ln, "\t"))
	}
	var b strings.Builder
	l := layout{lines: lines, padding: w.padding, right: w.right, out: &b}
	l.format(nil, 0, len(lines))
	b.WriteString(end)
	_, err := io.WriteString(w.out, b.String())
	return err
}

type layout struct {
	lines   [][]string // each line's cells; the last one ends the line
	padding int
	right   bool
	out     *strings.Builder
	written int // lines written so far
}

// format writes lines [from, to) given the widths of the columns to the
// left, finding the blocks of the next column as text/tabwriter does.
func (l *layout) format(widths []int, from, to int) {
	col := len(widths)
	for i := from; i < to; i++ {
		if col >= len(l.lines[i])-1 {
			continue
		}
		l.write(widths, from, i)
		from = i
		width := 0
		for ; i < to && col < len(l.lines[i])-1; i++ {
			width = max(width, textsafe.Width(l.lines[i][col])+l.padding)
		}
		l.format(append(widths, width), from, i)
		from = i
		i-- // the loop's i++ comes back to the first line after the block
	}
	l.write(widths, from, to)
}

// write writes lines [from, to) with the column widths.
func (l *layout) write(widths []int, from, to int) {
	for _, cells := range l.lines[from:to] {
		for j, c := range cells {
			pad := 0
			if j < len(widths) {
				pad = max(widths[j]-textsafe.Width(c), 0)
			}
			if l.right {
				l.out.WriteString(strings.Repeat(" ", pad))
				l.out.WriteString(c)
			} else {
				l.out.WriteString(c)
				l.out.WriteString(strings.Repeat(" ", pad))
			}
		}
		l.written++
		if l.written < len(l.lines) {
			l.out.WriteByte('\n')
		}
	}
}
