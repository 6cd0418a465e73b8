package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
)

// screen is a full screen shown in place of the board: the escalation
// queue, the team load, the agents and their keys. It gets the keys no
// layer or open card took. Like layers, screens never touch the store:
// the root reads their data (refreshScreen) and carries out what they
// decide, which comes back as a message.
type screen interface {
	// update takes the screen's data; a nil screen goes back to the
	// board.
	update(msg tea.Msg) (screen, tea.Cmd)
	view(w, h int) string
	// keys is the screen's own bindings; the root adds those every
	// screen shares (esc, quit, help, the other screens).
	keys() []binding
	// back backs out one level inside the screen (an open article or
	// problem) or clears its search or filter in place, and reports
	// whether there was one; at the top, esc closes the screen.
	back() (tea.Cmd, bool)
}

// screenData is a screen's data, read by the root for the screen.
type screenData interface{ forScreen() }

// Intents of the screens, for the root to carry out.
type (
	openIntent  struct{ id int64 }        // read the card, then show its detail
	assignAsk   struct{ t domain.Ticket } // open the assign picker
	layerIntent struct{ l layer }         // put a picker, form or question on top
)

// toScreen hands a screen its data; data for a screen since closed is
// dropped.
func (m *Model) toScreen(msg screenData) tea.Cmd {
	if m.screen == nil {
		return nil
	}
	var cmd tea.Cmd
	m.screen, cmd = m.screen.update(msg)
	return cmd
}

// screenKey handles a key on a screen: the keys that work on every
// screen (quit, refresh, the other screens, help) first, then the
// screen's own.
func (m *Model) screenKey(msg tea.KeyPressMsg) tea.Cmd {
	if ls, ok := m.screen.(listScreen); ok && ls.active().typing() {
		ls.active().typingKey(msg) // the list's filter is being typed
		return nil
	}
	cmd, _ := m.dispatch(m.screenContext().keys, msg)
	return cmd
}

// screenContext is the open screen's keys, after those every screen
// shares.
func (m *Model) screenContext() keyContext {
	c := m.everyScreenContext()
	c.keys = append(c.keys, m.screen.keys()...)
	return c
}

// everyScreenContext is the keys every screen shares.
func (m *Model) everyScreenContext() keyContext {
	k, l := &m.env.keys, m.env.lang
	keys := []binding{
		bind(k.Back, func() tea.Cmd {
			cmd, ok := m.screen.back()
			if !ok {
				m.screen = nil
			}
			return cmd
		}).hinted(),
		bind(k.Quit, m.quitFromBoard),
		bind(k.Refresh, func() tea.Cmd {
			m.info(l.T(i18n.MsgRefreshed))
			return m.refresh(false)
		}),
	}
	return keyContext{title: i18n.HelpEveryScreen, keys: append(keys, m.screenKeys()...)}
}

// refreshScreen reads the open screen's data.
func (m *Model) refreshScreen() tea.Cmd {
	d, ctx := m.desk, m.ctx
	if s, ok := m.screen.(selfLoading); ok {
		return s.load(ctx, d)
	}
	switch m.screen.(type) {
	case *queueScreen:
		return func() tea.Msg {
			items, err := d.EscalationQueue(ctx, queueLimit)
			return queueMsg{items: items, err: err}
		}
	case *teamScreen:
		return func() tea.Msg {
			load, err := d.TeamLoad(ctx)
			return teamMsg{load: load, err: err}
		}
	case *adminScreen:
		return loadRoster(ctx, d)
	}
	return nil
}

func loadRoster(ctx context.Context, d Desk) tea.Cmd {
	return func() tea.Msg {
		roster, err := d.Roster(ctx)
		return rosterMsg{roster: roster, err: err}
	}
}

// rows is the cursor of a screen's list and the part of it on screen.
type rows struct{ cur, n int }

// rowKeys move the cursor of r: the moving keys of every list.
func rowKeys(k *KeyMap, r *rows) []binding {
	return []binding{
		bind(k.RowUp, func() tea.Cmd { r.cur = max(r.cur-1, 0); return nil }),
		bind(k.RowDown, func() tea.Cmd { r.cur = max(min(r.cur+1, r.n-1), 0); return nil }),
		bind(k.RowTop, func() tea.Cmd { r.cur = 0; return nil }),
		bind(k.RowBottom, func() tea.Cmd { r.cur = max(r.n-1, 0); return nil }),
	}
}

// move applies a cursor key; it reports whether the key was one.
func (r *rows) move(k *KeyMap, msg tea.KeyPressMsg) bool {
	switch {
	case keyIs(msg, k.Up):
		r.cur = max(r.cur-1, 0)
	case keyIs(msg, k.Down):
		r.cur = max(min(r.cur+1, r.n-1), 0)
	case keyIs(msg, k.Top):
		r.cur = 0
	case keyIs(msg, k.Bottom):
		r.cur = max(r.n-1, 0)
	default:
		return false
	}
	return true
}

// resize keeps the cursor in a list now n long.
func (r *rows) resize(n int) {
	r.n = n
	r.cur = max(min(r.cur, n-1), 0)
}

// visible is the range of rows shown in h lines, keeping the cursor in it.
func (r *rows) visible(h int) (int, int) {
	h = max(h, 1)
	from := max(r.cur-h+1, 0)
	return from, min(from+h, r.n)
}
