package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
)

// binding is one key of a context, as data (the shape of lazygit's
// controllers): its keys and description (the key.Binding's help, in the
// session's language), what it does, who may use it and why it cannot act
// now. Dispatch, the footer and the help screen all read the same table,
// so none of them can drift from what the keys do.
type binding struct {
	key.Binding
	// do carries the key out; it gets the key press for bindings whose
	// keys differ a little (the page keys, the dashboard's ranges).
	do func(msg tea.KeyPressMsg) tea.Cmd
	// who may use the key; what names the action in the refusal ("The
	// escalation queue is for supervisors").
	who  access
	what i18n.Key
	// check says why the key cannot act now (no card, someone else's
	// card); the zero status lets it act. It runs before do, so a refused
	// action never opens a picker or editor the agent would fill in vain.
	check func() status
	// hint puts the key in the footer.
	hint bool
	// opens: the key opens a picker, form or editor after a read; keys
	// typed before it is open wait for it (typeahead.go).
	opens bool
}

// access is who may use a binding: the roles of internal/domain, as the
// store checks them (supervisors include admins).
type access int

const (
	anyone access = iota
	supervisors
	admins
)

// allows reports whether role r may use a binding.
func (a access) allows(r domain.Role) bool {
	switch a {
	case supervisors:
		return r.Supervises()
	case admins:
		return r == domain.RoleAdmin
	}
	return true
}

// keyContext is the bindings of one place (the board, the card, a screen)
// under the title the help screen gives them.
type keyContext struct {
	title i18n.Key
	keys  []binding
}

// dispatch runs the binding of bs that msg matches, first refusing what
// the session's role or the card's state does not allow; it reports
// whether a binding matched.
func (m *Model) dispatch(bs []binding, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	for _, b := range bs {
		if !keyIs(msg, b.Binding) {
			continue
		}
		if s := m.refusal(b); s.text != "" {
			m.status = s
			return nil, true
		}
		if b.opens {
			return m.opens(b.do(msg)), true
		}
		return b.do(msg), true
	}
	return nil, false
}

// refusal is why b cannot act now, or the zero status.
func (m *Model) refusal(b binding) status {
	l := m.env.lang
	if !b.who.allows(m.env.me.Role) {
		rule := i18n.SupervisorOnly
		if b.who == admins {
			rule = i18n.AdminOnly
		}
		return status{text: l.T(i18n.LeadForbidden) + l.T(rule, l.T(b.what)), err: true}
	}
	if b.check != nil {
		return b.check()
	}
	return status{}
}

// hintsOf are the footer's keys of a context: those marked as hints that
// the session's role may use.
func hintsOf(bs []binding, r domain.Role) []key.Binding {
	var out []key.Binding
	for _, b := range bs {
		if b.hint && b.who.allows(r) {
			out = append(out, b.Binding)
		}
	}
	return out
}

// bind makes a binding that always acts.
func bind(k key.Binding, do func() tea.Cmd) binding {
	return binding{Binding: k, do: func(tea.KeyPressMsg) tea.Cmd { return do() }}
}

// hinted puts b in the footer.
func (b binding) hinted() binding {
	b.hint = true
	return b
}

// opensLayer marks b as opening a picker, form or editor after a read.
func (b binding) opensLayer() binding {
	b.opens = true
	return b
}

// only keeps b to the roles a allows, naming the action in the refusal.
func (b binding) only(a access, what i18n.Key) binding {
	b.who, b.what = a, what
	return b
}

// onCard binds k to an action on the target card (the open card or the
// one under the cursor); there must be one, and the check, when set,
// must pass for it.
func (m *Model) onCard(k key.Binding, rule func(domain.Ticket) status, do func(domain.Ticket) tea.Cmd) binding {
	return binding{
		Binding: k,
		do: func(tea.KeyPressMsg) tea.Cmd {
			t, _ := m.target()
			return do(t)
		},
		check: func() status {
			t, ok := m.target()
			if !ok {
				return status{text: m.env.lang.T(i18n.MsgNoCard)}
			}
			if rule != nil {
				return rule(t)
			}
			return status{}
		},
	}
}

// mayWork is the store's rule for working a card (replying, resolving,
// editing, moving, waiting): supervisors work any card, an agent only
// their own. Checked here so the agent hears it before typing anything.
func (m *Model) mayWork(t domain.Ticket) status { return workRefusal(&m.env, t) }

// workRefusal is mayWork for a session's env (screens have no Model).
func workRefusal(e *env, t domain.Ticket) status {
	me, l := e.me, e.lang
	if me.Role.Supervises() || t.Owner == me.Name {
		return status{}
	}
	if t.Owner == "" {
		return status{text: l.T(i18n.LeadForbidden) + l.T(i18n.MsgNotAssigned, t.Key()), err: true}
	}
	return status{text: l.T(i18n.LeadForbidden) + l.T(i18n.MsgNotYours, t.Key(), safeName(t.Owner)), err: true}
}

// mayMove is the store's rule for moving: mayWork, except that anyone may
// start work on an unassigned card (the move takes it).
func (m *Model) mayMove(t domain.Ticket) status {
	if t.Owner == "" {
		return status{}
	}
	return m.mayWork(t)
}

// mayAssign is the store's rule for assigning: supervisors reassign any
// card; an agent may only take an unassigned card or give up their own.
func (m *Model) mayAssign(t domain.Ticket) status {
	me, l := m.env.me, m.env.lang
	if me.Role.Supervises() || t.Owner == "" || t.Owner == me.Name {
		return status{}
	}
	return status{text: l.T(i18n.LeadForbidden) + l.T(i18n.MsgNotYours, t.Key(), safeName(t.Owner)), err: true}
}

// contexts are the contexts outside the screens: the board, the card,
// and the keys every screen shares.
func (m *Model) contexts() []keyContext {
	return []keyContext{m.boardContext(), m.detailContext(), m.everyScreenContext(), m.everywhereContext()}
}

// screenKind is a screen under the help's title for its own keys.
type screenKind struct {
	title i18n.Key
	s     screen
}

// screenKinds are fresh, empty screens of every kind, for the help and
// the tests to read their bindings from.
func (m *Model) screenKinds() []screenKind {
	e := &m.env
	return []screenKind{
		{i18n.KeyQueue, newQueueScreen(e)},
		{i18n.KeyApprovals, newApprovalScreen(e)},
		{i18n.KeyTeam, newTeamScreen(e)},
		{i18n.KeyAdmin, newAdminScreen(e)},
		{i18n.KeyDashboard, &dashboardScreen{e: e, days: 1}},
		{i18n.KeyKB, newKBScreen(e)},
		{i18n.KeyTriage, newTriageScreen(e)},
		{i18n.KeyMentions, newMentionScreen(e)},
		{i18n.KeyRejected, newRejectedScreen(e)},
		{i18n.KeyProblems, &problemScreen{e: e}},
	}
}

// widgetKeys are, for the help, the keys of the pickers, prompts and
// forms and of their yes/no questions: the widget package dispatches
// them (widget.Keys), from the same bindings.
func (m *Model) widgetKeys() []struct {
	title i18n.Key
	keys  []key.Binding
} {
	k := &m.env.keys
	return []struct {
		title i18n.Key
		keys  []key.Binding
	}{
		{i18n.HelpForms, []key.Binding{k.Choose, k.Cancel, k.Next, k.Prev, k.Save, k.AcceptSuggestion}},
		{i18n.HelpQuestions, []key.Binding{k.Yes, k.No}},
	}
}
