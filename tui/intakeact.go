package tui

import (
	tea "charm.land/bubbletea/v2"
)

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
