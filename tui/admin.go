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

// adminScreen is the admins' roster: every active agent with role, team
// and number of SSH keys; agents are added and removed here, and enter
// lists an agent's keys to add or remove one. The store checks the role
// again on every change.
type adminScreen struct {
	e      *env
	roster []store.RosterEntry
	loaded bool
	rows   rows
}

// rosterMsg is the roster, read.
type rosterMsg struct {
	roster []store.RosterEntry
	err    error
}

func (rosterMsg) forScreen() {}

// Intents of the admin screen and its forms.
type (
	addAgentAsk       struct{}               // read the teams, then open the form
	keysAsk           struct{ agent string } // read the agent's keys, then list them
	addAgentIntent    struct{ a domain.Agent }
	removeAgentIntent struct{ name string }
	addKeyIntent      struct{ agent, fingerprint, line string }
	removeKeyIntent   struct{ agent, fingerprint string }
)

// adminDoneMsg is the store's answer to an agent or key change: what to
// say on success, or why not.
type adminDoneMsg struct {
	text string
	err  error
}

func (s *adminScreen) selected() (domain.Agent, bool) {
	if s.rows.cur >= len(s.roster) {
		return domain.Agent{}, false
	}
	return s.roster[s.rows.cur].Agent, true
}

func (s *adminScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case rosterMsg:
		if msg.err != nil {
			return s, notice(errText(s.e.lang, msg.err), true)
		}
		s.roster, s.loaded = msg.roster, true
		s.rows.resize(len(s.roster))
	}
	return s, nil
}

// keys is the roster's bindings: add an agent, a row's agent's keys,
// remove a row's agent (after a confirmation).
func (s *adminScreen) keys() []binding {
	k := &s.e.keys
	return append(rowKeys(k, &s.rows),
		bind(k.AddAgent, func() tea.Cmd { return emit(addAgentAsk{}) }).hinted().opensLayer(),
		bind(k.AgentKeys, func() tea.Cmd {
			if a, ok := s.selected(); ok {
				return emit(keysAsk{a.Name})
			}
			return nil
		}).hinted().opensLayer(),
		bind(k.Remove, func() tea.Cmd {
			a, ok := s.selected()
			if !ok {
				return nil
			}
			q := s.e.lang.T(i18n.ConfirmRemoveAg, safeName(a.Name))
			return emit(layerIntent{newConfirm(s.e, q, removeAgentIntent{a.Name})})
		}).hinted().opensLayer(),
	)
}

func (s *adminScreen) back() (tea.Cmd, bool) { return nil, false }

// view is a table: login, display name, role, team, keys.
func (s *adminScreen) view(w, h int) string {
	st, l := s.e.styles, s.e.lang
	out := []string{st.Title.Render(textsafe.Truncate(l.T(i18n.AdminTitle, len(s.roster)), w)), ""}
	if !s.loaded {
		return strings.Join(append(out, st.Dim.Render(l.T(i18n.Loading))), "\n")
	}
	const loginW, roleW, teamW = 14, 12, 16
	keysW := max(textsafe.Width(l.T(i18n.FieldKeys)), 4)
	displayW := min(max(w-2-loginW-roleW-teamW-keysW-4, 8), 28)
	row := func(sel bool, cells [4]string, keys string, head bool) string {
		var ln line
		if sel {
			ln.add(inkOf(st.Bar), "▸ ")
		} else {
			ln.add(ink{}, "  ")
		}
		k := ink{}
		if head {
			k = inkOf(st.Dim)
		}
		for i, cw := range []int{loginW, displayW, roleW, teamW} {
			ln.add(k, textsafe.PadRight(cells[i], cw)+" ")
		}
		ln.add(k, strings.Repeat(" ", max(keysW-textsafe.Width(keys), 0))+keys)
		return ln.String()
	}
	out = append(out, row(false, [4]string{l.T(i18n.FieldLogin), l.T(i18n.FieldDisplay), l.T(i18n.FieldRole), l.T(i18n.FieldTeam)}, l.T(i18n.FieldKeys), true))
	from, to := s.rows.visible(h - len(out))
	for i := from; i < to; i++ {
		e := s.roster[i]
		a := e.Agent
		cells := [4]string{safeName(a.Name), safeName(a.DisplayName), l.Role(a.Role), l.Team(textsafe.Line(a.Team))}
		out = append(out, row(i == s.rows.cur, cells, strconv.Itoa(e.Keys), false))
	}
	return strings.Join(out, "\n")
}
