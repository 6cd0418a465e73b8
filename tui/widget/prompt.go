package widget

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// Prompt asks for one line: enter is Done (the answer is Value), esc is
// Cancelled. The application may refuse an answer (Refuse keeps the text
// and shows why) or have the prompt wait, taking no keys, while it
// carries the answer out.
type Prompt struct {
	keys        *Keys
	label, hint string
	input       *LineInput
	waiting     bool
	err         string
}

// promptWidth is the widest a prompt's input gets; promptLimit the most
// grapheme clusters it takes.
const (
	promptWidth = 48
	promptLimit = 200
)

// NewPrompt asks for label, starting from value, in a body w cells wide;
// hint says which keys do what.
func NewPrompt(keys *Keys, label, hint, value string, w int) *Prompt {
	p := &Prompt{keys: keys, label: label, hint: hint}
	p.input = NewLineInput(&keys.Line, p.inputWidth(w), promptLimit)
	p.input.SetValue(value)
	return p
}

func (p *Prompt) inputWidth(w int) int {
	return min(promptWidth, max(w-8-textsafe.Width(p.label), 4))
}

// SetWidth fits the prompt into a body w cells wide.
func (p *Prompt) SetWidth(w int) { p.input.SetWidth(p.inputWidth(w)) }

// Value is the answer, without surrounding spaces.
func (p *Prompt) Value() string { return strings.TrimSpace(p.input.Value()) }

// Wait makes the prompt take no keys until Refuse (or until it is closed).
func (p *Prompt) Wait() { p.waiting, p.err = true, "" }

// Waiting reports whether the prompt is waiting.
func (p *Prompt) Waiting() bool { return p.waiting }

// Refuse shows why the answer was refused, keeps the text and takes keys
// again.
func (p *Prompt) Refuse(why string) { p.waiting, p.err = false, why }

// Update takes a key or a paste.
func (p *Prompt) Update(msg tea.Msg) Result {
	if p.waiting {
		return Open
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Cancel):
			return Cancelled
		case key.Matches(msg, p.keys.Choose):
			return Done
		}
		p.input.Update(msg)
	case tea.PasteMsg:
		p.input.Update(msg)
	}
	return Open
}

// View draws the prompt in a box centred in w×h, with the cursor in the
// input.
func (p *Prompt) View(st Styles, w, h int) (string, *tea.Cursor) {
	content := st.Title.Render(p.label) + p.input.View() + "\n\n"
	if p.err != "" {
		content += st.Error.Render(strings.Join(textsafe.Wrap(p.err, promptWidth+textsafe.Width(p.label)), "\n")) + "\n"
	}
	content += st.Dim.Render(p.hint)
	s, x, y := Box(st, content, w, h)
	return s, tea.NewCursor(x+textsafe.Width(p.label)+p.input.CursorColumn(), y)
}

// Line draws the prompt as one line at most w cells wide (the label, the
// input, then the refusal or the hint), for a prompt whose answer changes
// what stays in view above it while it is typed, as lazygit and k9s show
// their filters; col is the cursor's cell in that line.
func (p *Prompt) Line(st Styles, w int) (line string, col int) {
	head := st.Title.Render(p.label) + p.input.View()
	used := textsafe.Width(p.label) + textsafe.Width(p.input.View())
	tail, style := p.hint, st.Dim
	if p.err != "" {
		tail, style = p.err, st.Error
	}
	if room := w - used - 2; room > 0 {
		head += "  " + style.Render(textsafe.Truncate(textsafe.Line(tail), room))
	}
	return head, textsafe.Width(p.label) + p.input.CursorColumn()
}
