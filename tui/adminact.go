package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
)

// adminAct carries out what the admin screen and its forms decided;
// other messages are ignored.
func (m *Model) adminAct(msg tea.Msg) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	switch msg := msg.(type) {
	case addAgentAsk:
		w, h := m.size()
		return m.withTeams(func(teams []domain.Team) layer { return newAgentForm(&m.env, teams, w, h) })
	case keysAsk:
		return func() tea.Msg {
			keys, err := d.AgentKeys(ctx, msg.agent)
			return keysMsg{agent: msg.agent, keys: keys, err: err}
		}
	case keysMsg:
		if msg.err != nil {
			m.fail(msg.err)
			return nil
		}
		w, h := m.size()
		m.layer = keysPicker(&m.env, msg.agent, msg.keys, w, h)
	case addAgentIntent:
		return adminChange(l.T(i18n.MsgAgentAdded, safeName(msg.a.Name)), func() error {
			return d.AddAgent(ctx, me, msg.a)
		})
	case removeAgentIntent:
		return adminChange(l.T(i18n.MsgAgentRemoved, safeName(msg.name)), func() error {
			return d.RemoveAgent(ctx, me, msg.name)
		})
	case addKeyIntent:
		return adminChange(l.T(i18n.MsgKeyAdded, msg.fingerprint, safeName(msg.agent)), func() error {
			return d.AddAgentKey(ctx, me, msg.agent, msg.fingerprint, msg.line)
		})
	case removeKeyIntent:
		return adminChange(l.T(i18n.MsgKeyRemoved, msg.fingerprint, safeName(msg.agent)), func() error {
			return d.RemoveAgentKey(ctx, me, msg.agent, msg.fingerprint)
		})
	case adminDoneMsg:
		return m.adminDone(msg)
	default:
		return m.intakeAct(msg)
	}
	return nil
}

// adminChange runs one agent or key change as a command.
func adminChange(ok string, fn func() error) tea.Cmd {
	return func() tea.Msg {
		if err := fn(); err != nil {
			return adminDoneMsg{err: err}
		}
		return adminDoneMsg{text: ok}
	}
}

// adminDone reports an agent or key change. A refused save stays in its
// form with the input kept and the store's reason under it.
func (m *Model) adminDone(msg adminDoneMsg) tea.Cmd {
	if msg.err != nil {
		m.fail(msg.err)
		if f, ok := m.waitingForm(); ok {
			f.failed(msg.err, nil)
		}
		return nil
	}
	if _, ok := m.waitingForm(); ok {
		m.layer = nil
	}
	m.info(msg.text)
	return m.refreshScreen()
}
