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

// ProblemDesk is the part of the store the problems and roadmap screen,
// the link picker and waiting on the customer use. Desk embeds it.
type ProblemDesk interface {
	Waits(ctx context.Context, ids []int64) (map[int64]store.Wait, error)
	Waiting(ctx context.Context, ticketID int64) (store.Wait, bool, error)
	StartWait(ctx context.Context, actor string, id, version int64, reason string) (domain.Ticket, error)
	EndWait(ctx context.Context, actor string, id, version int64, how string) (domain.Ticket, error)

	Problems(ctx context.Context, q store.ProblemQuery) ([]store.Problem, error)
	Roadmap(ctx context.Context) ([]store.Problem, error)
	Problem(ctx context.Context, id int64) (store.Problem, error)
	ProblemOf(ctx context.Context, ticketID int64) (int64, error)
	CreateProblem(ctx context.Context, actor string, in store.NewProblem) (store.Problem, error)
	LinkTickets(ctx context.Context, actor string, problemID, version int64, ticketIDs []int64) (store.Problem, error)
	ResolveProblem(ctx context.Context, actor string, seen store.Problem, summary string, n store.Notify) (store.BulkResult, error)
}

// problemScreen is the problems view (tab 1: open bugs, most customers
// and most SLA risk first) and the roadmap (tab 2: open and planned
// requests by requesting customers, VIP weight and age). Enter opens a
// problem with its linked tickets; enter on a ticket opens its card.
type problemScreen struct {
	e        *env
	roadmap  bool // the second tab
	bugs     []store.Problem
	requests []store.Problem
	loaded   bool
	rows     rows
	open     *store.Problem // the problem opened, or nil for the list
	linked   rows           // the cursor among the open problem's tickets
	w        int            // the last width drawn, for the prompts
}

// problemsMsg is both tabs, read; the open problem is read again too.
type problemsMsg struct {
	bugs, requests []store.Problem
	open           *store.Problem
	err            error
}

func (problemsMsg) forScreen() {}

// resolveProblemIntent resolves a problem and every linked ticket with a
// summary, against the problem as the screen read it.
type resolveProblemIntent struct {
	p       store.Problem
	summary string
}

func (s *problemScreen) load(ctx context.Context, d Desk) tea.Cmd {
	var openID int64
	if s.open != nil {
		openID = s.open.ID
	}
	return func() tea.Msg {
		var msg problemsMsg
		if msg.bugs, msg.err = d.Problems(ctx, store.ProblemQuery{Kind: store.KindBug, Open: true}); msg.err != nil {
			return msg
		}
		if msg.requests, msg.err = d.Roadmap(ctx); msg.err != nil {
			return msg
		}
		if openID != 0 {
			p, err := d.Problem(ctx, openID)
			msg.open, msg.err = &p, err
		}
		return msg
	}
}

func (s *problemScreen) list() []store.Problem {
	if s.roadmap {
		return s.requests
	}
	return s.bugs
}

func (s *problemScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case problemsMsg:
		if msg.err != nil {
			return s, notice(errText(s.e.lang, msg.err), true)
		}
		s.bugs, s.requests, s.loaded = msg.bugs, msg.requests, true
		s.rows.resize(len(s.list()))
		if msg.open != nil && s.open != nil {
			s.open = msg.open
			s.linked.resize(len(s.open.Tickets))
		}
	}
	return s, nil
}

// openKey handles a key on an open problem: esc back to the list, enter
// opens the linked ticket under the cursor, S resolves the problem.

// resolvePrompt asks for the fix summary every linked customer is sent.
func (s *problemScreen) resolvePrompt(p store.Problem) tea.Cmd {
	pr := newPrompt(s.e, s.e.lang.T(i18n.PromptProblemSummary, p.Key()), "", s.w, func(sum string) tea.Msg {
		return resolveProblemIntent{p: p, summary: sum}
	}).required(i18n.MsgNeedSummary)
	pr.waits = true
	return emit(layerIntent{pr})
}

// keys is the problems' bindings: tab switches problems and the roadmap,
// enter opens a problem (and then one of its tickets), S resolves a
// problem for all its tickets. Open, the moving keys go over its tickets.
func (s *problemScreen) keys() []binding {
	k := &s.e.keys
	cur := func() *rows {
		if s.open != nil {
			return &s.linked
		}
		return &s.rows
	}
	moves := rowKeys(k, &s.rows)
	for i := range moves {
		moves[i].do = func(msg tea.KeyPressMsg) tea.Cmd {
			cur().move(k, msg)
			return nil
		}
	}
	chosen := func() (store.Problem, bool) {
		if s.open != nil {
			return *s.open, true
		}
		if s.rows.cur < len(s.list()) {
			return s.list()[s.rows.cur], true
		}
		return store.Problem{}, false
	}
	resolve := bind(k.Resolve, func() tea.Cmd {
		if p, ok := chosen(); ok {
			return s.resolvePrompt(p)
		}
		return nil
	}).hinted().opensLayer()
	// The store's rule for a problem's bulk actions, told before the
	// summary is typed: its owner or a supervisor.
	resolve.check = func() status {
		p, ok := chosen()
		me, l := s.e.me, s.e.lang
		if !ok || me.Role.Supervises() || p.Owner == me.Name {
			return status{}
		}
		return status{text: l.T(i18n.LeadForbidden) + l.T(i18n.MsgNotYours, p.Key(), safeName(p.Owner)), err: true}
	}
	return append(moves,
		bind(k.Open, func() tea.Cmd {
			if s.open != nil {
				if s.linked.cur < len(s.open.Tickets) {
					return emit(openIntent{s.open.Tickets[s.linked.cur].ID})
				}
				return nil
			}
			if p, ok := chosen(); ok {
				s.open, s.linked = &p, rows{}
				s.linked.resize(len(p.Tickets))
			}
			return nil
		}).hinted().opensLayer(),
		resolve,
		bind(k.SwitchTab, func() tea.Cmd {
			if s.open != nil {
				return nil
			}
			s.roadmap = !s.roadmap
			s.rows = rows{}
			s.rows.resize(len(s.list()))
			return nil
		}).hinted(),
	)
}

// back closes the open problem.
func (s *problemScreen) back() (tea.Cmd, bool) {
	was := s.open != nil
	s.open = nil
	return nil, was
}

// view draws the tab bar and the list, one problem a line:
//
//	▸ PB-2 H  23 cust.  2 VIP  3 at risk  25 tickets  open  App crashes when…
//	▸ PB-4  score 14  10 cust.  1 VIP  12d  planned 5.4  Dark mode
func (s *problemScreen) view(w, h int) string {
	s.w = w
	st, l := s.e.styles, s.e.lang
	if s.open != nil {
		return s.problemView(w, h)
	}
	tab := func(k i18n.Key, n int, on bool) string {
		t := " " + l.T(k, n) + " "
		if on {
			return st.TabActive.Render(t)
		}
		return st.Tab.Render(t)
	}
	out := []string{tab(i18n.TabProblems, len(s.bugs), !s.roadmap) + " " + tab(i18n.TabRoadmap, len(s.requests), s.roadmap), ""}
	list := s.list()
	switch {
	case !s.loaded:
		return strings.Join(append(out, st.Dim.Render(l.T(i18n.Loading))), "\n")
	case len(list) == 0 && s.roadmap:
		return strings.Join(append(out, st.Dim.Render(l.T(i18n.RoadmapEmpty))), "\n")
	case len(list) == 0:
		return strings.Join(append(out, st.Dim.Render(l.T(i18n.ProblemsEmpty))), "\n")
	}
	keyW := 0
	for _, p := range list {
		keyW = max(keyW, len(p.Key()))
	}
	from, to := s.rows.visible(h - len(out))
	for i := from; i < to; i++ {
		p := list[i]
		im := p.Impact
		var ln line
		if i == s.rows.cur {
			ln.add(inkOf(st.Bar), "▸ ")
		} else {
			ln.add(ink{}, "  ")
		}
		ln.add(inkOf(st.Key), textsafe.PadRight(p.Key(), keyW))
		ln.add(ink{}, " ")
		cell := func(text string, cw int) {
			ln.add(ink{}, textsafe.PadRight(text, cw))
			ln.add(ink{}, " ")
		}
		if s.roadmap {
			cell(l.T(i18n.ProblemScore, p.RoadmapScore()), 9)
		} else {
			ln.add(inkOf(st.Priority[priorityIndex(im.Priority)]), textsafe.PadRight(l.PriorityMark(im.Priority), markW))
			ln.add(ink{}, " ")
		}
		cell(l.T(i18n.ProblemCustomers, im.Customers), 11)
		cell(l.T(i18n.ProblemVIPs, im.VIPs), 9)
		if s.roadmap {
			cell(age(l, s.e.now(), p.CreatedAt), 5)
		} else {
			risk := l.T(i18n.ProblemAtRisk, im.AtRisk)
			if im.AtRisk > 0 {
				ln.add(inkOf(st.Escalated), textsafe.PadRight(risk, 14))
				ln.add(ink{}, " ")
			} else {
				cell(risk, 14)
			}
		}
		cell(l.T(i18n.ProblemTickets, im.Tickets), 11)
		state := problemStatus(l, p.Status)
		if p.Status == store.ProblemPlanned && p.Release != "" {
			state = l.T(i18n.ProblemRelease, textsafe.Line(p.Release))
		}
		ln.add(inkOf(st.Dim), textsafe.PadRight(textsafe.Truncate(state, 16), 16))
		ln.add(ink{}, " ")
		ln.add(ink{}, textsafe.Truncate(textsafe.Line(p.Title), max(w-ln.w, 0)))
		out = append(out, ln.String())
	}
	return strings.Join(out, "\n")
}

// problemView draws the open problem: its title, status and impact, then
// its linked tickets, one a line, oldest report first.
func (s *problemScreen) problemView(w, h int) string {
	st, l := s.e.styles, s.e.lang
	p := s.open
	im := p.Impact
	head := p.Key() + " · " + problemKind(l, p.Kind) + " · " + problemStatus(l, p.Status)
	if p.Status == store.ProblemPlanned && p.Release != "" {
		head += " · " + l.T(i18n.ProblemRelease, textsafe.Line(p.Release))
	}
	out := []string{
		st.Title.Render(textsafe.Truncate(head+"  "+textsafe.Line(p.Title), w)),
		// The store's reason starts with the priority's id ("high: 23 customers ≥ 20").
		textsafe.Truncate(l.T(i18n.ProblemPriority, l.Priority(im.Priority),
			l.Reason(textsafe.Line(strings.TrimPrefix(im.Reason, im.Priority.String()+": ")))), w),
		textsafe.Truncate(l.T(i18n.ProblemImpact, im.Customers, im.VIPs, im.Tickets, im.OpenTickets, im.AtRisk,
			stamp(s.e.now, im.FirstReport), stamp(s.e.now, im.LastReport)), w),
		st.Dim.Render(textsafe.Truncate(l.T(i18n.ProblemOwner, safeName(p.Owner), l.Team(textsafe.Line(p.Team))), w)),
		"",
	}
	if len(p.Tickets) == 0 {
		return strings.Join(append(out, st.Dim.Render(l.T(i18n.ProblemLinkedEmpty))), "\n")
	}
	from, to := s.linked.visible(h - len(out))
	for i := from; i < to; i++ {
		t := p.Tickets[i]
		var ln line
		if i == s.linked.cur {
			ln.add(inkOf(st.Bar), "▸ ")
		} else {
			ln.add(ink{}, "  ")
		}
		ln.add(inkOf(st.Key), t.Key())
		ln.add(ink{}, " ")
		ln.add(inkOf(st.Priority[priorityIndex(t.Priority)]), textsafe.PadRight(l.PriorityMark(t.Priority), markW))
		ln.add(ink{}, " ")
		ln.add(ink{}, textsafe.PadRight(textsafe.Truncate(l.Status(t.Status), 12), 12))
		ln.add(ink{}, " ")
		cust := textsafe.Line(t.Customer.Name)
		if t.Customer.Tier == domain.TierVIP {
			cust += " VIP"
		}
		ln.add(ink{}, textsafe.PadRight(textsafe.Truncate(orDash(cust), 16), 16))
		ln.add(ink{}, " ")
		if t.AtRisk {
			ln.add(inkOf(st.Escalated), textsafe.PadRight(l.SLAState("at_risk"), 10))
		} else {
			ln.add(ink{}, textsafe.PadRight("", 10))
		}
		ln.add(ink{}, " ")
		ln.add(inkOf(st.Dim), textsafe.Truncate(textsafe.Line(t.Title), max(w-ln.w, 0)))
		out = append(out, ln.String())
	}
	return strings.Join(out, "\n")
}

// problemStatus names a problem's status in the session's language.
func problemStatus(l i18n.Lang, s store.ProblemStatus) string {
	k, ok := map[store.ProblemStatus]i18n.Key{
		store.ProblemOpen: i18n.ProblemOpen, store.ProblemInProgress: i18n.ProblemInProgress,
		store.ProblemFixed: i18n.ProblemFixed, store.ProblemShipped: i18n.ProblemShipped,
		store.ProblemDeclined: i18n.ProblemDeclined, store.ProblemPlanned: i18n.ProblemPlanned,
	}[s]
	if !ok {
		return textsafe.Line(string(s))
	}
	return l.T(k)
}

// problemKind names bug or request in the session's language.
func problemKind(l i18n.Lang, k store.ProblemKind) string {
	if k == store.KindRequest {
		return l.T(i18n.ProblemKindRequest)
	}
	return l.T(i18n.ProblemKindBug)
}

// problemLabel is a problem as a picker lists it.
func problemLabel(l i18n.Lang, p store.Problem) string {
	return p.Key() + " · " + problemKind(l, p.Kind) + " · " + textsafe.Line(p.Title) + " · " +
		l.T(i18n.ProblemCustomers, p.Impact.Customers)
}
