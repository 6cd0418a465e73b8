package tui

import (
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
	e      *env
	load   store.TeamLoad
	loaded bool
	rows   rows // the agents, then the unassigned row
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

func (s *teamScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case teamMsg:
		if msg.err != nil {
			return s, notice(errText(s.e.lang, msg.err), true)
		}
		s.load, s.loaded = msg.load, true
		s.rows.resize(len(s.load.Agents) + 1)
	}
	return s, nil
}

// keys is the team load's bindings: enter shows the row's agent's cards
// (the last row: the unassigned ones) on the board.
func (s *teamScreen) keys() []binding {
	k := &s.e.keys
	return append(rowKeys(k, &s.rows),
		bind(k.ShowCards, func() tea.Cmd {
			if !s.loaded {
				return nil
			}
			owner := ""
			if s.rows.cur < len(s.load.Agents) {
				owner = s.load.Agents[s.rows.cur].Agent.Name
			}
			return emit(ownerIntent{owner})
		}).hinted(),
	)
}

func (s *teamScreen) back() (tea.Cmd, bool) { return nil, false }

// view is a table: agent, team, a count per open column, the total.
//
//	  Agent              Team           Pending In progress Testing  Open
//	▸ bob — Bob Li       Tech support         1           2       1     4
func (s *teamScreen) view(w, h int) string {
	st, l := s.e.styles, s.e.lang
	out := []string{st.Title.Render(textsafe.Truncate(l.T(i18n.TeamTitle), w)), ""}
	if !s.loaded {
		return strings.Join(append(out, st.Dim.Render(l.T(i18n.Loading))), "\n")
	}
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
	row := func(sel bool, name, team string, nums []int, head bool) string {
		var ln line
		switch {
		case sel:
			ln.add(inkOf(st.Bar), "▸ ")
		default:
			ln.add(ink{}, "  ")
		}
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
	out = append(out, row(false, l.T(i18n.TeamAgent), l.T(i18n.FieldTeam), nil, true))
	counts := func(open map[domain.Status]int) []int {
		nums := make([]int, len(cols)+1)
		for i, c := range cols {
			nums[i] = open[c]
			nums[len(cols)] += open[c]
		}
		return nums
	}
	from, to := s.rows.visible(h - len(out))
	for i := from; i < to; i++ {
		if i == len(s.load.Agents) {
			out = append(out, row(i == s.rows.cur, l.T(i18n.PickUnassigned), "", counts(s.load.Unassigned), false))
			continue
		}
		a := s.load.Agents[i]
		name := safeName(a.Agent.Name)
		if dn := safeName(a.Agent.DisplayName); dn != "" && dn != name {
			name += " — " + dn
		}
		if !a.Agent.Active {
			name += " (" + l.T(i18n.TeamRemoved) + ")"
		}
		out = append(out, row(i == s.rows.cur, name, l.Team(textsafe.Line(a.Agent.Team)), counts(a.Open), false))
	}
	return strings.Join(out, "\n")
}
