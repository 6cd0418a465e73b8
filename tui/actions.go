package tui

import (
	"context"
	"errors"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// Intents: what a picker, prompt or form decided, for the root to carry
// out. Each names the ticket as it was read (ID and Version), so a card
// that changed meanwhile is refused as a conflict, never acted on blind.
type (
	moveIntent struct {
		t    domain.Ticket
		to   domain.Status
		sure bool // a move backwards was confirmed
	}
	assignIntent struct {
		t     domain.Ticket
		owner string
	}
	noteIntent struct {
		t    domain.Ticket
		body string
	}
	patchIntent struct {
		t domain.Ticket
		p store.Patch
	}
	respondIntent struct {
		t   domain.Ticket
		how string
	}
	createIntent struct{ in store.NewTicket }
	filterIntent struct{ f store.Filter }
	jumpIntent   struct{ key string }
)

// Results of reads that open a layer or the detail.
type (
	agentsMsg struct {
		t      domain.Ticket
		load   map[string]int  // open cards per agent
		many   []domain.Ticket // a bulk reassignment of these instead
		screen bool            // marked on a screen's list
		agents []domain.Agent
		err    error
	}
	// teamsMsg opens a layer that needs the teams (the filter menu, the
	// add-agent form).
	teamsMsg struct {
		teams []domain.Team
		open  func([]domain.Team) layer
		err   error
	}
	keysMsg struct {
		agent string
		keys  []store.AgentKey
		err   error
	}
	editMsg struct {
		t   domain.Ticket
		err error
	}
	// readMsg is a card read to be opened: from a screen's row, which
	// holds only part of it, or by key (jump).
	readMsg struct {
		t    domain.Ticket
		jump bool
		err  error
	}
)

// action is a kind of change a session makes.
type action int

const (
	actMove action = iota
	actAssign
	actNote
	actCreate
	actUpdate
	actRespond
	actAcknowledge
	actRaise
	actUndo
	actConfirmTriage
	actCorrectTriage
)

// doneMsg is the store's answer to a change.
type doneMsg struct {
	act     action
	after   domain.Ticket
	current *domain.Ticket // after a conflict: the card as it is now
	err     error
}

// saver is a layer that waits for the store's answer to its submit: it
// closes on success and keeps its input on failure. Only a saver that is
// waiting takes an answer; others belong to some earlier action.
type saver interface {
	layer
	waiting() bool
	failed(err error, current *domain.Ticket)
}

// waitingForm is the open form waiting for the store, if any.
func (m *Model) waitingForm() (saver, bool) {
	f, ok := m.layer.(saver)
	if !ok || !f.waiting() {
		return nil, false
	}
	return f, true
}

// change runs one store mutation as a command. After a conflict it reads
// the card again, so forms can retry against the current version.
func (m *Model) change(a action, t domain.Ticket, fn func() (domain.Ticket, error)) tea.Cmd {
	d, ctx := m.desk, m.ctx
	return func() tea.Msg {
		after, err := fn()
		msg := doneMsg{act: a, after: after, err: err}
		if errors.Is(err, store.ErrConflict) {
			if cur, gerr := d.Ticket(ctx, t.ID); gerr == nil {
				msg.current = &cur
			}
		}
		return msg
	}
}

// act handles intents and results; the admin screen's go to adminAct,
// other messages are ignored.
func (m *Model) act(msg tea.Msg) tea.Cmd {
	d, ctx, me := m.desk, m.ctx, m.env.me.Name
	switch msg := msg.(type) {
	case moveIntent:
		if msg.to == domain.Resolved { // the store wants a solution summary
			m.layer = newResolveForm(&m.env, msg.t, m.screenWidth(), m.bodyHeight())
			return nil
		}
		if msg.to.Index() < msg.t.Status.Index() && !msg.sure {
			m.layer = m.confirmMoveBack(msg)
			return nil
		}
		return m.change(actMove, msg.t, func() (domain.Ticket, error) {
			return d.Move(ctx, me, msg.t.ID, msg.t.Version, msg.to)
		})
	case assignIntent:
		return m.change(actAssign, msg.t, func() (domain.Ticket, error) {
			return d.Assign(ctx, me, msg.t.ID, msg.t.Version, msg.owner)
		})
	case noteIntent:
		return m.change(actNote, msg.t, func() (domain.Ticket, error) {
			return d.AddNote(ctx, me, msg.t.ID, msg.t.Version, msg.body)
		})
	case patchIntent:
		return m.change(actUpdate, msg.t, func() (domain.Ticket, error) {
			return d.Update(ctx, me, msg.t.ID, msg.t.Version, msg.p)
		})
	case respondIntent:
		return m.change(actRespond, msg.t, func() (domain.Ticket, error) {
			return d.Respond(ctx, me, msg.t.ID, msg.t.Version, msg.how)
		})
	case ackIntent:
		return m.change(actAcknowledge, msg.t, func() (domain.Ticket, error) {
			return d.AcknowledgeEscalation(ctx, me, msg.t.ID, msg.t.Version)
		})
	case raiseIntent:
		return m.raise(msg.t)
	case createIntent:
		return m.change(actCreate, domain.Ticket{}, func() (domain.Ticket, error) {
			return d.CreateTicket(ctx, me, msg.in)
		})
	case doneMsg:
		return m.done(msg)
	case bulkAssignIntent:
		return m.bulkAssign(msg)
	case bulkAssignAsk:
		return m.bulkAssignOf(msg.cards, true)
	case bulkAckIntent:
		return m.bulkAck(msg)
	case confirmTriageIntent:
		return m.confirmTriage(msg.t)
	case bulkConfirmIntent:
		return m.bulkConfirm(msg)
	case correctTriageIntent:
		return m.correctTriage(msg)
	case bulkDoneMsg:
		return m.bulkDone(msg)
	case openIntent:
		return func() tea.Msg {
			t, err := d.Ticket(ctx, msg.id)
			return readMsg{t: t, err: err}
		}
	case assignAsk:
		return m.startAssign(msg.t)
	case layerIntent:
		m.layer = msg.l
	case ownerIntent:
		m.screen = nil
		f := m.filter
		f.Owner, f.Unassigned = msg.owner, msg.owner == ""
		return m.setFilter(f)
	case teamsMsg:
		if msg.err != nil {
			m.fail(msg.err)
			return nil
		}
		m.layer = msg.open(msg.teams)
	case filterIntent:
		return m.setFilter(msg.f)
	case jumpIntent:
		return func() tea.Msg {
			t, err := d.TicketByKey(ctx, msg.key)
			return readMsg{t: t, jump: true, err: err}
		}
	case readMsg:
		f, waiting := m.waitingForm() // the jump prompt
		if msg.err != nil {
			m.fail(msg.err)
			if waiting {
				f.failed(msg.err, nil)
			}
			return nil
		}
		if waiting {
			m.layer = nil
		}
		return m.open(msg.t, msg.jump)
	case agentsMsg:
		switch {
		case msg.err != nil:
			m.fail(msg.err)
		case msg.many != nil:
			m.layer = bulkAssignPicker(&m.env, msg.many, msg.agents, msg.load, msg.screen)
		default:
			m.layer = assignPicker(&m.env, msg.t, msg.agents, msg.load)
		}
	case editMsg:
		if msg.err != nil {
			m.fail(msg.err)
			return nil
		}
		m.layer = newEditForm(&m.env, msg.t, m.screenWidth(), m.bodyHeight())
	default:
		return m.loopAct(msg)
	}
	return nil
}

// done reports a change and refreshes what it touched. A failed submit
// stays in its form with the input kept; a conflict refreshes the card.
func (m *Model) done(msg doneMsg) tea.Cmd {
	l := m.env.lang
	if msg.err != nil && msg.act == actUndo {
		m.undo = nil
		m.status = status{text: undoRefusal(l, msg.err), err: true}
		return m.refresh(false)
	}
	if msg.err != nil {
		m.fail(msg.err)
		if f, ok := m.waitingForm(); ok {
			f.failed(msg.err, msg.current)
		}
		if msg.current == nil {
			return nil
		}
		return m.refresh(false)
	}
	if _, ok := m.waitingForm(); ok {
		m.layer = nil
	}
	t := msg.after
	if msg.act == actMove || msg.act == actAssign {
		m.undo = &t
	}
	switch msg.act {
	case actConfirmTriage:
		m.info(l.T(i18n.MsgTriageConfirmed, t.Key(), l.Category(t.Category)))
	case actCorrectTriage:
		m.info(l.T(i18n.MsgTriageCorrected, t.Key(), l.Category(t.Category)))
	case actUndo:
		m.undo = nil
		m.info(l.T(i18n.MsgUndone, t.Key(), l.Status(t.Status), ownerLabel(l, t.Owner)))
	case actMove:
		m.info(l.T(i18n.MsgMoved, t.Key(), l.Status(t.Status)))
	case actAssign:
		if t.Owner == "" {
			m.info(l.T(i18n.MsgUnassigned, t.Key()))
		} else {
			m.info(l.T(i18n.MsgAssigned, t.Key(), safeName(t.Owner)))
		}
	case actNote:
		m.info(l.T(i18n.MsgNoteAdded, t.Key()))
	case actUpdate:
		m.info(l.T(i18n.MsgUpdated, t.Key()))
	case actRespond:
		m.info(l.T(i18n.MsgResponded, t.Key()))
	case actAcknowledge:
		m.info(l.T(i18n.MsgAcknowledged, t.Key()))
	case actRaise:
		m.info(l.T(i18n.MsgRaised, t.Key(), l.Priority(t.Priority)))
	case actCreate:
		m.info(l.T(i18n.MsgCreated, t.Key()))
		return m.reload(m.board.focusOn(t, m.board.current().sel))
	}
	return m.refresh(false)
}

// refresh reloads the board (and the open card and screen), keeping the
// cursor on its card. announce says where the card went if it moved.
func (m *Model) refresh(announce bool) tea.Cmd {
	r := m.board.request()
	r.announce = announce
	cmds := []tea.Cmd{m.reload(r)}
	if m.detail != nil {
		cmds = append(cmds, loadDetail(m.ctx, m.desk, m.detail.id))
	}
	if m.screen != nil {
		cmds = append(cmds, m.refreshScreen())
	}
	return tea.Batch(cmds...)
}

// open shows a card's detail and puts the board's cursor on it in its
// column, so esc lands on it.
func (m *Model) open(t domain.Ticket, jump bool) tea.Cmd {
	w, h := m.size()
	m.detail = newDetail(&m.env, t.ID, w, h)
	r := m.board.focusOn(t, m.board.current().sel)
	r.jump = jump
	return tea.Batch(m.reload(r), loadDetail(m.ctx, m.desk, t.ID), m.readMentions(t.ID))
}

// setFilter narrows the board; the cursor follows its card if it still
// shows.
func (m *Model) setFilter(f store.Filter) tea.Cmd {
	l := m.env.lang
	searchChanged := f.Search != m.filter.Search
	m.filter = f
	switch {
	case searchChanged && f.Search != "":
		m.info(l.T(i18n.MsgSearchOn, textsafe.Truncate(textsafe.Line(f.Search), 30)))
	case searchChanged:
		m.info(l.T(i18n.MsgSearchOff))
	case filterSummary(l, m.env.me, f) != "":
		m.info(l.T(i18n.MsgFilterOn, filterSummary(l, m.env.me, f)))
	default:
		m.info(l.T(i18n.MsgFilterOff))
	}
	return m.restart()
}

// restart reloads every column from its top, for a new filter or order:
// old anchors mean nothing there; the selected card is still followed.
func (m *Model) restart() tea.Cmd {
	r := m.board.request()
	for i := range r.cols {
		r.cols[i].anchor = nil
	}
	return m.reload(r)
}

// toggleSort orders the columns by nearest deadline, or back by priority.
func (m *Model) toggleSort() tea.Cmd {
	m.byDue = !m.byDue
	if m.byDue {
		m.info(m.env.lang.T(i18n.MsgSortDue))
	} else {
		m.info(m.env.lang.T(i18n.MsgSortPriority))
	}
	return m.restart()
}

// target is the card an action applies to: the open card, else the
// selected one.
func (m *Model) target() (domain.Ticket, bool) {
	if m.detail != nil {
		return m.detail.ticket, m.detail.loaded
	}
	return m.board.selected()
}

// startMove opens the move picker: the five columns, the current one and
// those the ticket's life does not allow marked and refused.
func (m *Model) startMove(t domain.Ticket) {
	l := m.env.lang
	items := make([]pickItem, 0, nCols)
	for _, s := range domain.Statuses {
		it := pickItem{label: l.Status(s), msg: moveIntent{t: t, to: s}}
		if why := moveRefusal(l, t, s); why != "" {
			it.refusal = why
			it.note = l.T(i18n.PickNotAllowed)
			if s == t.Status {
				it.note = l.T(i18n.PickCurrent)
			}
		}
		items = append(items, it)
	}
	m.layer = newPicker(&m.env, l.T(i18n.PickMove, t.Key()), items)
}

// moveBy moves a card one column left or right, if its life allows.
func (m *Model) moveBy(t domain.Ticket, delta int) tea.Cmd {
	i := t.Status.Index() + delta
	if i < 0 || i >= nCols {
		m.status = status{text: m.env.lang.T(i18n.MsgNoColumn), err: true}
		return nil
	}
	to := domain.Statuses[i]
	if why := moveRefusal(m.env.lang, t, to); why != "" {
		m.status = status{text: why, err: true}
		return nil
	}
	return emit(moveIntent{t: t, to: to})
}

// startAssign reads the active agents and their open load for the
// assign picker.
func (m *Model) startAssign(t domain.Ticket) tea.Cmd {
	d, ctx := m.desk, m.ctx
	return func() tea.Msg {
		agents, load, err := agentsWithLoad(ctx, d)
		return agentsMsg{t: t, agents: agents, load: load, err: err}
	}
}

// agentsWithLoad reads the active agents and how many open cards each
// holds.
func agentsWithLoad(ctx context.Context, d Desk) ([]domain.Agent, map[string]int, error) {
	agents, err := d.Agents(ctx)
	if err != nil {
		return nil, nil, err
	}
	tl, err := d.TeamLoad(ctx)
	if err != nil {
		return nil, nil, err
	}
	load := make(map[string]int, len(tl.Agents))
	for _, a := range tl.Agents {
		load[a.Agent.Name] = a.Total
	}
	return agents, load, nil
}

// agentItems are the agents in natural order (agent2 before agent10),
// each with their open load beside them ("3 open"), and "current" on
// the owner's.
func agentItems(l i18n.Lang, agents []domain.Agent, load map[string]int, owner string, msg func(name string) tea.Msg) []pickItem {
	agents = slices.SortedStableFunc(slices.Values(agents), func(a, b domain.Agent) int { return naturalCompare(a.Name, b.Name) })
	items := make([]pickItem, 0, len(agents))
	for _, a := range agents {
		note := l.T(i18n.PickLoad, load[a.Name])
		if a.Name == owner {
			note = l.T(i18n.PickCurrent) + " · " + note
		}
		items = append(items, pickItem{label: agentLabel(l, a), note: note, msg: msg(a.Name)})
	}
	return items
}

// agentLabel is "bob — Bob Li (agent)".
func agentLabel(l i18n.Lang, a domain.Agent) string {
	label := safeName(a.Name)
	if dn := safeName(a.DisplayName); dn != "" && dn != label {
		label += " — " + dn
	}
	return label + " (" + l.Role(a.Role) + ")"
}

// assignPicker lists "unassigned" and every active agent with their
// load; typing filters.
func assignPicker(e *env, t domain.Ticket, agents []domain.Agent, load map[string]int) *picker {
	l := e.lang
	items := []pickItem{{label: l.T(i18n.PickUnassigned), msg: assignIntent{t: t}}}
	if t.Owner == "" {
		items[0].note = l.T(i18n.PickCurrent)
	}
	items = append(items, agentItems(l, agents, load, t.Owner, func(name string) tea.Msg { return assignIntent{t: t, owner: name} })...)
	return newPicker(e, l.T(i18n.PickAssign, t.Key()), items).filtering()
}

// raise moves a card's priority one step up (low → medium → high).
func (m *Model) raise(t domain.Ticket) tea.Cmd {
	if t.Priority == domain.High || !t.Priority.Valid() {
		m.info(m.env.lang.T(i18n.MsgAlreadyHigh, t.Key()))
		return nil
	}
	d, ctx, me := m.desk, m.ctx, m.env.me.Name
	p := t.Priority - 1
	return m.change(actRaise, t, func() (domain.Ticket, error) {
		return d.Update(ctx, me, t.ID, t.Version, store.Patch{Priority: &p})
	})
}

// withTeams reads the teams, then opens the layer open builds from them.
func (m *Model) withTeams(open func([]domain.Team) layer) tea.Cmd {
	d, ctx := m.desk, m.ctx
	return func() tea.Msg {
		teams, err := d.Teams(ctx)
		return teamsMsg{teams: teams, open: open, err: err}
	}
}

// confirmMoveBack asks before a card goes back a column: work done is
// undone (and a reopen is counted), so a stray H or m must not do it.
func (m *Model) confirmMoveBack(msg moveIntent) layer {
	l, t := m.env.lang, msg.t
	q := i18n.ConfirmMoveBack
	if domain.IsReopen(t.Status, msg.to) {
		q = i18n.ConfirmReopen
	}
	msg.sure = true
	return newConfirm(&m.env, l.T(q, t.Key(), l.Status(t.Status), l.Status(msg.to)), msg)
}
