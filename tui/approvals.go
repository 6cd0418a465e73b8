package tui

import (
	"context"
	"strconv"

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
// tickets). Each tab is a list.
type approvalScreen struct {
	e         *env
	followUps bool // the second tab
	sols      *list[approvalRow]
	fups      *list[store.FollowUp]
	w         int // the last width drawn, for the prompts
}

// approvalRow is a row of the first tab: a solution or a compensation.
type approvalRow struct {
	a *store.Approval
	c *store.PendingCompensation
}

// ticket is the row's card as far as a row shows it (key, title,
// priority, owner): not a card to act on, which the root reads by ID.
func (r approvalRow) ticket() domain.Ticket {
	if r.c != nil {
		return domain.Ticket{ID: r.c.TicketID, Title: r.c.Title, Priority: r.c.Priority, Owner: r.c.Owner}
	}
	return domain.Ticket{ID: r.a.TicketID, Title: r.a.Title, Priority: r.a.Priority, Owner: r.a.Owner}
}

func newApprovalScreen(e *env) *approvalScreen {
	return &approvalScreen{e: e,
		sols: newList(e, func(r approvalRow) string {
			if r.c != nil {
				return "c" + strconv.FormatInt(r.c.ID, 10)
			}
			return "a" + strconv.FormatInt(r.a.ID, 10)
		}, func(r approvalRow) string {
			t := r.ticket()
			if r.c != nil {
				return t.Key() + " " + t.Title + " " + r.c.RecordedBy + " " + r.c.Text
			}
			return t.Key() + " " + t.Title + " " + r.a.RequestedBy + " " + r.a.Summary
		}),
		fups: newList(e, func(f store.FollowUp) string { return strconv.FormatInt(f.ID, 10) }, func(f store.FollowUp) string {
			return f.Key() + " " + f.Title + " " + f.Owner + " " + followUpReason(e.lang, f.Reason) + " " + f.Detail
		}),
	}
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

func (s *approvalScreen) active() typist {
	if s.followUps {
		return s.fups
	}
	return s.sols
}

// current is the card of the row under the cursor.
func (s *approvalScreen) current() (domain.Ticket, bool) {
	if s.followUps {
		f, ok := s.fups.selected()
		return domain.Ticket{ID: f.TicketID, Title: f.Title, Priority: f.Priority, Owner: f.Owner}, ok
	}
	r, ok := s.sols.selected()
	if !ok {
		return domain.Ticket{}, false
	}
	return r.ticket(), true
}

func (s *approvalScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(approvalsMsg); ok {
		if msg.err != nil {
			s.sols.fail(msg.err)
			s.fups.fail(msg.err)
			return s, notice(errText(s.e.lang, msg.err), true)
		}
		rows := make([]approvalRow, 0, len(msg.approvals)+len(msg.comps))
		for i := range msg.approvals {
			rows = append(rows, approvalRow{a: &msg.approvals[i]})
		}
		for i := range msg.comps {
			rows = append(rows, approvalRow{c: &msg.comps[i]})
		}
		s.sols.set(rows)
		s.fups.set(msg.followUps)
	}
	return s, nil
}

// keys is the approval desk's bindings: tab switches between approvals
// and follow-ups; y approves (a solution or a compensation, after a
// preview), b sends a solution back, y closes a follow-up, each asking
// what the store needs.
func (s *approvalScreen) keys() []binding {
	k := &s.e.keys
	l := s.e.lang
	approve := bind(k.Approve, func() tea.Cmd {
		if s.followUps {
			f, ok := s.fups.selected()
			if !ok {
				return nil
			}
			p := newPrompt(s.e, l.T(i18n.PromptFollowUpNote, f.Key()), "", s.w, func(n string) tea.Msg {
				return closeFollowUpIntent{f: f, note: n}
			}).required(i18n.MsgNeedNote)
			p.waits = true
			return emit(layerIntent{p})
		}
		r, ok := s.sols.selected()
		switch {
		case !ok:
			return nil
		case r.c != nil:
			c := *r.c
			return emit(previewAsk{id: c.TicketID, title: i18n.PreviewApproveComp, heading: i18n.PreviewCompensation,
				proposal: c.Describe(string(l)) + " · " + c.Text, by: c.RecordedBy, at: c.RecordedAt, yes: approveCompensationIntent{c}})
		}
		a := *r.a
		return emit(previewAsk{id: a.TicketID, title: i18n.PreviewApprove, heading: i18n.PreviewSolution,
			proposal: a.Summary, by: a.RequestedBy, at: a.RequestedAt, yes: approveIntent{a}, back: &a})
	})
	if s.followUps {
		approve.Binding = k.CloseFollowUp
	}
	keys := []binding{
		bind(k.Open, func() tea.Cmd {
			if t, ok := s.current(); ok {
				return emit(openIntent{t.ID})
			}
			return nil
		}).hinted().opensLayer(),
		approve.hinted().opensLayer(),
	}
	sendBack := bind(k.SendBack, func() tea.Cmd {
		r, ok := s.sols.selected()
		if s.followUps || !ok || r.a == nil {
			return nil
		}
		a := *r.a
		p := newPrompt(s.e, l.T(i18n.PromptSendBack, a.Key()), "", s.w, func(r string) tea.Msg {
			return sendBackIntent{a: a, reason: r}
		}).required(i18n.MsgNeedReason)
		p.waits = true
		return emit(layerIntent{p})
	})
	// A compensation and a follow-up cannot be sent back.
	r, _ := s.sols.selected()
	sendBack.hint = !s.followUps && r.c == nil
	keys = append(keys, sendBack.opensLayer(), bind(k.SwitchTab, func() tea.Cmd {
		s.followUps = !s.followUps
		return nil
	}).hinted())
	if s.followUps {
		return append(keys, s.fups.keys()...)
	}
	return append(keys, s.sols.keys()...)
}

func (s *approvalScreen) back() (tea.Cmd, bool) {
	if s.followUps {
		return nil, s.fups.back()
	}
	return nil, s.sols.back()
}

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
	head := []string{tab(i18n.TabApprovals, len(s.sols.all), !s.followUps) + " " + tab(i18n.TabFollowUps, len(s.fups.all), s.followUps), ""}
	row := func(t domain.Ticket, who, what string, w int) string {
		var ln line
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
		return ln.String()
	}
	if s.followUps {
		return s.fups.view(w, h, head, l.T(i18n.FollowUpsEmpty), func(f store.FollowUp, w int) string {
			t := domain.Ticket{ID: f.TicketID, Title: f.Title, Priority: f.Priority, Owner: f.Owner}
			return row(t, followUpReason(l, f.Reason), textsafe.Line(f.Detail), w)
		})
	}
	return s.sols.view(w, h, head, l.T(i18n.ApprovalsEmpty), func(r approvalRow, w int) string {
		if r.c != nil {
			return row(r.ticket(), safeName(r.c.RecordedBy), textsafe.Line(l.T(i18n.ApprovalComp, r.c.Describe(string(l))+" · "+r.c.Text)), w)
		}
		return row(r.ticket(), safeName(r.a.RequestedBy), textsafe.Line(r.a.Summary), w)
	})
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
