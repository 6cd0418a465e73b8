package tui

import (
	"context"
	"math"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// DashDesk is the reads the dashboard adds to Desk. The dashboard only
// reads, so agents see it too.
type DashDesk interface {
	Report(ctx context.Context, f store.ReportFilter) (store.Report, error)
	ActiveEmergency(ctx context.Context) (store.Emergency, bool, error)
	Emergencies(ctx context.Context, since time.Time) ([]store.Emergency, error)
}

// briefCap bounds the breaching and escalated counts of the brief: past
// it the brief says "999+" instead of counting a huge backlog.
const briefCap = 999

// dashboardScreen is the supervisor's dashboard: today's brief, then the
// charts of one Report over the chosen range and filters. It reads its own
// data (selfLoading) and never writes.
type dashboardScreen struct {
	e    *env
	days int                // the range: today and the days before it
	f    store.ReportFilter // the dimensions; From and To are set per read
	data *dashData

	ctx  context.Context
	desk Desk
	want int  // the range and filter generation the screen shows
	busy bool // a read is running: feed batches meanwhile make one more
	more bool // a batch came during the read

	top  int // first line shown
	last int // the most top can be, as of the last view
}

// dashData is one read of the dashboard.
type dashData struct {
	report, today        store.Report
	breaching, escalated int
	breachCap, escCap    bool
	emergencies          int
	active               bool
}

// dashMsg is the dashboard, read for generation gen.
type dashMsg struct {
	gen  int
	data dashData
	err  error
}

func (dashMsg) forScreen() {}

// dashChoicesMsg carries the teams and agents the filter menu offers.
type dashChoicesMsg struct {
	teams  []domain.Team
	agents []domain.Agent
	err    error
}

func (dashChoicesMsg) forScreen() {}

// dashFilterMsg is the dashboard's new filter, chosen in the menu.
type dashFilterMsg struct{ f store.ReportFilter }

func (dashFilterMsg) forScreen() {}

// load reads the dashboard; a feed batch while a read runs is coalesced
// into a single read after it.
func (s *dashboardScreen) load(ctx context.Context, d Desk) tea.Cmd {
	s.ctx, s.desk = ctx, d
	if s.busy {
		s.more = true
		return nil
	}
	return s.read()
}

func (s *dashboardScreen) read() tea.Cmd {
	s.busy = true
	ctx, d, f, days, gen, now := s.ctx, s.desk, s.f, s.days, s.want, s.e.now()
	return func() tea.Msg {
		data, err := readDashboard(ctx, d, f, days, now)
		return dashMsg{gen: gen, data: data, err: err}
	}
}

// readDashboard reads the range's report, today's (the same one when the
// range is today), the brief's counts and the emergencies.
func readDashboard(ctx context.Context, d Desk, f store.ReportFilter, days int, now time.Time) (dashData, error) {
	var out dashData
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	f.From, f.To = day.AddDate(0, 0, 1-days), day.AddDate(0, 0, 1)
	var err error
	if out.report, err = d.Report(ctx, f); err != nil {
		return out, err
	}
	out.today = out.report
	if days > 1 {
		f.From = day
		if out.today, err = d.Report(ctx, f); err != nil {
			return out, err
		}
	}
	bf := store.Filter{Team: f.Team, Channel: f.Channel, Category: f.Category, Priority: f.Priority, Owner: f.Agent}
	count := func(bf store.Filter) (int, bool, error) {
		total, capped := 0, false
		for _, st := range openColumns() {
			n, c, err := d.CountUpTo(ctx, st, bf, briefCap)
			if err != nil {
				return 0, false, err
			}
			total, capped = total+n, capped || c
		}
		return min(total, briefCap), capped || total > briefCap, nil
	}
	risk, esc := bf, bf
	risk.AtRisk, esc.Escalated = true, true
	if out.breaching, out.breachCap, err = count(risk); err != nil {
		return out, err
	}
	if out.escalated, out.escCap, err = count(esc); err != nil {
		return out, err
	}
	ems, err := d.Emergencies(ctx, day)
	if err != nil {
		return out, err
	}
	out.emergencies = len(ems)
	_, out.active, err = d.ActiveEmergency(ctx)
	return out, err
}

func (s *dashboardScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case dashMsg:
		s.busy = false
		if msg.gen == s.want && msg.err == nil {
			s.data = &msg.data
		}
		if s.more || msg.gen != s.want {
			s.more = false
			return s, s.read()
		}
		if msg.err != nil {
			return s, notice(errText(s.e.lang, msg.err), true)
		}
	case dashChoicesMsg:
		if msg.err != nil {
			return s, notice(errText(s.e.lang, msg.err), true)
		}
		return s, emit(layerIntent{dashFilterMenu(s.e, s.f, msg.teams, msg.agents)})
	case dashFilterMsg:
		s.f = msg.f
		return s, s.changed()
	}
	return s, nil
}

// keys is the dashboard's bindings: the range (1 today, 7 and 3 for the
// last 7 and 30 days), the filter, and scrolling.
func (s *dashboardScreen) keys() []binding {
	k := &s.e.keys
	days := func(n int) func() tea.Cmd {
		return func() tea.Cmd {
			s.days = n
			return s.changed()
		}
	}
	scroll := func(f func()) func() tea.Cmd {
		return func() tea.Cmd {
			f()
			s.top = max(min(s.top, s.last), 0)
			return nil
		}
	}
	return []binding{
		bind(k.RangeToday, days(1)).hinted(),
		bind(k.Range7, days(7)).hinted(),
		bind(k.Range30, days(30)).hinted(),
		bind(k.Filter, func() tea.Cmd {
			d, ctx := s.desk, s.ctx
			return func() tea.Msg {
				var c dashChoicesMsg
				if c.teams, c.err = d.Teams(ctx); c.err == nil {
					c.agents, c.err = d.Agents(ctx)
				}
				return c
			}
		}).hinted().opensLayer(),
		bind(k.ScrollDown, scroll(func() { s.top++ })),
		bind(k.ScrollUp, scroll(func() { s.top-- })),
		bind(k.PageDown, scroll(func() { s.top += 10 })),
		bind(k.PageUp, scroll(func() { s.top -= 10 })),
		bind(k.ScrollTop, scroll(func() { s.top = 0 })),
		// The view stops it at the end.
		bind(k.ScrollBottom, func() tea.Cmd { s.top = math.MaxInt; return nil }),
	}
}

// back clears the filter in place.
func (s *dashboardScreen) back() (tea.Cmd, bool) {
	from, to := s.f.From, s.f.To
	if (s.f == store.ReportFilter{From: from, To: to}) {
		return nil, false
	}
	s.f = store.ReportFilter{From: from, To: to}
	return s.changed(), true
}

// changed reads again after the range or the filter changed; a read
// still running for the old ones is dropped when it arrives.
func (s *dashboardScreen) changed() tea.Cmd {
	s.want++
	s.top = 0
	if s.busy {
		return nil
	}
	return s.read()
}

// scroll moves the view when the dashboard is taller than the screen.

// rangeName names the range: "today", "last 7 days".
func (s *dashboardScreen) rangeName() string {
	if s.days == 1 {
		return s.e.lang.T(i18n.DashRangeToday)
	}
	return s.e.lang.T(i18n.DashRangeDays, s.days)
}

// filterNames lists the filters in force, or "all tickets".
func (s *dashboardScreen) filterNames() string {
	l, f := s.e.lang, s.f
	var parts []string
	if f.Team != "" {
		parts = append(parts, l.T(i18n.FilterByTeam, l.Team(textsafe.Line(f.Team))))
	}
	if f.Channel != "" {
		parts = append(parts, l.T(i18n.FilterByChannel, l.Channel(f.Channel)))
	}
	if f.Category != "" {
		parts = append(parts, l.T(i18n.FilterByCategory, l.Category(f.Category)))
	}
	if f.Priority != nil {
		parts = append(parts, l.T(i18n.FilterByPriority, l.Priority(*f.Priority)))
	}
	if f.Agent != "" {
		parts = append(parts, l.T(i18n.DashByAgent, safeName(f.Agent)))
	}
	if len(parts) == 0 {
		return l.T(i18n.DashAllTickets)
	}
	return strings.Join(parts, l.T(i18n.ListSeparator))
}

// dashFilterMenu offers the dashboard's dimensions, each a sub-menu whose
// first item clears it; every choice emits the whole new filter.
func dashFilterMenu(e *env, f store.ReportFilter, teams []domain.Team, agents []domain.Agent) *picker {
	l := e.lang
	sub := func(title string, labels []string, set func(g *store.ReportFilter, i int)) *picker {
		items := make([]pickItem, 0, len(labels)+1)
		for i := -1; i < len(labels); i++ {
			g, label := f, l.T(i18n.PickAny)
			if i >= 0 {
				label = labels[i]
			}
			set(&g, i)
			items = append(items, pickItem{label: label, msg: dashFilterMsg{g}})
		}
		return newPicker(e, title, items)
	}
	var teamNames, agentNames, channels, categories, prios []string
	for _, t := range teams {
		teamNames = append(teamNames, l.Team(textsafe.Line(t.Name)))
	}
	for _, a := range agents {
		agentNames = append(agentNames, safeName(a.Name))
	}
	for _, c := range domain.Channels {
		channels = append(channels, l.Channel(c))
	}
	for _, c := range domain.Categories {
		categories = append(categories, l.Category(c))
	}
	for _, p := range domain.Priorities {
		prios = append(prios, priorityLabel(l, p))
	}
	cur := func(set bool, name string) string {
		if !set {
			return l.T(i18n.PickAny)
		}
		return name
	}
	prio := ""
	if f.Priority != nil {
		prio = l.Priority(*f.Priority)
	}
	return newPicker(e, l.T(i18n.DashPickFilter), []pickItem{
		{label: l.T(i18n.FilterByTeam, cur(f.Team != "", l.Team(textsafe.Line(f.Team)))) + " …",
			next: sub(l.T(i18n.PickTeam), teamNames, func(g *store.ReportFilter, i int) {
				g.Team = ""
				if i >= 0 {
					g.Team = teams[i].Name
				}
			})},
		{label: l.T(i18n.FilterByChannel, cur(f.Channel != "", l.Channel(f.Channel))) + " …",
			next: sub(l.T(i18n.PickChannel), channels, func(g *store.ReportFilter, i int) {
				g.Channel = ""
				if i >= 0 {
					g.Channel = domain.Channels[i]
				}
			})},
		{label: l.T(i18n.FilterByCategory, cur(f.Category != "", l.Category(f.Category))) + " …",
			next: sub(l.T(i18n.PickCategory), categories, func(g *store.ReportFilter, i int) {
				g.Category = ""
				if i >= 0 {
					g.Category = domain.Categories[i]
				}
			})},
		{label: l.T(i18n.FilterByPriority, cur(f.Priority != nil, prio)) + " …",
			next: sub(l.T(i18n.PickPriority), prios, func(g *store.ReportFilter, i int) {
				g.Priority = nil
				if i >= 0 {
					p := domain.Priorities[i]
					g.Priority = &p
				}
			})},
		{label: l.T(i18n.DashByAgent, cur(f.Agent != "", safeName(f.Agent))) + " …",
			next: sub(l.T(i18n.DashPickAgent), agentNames, func(g *store.ReportFilter, i int) {
				g.Agent = ""
				if i >= 0 {
					g.Agent = agents[i].Name
				}
			})},
		{label: l.T(i18n.DashClear), msg: dashFilterMsg{}},
	})
}
