package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
)

// boardKey handles a key on the board.
func (m *Model) boardKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.env.keys
	b := &m.board
	switch {
	case keyIs(msg, k.Quit):
		return m.quit()
	case keyIs(msg, k.Left):
		b.focus = max(b.focus-1, 0)
	case keyIs(msg, k.Right):
		b.focus = min(b.focus+1, nCols-1)
	case keyIs(msg, k.Up):
		if !b.step(-1) {
			if r, ok := b.scrollUp(); ok {
				return m.reload(r)
			}
		}
	case keyIs(msg, k.Down):
		if !b.step(1) {
			if r, ok := b.scrollDown(); ok {
				return m.reload(r)
			}
		}
	case keyIs(msg, k.PageDown):
		if r, ok := b.pageDown(); ok {
			return m.reload(r)
		}
		b.current().sel = max(len(b.current().cards)-1, 0)
	case keyIs(msg, k.PageUp):
		if r, ok := b.pageUp(m.capacity()); ok {
			return m.reload(r)
		}
		b.current().sel = 0
	case keyIs(msg, k.Top):
		return m.reload(b.home())
	case keyIs(msg, k.Bottom):
		return m.reload(b.end(m.capacity()))
	case keyIs(msg, k.Open):
		if t, ok := b.selected(); ok {
			return m.open(t, false)
		}
		m.info(m.env.lang.T(i18n.MsgNoCard))
	case keyIs(msg, k.Select):
		m.toggleMark()
	case keyIs(msg, k.Back) && len(m.marks) > 0:
		m.marks = nil
		m.info(m.env.lang.T(i18n.MsgSelCleared))
	case keyIs(msg, k.Back):
		m.status = status{}
	default:
		return m.commonKey(msg)
	}
	return nil
}

// detailKey handles a key in the card detail.
func (m *Model) detailKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.env.keys
	switch {
	case keyIs(msg, k.Back):
		m.detail = nil
		if m.screen != nil {
			return m.refreshScreen()
		}
		return nil
	case keyIs(msg, k.Quit):
		return m.quit()
	case m.detail.scroll(msg):
		return nil
	}
	return m.commonKey(msg)
}

// commonKey handles the keys the board and the detail share: actions on
// the current card and the board-wide tools.
func (m *Model) commonKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.env.keys
	w, h := m.size()
	switch {
	case keyIs(msg, k.New):
		m.layer = newTicketForm(&m.env, w, h)
		return nil
	case keyIs(msg, k.Search):
		m.layer = m.searchPrompt()
		return nil
	case keyIs(msg, k.Filter):
		f := m.filter
		return m.withTeams(func(teams []domain.Team) layer { return filterMenu(&m.env, f, teams) })
	case keyIs(msg, k.Sort):
		return m.toggleSort()
	case keyIs(msg, k.Jump):
		m.layer = m.jumpPrompt()
		return nil
	case keyIs(msg, k.Refresh):
		m.info(m.env.lang.T(i18n.MsgRefreshed))
		return m.refresh(true)
	case keyIs(msg, k.Help):
		m.layer = &helpScreen{e: &m.env, narrow: tabbed(w)}
		return nil
	case keyIs(msg, k.Queue), keyIs(msg, k.Team), keyIs(msg, k.Admin), keyIs(msg, k.Dashboard):
		return m.openScreen(msg)
	case keyIs(msg, k.Assign) && m.detail == nil && len(m.marks) > 0:
		return m.startBulkAssign()
	}
	if cmd, ok := m.loopKey(msg); ok {
		return cmd
	}
	if cmd, ok := m.intakeKey(msg); ok {
		return cmd
	}
	if cmd, ok := m.problemKey(msg); ok {
		return cmd
	}
	if cmd, ok := m.waitKey(msg); ok {
		return cmd
	}
	act := keyIs(msg, k.Move) || keyIs(msg, k.MoveLeft) || keyIs(msg, k.MoveRight) ||
		keyIs(msg, k.Assign) || keyIs(msg, k.Take) || keyIs(msg, k.Note) || keyIs(msg, k.Edit) ||
		keyIs(msg, k.Respond)
	if !act {
		return nil
	}
	t, ok := m.target()
	if !ok {
		m.info(m.env.lang.T(i18n.MsgNoCard))
		return nil
	}
	return m.cardKey(msg, t)
}

// cardKey starts an action on card t.
func (m *Model) cardKey(msg tea.KeyPressMsg, t domain.Ticket) tea.Cmd {
	k := &m.env.keys
	w, h := m.size()
	switch {
	case keyIs(msg, k.Move):
		m.startMove(t)
	case keyIs(msg, k.MoveLeft):
		return m.moveBy(t, -1)
	case keyIs(msg, k.MoveRight):
		return m.moveBy(t, 1)
	case keyIs(msg, k.Assign):
		return m.startAssign(t)
	case keyIs(msg, k.Take):
		return m.take(t)
	case keyIs(msg, k.Note):
		m.layer = newNoteForm(&m.env, t, w, h)
	case keyIs(msg, k.Edit):
		return m.startEdit(t)
	case keyIs(msg, k.Respond):
		m.layer = m.respondPrompt(t)
	}
	return nil
}
