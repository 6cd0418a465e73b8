package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// prompt asks for one line: a search, a ticket key, or how the customer
// was reached. Enter hands the
// text to submit; esc cancels.
type prompt struct {
	e      *env
	label  string
	input  *lineInput
	submit func(string) tea.Msg
}

// promptWidth is the widest a prompt's input gets.
const promptWidth = 48

func newPrompt(e *env, label, value string, w int, submit func(string) tea.Msg) *prompt {
	p := &prompt{e: e, label: label, submit: submit}
	p.input = newLineInput(&e.keys, p.inputWidth(w), 200)
	p.input.SetValue(value)
	return p
}

func (p *prompt) inputWidth(w int) int {
	return min(promptWidth, max(w-8-textsafe.Width(p.label), 4))
}

func (p *prompt) update(msg tea.Msg) (layer, tea.Cmd) {
	switch msg := msg.(type) {
	case sizeMsg:
		p.input.setWidth(p.inputWidth(msg.width))
	case tea.KeyPressMsg:
		switch {
		case keyIs(msg, p.e.keys.Cancel):
			return nil, notice(p.e.lang.T(i18n.MsgCancelled), false)
		case keyIs(msg, p.e.keys.Choose):
			return nil, emit(p.submit(strings.TrimSpace(p.input.Value())))
		}
		p.input.update(msg)
	case tea.PasteMsg:
		p.input.update(msg)
	}
	return p, nil
}

func (p *prompt) view(w, h int) (string, *tea.Cursor) {
	st := p.e.styles
	content := st.Title.Render(p.label) + p.input.View() + "\n\n" + st.Dim.Render(p.e.lang.T(i18n.PromptHint))
	s, x, y := boxed(st, content, w, h)
	return s, tea.NewCursor(x+textsafe.Width(p.label)+p.input.CursorColumn(), y)
}

// searchPrompt edits the board's search (empty clears it).
func (m *Model) searchPrompt() *prompt {
	return newPrompt(&m.env, m.env.lang.T(i18n.PromptSearch), m.filter.Search, m.screenWidth(), func(q string) tea.Msg {
		f := m.filter
		f.Search = q
		return filterIntent{f}
	})
}

// jumpPrompt asks for a ticket key ("FB-1042" or "1042").
func (m *Model) jumpPrompt() *prompt {
	return newPrompt(&m.env, m.env.lang.T(i18n.PromptJump), "", m.screenWidth(), func(k string) tea.Msg {
		return jumpIntent{key: k}
	})
}

// respondPrompt asks how the customer of t was reached (a call back by
// default) before recording the response, which stops the first-response
// clock: a stray key press must not do that.
func (m *Model) respondPrompt(t domain.Ticket) *prompt {
	l := m.env.lang
	return newPrompt(&m.env, l.T(i18n.PromptRespond, t.Key()), l.T(i18n.RespondDefault), m.screenWidth(), func(how string) tea.Msg {
		return respondIntent{t: t, how: how}
	})
}

// take assigns the card to me.
func (m *Model) take(t domain.Ticket) tea.Cmd {
	if t.Owner == m.env.me.Name {
		m.info(m.env.lang.T(i18n.MsgAlreadyMine, t.Key()))
		return nil
	}
	return emit(assignIntent{t: t, owner: m.env.me.Name})
}

// startEdit reads the card with its body for the edit form.
func (m *Model) startEdit(t domain.Ticket) tea.Cmd {
	d, ctx := m.desk, m.ctx
	return func() tea.Msg {
		full, err := d.Ticket(ctx, t.ID)
		return editMsg{t: full, err: err}
	}
}
