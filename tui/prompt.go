package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// prompt is the board's one-line question (widget.Prompt): a search, a
// ticket key, how the customer was reached, a reason. Enter hands the
// text to submit; esc cancels. A prompt with a check refuses an answer in
// place (the text kept, the reason shown); a waiting prompt stays on top,
// taking no keys, until the root has the store's answer: it closes on
// success and keeps its text on a refusal. Either way a refused answer
// never leaves the next key to the screen behind the prompt.
type prompt struct {
	e      *env
	p      *widget.Prompt
	submit func(string) tea.Msg
	check  func(string) string // "" accepts the answer; else why not
	waits  bool                // submit is a change the root reports back
	ticket *domain.Ticket      // the card submit changes, if any: a conflict adopts its new version
	// live, if set, takes the text after every edit (type-ahead), and the
	// first text back on cancel.
	live        func(string) tea.Msg
	first, last string
}

func newPrompt(e *env, label, value string, w int, submit func(string) tea.Msg) *prompt {
	return &prompt{e: e, p: widget.NewPrompt(&e.keys.Keys, label, e.lang.T(i18n.PromptHint), value, w), submit: submit}
}

// required makes p refuse an empty answer with why (an i18n message).
func (p *prompt) required(why i18n.Key) *prompt {
	p.check = func(s string) string {
		if s == "" {
			return p.e.lang.T(i18n.LeadInvalid) + p.e.lang.T(why)
		}
		return ""
	}
	return p
}

// waiting makes p wait for the root's answer to its submit (see saver).
func (p *prompt) waiting() bool { return p.p.Waiting() }

func (p *prompt) failed(err error, current *domain.Ticket) {
	p.p.Refuse(errText(p.e.lang, err))
	if current != nil && p.ticket != nil {
		p.ticket.Version = current.Version
	}
}

func (p *prompt) update(msg tea.Msg) (layer, tea.Cmd) {
	if m, ok := msg.(sizeMsg); ok {
		p.p.SetWidth(m.width)
		return p, nil
	}
	switch p.p.Update(msg) {
	case widget.Cancelled:
		if p.live != nil && p.last != p.first {
			return nil, tea.Batch(emit(p.live(p.first)), notice(p.e.lang.T(i18n.MsgCancelled), false))
		}
		return nil, notice(p.e.lang.T(i18n.MsgCancelled), false)
	case widget.Open:
		if v := p.p.Value(); p.live != nil && v != p.last {
			p.last = v
			return p, emit(p.live(v))
		}
	case widget.Done:
		v := p.p.Value()
		if p.check != nil {
			if why := p.check(v); why != "" {
				p.p.Refuse(why)
				return p, nil
			}
		}
		if p.live != nil && v == p.last {
			return nil, nil // the board shows it already
		}
		if !p.waits {
			return nil, emit(p.submit(v))
		}
		p.p.Wait()
		return p, emit(p.submit(v))
	}
	return p, nil
}

func (p *prompt) view(w, h int) (string, *tea.Cursor) {
	return p.p.View(p.e.styles.Styles, w, h)
}

// filtersBoard reports whether p changes the board as it is typed (the
// search): then it is drawn as a line under the board, not over it, so
// every keystroke shows its columns.
func (p *prompt) filtersBoard() bool { return p.live != nil }

// line draws p as that line, w cells wide, with the cursor's column.
func (p *prompt) line(w int) (string, int) { return p.p.Line(p.e.styles.Styles, w) }

// searchPrompt edits the board's search (empty clears it), searching as
// the user types; esc puts the search back as it was.
func (m *Model) searchPrompt() *prompt {
	search := func(q string) tea.Msg {
		f := m.filter
		f.Search = q
		return filterIntent{f}
	}
	p := newPrompt(&m.env, m.env.lang.T(i18n.PromptSearch), m.filter.Search, m.screenWidth(), search)
	p.live, p.first, p.last = search, m.filter.Search, m.filter.Search
	return p
}

// jumpPrompt asks for a ticket key ("FB-1042" or "1042").
func (m *Model) jumpPrompt() *prompt {
	p := newPrompt(&m.env, m.env.lang.T(i18n.PromptJump), "", m.screenWidth(), func(k string) tea.Msg {
		return jumpIntent{key: k}
	})
	p.check = func(k string) string {
		if _, err := domain.ParseKey(k); err != nil {
			return m.env.lang.T(i18n.LeadInvalid) + m.env.lang.T(i18n.MsgNotAKey, textsafe.Truncate(textsafe.Line(k), 20))
		}
		return ""
	}
	p.waits = true // for the card: a key that names none is refused here
	return p
}

// respondPrompt asks how the customer of t was reached (a call back by
// default) before recording the response, which stops the first-response
// clock: a stray key press must not do that.
func (m *Model) respondPrompt(t domain.Ticket) *prompt {
	l := m.env.lang
	p := newPrompt(&m.env, l.T(i18n.PromptRespond, t.Key()), l.T(i18n.RespondDefault), m.screenWidth(), func(how string) tea.Msg {
		return respondIntent{t: t, how: how}
	})
	p.waits, p.ticket = true, &t
	return p
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
