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

// adminScreen is the admins' roster: every active agent with role, team
// and number of SSH keys; agents are added and removed here, and enter
// lists an agent's keys to add or remove one. The store checks the role
// again on every change.
type adminScreen struct {
	e    *env
	list *list[store.RosterEntry]
}

func newAdminScreen(e *env) *adminScreen {
	return &adminScreen{e: e, list: newList(e, func(r store.RosterEntry) string { return r.Agent.Name }, func(r store.RosterEntry) string {
		a := r.Agent
		return a.Name + " " + a.DisplayName + " " + e.lang.Role(a.Role) + " " + e.lang.Team(a.Team)
	})}
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
	r, ok := s.list.selected()
	return r.Agent, ok
}

func (s *adminScreen) active() typist { return s.list }

func (s *adminScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(rosterMsg); ok {
		if msg.err != nil {
			s.list.fail(msg.err)
			return s, notice(errText(s.e.lang, msg.err), true)
		}
		s.list.set(slices.SortedStableFunc(slices.Values(msg.roster), func(a, b store.RosterEntry) int {
			return naturalCompare(a.Agent.Name, b.Agent.Name)
		}))
	}
	return s, nil
}

// keys is the roster's bindings: add an agent, a row's agent's keys,
// remove a row's agent (after a confirmation).
func (s *adminScreen) keys() []binding {
	k := &s.e.keys
	return append([]binding{
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
	}, s.list.keys()...)
}

func (s *adminScreen) back() (tea.Cmd, bool) { return nil, s.list.back() }

// view is a table: login, display name, role, team, keys; agents in
// natural order (agent2 before agent10).
func (s *adminScreen) view(w, h int) string {
	st, l := s.e.styles, s.e.lang
	const loginW, roleW, teamW = 14, 12, 16
	keysW := max(textsafe.Width(l.T(i18n.FieldKeys)), 4)
	displayW := min(max(w-2-loginW-roleW-teamW-keysW-4, 8), 28)
	row := func(cells [4]string, keys string, k ink) string {
		var ln line
		for i, cw := range []int{loginW, displayW, roleW, teamW} {
			ln.add(k, textsafe.PadRight(cells[i], cw)+" ")
		}
		ln.add(k, strings.Repeat(" ", max(keysW-textsafe.Width(keys), 0))+keys)
		return ln.String()
	}
	head := []string{
		st.Title.Render(textsafe.Truncate(l.T(i18n.AdminTitle, len(s.list.all)), w)), "",
		"  " + row([4]string{l.T(i18n.FieldLogin), l.T(i18n.FieldDisplay), l.T(i18n.FieldRole), l.T(i18n.FieldTeam)}, l.T(i18n.FieldKeys), inkOf(st.Dim)),
	}
	return s.list.view(w, h, head, "", func(e store.RosterEntry, _ int) string {
		a := e.Agent
		return row([4]string{safeName(a.Name), safeName(a.DisplayName), l.Role(a.Role), l.Team(textsafe.Line(a.Team))}, strconv.Itoa(e.Keys), ink{})
	})
}
