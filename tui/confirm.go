package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// confirm asks a yes/no question before something that cannot be undone
// from the board (removing an agent or a key): y emits yes, n or esc
// cancels.
type confirm struct {
	e        *env
	question string
	yes      tea.Msg
}

// confirmWidth is the widest a question's lines get.
const confirmWidth = 60

func newConfirm(e *env, question string, yes tea.Msg) *confirm {
	return &confirm{e: e, question: question, yes: yes}
}

func (c *confirm) update(msg tea.Msg) (layer, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return c, nil
	}
	switch {
	case keyIs(k, c.e.keys.Yes):
		return nil, emit(c.yes)
	case keyIs(k, c.e.keys.No):
		return nil, notice(c.e.lang.T(i18n.MsgCancelled), false)
	}
	return c, nil
}

func (c *confirm) view(w, h int) (string, *tea.Cursor) {
	st := c.e.styles
	lines := textsafe.Wrap(c.question, min(confirmWidth, max(w-6, 10)))
	content := st.Title.Render(strings.Join(lines, "\n")) + "\n\n" + st.Dim.Render(c.e.lang.T(i18n.ConfirmHint))
	s, _, _ := widget.Box(st.Styles, content, w, h)
	return s, nil
}
