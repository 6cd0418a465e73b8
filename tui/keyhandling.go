package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// boardKey handles a key on the board.
func (m *Model) boardKey(msg tea.KeyPressMsg) tea.Cmd {
	cmd, _ := m.dispatch(m.boardContext().keys, msg)
	return cmd
}

// detailKey handles a key in the card detail.
func (m *Model) detailKey(msg tea.KeyPressMsg) tea.Cmd {
	cmd, _ := m.dispatch(m.detailContext().keys, msg)
	return cmd
}

// boardContext is the board's keys: moving about the columns, then
// acting on the card under the cursor, then the tools.
func (m *Model) boardContext() keyContext {
	k := &m.env.keys
	b := &m.board
	step := func(delta int) func() tea.Cmd {
		return func() tea.Cmd {
			if b.step(delta) {
				return nil
			}
			scroll := b.scrollDown
			if delta < 0 {
				scroll = b.scrollUp
			}
			if r, ok := scroll(); ok {
				return m.reload(r)
			}
			return nil
		}
	}
	keys := []binding{
		bind(k.Left, func() tea.Cmd { b.focus = max(b.focus-1, 0); return nil }),
		bind(k.Right, func() tea.Cmd { b.focus = min(b.focus+1, nCols-1); return nil }),
		bind(k.Up, step(-1)),
		bind(k.Down, step(1)),
		bind(k.PageUp, func() tea.Cmd {
			if r, ok := b.pageUp(m.capacity()); ok {
				return m.reload(r)
			}
			b.current().sel = 0
			return nil
		}),
		bind(k.PageDown, func() tea.Cmd {
			if r, ok := b.pageDown(); ok {
				return m.reload(r)
			}
			b.current().sel = max(len(b.current().cards)-1, 0)
			return nil
		}),
		bind(k.Top, func() tea.Cmd { return m.reload(b.home()) }),
		bind(k.Bottom, func() tea.Cmd { return m.reload(b.end(m.capacity())) }),
		m.onCard(k.Open, nil, func(t domain.Ticket) tea.Cmd { return m.open(t, false) }).hinted(),
		bind(k.Select, func() tea.Cmd { m.toggleMark(); return nil }).only(supervisors, i18n.ScreenSelect),
		bind(k.Back, m.boardBack),
	}
	keys = append(keys, m.cardKeys(false)...)
	keys = append(keys, m.toolKeys(true)...)
	return keyContext{title: i18n.HelpBoard, keys: append(keys, bind(k.Quit, m.quit).hinted())}
}

// detailContext is the open card's keys: scrolling it, acting on it, the
// tools.
func (m *Model) detailContext() keyContext {
	k := &m.env.keys
	// The card scrolls (j scrolls the text; it does not go to the next card).
	scroll := func(f func(*detail)) func() tea.Cmd { return func() tea.Cmd { f(m.detail); return nil } }
	keys := []binding{
		bind(k.Back, func() tea.Cmd {
			m.detail = nil
			if m.screen != nil {
				return m.refreshScreen()
			}
			return nil
		}).hinted(),
		bind(k.ScrollDown, scroll(func(d *detail) { d.vp.ScrollDown(1) })).hinted(),
		bind(k.ScrollUp, scroll(func(d *detail) { d.vp.ScrollUp(1) })),
		bind(k.PageUp, scroll(func(d *detail) { d.vp.PageUp() })),
		bind(k.PageDown, scroll(func(d *detail) { d.vp.PageDown() })),
		bind(k.ScrollTop, scroll(func(d *detail) { d.vp.GotoTop() })),
		bind(k.ScrollBottom, scroll(func(d *detail) { d.vp.GotoBottom() })),
		m.onCard(k.Promote, nil, func(t domain.Ticket) tea.Cmd { m.startPromote(t); return nil }),
	}
	keys = append(keys, m.cardKeys(true)...)
	keys = append(keys, m.toolKeys(false)...)
	return keyContext{title: i18n.HelpCard, keys: append(keys, bind(k.Quit, m.quitFromBoard))}
}

// cardKeys act on the target card (the open card, or the one under the
// cursor); on the board, a and i act on the marked cards when there are.
// In the card (inCard) the footer shows the keys of working it.
func (m *Model) cardKeys(inCard bool) []binding {
	k := &m.env.keys
	l := m.env.lang
	form := func(f func(domain.Ticket, int, int) layer) func(domain.Ticket) tea.Cmd {
		return func(t domain.Ticket) tea.Cmd {
			w, h := m.size()
			m.layer = f(t, w, h)
			return nil
		}
	}
	bulk := func() bool { return m.detail == nil && len(m.marks) > 0 }
	assign := m.onCard(k.Assign, m.mayAssign, m.startAssign)
	single := assign.check
	assign.check = func() status {
		if bulk() {
			return status{}
		}
		return single()
	}
	assign.do = func(tea.KeyPressMsg) tea.Cmd {
		if bulk() {
			return m.startBulkAssign()
		}
		t, _ := m.target()
		return m.startAssign(t)
	}
	inCardHint := func(b binding) binding {
		b.hint = inCard
		return b
	}
	return []binding{
		inCardHint(m.onCard(k.Reply, m.mayWork, m.startReply).opensLayer()),
		inCardHint(m.onCard(k.Resolve, func(t domain.Ticket) status {
			if s := m.mayWork(t); s.text != "" {
				return s
			}
			if why := moveRefusal(l, t, domain.Resolved); why != "" {
				return status{text: why, err: true}
			}
			return status{}
		}, form(func(t domain.Ticket, w, h int) layer { return newResolveForm(&m.env, t, w, h) }))),
		m.onCard(k.Move, m.mayMove, func(t domain.Ticket) tea.Cmd { m.startMove(t); return nil }).hinted(),
		m.onCard(k.MoveLeft, m.mayMove, func(t domain.Ticket) tea.Cmd { return m.moveBy(t, -1) }),
		m.onCard(k.MoveRight, m.mayMove, func(t domain.Ticket) tea.Cmd { return m.moveBy(t, 1) }),
		assign.hinted().opensLayer(),
		m.onCard(k.Take, nil, m.take).hinted(),
		inCardHint(m.onCard(k.Note, nil, form(func(t domain.Ticket, w, h int) layer { return newNoteForm(&m.env, t, w, h) }))),
		inCardHint(m.onCard(k.Edit, m.mayWork, m.startEdit).opensLayer()),
		inCardHint(m.onCard(k.Respond, nil, func(t domain.Ticket) tea.Cmd { m.layer = m.respondPrompt(t); return nil })),
		m.onCard(k.Score, m.mayWork, form(func(t domain.Ticket, w, h int) layer { return newScoreForm(&m.env, t, w, h) })),
		m.onCard(k.Survey, m.mayWork, m.surveyLink),
		m.onCard(k.RetryDelivery, m.mayWork, m.retryDelivery),
		bind(k.Link, m.startLink).opensLayer(),
		m.onCard(k.Wait, m.mayWork, func(t domain.Ticket) tea.Cmd { m.layer = m.waitPrompt(t, false); return nil }),
		m.onCard(k.Answered, nil, func(t domain.Ticket) tea.Cmd { m.layer = m.waitPrompt(t, true); return nil }),
	}
}

// toolKeys are the board's tools: new ticket, search, filter, sort, go
// to a key, and the screens; onBoard puts the first three in the footer.
func (m *Model) toolKeys(onBoard bool) []binding {
	k := &m.env.keys
	l := m.env.lang
	boardHint := func(b binding) binding {
		b.hint = onBoard
		return b
	}
	keys := []binding{
		boardHint(bind(k.New, func() tea.Cmd {
			w, h := m.size()
			m.layer = newTicketForm(&m.env, w, h)
			return nil
		})),
		boardHint(bind(k.Search, func() tea.Cmd { m.layer = m.searchPrompt(); return nil })),
		boardHint(bind(k.Filter, func() tea.Cmd {
			f := m.filter
			return m.withTeams(func(teams []domain.Team) layer { return filterMenu(&m.env, f, teams) })
		}).opensLayer()),
		bind(k.Sort, m.toggleSort),
		bind(k.Undo, m.undoLast),
		bind(k.Jump, func() tea.Cmd { m.layer = m.jumpPrompt(); return nil }),
		bind(k.Refresh, func() tea.Cmd {
			m.info(l.T(i18n.MsgRefreshed))
			return m.refresh(true)
		}),
		bind(k.Dismiss, func() tea.Cmd {
			if m.alerts.emergency == nil {
				return nil
			}
			return m.setEmergency(nil)
		}),
		// Not on the screens: the escalation queue's A acknowledges.
		bind(k.Approvals, m.openScreenOf(func() screen { return newApprovalScreen(&m.env) })).only(supervisors, i18n.ScreenApprovals),
	}
	return append(keys, m.screenKeys()...)
}

// screenKeys open the screens (but the approvals) and the help; they
// work on the board, in the card and on every screen.
func (m *Model) screenKeys() []binding {
	k := &m.env.keys
	return []binding{
		bind(k.Queue, m.openScreenOf(func() screen { return newQueueScreen(&m.env) })).only(supervisors, i18n.ScreenQueue),
		bind(k.Team, m.openScreenOf(func() screen { return newTeamScreen(&m.env) })),
		bind(k.Admin, m.openScreenOf(func() screen { return newAdminScreen(&m.env) })).only(admins, i18n.ScreenAdmin),
		bind(k.Dashboard, func() tea.Cmd {
			// d toggles: on the dashboard it goes back to the board.
			if _, on := m.screen.(*dashboardScreen); on {
				m.screen = nil
				return nil
			}
			return m.openScreenOf(func() screen { return &dashboardScreen{e: &m.env, days: 1} })()
		}),
		bind(k.Knowledge, m.openScreenOf(func() screen { return newKBScreen(&m.env) })),
		bind(k.Triage, m.openScreenOf(func() screen { return newTriageScreen(&m.env) })),
		bind(k.Mentions, m.openScreenOf(func() screen { return newMentionScreen(&m.env) })),
		bind(k.Rejected, m.openScreenOf(func() screen { return newRejectedScreen(&m.env) })),
		bind(k.Problems, m.openScreenOf(func() screen { return &problemScreen{e: &m.env} })),
		bind(k.Help, m.openHelp).hinted(),
	}
}

// openScreenOf opens a fresh screen in place of the card or the board and
// reads its data.
func (m *Model) openScreenOf(s func() screen) func() tea.Cmd {
	return func() tea.Cmd {
		m.screen, m.detail, m.status = s(), nil, status{}
		return m.refreshScreen()
	}
}

// startLink reads the open problems to link the target cards (the
// board's selection, or the open card or the card under the cursor) to.
func (m *Model) startLink() tea.Cmd {
	cards := m.linkTargets()
	if len(cards) == 0 {
		m.info(m.env.lang.T(i18n.MsgNoCard))
		return nil
	}
	d, ctx := m.desk, m.ctx
	return func() tea.Msg {
		ps, err := d.Problems(ctx, store.ProblemQuery{Open: true})
		return linkAsk{cards: cards, problems: ps, err: err}
	}
}

// boardBack is esc on the board: it clears, in place and one at a time,
// the selection, the search, the filter, then the status line.
func (m *Model) boardBack() tea.Cmd {
	l := m.env.lang
	switch {
	case len(m.marks) > 0:
		m.marks = nil
		m.info(l.T(i18n.MsgSelCleared))
	case m.filter.Search != "":
		f := m.filter
		f.Search = ""
		return m.setFilter(f)
	case m.filter != (store.Filter{}):
		return m.setFilter(store.Filter{})
	default:
		m.status = status{}
	}
	return nil
}

// quitFromBoard is q away from the board: q quits only from the board,
// so here it says how to get back there.
func (m *Model) quitFromBoard() tea.Cmd {
	m.info(m.env.lang.T(i18n.MsgQuitFromBoard))
	return nil
}

// everywhereContext is the keys that work on top of everything, forms
// included: ctrl+c quits, asking first where a form or draft holds text.
func (m *Model) everywhereContext() keyContext {
	return keyContext{title: i18n.HelpEverywhere, keys: []binding{
		bind(m.env.keys.ForceQuit, func() tea.Cmd {
			if h, ok := m.layer.(textHolder); ok && h.holdsText() {
				m.quitting = true
				m.status = status{text: m.env.lang.T(i18n.MsgQuitConfirm), err: true}
				return nil
			}
			return m.quit()
		}),
	}}
}

// textHolder is a layer that may hold text the agent typed and has not
// saved: quitting asks first.
type textHolder interface{ holdsText() bool }

func (f *form) holdsText() bool { return f.dirty() }

func (r *replyEditor) holdsText() bool { return r.text.Changed() }

// holdsText: a prompt that changes a card (a reason, a question) holds
// its typed answer; a search or a key is typed again in a moment.
func (p *prompt) holdsText() bool { return p.waits && p.p.Value() != "" }
