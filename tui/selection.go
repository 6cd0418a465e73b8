package tui

import (
	"cmp"
	"errors"
	"maps"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// selection is the cards a supervisor marked for a bulk reassignment, each
// as it was when marked: every assignment names that version, so a card
// someone changed since is reported as a conflict, not reassigned blind.
type selection map[int64]domain.Ticket

func (s selection) has(id int64) bool {
	_, ok := s[id]
	return ok
}

// cards are the marked cards in key order.
func (s selection) cards() []domain.Ticket {
	return slices.SortedFunc(maps.Values(s), func(a, b domain.Ticket) int { return cmp.Compare(a.ID, b.ID) })
}

// toggleMark marks or unmarks the card under the cursor. Only supervisors
// reassign other people's cards, so only they select.
func (m *Model) toggleMark() {
	l := m.env.lang
	if !m.env.me.Role.Supervises() {
		m.status = status{text: l.T(i18n.LeadForbidden) + l.T(i18n.SupervisorOnly, l.T(i18n.ScreenSelect)), err: true}
		return
	}
	t, ok := m.board.selected()
	if !ok {
		m.info(l.T(i18n.MsgNoCard))
		return
	}
	if m.marks.has(t.ID) {
		delete(m.marks, t.ID)
		m.info(l.T(i18n.MsgUnselected, t.Key(), len(m.marks)))
		return
	}
	if m.marks == nil {
		m.marks = selection{}
	}
	m.marks[t.ID] = t
	m.info(l.T(i18n.MsgSelected, t.Key(), len(m.marks)))
}

// bulkAssignIntent reassigns several cards to one owner ("" unassigns);
// screen says they were marked on a screen's list, not on the board.
type bulkAssignIntent struct {
	cards  []domain.Ticket
	owner  string
	screen bool
}

// bulkAssignAsk is a screen's marked cards to reassign: read the agents,
// then pick one.
type bulkAssignAsk struct{ cards []domain.Ticket }

// bulkAckIntent acknowledges the escalation of the queue's marked cards.
type bulkAckIntent struct{ cards []domain.Ticket }

// bulkFailure is one card of a bulk action the store refused.
type bulkFailure struct {
	t       domain.Ticket
	err     error
	current *domain.Ticket // after a conflict: the card as it is now
}

// bulkDoneMsg is the outcome of a bulk reassignment.
type bulkDoneMsg struct {
	owner    string // to whom ("" unassigned)
	ack      bool   // acknowledged, not reassigned
	confirm  bool   // triage suggestions kept, not reassigned
	screen   bool   // marked on a screen's list
	assigned int
	failed   []bulkFailure
}

// bulkAssign assigns each card with its own version-checked call, so one
// refusal stops nothing else. A conflicting card is read again, so it can
// stay selected at its current version for a deliberate retry.
func (m *Model) bulkAssign(msg bulkAssignIntent) tea.Cmd {
	d, ctx, me := m.desk, m.ctx, m.env.me.Name
	return m.bulkRun(msg.cards, bulkDoneMsg{owner: msg.owner, screen: msg.screen}, func(t domain.Ticket) error {
		_, err := d.Assign(ctx, me, t.ID, t.Version, msg.owner)
		return err
	})
}

// bulkAck acknowledges each card's escalation, one version-checked call
// each.
func (m *Model) bulkAck(msg bulkAckIntent) tea.Cmd {
	d, ctx, me := m.desk, m.ctx, m.env.me.Name
	return m.bulkRun(msg.cards, bulkDoneMsg{ack: true, screen: true}, func(t domain.Ticket) error {
		_, err := d.AcknowledgeEscalation(ctx, me, t.ID, t.Version)
		return err
	})
}

// bulkRun does one change per card and collects what was refused.
func (m *Model) bulkRun(cards []domain.Ticket, out bulkDoneMsg, do func(domain.Ticket) error) tea.Cmd {
	d, ctx := m.desk, m.ctx
	return func() tea.Msg {
		for _, t := range cards {
			err := do(t)
			if err == nil {
				out.assigned++
				continue
			}
			f := bulkFailure{t: t, err: err}
			if errors.Is(err, store.ErrConflict) {
				if cur, gerr := d.Ticket(ctx, t.ID); gerr == nil {
					f.current = &cur
				}
			}
			out.failed = append(out.failed, f)
		}
		return out
	}
}

// bulkDone reports a bulk reassignment in one line ("4 reassigned to
// tom, 1 conflict: FB-1042 changed by ann") and keeps the conflicting
// cards selected at their current version.
func (m *Model) bulkDone(msg bulkDoneMsg) tea.Cmd {
	l := m.env.lang
	if !msg.screen {
		m.marks = nil
	}
	parts := []string{l.T(i18n.MsgBulkUnassign, msg.assigned)}
	switch {
	case msg.ack:
		parts[0] = l.T(i18n.MsgBulkAcked, msg.assigned)
	case msg.confirm:
		parts[0] = l.T(i18n.MsgBulkConfirmed, msg.assigned)
	case msg.owner != "":
		parts[0] = l.T(i18n.MsgBulkAssigned, msg.assigned, safeName(msg.owner))
	}
	var conflicts, refused []string
	for _, f := range msg.failed {
		var ce *store.ConflictError
		switch {
		case errors.As(f.err, &ce) && ce.By != "":
			conflicts = append(conflicts, l.T(i18n.MsgChangedBy, f.t.Key(), safeName(ce.By)))
		case errors.As(f.err, &ce):
			conflicts = append(conflicts, l.T(i18n.MsgChanged, f.t.Key()))
		case len(refused) == 0:
			refused = append(refused, f.t.Key()+" ("+errText(l, f.err)+")")
		default:
			refused = append(refused, f.t.Key())
		}
		if f.current != nil && !msg.screen {
			if m.marks == nil {
				m.marks = selection{}
			}
			m.marks[f.t.ID] = *f.current
		}
	}
	sep := l.T(i18n.ListSeparator)
	switch len(conflicts) {
	case 0:
	case 1:
		parts = append(parts, l.T(i18n.MsgBulkConflict1, 1, conflicts[0]))
	default:
		parts = append(parts, l.T(i18n.MsgBulkConflictN, len(conflicts), strings.Join(conflicts, sep)))
	}
	if len(refused) > 0 {
		parts = append(parts, l.T(i18n.MsgBulkFailed, len(refused), strings.Join(refused, sep)))
	}
	text := strings.Join(parts, l.T(i18n.MsgPartSeparator))
	if len(m.marks) > 0 {
		text += l.T(i18n.MsgBulkRetry)
	}
	m.status = status{text: text, err: len(msg.failed) > 0}
	if msg.screen {
		switch s := m.screen.(type) {
		case *queueScreen:
			clear(s.list.marks)
		case *triageScreen:
			clear(s.list.marks)
		}
		return m.refresh(false)
	}
	r := m.board.request()
	r.quiet = true
	return m.reload(r)
}

// startBulkAssign reads the active agents for reassigning the selection.
func (m *Model) startBulkAssign() tea.Cmd { return m.bulkAssignOf(m.marks.cards(), false) }

// bulkAssignOf reads the active agents for reassigning cards.
func (m *Model) bulkAssignOf(cards []domain.Ticket, screen bool) tea.Cmd {
	d, ctx := m.desk, m.ctx
	return func() tea.Msg {
		agents, load, err := agentsWithLoad(ctx, d)
		return agentsMsg{many: cards, screen: screen, agents: agents, load: load, err: err}
	}
}

// bulkAssignPicker is assignPicker for the selected cards.
func bulkAssignPicker(e *env, cards []domain.Ticket, agents []domain.Agent, load map[string]int, screen bool) *picker {
	l := e.lang
	items := []pickItem{{label: l.T(i18n.PickUnassigned), msg: bulkAssignIntent{cards: cards, screen: screen}}}
	items = append(items, agentItems(l, agents, load, "", func(name string) tea.Msg {
		return bulkAssignIntent{cards: cards, owner: name, screen: screen}
	})...)
	return newPicker(e, l.T(i18n.PickAssignMany, len(cards)), items).filtering()
}
