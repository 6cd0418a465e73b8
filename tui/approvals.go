package tui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// followUpLimit bounds the follow-up queue a screen reads.
const followUpLimit = 200

// selfLoading is a screen that reads its own data (through the root's
// desk and context; the screen still never writes).
type selfLoading interface {
	load(ctx context.Context, d Desk) tea.Cmd
}

// approvalScreen is the supervisors' desk for the closed loop: tab 1 the
// solutions waiting for approval, then the compensation above the limit,
// tab 2 the follow-up queue (low scores, unhappy customers, reopened
// tickets).
type approvalScreen struct {
	e         *env
	followUps bool // the second tab
	approvals []store.Approval
	comps     []store.PendingCompensation // rows after the approvals
	items     []store.FollowUp
	loaded    bool
	rows      rows
	w         int // the last width drawn, for the prompts
}

// approvalsMsg is both tabs, read.
type approvalsMsg struct {
	approvals []store.Approval
	comps     []store.PendingCompensation
	followUps []store.FollowUp
	err       error
}

func (approvalsMsg) forScreen() {}

// Intents of the approval screen.
type (
	approveIntent             struct{ a store.Approval }
	approveCompensationIntent struct{ c store.PendingCompensation }
	sendBackIntent            struct {
		a      store.Approval
		reason string
	}
	closeFollowUpIntent struct {
		f    store.FollowUp
		note string
	}
)

func (s *approvalScreen) load(ctx context.Context, d Desk) tea.Cmd {
	return func() tea.Msg {
		var msg approvalsMsg
		if msg.approvals, msg.err = d.Approvals(ctx); msg.err != nil {
			return msg
		}
		if msg.comps, msg.err = d.PendingCompensations(ctx, followUpLimit); msg.err != nil {
			return msg
		}
		msg.followUps, msg.err = d.FollowUps(ctx, true, followUpLimit)
		return msg
	}
}

func (s *approvalScreen) count() int {
	if s.followUps {
		return len(s.items)
	}
	return len(s.approvals) + len(s.comps)
}

// compensation is row i of the first tab as compensation, if it is.
func (s *approvalScreen) compensation(i int) (store.PendingCompensation, bool) {
	if s.followUps || i < len(s.approvals) || i >= s.count() {
		return store.PendingCompensation{}, false
	}
	return s.comps[i-len(s.approvals)], true
}

// ticketOf is row i as far as a row shows it (key, title, priority,
// owner): not a card to act on, which the root reads by ID.
func (s *approvalScreen) ticketOf(i int) domain.Ticket {
	if s.followUps {
		f := s.items[i]
		return domain.Ticket{ID: f.TicketID, Title: f.Title, Priority: f.Priority, Owner: f.Owner}
	}
	if c, ok := s.compensation(i); ok {
		return domain.Ticket{ID: c.TicketID, Title: c.Title, Priority: c.Priority, Owner: c.Owner}
	}
	a := s.approvals[i]
	return domain.Ticket{ID: a.TicketID, Title: a.Title, Priority: a.Priority, Owner: a.Owner}
}

func (s *approvalScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case approvalsMsg:
		if msg.err != nil {
			return s, notice(errText(s.e.lang, msg.err), true)
		}
		s.approvals, s.comps, s.items, s.loaded = msg.approvals, msg.comps, msg.followUps, true
		s.rows.resize(s.count())
	}
	return s, nil
}

// keys is the approval desk's bindings: tab switches between approvals
// and follow-ups; y approves (a solution or a compensation), b sends a
// solution back, y closes a follow-up, each asking what the store needs.
func (s *approvalScreen) keys() []binding {
	k := &s.e.keys
	l := s.e.lang
	row := func() bool { return s.rows.cur < s.count() }
	approve := bind(k.Approve, func() tea.Cmd {
		switch {
		case !row():
			return nil
		case s.followUps:
			f := s.items[s.rows.cur]
			p := newPrompt(s.e, l.T(i18n.PromptFollowUpNote, f.Key()), "", s.w, func(n string) tea.Msg {
				return closeFollowUpIntent{f: f, note: n}
			}).required(i18n.MsgNeedNote)
			p.waits = true
			return emit(layerIntent{p})
		}
		if c, ok := s.compensation(s.rows.cur); ok {
			return emit(previewAsk{id: c.TicketID, title: i18n.PreviewApproveComp, heading: i18n.PreviewCompensation,
				proposal: c.Describe(string(l)) + " · " + c.Text, by: c.RecordedBy, at: c.RecordedAt, yes: approveCompensationIntent{c}})
		}
		a := s.approvals[s.rows.cur]
		return emit(previewAsk{id: a.TicketID, title: i18n.PreviewApprove, heading: i18n.PreviewSolution,
			proposal: a.Summary, by: a.RequestedBy, at: a.RequestedAt, yes: approveIntent{a}, back: &a})
	})
	if s.followUps {
		approve.Binding = k.CloseFollowUp
	}
	keys := append(rowKeys(k, &s.rows),
		bind(k.Open, func() tea.Cmd {
			if !row() {
				return nil
			}
			return emit(openIntent{s.ticketOf(s.rows.cur).ID})
		}).hinted().opensLayer(),
		approve.hinted().opensLayer(),
	)
	sendBack := bind(k.SendBack, func() tea.Cmd {
		if s.followUps || s.rows.cur >= len(s.approvals) {
			return nil
		}
		a := s.approvals[s.rows.cur]
		p := newPrompt(s.e, l.T(i18n.PromptSendBack, a.Key()), "", s.w, func(r string) tea.Msg {
			return sendBackIntent{a: a, reason: r}
		}).required(i18n.MsgNeedReason)
		p.waits = true
		return emit(layerIntent{p})
	})
	// A compensation and a follow-up cannot be sent back.
	_, comp := s.compensation(s.rows.cur)
	sendBack.hint = !s.followUps && !comp
	return append(keys, sendBack.opensLayer(), bind(k.SwitchTab, func() tea.Cmd {
		s.followUps = !s.followUps
		s.rows = rows{}
		s.rows.resize(s.count())
		return nil
	}).hinted())
}

func (s *approvalScreen) back() (tea.Cmd, bool) { return nil, false }

// view draws the tab bar and the list, one ticket a line:
//
//	▸ FB-1001 H  bob     Refunded the double charge and…  Charged twice…
func (s *approvalScreen) view(w, h int) string {
	s.w = w
	st, l := s.e.styles, s.e.lang
	tab := func(k i18n.Key, n int, on bool) string {
		t := " " + l.T(k, n) + " "
		if on {
			return st.TabActive.Render(t)
		}
		return st.Tab.Render(t)
	}
	out := []string{tab(i18n.TabApprovals, len(s.approvals)+len(s.comps), !s.followUps) + " " + tab(i18n.TabFollowUps, len(s.items), s.followUps), ""}
	switch {
	case !s.loaded:
		return strings.Join(append(out, st.Dim.Render(l.T(i18n.Loading))), "\n")
	case s.count() == 0 && s.followUps:
		return strings.Join(append(out, st.Dim.Render(l.T(i18n.FollowUpsEmpty))), "\n")
	case s.count() == 0:
		return strings.Join(append(out, st.Dim.Render(l.T(i18n.ApprovalsEmpty))), "\n")
	}
	from, to := s.rows.visible(h - len(out))
	for i := from; i < to; i++ {
		t := s.ticketOf(i)
		var who, what string
		if s.followUps {
			f := s.items[i]
			who, what = followUpReason(l, f.Reason), textsafe.Line(f.Detail)
		} else if c, ok := s.compensation(i); ok {
			who, what = safeName(c.RecordedBy), textsafe.Line(l.T(i18n.ApprovalComp, c.Describe(string(l))+" · "+c.Text))
		} else {
			a := s.approvals[i]
			who, what = safeName(a.RequestedBy), textsafe.Line(a.Summary)
		}
		var ln line
		if i == s.rows.cur {
			ln.add(inkOf(st.Bar), "▸ ")
		} else {
			ln.add(ink{}, "  ")
		}
		ln.add(inkOf(st.Key), t.Key())
		ln.add(ink{}, " ")
		ln.add(inkOf(st.Priority[priorityIndex(t.Priority)]), textsafe.PadRight(l.PriorityMark(t.Priority), markW))
		ln.add(ink{}, " ")
		ln.add(ink{}, textsafe.PadRight(textsafe.Truncate(who, 14), 14))
		ln.add(ink{}, " ")
		rest := max(w-ln.w, 0)
		ln.add(ink{}, textsafe.Truncate(what, rest/2))
		ln.pad(ln.w + max(rest/2-textsafe.Width(textsafe.Truncate(what, rest/2)), 0) + 1)
		ln.add(inkOf(st.Dim), textsafe.Truncate(textsafe.Line(t.Title), max(w-ln.w, 0)))
		out = append(out, ln.String())
	}
	return strings.Join(out, "\n")
}

// approve resolves the card with the waiting solution, against the
// version the queue read.
func (m *Model) approve(a store.Approval) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	return m.loopChange(a.TicketID, func() (string, error) {
		t, err := d.Approve(ctx, me, a.TicketID, a.TicketVersion)
		return l.T(i18n.MsgApproved, t.Key()), err
	})
}

// approveCompensation approves the compensation the row shows, against
// the ticket's version the queue read.
func (m *Model) approveCompensation(c store.PendingCompensation) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	return m.loopChange(c.TicketID, func() (string, error) {
		t, got, err := d.ApproveCompensation(ctx, me, c.TicketID, c.TicketVersion)
		return l.T(i18n.MsgCompApproved, t.Key(), got.Describe(string(l))), err
	})
}

func (m *Model) sendBack(msg sendBackIntent) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	return m.loopChange(msg.a.TicketID, func() (string, error) {
		t, err := d.RejectSolution(ctx, me, msg.a.TicketID, msg.a.TicketVersion, msg.reason)
		return l.T(i18n.MsgSentBack, t.Key()), err
	})
}

func (m *Model) closeFollowUp(msg closeFollowUpIntent) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	return m.loopChange(0, func() (string, error) {
		return l.T(i18n.MsgFollowUpClosed, msg.f.Key()), d.CloseFollowUp(ctx, me, msg.f.ID, msg.note)
	})
}

// followUpReason names why a ticket is on the follow-up queue.
func followUpReason(l i18n.Lang, reason string) string {
	switch reason {
	case store.FollowUpNotSatisfied:
		return l.T(i18n.FollowUpNotSatisfied)
	case store.FollowUpLowScore:
		return l.T(i18n.FollowUpLowScore)
	}
	return l.T(i18n.FollowUpReopened)
}
