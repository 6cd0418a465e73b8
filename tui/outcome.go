package tui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// How long a message stays on the status line. A refusal or a failure
// stays longer than news: the agent has to read why.
const (
	infoFade  = 5 * time.Second
	errorFade = 12 * time.Second
)

// fadeMsg is the status line's tick: one is pending while a message shows
// (never one per frame); it clears the message once it is old enough.
type fadeMsg struct{}

// lasts is how long s stays on the status line.
func (s status) lasts() time.Duration {
	if s.err {
		return errorFade
	}
	return infoFade
}

// stampStatus dates a message that has just been put on the status line
// and starts the fade tick if none is pending. The model's clock dates it,
// so a test fades a message by moving its clock and sending fadeMsg.
func (m *Model) stampStatus() tea.Cmd {
	if m.status.text == "" || !m.status.at.IsZero() {
		return nil
	}
	m.status.at = m.env.now()
	return m.fadeLater(m.status.lasts())
}

// onFade clears an old message, or waits for the rest of its time.
func (m *Model) onFade() tea.Cmd {
	m.fading = false
	if m.status.text == "" {
		return nil
	}
	left := m.status.lasts() - m.env.now().Sub(m.status.at)
	if left <= 0 {
		m.status = status{}
		return nil
	}
	return m.fadeLater(left)
}

// fadeLater schedules the fade tick in d, unless one is pending or timers
// are off (tests send fadeMsg themselves).
func (m *Model) fadeLater(d time.Duration) tea.Cmd {
	if m.fading || m.tick <= 0 {
		return nil
	}
	m.fading = true
	return tea.Tick(d, func(time.Time) tea.Msg { return fadeMsg{} })
}

// undoLast puts back my last move or assignment in this session (z), as a
// change of its own against the version that change left: a card someone
// changed since is refused, not reverted blind.
func (m *Model) undoLast() tea.Cmd {
	if m.undo == nil {
		m.info(m.env.lang.T(i18n.MsgNothingUndo))
		return nil
	}
	t, d, ctx, me := *m.undo, m.desk, m.ctx, m.env.me.Name
	return m.change(actUndo, t, func() (domain.Ticket, error) {
		after, err := d.Undo(ctx, me, t.ID, t.Version)
		if err != nil {
			after = t // the refusal names the card
		}
		return after, err
	})
}

// undoRefusal says why an undo was refused, in the session's language.
func undoRefusal(l i18n.Lang, err error) string {
	var ce *store.ConflictError
	var ue *store.UndoError
	switch {
	case errors.As(err, &ce) && ce.By != "":
		return l.T(i18n.UndoStaleBy, ce.Key, safeName(ce.By))
	case errors.As(err, &ce):
		return l.T(i18n.UndoStale, ce.Key)
	case errors.As(err, &ue) && ue.Why == store.UndoNotMine:
		return l.T(i18n.UndoNotMine, ue.Key, safeName(ue.Actor))
	case errors.As(err, &ue) && ue.Why == store.UndoKind:
		return l.T(i18n.UndoKind, ue.Key)
	case errors.As(err, &ue) && ue.Why == store.UndoNoWay:
		return l.T(i18n.UndoNoWay, ue.Key, l.Status(domain.Status(ue.Detail)))
	case errors.As(err, &ue) && ue.Why == store.UndoGone:
		return l.T(i18n.UndoGone, ue.Key, safeName(ue.Detail))
	case errors.As(err, &ue):
		return l.T(i18n.UndoNothing, ue.Key)
	}
	return errText(l, err)
}

// ownerLabel is an owner's name, or "unassigned".
func ownerLabel(l i18n.Lang, owner string) string {
	if owner == "" {
		return l.T(i18n.FilterUnassigned)
	}
	return safeName(owner)
}

// deliveryFailedMsg is a reply of mine (or on the card I have open) that
// the outbox gave up delivering.
type deliveryFailedMsg struct{ key, why string }

// watchDeliveries looks at the failed deliveries in a feed batch: one of
// my replies, or one on the card open in front of me, is announced on
// the status line, wherever I am, since nobody else will tell me.
func (m *Model) watchDeliveries(b live.Batch) tea.Cmd {
	open := int64(0)
	if m.detail != nil {
		open = m.detail.id
	}
	var cmds []tea.Cmd
	seen := map[int64]bool{}
	for _, e := range b.Events {
		if e.Kind != store.EvDeliveryFailed || e.TicketID == 0 || seen[e.TicketID] {
			continue
		}
		seen[e.TicketID] = true
		id, why, d, ctx, me := e.TicketID, e.After, m.desk, m.ctx, m.env.me.Name
		cmds = append(cmds, func() tea.Msg {
			if id != open {
				mine, err := lastReplyBy(ctx, d, id, me)
				if err != nil || !mine {
					return nil
				}
			}
			return deliveryFailedMsg{key: domain.Key(id), why: why}
		})
	}
	return tea.Batch(cmds...)
}

// lastReplyBy reports whether the newest failed reply on ticket id is
// me's.
func lastReplyBy(ctx context.Context, d Desk, id int64, me string) (bool, error) {
	ds, err := d.Deliveries(ctx, id)
	if err != nil {
		return false, err
	}
	failed := int64(0)
	for _, dl := range ds {
		if dl.State == store.DeliveryFailed {
			failed = dl.ReplyID
		}
	}
	rs, err := d.Replies(ctx, id)
	if err != nil {
		return false, err
	}
	for _, r := range rs {
		if r.ID == failed {
			return r.Author == me, nil
		}
	}
	return false, nil
}

func (m *Model) onDeliveryFailed(msg deliveryFailedMsg) {
	l := m.env.lang
	why := textsafe.Truncate(textsafe.Line(msg.why), 60)
	m.status = status{text: l.T(i18n.MsgDeliveryFailed, msg.key, why, m.env.keys.RetryDelivery.Help().Key), err: true}
}
