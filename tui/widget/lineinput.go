package widget

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// LineInput edits one line of text. It stands in for bubbles' textinput,
// which places its real cursor by rune count and scrolls by mixed
// measures, so after a wide (CJK) character the terminal cursor sits in
// the wrong cell (https://github.com/charmbracelet/bubbles/issues/906). Here the text is a list of grapheme clusters, every
// position is measured in terminal cells the way textsafe and lipgloss
// measure them, and the view scrolls so the cursor cell is always visible.
type LineInput struct {
	keys   *EditKeys
	text   []string // grapheme clusters
	pos    int      // cursor: index into text
	offset int      // first visible cluster
	width  int      // cells the field shows
	limit  int      // most clusters accepted (0: no limit)
	// opened: the value was set and nothing typed since; the start of a
	// text that does not fit stays in view (SetWidth).
	opened bool
}

// EditKeys are the bindings a LineInput reads; the application's key map
// defines them, with its other keys.
type EditKeys struct {
	CharLeft, CharRight, LineStart, LineEnd key.Binding
	DeleteBack, DeleteForward               key.Binding
	DeleteToStart, DeleteToEnd              key.Binding
}

// NewLineInput is an empty input width cells wide that takes at most limit
// grapheme clusters (0: no limit).
func NewLineInput(keys *EditKeys, width, limit int) *LineInput {
	return &LineInput{keys: keys, width: max(width, 2), limit: limit}
}

// Value is the text typed so far.
func (in *LineInput) Value() string { return strings.Join(in.text, "") }

// SetValue replaces the text and puts the cursor at its end, or at its
// start when the text does not fit: a field opens showing how its text
// begins ("Package stuck in…", never "…ge stuck in transit").
func (in *LineInput) SetValue(s string) {
	in.text, in.pos, in.offset = nil, 0, 0
	in.insert(textsafe.Line(s))
	in.opened = true
	in.showStart()
}

// SetWidth sets the cells the input shows. Until something is typed, a
// text that fits the new width shows whole with the cursor at its end,
// and one that does not shows its start.
func (in *LineInput) SetWidth(w int) {
	in.width = max(w, 2)
	if in.opened {
		in.pos, in.offset = len(in.text), 0
		in.showStart()
	}
	in.scroll()
}

// showStart puts the cursor at the start of a text too wide to show whole.
func (in *LineInput) showStart() {
	if in.cells(0, len(in.text)) > in.width-1 {
		in.pos, in.offset = 0, 0
	}
}

// Update applies a key or a paste; it reports whether the input used it.
func (in *LineInput) Update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		// One line: breaks and tabs become spaces, controls go.
		in.insert(textsafe.Line(msg.Content))
	case tea.KeyPressMsg:
		k := in.keys
		switch {
		case key.Matches(msg, k.CharLeft):
			in.pos = max(in.pos-1, 0)
		case key.Matches(msg, k.CharRight):
			in.pos = min(in.pos+1, len(in.text))
		case key.Matches(msg, k.LineStart):
			in.pos = 0
		case key.Matches(msg, k.LineEnd):
			in.pos = len(in.text)
		case key.Matches(msg, k.DeleteBack):
			if in.pos > 0 {
				in.text = append(in.text[:in.pos-1], in.text[in.pos:]...)
				in.pos--
			}
		case key.Matches(msg, k.DeleteForward):
			if in.pos < len(in.text) {
				in.text = append(in.text[:in.pos], in.text[in.pos+1:]...)
			}
		case key.Matches(msg, k.DeleteToStart):
			in.text, in.pos = in.text[in.pos:], 0
		case key.Matches(msg, k.DeleteToEnd):
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
	in.opened = false
	in.scroll()
	return true
}

// insert puts sanitised text at the cursor.
func (in *LineInput) insert(s string) {
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
func (in *LineInput) scroll() {
	if in.pos < in.offset {
		in.offset = in.pos
	}
	for in.offset < in.pos && in.cells(in.offset, in.pos) > in.width-1 {
		in.offset++
	}
}

func (in *LineInput) cells(from, to int) int {
	return textsafe.Width(strings.Join(in.text[from:to], ""))
}

// View is the visible part of the text, exactly width cells wide.
func (in *LineInput) View() string {
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
func (in *LineInput) CursorColumn() int { return in.cells(in.offset, in.pos) }
