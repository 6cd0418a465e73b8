package widget

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// Confirm asks a yes/no question: Yes is Done, No (or esc, if the keys
// say so) is Cancelled.
type Confirm struct {
	keys     *Keys
	question string
	hint     string
}

// confirmWidth is the widest a question's lines get.
const confirmWidth = 60

// NewConfirm asks question; hint says which keys answer.
func NewConfirm(keys *Keys, question, hint string) *Confirm {
	return &Confirm{keys: keys, question: question, hint: hint}
}

// Update takes a key press and reports the answer, if it is one.
func (c *Confirm) Update(msg tea.Msg) Result {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return Open
	}
	switch {
	case key.Matches(k, c.keys.Yes):
		return Done
	case key.Matches(k, c.keys.No):
		return Cancelled
	}
	return Open
}

// View draws the question in a box centred in w×h.
func (c *Confirm) View(st Styles, w, h int) string {
	lines := textsafe.Wrap(c.question, min(confirmWidth, max(w-6, 10)))
	content := st.Title.Render(strings.Join(lines, "\n")) + "\n\n" + st.Dim.Render(c.hint)
	s, _, _ := Box(st, content, w, h)
	return s
}
