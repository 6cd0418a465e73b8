package tui

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// statusLines is the height of the status area under the board.
const statusLines = 2

// status is the message of the status line.
type status struct {
	text string
	err  bool
	at   time.Time // when it was shown, for the fade (outcome.go); zero until then
}

// noticeMsg sets the status line; layers emit it.
type noticeMsg struct{ status }

func notice(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return noticeMsg{status{text: text, err: isErr}} }
}

func (m *Model) info(s string) { m.status = status{text: s} }

func (m *Model) fail(err error) { m.status = status{text: errText(m.env.lang, err), err: true} }

// errText explains an error with a translated lead-in. Conflicts are
// rebuilt from their fields so they read in the session's language.
func errText(l i18n.Lang, err error) string {
	var ce *store.ConflictError
	var fe *store.ForbiddenError
	var ie *store.InvalidError
	switch {
	case errors.As(err, &ce) && ce.By != "":
		return l.T(i18n.LeadConflict) + l.T(i18n.MsgConflictBy, ce.Key, ce.Expected, ce.Current, safeName(ce.By))
	case errors.As(err, &ce):
		return l.T(i18n.LeadConflict) + l.T(i18n.MsgConflict, ce.Key, ce.Expected, ce.Current)
	case errors.As(err, &fe), errors.Is(err, store.ErrForbidden):
		return l.T(i18n.LeadForbidden) + textsafe.Line(err.Error())
	case errors.As(err, &ie):
		return l.T(i18n.LeadInvalid) + textsafe.Line(ie.Msg)
	case errors.Is(err, store.ErrInvalid):
		return l.T(i18n.LeadInvalid) + textsafe.Line(err.Error())
	case errors.Is(err, store.ErrNotFound):
		return l.T(i18n.LeadNotFound) + textsafe.Line(err.Error())
	}
	return l.T(i18n.LeadError) + textsafe.Line(err.Error())
}

// moveRefusal explains, in the session's language, why t cannot move to
// st, or returns "" when the move is allowed.
func moveRefusal(l i18n.Lang, t domain.Ticket, to domain.Status) string {
	if t.Status == to {
		return l.T(i18n.LeadInvalid) + l.T(i18n.MsgSameColumn, t.Key(), l.Status(to))
	}
	if domain.CheckMove(t.Status, to) == nil {
		return ""
	}
	var allowed []string
	for _, s := range t.Status.Targets() {
		allowed = append(allowed, l.Status(s))
	}
	return l.T(i18n.LeadInvalid) + l.T(i18n.MsgTransition, t.Key(), l.Status(t.Status), l.Status(to), strings.Join(allowed, l.T(i18n.ListSeparator)))
}

// safeName is an agent name or display name fit for the screen.
func safeName(s string) string { return textsafe.Line(s) }

// statusView is the two lines under the board: who I am and what the
// board is filtered by, the last message, and key hints. A message too
// long for one line takes both. The lines are kept until what they show
// changes: most frames after a change elsewhere leave them as they were.
func (m *Model) statusView(w int) []string {
	k := m.statusKey(w)
	if k.hints != nil && m.statusDrawn.lines != nil && m.statusDrawn.key == k {
		return m.statusDrawn.lines
	}
	lines := m.drawStatus(w)
	m.statusDrawn = drawnStatus{key: k, lines: lines}
	return lines
}

// drawnStatus is the status lines as last drawn, and what they showed.
type drawnStatus struct {
	key   statusKey
	lines []string
}

// statusKey is everything the status lines show: the message, the
// footer's keys (the board's and the card's are fixed per session), who
// I am and the filter.
type statusKey struct {
	w        int
	msg      status
	hints    *[]key.Binding // nil: the layer's or a screen's, drawn each time
	me       domain.Agent
	filter   store.Filter // Priority nil
	priority domain.Priority
	hasPrio  bool
	byDue    bool
	marks    int
	unread   int
}

func (m *Model) statusKey(w int) statusKey {
	k := statusKey{w: w, msg: m.status, me: m.env.me, filter: m.filter, byDue: m.byDue, marks: len(m.marks), unread: m.alerts.unread}
	k.msg.at = time.Time{} // when it was shown changes nothing on screen
	if p := k.filter.Priority; p != nil {
		k.priority, k.hasPrio = *p, true
	}
	k.filter.Priority = nil
	switch {
	case m.layer != nil, m.screen != nil:
	case m.detail != nil:
		k.hints = &m.hintsCard
	default:
		k.hints = &m.hintsBoard
	}
	return k
}

func (m *Model) drawStatus(w int) []string {
	st := m.env.styles
	who := m.whoAndFilter()
	hints := m.hints(w)
	msg := m.status.text
	if msg == "" {
		return []string{fitLine(who, w), hints}
	}
	ms := st.Info
	if m.status.err {
		ms = st.Error
	}
	whoW, msgW := textsafe.Width(ansi.Strip(who)), textsafe.Width(msg)
	switch {
	case whoW+3+msgW <= w:
		return []string{fitLine(who+st.Dim.Render(" │ ")+ms.Render(msg), w), hints}
	case msgW <= w:
		return []string{fitLine(ms.Render(msg), w), fitLine(who, w)}
	}
	parts := textsafe.Wrap(msg, w)
	second := ""
	if len(parts) > 1 {
		second = textsafe.Truncate(strings.Join(parts[1:], " "), w)
	}
	return []string{fitLine(ms.Render(parts[0]), w), fitLine(ms.Render(second), w)}
}

// whoAndFilter is "alice (admin) · filter: mine, high · search “退款” ·
// sorted by due · 3 selected".
func (m *Model) whoAndFilter() string {
	st, l := m.env.styles, m.env.lang
	me := m.env.me
	name := safeName(me.Name)
	if dn := safeName(me.DisplayName); dn != "" && dn != name {
		name = dn + " · " + name
	}
	s := st.Me.Render(l.T(i18n.StatusMe, name, l.Role(me.Role)))
	if f := filterSummary(l, me, m.filter); f != "" {
		s += st.Dim.Render(" · ") + l.T(i18n.StatusFilter, f)
	}
	if q := strings.TrimSpace(m.filter.Search); q != "" {
		s += st.Dim.Render(" · ") + l.T(i18n.StatusSearch, textsafe.Truncate(textsafe.Line(q), 20))
	}
	if m.byDue {
		s += st.Dim.Render(" · ") + l.T(i18n.StatusByDue)
	}
	if n := len(m.marks); n > 0 {
		s += st.Dim.Render(" · ") + st.Mark.Render(l.T(i18n.StatusSelected, n))
	}
	s += m.mentionBadge()
	return s
}

// filterSummary lists the active filters (not the search), or "".
func filterSummary(l i18n.Lang, me domain.Agent, f store.Filter) string {
	var parts []string
	switch {
	case f.Owner != "" && f.Owner == me.Name:
		parts = append(parts, l.T(i18n.FilterMine))
	case f.Owner != "":
		parts = append(parts, l.T(i18n.FilterOwner, safeName(f.Owner)))
	}
	if f.Unassigned {
		parts = append(parts, l.T(i18n.FilterUnassigned))
	}
	if f.Priority != nil {
		parts = append(parts, l.Priority(*f.Priority))
	}
	if f.Channel != "" {
		parts = append(parts, l.Channel(f.Channel))
	}
	if f.Category != "" {
		parts = append(parts, l.Category(f.Category))
	}
	if f.Team != "" {
		parts = append(parts, l.T(i18n.FilterTeam, l.Team(textsafe.Line(f.Team))))
	}
	if f.AtRisk {
		parts = append(parts, l.T(i18n.FilterAtRisk))
	}
	if f.Escalated {
		parts = append(parts, l.T(i18n.FilterEscalated))
	}
	if f.Review {
		parts = append(parts, l.T(i18n.FilterReview))
	}
	return strings.Join(parts, l.T(i18n.ListSeparator))
}

// hints is the footer: the short help of the screen in front, cut to
// the width, with "? help" always at its end. A picker, prompt or form
// shows its own keys, so nothing of the board's is drawn under it.
func (m *Model) hints(w int) string {
	var bs []key.Binding
	switch {
	case m.layer != nil:
		return strings.Repeat(" ", w)
	case m.detail != nil:
		bs = m.fixedHints(&m.hintsCard, m.detailContext)
	case m.screen != nil:
		bs = hintsOf(m.screenContext().keys, m.env.me.Role)
	default:
		bs = m.fixedHints(&m.hintsBoard, m.boardContext)
	}
	k := m.env.keys.Help
	// Laid out once per set of keys and width, not per frame: the layout
	// measures every item.
	spec := k.Help().Key + "\x00" + k.Help().Desc
	for _, b := range bs {
		if b.Enabled() {
			spec += "\x00" + b.Help().Key + "\x00" + b.Help().Desc
		}
	}
	return m.env.renders.piece(chromeKey{part: "hints", text: spec, w: w}, func() []string {
		return []string{m.layoutHints(bs, w)}
	})[0]
}

// fixedHints are the footer keys of the board or the card, read from its
// table once a session: they depend on the role alone, and building a
// table every frame would cost the frame a good part of its time.
func (m *Model) fixedHints(memo *[]key.Binding, c func() keyContext) []key.Binding {
	if *memo == nil {
		*memo = hintsOf(c().keys, m.env.me.Role)
	}
	return *memo
}

// layoutHints lays out the bindings bs as hints does.
func (m *Model) layoutHints(bs []key.Binding, w int) string {
	st := m.env.styles
	k := m.env.keys.Help
	item := func(b key.Binding) string {
		return st.HelpKey.Render(b.Help().Key) + " " + st.Dim.Render(b.Help().Desc)
	}
	sep := st.HelpSep.Render(" • ")
	last := item(k)
	room := w - lipgloss.Width(last)
	var out []string
	for _, b := range bs {
		if !b.Enabled() || b.Help().Key == k.Help().Key {
			continue
		}
		it := item(b) + sep
		if lipgloss.Width(it) > room {
			break
		}
		out = append(out, it)
		room -= lipgloss.Width(it)
	}
	return fitLine(strings.Join(out, "")+last, w)
}

// fitLine makes a styled line exactly w cells wide.
func fitLine(s string, w int) string {
	n := lipgloss.Width(s)
	if n > w {
		s = ansi.Truncate(s, w, "")
		n = lipgloss.Width(s)
	}
	if n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// fitLines makes s exactly h lines of w cells, cutting what does not fit
// and padding what is short.
func fitLines(s string, w, h int) []string {
	lines := strings.SplitN(s, "\n", h+1)
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = fitLine(l, w)
	}
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return lines
}
