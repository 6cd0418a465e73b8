package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/internal/live"
)

// IntakeMsg hands a board started without its intake (Options.Intake
// nil) the intake once it is built: triage's rules take longer to build
// than the board takes to show, so the board need not wait for them. New
// tickets' forms opened afterwards suggest.
type IntakeMsg struct{ Intake *intake.Intake }

// feedMsg is one batch from the live feed; ok is false when the
// subscription ended.
type feedMsg struct {
	batch live.Batch
	ok    bool
}

// waitFeed waits for the next batch of changes in a command, so the
// program is woken by the feed without anyone calling Program.Send.
func (m *Model) waitFeed() tea.Cmd {
	if m.feed == nil {
		return nil
	}
	sub, ctx := m.feed, m.ctx
	return func() tea.Msg {
		b, ok := sub.Wait(ctx)
		return feedMsg{batch: b, ok: ok}
	}
}

// onFeed reloads once per batch, however many events it holds (the feed
// already coalesces a burst into one batch), then waits for the next. A
// batch that only says who looks at which card reads nothing: the redraw
// after this message asks the presence registry.
func (m *Model) onFeed(msg feedMsg) tea.Cmd {
	if !msg.ok {
		return nil
	}
	b := msg.batch
	if b.Presence && len(b.Events) == 0 && !b.Overflow {
		return m.waitFeed()
	}
	var alerts tea.Cmd
	if mayAlert(b) {
		alerts = m.alertsOnFeed(b) // first: a new banner takes a row from the board
	}
	r := m.board.request()
	r.announce = true
	cmds := []tea.Cmd{m.reload(r), m.waitFeed(), alerts, m.watchDeliveries(b)}
	if m.detail != nil && touches(b, m.detail.id) {
		cmds = append(cmds, loadDetail(m.ctx, m.desk, m.detail.id))
	}
	if m.screen != nil {
		cmds = append(cmds, m.refreshScreen())
	}
	return tea.Batch(cmds...)
}

// touches reports whether a batch may concern ticket id.
func touches(b live.Batch, id int64) bool {
	if b.Overflow {
		return true
	}
	for _, e := range b.Events {
		if e.TicketID == id {
			return true
		}
	}
	return false
}

// mayAlert reports whether a batch may change the alerts: an emergency,
// or a note (mentions come with notes). Other changes leave them alone, so
// most batches cost no read of them.
func mayAlert(b live.Batch) bool {
	if b.Overflow {
		return true
	}
	for _, e := range b.Events {
		if e.Kind == domain.EvEmergency || e.Kind == domain.EvNote {
			return true
		}
	}
	return false
}

// Quiet reports whether msg, once Update has handled it, leaves the view
// as it was, so that a caller drawing after every message (the SSH
// server) may skip the drawing: a batch of changes on the board only
// starts its reload, whose result is drawn. A batch saying who looks at
// which card, one that overflowed or raises an emergency, and any batch
// while a card, screen or layer is open are not quiet.
func (m *Model) Quiet(msg tea.Msg) bool {
	f, ok := msg.(feedMsg)
	if !ok || !f.ok || f.batch.Presence || f.batch.Overflow || m.layer != nil || m.detail != nil || m.screen != nil {
		return false
	}
	for _, e := range f.batch.Events {
		if e.Kind == domain.EvEmergency {
			return false
		}
	}
	return true
}
