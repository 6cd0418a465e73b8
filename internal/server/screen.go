package server

import (
	"bytes"
	"io"
	"slices"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/loopdesk/loopdesk/tui"
)

// A session's board is drawn by a screen, not by Bubble Tea's renderer.
// That renderer keeps two grids of cells per session (at 170×40 they
// take 1.5 MB, most of what an idle session costs) and, on every frame,
// parses the whole view into one grid and compares it cell by cell with
// the other: at 170×40 about a millisecond of server CPU per session per
// change, however little changed. A board's view is already made of whole
// lines, and a change touches a few of them, so the screen keeps the lines
// it last sent and rewrites only the rows whose text differs. The rest of
// what the renderer did for a full-screen program is here too: the
// alternate screen, a hidden cursor unless the view places one, bracketed
// paste, the keyboard protocol requests, the mouse, colours downsampled
// to the client's profile, and the terminal restored at the end.

// kittyDisambiguate is the keyboard enhancement Bubble Tea always asks
// for (keys that legacy encodings confuse, such as ctrl+i and tab).
const kittyDisambiguate = 1

// sequenceFPS is how often a program passes on the sequences its commands
// write (tea.SetClipboard): a link reaching the clipboard within a second
// is soon enough.
const sequenceFPS = 2

// screen draws views on one client's terminal. Its methods run on the
// program's event loop (Update and View), and close after the program has
// returned, so it needs no lock.
type screen struct {
	out     io.Writer
	profile colorprofile.Profile
	w, h    int

	started bool
	rows    []string   // what each row of the client's screen shows now
	pieces  [][]string // the pieces rows[i] was drawn as, if cut (tui.Frame)
	widths  []int      // the pieces' widths
	valid   []bool     // rows[i] is known to be on the screen
	cursor  *tea.Cursor
	mouse   tea.MouseMode // what the client's terminal reports
	skip    bool          // the message just handled left the view as it was
	buf     bytes.Buffer
	colour  colorprofile.Writer
}

func newScreen(out io.Writer, profile colorprofile.Profile, w, h int) *screen {
	s := &screen{out: out, profile: profile}
	s.colour.Forward = &s.buf
	s.resize(w, h)
	return s
}

// resize forgets what the screen shows: the client reflows or clears its
// screen on a size change, so the next frame is drawn whole.
func (s *screen) resize(w, h int) {
	s.w, s.h = w, h
	s.rows = make([]string, h)
	s.pieces = make([][]string, h)
	s.valid = make([]bool, h)
	if s.started {
		s.buf.WriteString(ansi.EraseEntireScreen)
	}
}

// draw sends the rows of f that differ from what the client shows.
func (s *screen) draw(f tui.Frame) {
	if !s.started {
		s.started = true
		s.buf.WriteString(ansi.SetModeAltScreenSaveCursor + ansi.ResetModeTextCursorEnable +
			ansi.SetModeBracketedPaste + ansi.SetModifyOtherKeys2 + ansi.PushKittyKeyboard(kittyDisambiguate) +
			ansi.EraseEntireScreen)
	}
	if s.cursor != nil {
		// Hidden while rows are rewritten, so it does not flicker across.
		s.buf.WriteString(ansi.ResetModeTextCursorEnable)
	}
	s.colour.Profile = s.profile
	cut := s.cuts(f.Widths)
	for y := range s.h {
		var row string
		var pieces []string
		if y < len(f.Lines) {
			row = f.Lines[y]
		}
		if y < len(f.Pieces) && cut {
			pieces = f.Pieces[y]
		}
		if s.valid[y] && s.rows[y] == row {
			s.pieces[y] = pieces
			continue
		}
		if s.valid[y] && pieces != nil && len(pieces) == len(s.pieces[y]) {
			s.drawPieces(y, pieces, f.Widths)
			s.rows[y], s.pieces[y] = row, pieces
			continue
		}
		s.rows[y], s.pieces[y], s.valid[y] = row, pieces, true
		s.buf.WriteString(ansi.CursorPosition(1, y+1) + ansi.ResetStyle)
		w := ansi.StringWidth(row)
		if w > s.w {
			row, w = ansi.Truncate(row, s.w, ""), s.w
		}
		_, _ = s.colour.WriteString(row)
		s.buf.WriteString(ansi.ResetStyle)
		if w < s.w {
			// Not at a full row: a full row leaves the cursor pending a
			// wrap, where erasing would take its last cell.
			s.buf.WriteString(ansi.EraseLineRight)
		}
	}
	s.placeCursor(f.Cursor)
	s.setMouse(f.MouseMode)
	s.flush()
}

// cuts reports whether rows may be drawn piece by piece at widths: the
// pieces fill the screen's width, and the rows drawn in pieces before were
// cut at the same places (else every cut row is forgotten).
func (s *screen) cuts(widths []int) bool {
	total := 0
	for _, w := range widths {
		total += w
	}
	if total != s.w {
		return false
	}
	if !slices.Equal(widths, s.widths) {
		s.widths = slices.Clone(widths)
		clear(s.pieces)
	}
	return true
}

// drawPieces rewrites the pieces of row y that differ from those it shows.
func (s *screen) drawPieces(y int, pieces []string, widths []int) {
	x := 0
	for i, p := range pieces {
		if p != s.pieces[y][i] {
			s.buf.WriteString(ansi.CursorPosition(x+1, y+1) + ansi.ResetStyle)
			_, _ = s.colour.WriteString(p)
			s.buf.WriteString(ansi.ResetStyle)
		}
		x += widths[i]
	}
}

// setMouse asks the client's terminal for the mouse events the view
// wants: clicks and the wheel (SGR encoding), or none.
func (s *screen) setMouse(mode tea.MouseMode) {
	if mode == s.mouse {
		return
	}
	switch mode {
	case tea.MouseModeNone:
		s.buf.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr)
	case tea.MouseModeCellMotion:
		s.buf.WriteString(ansi.ResetModeMouseAnyEvent + ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr)
	case tea.MouseModeAllMotion:
		s.buf.WriteString(ansi.SetModeMouseAnyEvent + ansi.SetModeMouseExtSgr)
	}
	s.mouse = mode
}

// placeCursor shows the view's cursor where it asks, or keeps it hidden.
func (s *screen) placeCursor(c *tea.Cursor) {
	if c == nil {
		s.cursor = nil
		return
	}
	style := cursorStyle(c)
	if s.cursor == nil || cursorStyle(s.cursor) != style {
		s.buf.WriteString(ansi.SetCursorStyle(style))
	}
	s.buf.WriteString(ansi.CursorPosition(c.X+1, c.Y+1) + ansi.SetModeTextCursorEnable)
	s.cursor = c
}

// cursorStyle is DECSCUSR's number for a cursor's shape and blinking.
func cursorStyle(c *tea.Cursor) int {
	style := int(c.Shape)*2 + 1
	if !c.Blink {
		style++
	}
	return style
}

// flush writes what draw queued in one write, so a frame crosses the
// connection in as few packets as it fits in. A failed write means the
// connection is gone; the session ends on its own.
func (s *screen) flush() {
	if s.buf.Len() > 0 {
		_, _ = s.out.Write(s.buf.Bytes())
		s.buf.Reset()
	}
}

// close gives the client's terminal back as it was: mouse, keyboard
// protocol, paste mode, cursor and the main screen.
func (s *screen) close() {
	if !s.started {
		return
	}
	s.setMouse(tea.MouseModeNone)
	s.buf.WriteString(ansi.ResetModifyOtherKeys + ansi.PopKittyKeyboard(1) + ansi.ResetModeBracketedPaste)
	if s.cursor != nil {
		s.buf.WriteString(ansi.SetCursorStyle(0))
	}
	s.buf.WriteString(ansi.SetModeTextCursorEnable + ansi.ResetModeAltScreenSaveCursor)
	s.flush()
	s.started = false
}

// screenModel is a board drawn by a screen: it tells the screen the size
// and colour profile the program learns, and hands it each frame.
type screenModel struct {
	framer
	scr *screen
}

// framer is a model that draws its view as whole lines (tui.Model).
type framer interface {
	tea.Model
	Frame() tui.Frame
}

// Update notes size and profile for the screen, then updates the board.
func (m screenModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		if msg.Width != m.scr.w || msg.Height != m.scr.h {
			m.scr.resize(msg.Width, msg.Height)
		}
	case tea.ColorProfileMsg:
		if msg.Profile != m.scr.profile {
			m.scr.profile = msg.Profile
			clear(m.scr.valid) // redrawn in the new colours
		}
	}
	q, ok := m.framer.(quieter)
	m.scr.skip = ok && q.Quiet(msg)
	next, cmd := m.framer.Update(msg)
	m.framer = next.(framer)
	return m, cmd
}

// quieter is a model that can tell a message that changes nothing on
// screen (tui.Model.Quiet): the program asks for a view after every
// message, and most of a change's cost per session is in drawing views.
type quieter interface{ Quiet(tea.Msg) bool }

// View draws the board's frame; the program's own renderer is off, so
// what it returns is not used.
func (m screenModel) View() tea.View {
	if m.scr.skip {
		m.scr.skip = false
		return tea.View{}
	}
	m.scr.draw(m.Frame())
	return tea.View{}
}
