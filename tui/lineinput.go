package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// lineInput edits one line of text. It stands in for bubbles' textinput,
// which places its real cursor by rune count and scrolls by mixed
// measures, so after a wide (CJK) character the terminal cursor sits in
// the wrong cell. Here the text is a list of grapheme clusters, every
// position is measured in terminal cells the way textsafe and lipgloss
// measure them, and the view scrolls so the cursor cell is always visible.
type lineInput struct {
	keys   *KeyMap
	text   []string // grapheme clusters
	pos    int      // cursor: index into text
	offset int      // first visible cluster
	width  int      // cells the field shows
	limit  int      // most clusters accepted (0: no limit)
}

func newLineInput(keys *KeyMap, width, limit int) *lineInput {
	return &lineInput{keys: keys, width: max(width, 2), limit: limit}
}

// Value is the text typed so far.
func (in *lineInput) Value() string { return strings.Join(in.text, "") }

// SetValue replaces the text and puts the cursor at its end.
func (in *lineInput) SetValue(s string) {
	in.text, in.pos, in.offset = nil, 0, 0
	in.insert(textsafe.Line(s))
}

func (in *lineInput) setWidth(w int) {
	in.width = max(w, 2)
	in.scroll()
}

// update applies a key or a paste; it reports whether the input used it.
func (in *lineInput) update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		// One line: breaks and tabs become spaces, controls go.
		in.insert(textsafe.Line(msg.Content))
	case tea.KeyPressMsg:
		k := in.keys
		switch {
		case keyIs(msg, k.CharLeft):
			in.pos = max(in.pos-1, 0)
		case keyIs(msg, k.CharRight):
			in.pos = min(in.pos+1, len(in.text))
		case keyIs(msg, k.LineStart):
			in.pos = 0
		case keyIs(msg, k.LineEnd):
			in.pos = len(in.text)
		case keyIs(msg, k.DeleteBack):
			if in.pos > 0 {
				in.text = append(in.text[:in.pos-1], in.text[in.pos:]...)
				in.pos--
			}
		case keyIs(msg, k.DeleteForward):
			if in.pos < len(in.text) {
				in.text = append(in.text[:in.pos], in.text[in.pos+1:]...)
			}
		case keyIs(msg, k.DeleteToStart):
			in.text, in.pos = in.text[in.pos:], 0
		case keyIs(msg, k.DeleteToEnd):
			in.text = in.text[:in.pos]
		case msg.Text == " ":
			// Line would trim a lone space away.
			in.insert(" ")
		case msg.Text != "" && msg.Mod&^tea.ModShift == 0:
			in.insert(textsafe.Line(msg.Text))
		default:
			return false
		}
	default:
		return false
	}
	in.scroll()
	return true
}

// insert puts sanitised text at the cursor.
func (in *lineInput) insert(s string) {
	var add []string
	for s != "" {
		g, _ := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
		add = append(add, g)
		s = s[len(g):]
	}
	if in.limit > 0 {
		add = add[:min(len(add), max(in.limit-len(in.text), 0))]
	}
	in.text = append(in.text[:in.pos], append(add, in.text[in.pos:]...)...)
	in.pos += len(add)
	in.scroll()
}

// scroll moves the visible part so the cursor's cell is on screen, with a
// cell to spare at the end for the cursor after the last character.
func (in *lineInput) scroll() {
	if in.pos < in.offset {
		in.offset = in.pos
	}
	for in.offset < in.pos && in.cells(in.offset, in.pos) > in.width-1 {
		in.offset++
	}
}

func (in *lineInput) cells(from, to int) int {
	return textsafe.Width(strings.Join(in.text[from:to], ""))
}

// View is the visible part of the text, exactly width cells wide.
func (in *lineInput) View() string {
	var b strings.Builder
	w := 0
	for _, g := range in.text[in.offset:] {
		gw := textsafe.Width(g)
		if w+gw > in.width {
			break
		}
		b.WriteString(g)
		w += gw
	}
	return b.String() + strings.Repeat(" ", in.width-w)
}

// CursorColumn is the cell, counted from the field's left edge, where the
// terminal cursor goes.
func (in *lineInput) CursorColumn() int { return in.cells(in.offset, in.pos) }
