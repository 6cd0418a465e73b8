package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
)

// helpScreen is the full help (bubbles/help's full view) of every key,
// one section per context, read from the same binding tables as dispatch
// and the footer; it scrolls when the terminal is too short for all of
// it.
type helpScreen struct {
	e        *env
	sections []helpSection
	narrow   bool // the board shows one column at a time
	top      int  // first line shown
}

// helpSection is the keys of one context under its title.
type helpSection struct {
	title string
	keys  []key.Binding
}

// helpColumn is how many keys one column of the help holds.
const helpColumn = 8

// openHelp shows the help: the keys of where the agent is first, then
// the others.
func (m *Model) openHelp() tea.Cmd {
	here := m.boardContext()
	var shown screen
	switch {
	case m.detail != nil:
		here = m.detailContext()
	case m.screen != nil:
		here, shown = m.screenContext(), m.screen
	}
	l := m.env.lang
	h := &helpScreen{e: &m.env, narrow: tabbed(m.screenWidth())}
	add := func(c keyContext) {
		var ks []key.Binding
		for _, b := range c.keys {
			kb := b.Binding
			if !b.who.allows(m.env.me.Role) {
				// Listed, with who may: the key refuses this agent.
				only := i18n.HelpSupervisorsOnly
				if b.who == admins {
					only = i18n.HelpAdminsOnly
				}
				kb.SetHelp(kb.Help().Key, kb.Help().Desc+" "+l.T(only))
			}
			ks = append(ks, kb)
		}
		h.sections = append(h.sections, helpSection{title: l.T(c.title), keys: ks})
	}
	add(here)
	for _, c := range m.contexts() {
		if c.title != here.title {
			add(c)
		}
	}
	// The screens' own keys, but the open one's (already shown).
	for _, s := range m.screenKinds() {
		if shown == nil || fmt.Sprintf("%T", s.s) != fmt.Sprintf("%T", shown) {
			add(keyContext{title: s.title, keys: s.s.keys()})
		}
	}
	for _, w := range m.widgetKeys() {
		h.sections = append(h.sections, helpSection{title: l.T(w.title), keys: w.keys})
	}
	m.layer = h
	return nil
}

func (h *helpScreen) update(msg tea.Msg) (layer, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return h, nil
	}
	ks := h.e.keys
	switch {
	case keyIs(k, ks.Help) || keyIs(k, ks.Cancel):
		return nil, nil
	case keyIs(k, ks.Quit):
		return h, notice(h.e.lang.T(i18n.MsgQuitFromBoard), false)
	case keyIs(k, ks.Down):
		h.top++
	case keyIs(k, ks.Up):
		h.top--
	case keyIs(k, ks.PageDown):
		h.top += 10
	case keyIs(k, ks.PageUp):
		h.top -= 10
	case keyIs(k, ks.Top):
		h.top = 0
	case keyIs(k, ks.Bottom):
		h.top = math.MaxInt
	}
	h.top = max(h.top, 0) // view clamps the bottom: only it knows the height
	return h, nil
}

// view lays the help's columns out in as many rows as the width needs:
// bubbles/help cuts columns that do not fit one row.
func (h *helpScreen) view(w, height int) (string, *tea.Cursor) {
	st, l := h.e.styles, h.e.lang
	hm := help.New()
	hm.Styles.FullKey = st.HelpKey
	hm.Styles.FullDesc = st.HelpDesc
	hm.Styles.FullSeparator = st.HelpSep
	hm.FullSeparator = "   "
	out := []string{st.Title.Render(l.T(i18n.HelpTitle)), ""}
	for _, sec := range h.sections {
		out = append(out, st.Title.Render(sec.title))
		var row [][]key.Binding
		flush := func() {
			if len(row) > 0 {
				out = append(out, hm.FullHelpView(row), "")
				row = nil
			}
		}
		for g := range slices.Chunk(sec.keys, helpColumn) {
			if len(row) > 0 && lipgloss.Width(hm.FullHelpView(append(row, g))) > w {
				flush()
			}
			row = append(row, g)
		}
		flush()
	}
	if h.narrow {
		out = append(out, st.Dim.Render(l.T(i18n.HelpNarrowLayout)))
	}
	out = append(out, st.Dim.Render(l.T(i18n.HelpClose)))
	lines := strings.Split(strings.Join(out, "\n"), "\n")
	if height <= 0 || len(lines) <= height {
		h.top = 0
		return strings.Join(lines, "\n"), nil
	}
	// Too tall: show a window with a "more" line where it is cut.
	h.top = min(h.top, len(lines)-height+1)
	shown := lines[h.top:]
	if h.top > 0 {
		shown = append([]string{st.Dim.Render(l.T(i18n.MoreAbove))}, shown[1:]...)
	}
	if len(shown) > height {
		shown = append(shown[:height-1], st.Dim.Render(l.T(i18n.MoreBelow)))
	}
	return strings.Join(shown, "\n"), nil
}
