package tui

import (
	"strconv"

	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// presenceNameW is how much of a name a card gives the first viewer.
const presenceNameW = 8

// presenceLabel names who else has a card open in a few cells: the first
// editor, or else the first viewer by name, as "✎ann" (editing) or "◉bob"
// (looking), then "+2" for the other agents. Plain marks rather than
// emoji: they are one cell wide in every terminal font that draws the
// board's box lines.
func presenceLabel(vs []live.Viewer) string {
	if len(vs) == 0 {
		return ""
	}
	first := vs[0]
	for _, v := range vs[1:] {
		if v.Editing != first.Editing && v.Editing || v.Editing == first.Editing && v.Agent < first.Agent {
			first = v
		}
	}
	others := map[string]bool{}
	for _, v := range vs {
		if v.Agent != first.Agent {
			others[v.Agent] = true
		}
	}
	mark := "◉"
	if first.Editing {
		mark = "✎"
	}
	s := mark + textsafe.Truncate(safeName(first.Agent), presenceNameW)
	if len(others) > 0 {
		s += "+" + strconv.Itoa(len(others))
	}
	return s
}

// syncPresence tells the registry which card this session has open: the
// card of an open form (editing it), else the open card, else none (the
// board). It writes only when that changed, since every write redraws the
// other sessions, and never after the session quit.
func (m *Model) syncPresence() {
	if m.presence == nil || m.ctx.Err() != nil {
		return
	}
	v := live.Viewer{Session: m.session, Agent: m.env.me.Name}
	if f, ok := m.layer.(*form); ok && f.ticket != nil {
		v.TicketID, v.Editing = f.ticket.ID, true
	} else if m.detail != nil {
		v.TicketID = m.detail.id
	}
	if v == m.told {
		return
	}
	m.told = v
	m.presence.Set(v)
}

// leavePresence takes the session out of the registry (it quits).
func (m *Model) leavePresence() {
	if m.presence != nil {
		m.presence.Leave(m.session)
	}
}
