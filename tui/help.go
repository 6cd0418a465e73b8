package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/loopdesk/loopdesk/i18n"
)

// helpScreen is the full help (bubbles/help's full view) of every key.
type helpScreen struct {
	e      *env
	narrow bool // the board shows one column at a time
}

func (h *helpScreen) update(msg tea.Msg) (layer, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return h, nil
	}
	if keyIs(k, h.e.keys.Help) || keyIs(k, h.e.keys.Cancel) || keyIs(k, h.e.keys.Quit) {
		return nil, nil
	}
	return h, nil
}

// view lays the help's columns out in as many rows as the width needs:
// bubbles/help cuts columns that do not fit one row.
func (h *helpScreen) view(w, _ int) (string, *tea.Cursor) {
	st, l := h.e.styles, h.e.lang
	hm := help.New()
	hm.Styles.FullKey = st.HelpKey
	hm.Styles.FullDesc = st.HelpDesc
	hm.Styles.FullSeparator = st.HelpSep
	hm.FullSeparator = "   "
	out := []string{st.Title.Render(l.T(i18n.HelpTitle)), ""}
	var row [][]key.Binding
	flush := func() {
		if len(row) > 0 {
			out = append(out, hm.FullHelpView(row), "")
			row = nil
		}
	}
	for _, g := range h.e.keys.fullHelp() {
		if len(row) > 0 && lipgloss.Width(hm.FullHelpView(append(row, g))) > w {
			flush()
		}
		row = append(row, g)
	}
	flush()
	out = append(out, st.Dim.Render(l.T(i18n.HelpScreenKeys)))
	if h.narrow {
		out = append(out, st.Dim.Render(l.T(i18n.HelpNarrowLayout)))
	}
	out = append(out, st.Dim.Render(l.T(i18n.HelpClose)))
	return strings.Join(out, "\n"), nil
}
