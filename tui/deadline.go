package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/sla"
	"github.com/loopdesk/loopdesk/store"
)

// countdownEvery is how often the board redraws so the deadlines on its
// cards count down without a key press. Cards show minutes at best, so a
// quarter of a minute keeps them right to within one; the redraw reads
// nothing from the database (a deadline is computed from the card).
const countdownEvery = 20 * time.Second

// deadline is what a card shows of its nearest SLA clock.
type deadline struct {
	text  string // "" when no clock runs
	state int    // index into the SLA inks: ok, at risk, breached
}

// Indexes of the SLA inks.
const (
	dueOK = iota
	dueAtRisk
	dueBreached
)

// deadlineOf puts a card's nearest deadline in a few cells: "2h13m" on
// track, "!20m" at risk, "late 45m" once missed, so the state reads
// without colour; a clock of working time reads in working hours ("37h
// work"), in the session's words.
func deadlineOf(l i18n.Lang, d store.Deadline) deadline {
	switch d.State {
	case sla.OK:
		return deadline{text: l.Span(d.Remaining, d.Business), state: dueOK}
	case sla.AtRisk:
		return deadline{text: l.T(i18n.SLAAtRisk, l.Span(d.Remaining, d.Business)), state: dueAtRisk}
	case sla.Breached:
		return deadline{text: l.T(i18n.SLALate, l.Span(-d.Remaining, d.Business)), state: dueBreached}
	}
	return deadline{}
}

// tickMsg is the countdown's timer.
type tickMsg struct{}

// countdown schedules the next countdown redraw (none when the model's
// interval is zero: tests send tickMsg themselves).
func (m *Model) countdown() tea.Cmd {
	if m.tick <= 0 {
		return nil
	}
	return tea.Tick(m.tick, func(time.Time) tea.Msg { return tickMsg{} })
}

// onTick redraws (the View reads the clock again). Under the at-risk
// filter it reloads too, since cards turn at risk with time alone; an open
// card's clocks are read again for the same reason.
func (m *Model) onTick() tea.Cmd {
	cmds := []tea.Cmd{m.countdown()}
	if m.filter.AtRisk {
		cmds = append(cmds, m.reload(m.board.request()))
	}
	if m.detail != nil {
		cmds = append(cmds, loadDetail(m.ctx, m.desk, m.detail.id))
	}
	return tea.Batch(cmds...)
}
