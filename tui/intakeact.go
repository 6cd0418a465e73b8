package tui

import (
	tea "charm.land/bubbletea/v2"
)

// intakeKey starts an intake or knowledge-base action from the board, the
// open card or a screen: dismissing the emergency banner, the knowledge
// base, the mentions and the rejected list, and promoting the open
// card's solution. It reports whether the key was one.
func (m *Model) intakeKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := &m.env.keys
	switch {
	case keyIs(msg, k.Dismiss) && m.alerts.emergency != nil:
		return m.setEmergency(nil), true
	case keyIs(msg, k.Promote) && m.detail != nil && m.detail.loaded:
		m.startPromote(m.detail.ticket)
		return nil, true
	case keyIs(msg, k.Knowledge):
		m.screen = &kbScreen{e: &m.env}
	case keyIs(msg, k.Mentions):
		m.screen = &mentionScreen{e: &m.env}
	case keyIs(msg, k.Rejected):
		m.screen = &rejectedScreen{e: &m.env}
	default:
		return nil, false
	}
	m.detail, m.status = nil, status{}
	return m.refreshScreen(), true
}

// intakeAct carries out the intents and reads of the intake views and
// the knowledge base; problemAct comes after it.
func (m *Model) intakeAct(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case alertsMsg:
		return m.applyAlerts(msg)
	case restoreIntent:
		return m.restore(msg)
	case promoteIntent:
		return m.promote(msg)
	case kbSearchIntent:
		if s, ok := m.screen.(*kbScreen); ok {
			s.search(msg.query)
			return m.refreshScreen()
		}
	}
	return m.problemAct(msg)
}
