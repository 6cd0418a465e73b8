package tui

import (
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// teamScreen is the team load: open cards per agent and open column, most
// loaded first, and the unassigned cards last. Enter shows the board of the
// agent under the cursor, where a supervisor selects and reassigns.
type teamScreen struct {
	e    *env
	load store.TeamLoad
	list *list[store.AgentLoad] // the agents, then the unassigned row (no name)
}

func newTeamScreen(e *env) *teamScreen {
	return &teamScreen{e: e, list: newList(e, func(a store.AgentLoad) string { return a.Agent.Name }, func(a store.AgentLoad) string {
		if a.Agent.Name == "" {
			return e.lang.T(i18n.PickUnassigned)
		}
		return a.Agent.Name + " " + a.Agent.DisplayName + " " + e.lang.Team(a.Agent.Team)
	})}
}

// teamMsg is the team load, read.
type teamMsg struct {
	load store.TeamLoad
	err  error
}

func (teamMsg) forScreen() {}

// ownerIntent narrows the board to one agent's cards, or to the
// unassigned ones when owner is "".
type ownerIntent struct{ owner string }

// openColumns are the board columns where work is open.
func openColumns() []domain.Status {
	var out []domain.Status
	for _, st := range domain.Statuses {
		if st.Open() {
			out = append(out, st)
		}
	}
	return out
}

func (s *teamScreen) active() typist { return s.list }

func (s *teamScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(teamMsg); ok {
		if msg.err != nil {
			s.list.fail(msg.err)
			return s, notice(errText(s.e.lang, msg.err), true)
		}
		s.load = msg.load
		s.list.set(append(slices.Clone(msg.load.Agents), store.AgentLoad{Open: msg.load.Unassigned}))
	}
	return s, nil
}

// keys is the team load's bindings: enter shows the row's agent's cards
// (the last row: the unassigned ones) on the board.
func (s *teamScreen) keys() []binding {
	k := &s.e.keys
	return append([]binding{
		bind(k.ShowCards, func() tea.Cmd {
			if a, ok := s.list.selected(); ok {
				return emit(ownerIntent{a.Agent.Name})
			}
			return nil
		}).hinted(),
	}, s.list.keys()...)
}

func (s *teamScreen) back() (tea.Cmd, bool) { return nil, s.list.back() }

// view is a table: agent, team, a count per open column, the total.
//
//	  Agent              Team           Pending In progress Testing  Open
//	▸ bob — Bob Li       Tech support         1           2       1     4
func (s *teamScreen) view(w, h int) string {
	st, l := s.e.styles, s.e.lang
	cols := openColumns()
	widths := make([]int, len(cols)+1)
	heads := make([]string, len(cols)+1)
	for i, c := range cols {
		heads[i] = l.Status(c)
	}
	heads[len(cols)] = l.T(i18n.TeamOpen)
	for i, hd := range heads {
		widths[i] = max(textsafe.Width(hd), 4)
	}
	numsW := 0
	for _, cw := range widths {
		numsW += 1 + cw
	}
	const maxNameW = 32
	teamW := 16
	nameW := min(max(w-2-numsW-1-teamW, 8), maxNameW)
	if nameW < 16 {
		teamW = 0 // narrow: the team column gives way
		nameW = min(max(w-2-numsW, 8), maxNameW)
	}
	row := func(name, team string, nums []int, head bool) string {
		var ln line
		ink0 := ink{}
		if head {
			ink0 = inkOf(st.Dim)
		}
		ln.add(ink0, textsafe.PadRight(name, nameW))
		if teamW > 0 {
			ln.add(ink{}, " ")
			ln.add(inkOf(st.Dim), textsafe.PadRight(team, teamW))
		}
		for i, cw := range widths {
			cell := heads[i]
			if !head {
				cell = strconv.Itoa(nums[i])
			}
			ln.add(ink{}, " "+strings.Repeat(" ", max(cw-textsafe.Width(cell), 0)))
			ln.add(ink0, cell)
		}
		return ln.String()
	}
	head := []string{
		st.Title.Render(textsafe.Truncate(l.T(i18n.TeamTitle), w)), "",
		"  " + row(l.T(i18n.TeamAgent), l.T(i18n.FieldTeam), nil, true),
	}
	counts := func(open map[domain.Status]int) []int {
		nums := make([]int, len(cols)+1)
		for i, c := range cols {
			nums[i] = open[c]
			nums[len(cols)] += open[c]
		}
		return nums
	}
	return s.list.view(w, h, head, "", func(a store.AgentLoad, _ int) string {
		if a.Agent.Name == "" {
			return row(l.T(i18n.PickUnassigned), "", counts(a.Open), false)
		}
		name := safeName(a.Agent.Name)
		if dn := safeName(a.Agent.DisplayName); dn != "" && dn != name {
			name += " — " + dn
		}
		if !a.Agent.Active {
			name += " (" + l.T(i18n.TeamRemoved) + ")"
		}
		return row(name, l.Team(textsafe.Line(a.Agent.Team)), counts(a.Open), false)
	})
}
