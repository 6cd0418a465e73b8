package server

import (
	"bytes"
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/vt"

	"github.com/loopdesk/loopdesk/tui"
)

// screenLines is what an emulated terminal shows, row by row, without
// trailing blanks.
func screenLines(e *vt.Emulator) []string {
	lines := strings.Split(e.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

// A frame rewrites only the rows that changed, and the terminal then shows
// the new frame exactly: shorter rows leave nothing behind, rows wider than
// the screen are cut instead of wrapping.
func TestScreenRewritesChangedRows(t *testing.T) {
	var out bytes.Buffer
	s := newScreen(&out, colorprofile.ANSI256, 20, 4)
	e := vt.NewEmulator(20, 4)
	frame := func(content string) string {
		out.Reset()
		s.draw(frameOf(tea.NewView(content)))
		sent := out.String()
		if _, err := e.WriteString(sent); err != nil {
			t.Fatal(err)
		}
		return sent
	}
	frame("first row\nsecond row is long\nthird\nstatus")
	sent := frame("first row\nshort\nthird\nstatus")
	if strings.Contains(sent, "first") || strings.Contains(sent, "third") || strings.Contains(sent, "status") {
		t.Errorf("unchanged rows were sent again: %q", sent)
	}
	want := []string{"first row", "short", "third", "status"}
	if got := screenLines(e); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("screen shows %q, want %q", got, want)
	}
	frame("first row\nshort\n" + strings.Repeat("界", 15) + "\nstatus")
	want[2] = strings.Repeat("界", 10)
	if got := screenLines(e); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("after a wide row the screen shows %q, want %q", got, want)
	}
	if sent := frame("first row\nshort\n" + strings.Repeat("界", 15) + "\nstatus"); strings.Contains(sent, "界") {
		t.Errorf("an unchanged frame was sent again: %q", sent)
	}
}

// After a resize or a new colour profile every row is drawn again; colours
// reach the client in its profile; closing leaves the alternate screen and
// shows the cursor.
func TestScreenResizeProfileAndClose(t *testing.T) {
	var out bytes.Buffer
	s := newScreen(&out, colorprofile.TrueColor, 10, 2)
	m := screenModel{framer: staticModel{tea.NewView(lipgloss.NewStyle().Foreground(color.RGBA{R: 0xff, A: 0xff}).Render("red") + "\nrow")}, scr: s}
	m.View()
	if !strings.Contains(out.String(), "38;2;255;0;0") || !strings.Contains(out.String(), "\x1b[?1049h") {
		t.Errorf("first frame %q: want true colour red on the alternate screen", out.String())
	}
	out.Reset()
	m.View()
	if strings.Contains(out.String(), "row") {
		t.Errorf("unchanged frame sent: %q", out.String())
	}
	next, _ := m.Update(tea.ColorProfileMsg{Profile: colorprofile.ANSI})
	out.Reset()
	next.View()
	if !strings.Contains(out.String(), "red") || !strings.Contains(out.String(), "row") || strings.Contains(out.String(), "38;2") {
		t.Errorf("after a profile change: %q, want every row again in 16 colours", out.String())
	}
	next, _ = next.Update(tea.WindowSizeMsg{Width: 12, Height: 2})
	out.Reset()
	next.View()
	if !strings.Contains(out.String(), "red") || !strings.Contains(out.String(), "row") {
		t.Errorf("after a resize: %q, want every row again", out.String())
	}
	out.Reset()
	s.close()
	if !strings.Contains(out.String(), "\x1b[?1049l") || !strings.Contains(out.String(), "\x1b[?25h") {
		t.Errorf("close wrote %q: want the main screen back and the cursor shown", out.String())
	}
}

// A view that places a cursor gets it there, shown; without one it stays
// hidden.
func TestScreenCursor(t *testing.T) {
	var out bytes.Buffer
	s := newScreen(&out, colorprofile.ANSI, 10, 3)
	e := vt.NewEmulator(10, 3)
	v := tea.NewView("a\nname: bo\nc")
	v.Cursor = tea.NewCursor(8, 1)
	s.draw(frameOf(v))
	if _, err := e.WriteString(out.String()); err != nil {
		t.Fatal(err)
	}
	if p := e.CursorPosition(); p.X != 8 || p.Y != 1 || !strings.HasSuffix(out.String(), "\x1b[?25h") {
		t.Errorf("cursor at %v (output %q), want shown at 8,1", p, out.String())
	}
	out.Reset()
	s.draw(frameOf(tea.NewView("a\nb\nc")))
	if !strings.Contains(out.String(), "\x1b[?25l") || strings.Contains(out.String(), "\x1b[?25h") {
		t.Errorf("without a cursor: %q, want it hidden", out.String())
	}
}

// staticModel shows one view.
type staticModel struct{ v tea.View }

func (m staticModel) Init() tea.Cmd                       { return nil }
func (m staticModel) Update(tea.Msg) (tea.Model, tea.Cmd) { return m, nil }
func (m staticModel) View() tea.View                      { return m.v }
func (m staticModel) Frame() tui.Frame                    { return frameOf(m.v) }

// frameOf is v as the lines of a frame.
func frameOf(v tea.View) tui.Frame {
	return tui.Frame{Lines: strings.Split(v.Content, "\n"), Cursor: v.Cursor, MouseMode: v.MouseMode}
}

// The screen asks for the mouse when a view wants it, once, and gives it
// back when a view no longer does and at the end.
func TestScreenMouse(t *testing.T) {
	var out bytes.Buffer
	s := newScreen(&out, colorprofile.ANSI256, 20, 4)
	on := tea.NewView("a")
	on.MouseMode = tea.MouseModeCellMotion
	s.draw(frameOf(on))
	if sent := out.String(); !strings.Contains(sent, "\x1b[?1002h") || !strings.Contains(sent, "\x1b[?1006h") {
		t.Fatalf("no mouse requested: %q", sent)
	}
	out.Reset()
	on.Content = "b"
	s.draw(frameOf(on))
	if strings.Contains(out.String(), "\x1b[?1002") {
		t.Fatalf("mouse requested again: %q", out.String())
	}
	out.Reset()
	s.draw(frameOf(tea.NewView("c")))
	if !strings.Contains(out.String(), "\x1b[?1002l") {
		t.Fatalf("mouse not given back for a view without it: %q", out.String())
	}
	s.draw(frameOf(on))
	out.Reset()
	s.close()
	if !strings.Contains(out.String(), "\x1b[?1002l") || !strings.Contains(out.String(), "\x1b[?1006l") {
		t.Fatalf("close keeps the mouse: %q", out.String())
	}
}

// A row cut into pieces (the board's columns) that changed in one piece
// gets that piece alone, and the terminal shows the whole row right.
func TestScreenRewritesChangedPieces(t *testing.T) {
	var out bytes.Buffer
	s := newScreen(&out, colorprofile.ANSI256, 11, 2)
	e := vt.NewEmulator(11, 2)
	widths := []int{5, 1, 5}
	frame := func(left, right string) string {
		out.Reset()
		pieces := []string{left, "│", right}
		s.draw(tui.Frame{Lines: []string{strings.Join(pieces, ""), "status"}, Pieces: [][]string{pieces}, Widths: widths})
		if _, err := e.WriteString(out.String()); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	frame("alpha", "beta ")
	sent := frame("alpha", "gamma")
	if !strings.Contains(sent, "gamma") || strings.Contains(sent, "alpha") || strings.Contains(sent, "│") {
		t.Errorf("one piece changed, sent %q: want that piece alone", sent)
	}
	if got := screenLines(e); got[0] != "alpha│gamma" || got[1] != "status" {
		t.Errorf("screen shows %q", got)
	}
	sent = frame("界界 ", "gamma")
	if got := screenLines(e); got[0] != "界界 │gamma" || strings.Contains(sent, "gamma") {
		t.Errorf("after a wide piece the screen shows %q (sent %q)", got, sent)
	}
}
