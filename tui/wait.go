package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// Intents of waiting on the customer.
type (
	// waitIntent marks a card as waiting for the customer's answer to
	// the question asked; its resolution clock pauses.
	waitIntent struct {
		t        domain.Ticket
		question string
	}
	// answeredIntent records how the customer answered; the clock runs
	// again.
	answeredIntent struct {
		t   domain.Ticket
		how string
	}
)

// waitPrompt asks the question a wait puts to the customer (answered
// false) or how the customer answered (answered true).
func (m *Model) waitPrompt(t domain.Ticket, answered bool) *prompt {
	l := m.env.lang
	var p *prompt
	if !answered {
		p = newPrompt(&m.env, l.T(i18n.PromptWait, t.Key()), "", m.screenWidth(), func(q string) tea.Msg {
			return waitIntent{t: t, question: q}
		}).required(i18n.MsgNeedQuestion)
	} else {
		p = newPrompt(&m.env, l.T(i18n.PromptAnswered, t.Key()), "", m.screenWidth(), func(how string) tea.Msg {
			return answeredIntent{t: t, how: how}
		}).required(i18n.MsgNeedAnswer)
	}
	p.waits, p.ticket = true, &t
	return p
}

// startWait and endWait carry the intents out against the card's version.
func (m *Model) startWait(msg waitIntent) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	return m.loopChange(msg.t.ID, func() (string, error) {
		t, err := d.StartWait(ctx, me, msg.t.ID, msg.t.Version, msg.question)
		return l.T(i18n.MsgWaiting, t.Key()), err
	})
}

func (m *Model) endWait(msg answeredIntent) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	return m.loopChange(msg.t.ID, func() (string, error) {
		t, err := d.EndWait(ctx, me, msg.t.ID, msg.t.Version, msg.how)
		return l.T(i18n.MsgAnswered, t.Key()), err
	})
}

// waitFlag is the card's marker of a wait: how long the customer has
// been asked ("⏸ 2d"), "" when the card does not wait.
func waitFlag(e *env, w store.Wait, ok bool) string {
	if !ok {
		return ""
	}
	return e.lang.T(i18n.CardWaiting, age(e.lang, e.now(), w.Since))
}

// waitLine is the detail's account of a wait: since when, for how long
// the clock has been paused, and the question.
func waitLine(e *env, w store.Wait) string {
	return e.lang.T(i18n.DetailWaiting, stamp(e.now, w.Since), age(e.lang, e.now(), w.Since), textsafe.Line(w.Reason))
}
