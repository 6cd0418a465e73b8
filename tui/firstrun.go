package tui

import (
	"context"
	"strings"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// freshDesk reports whether the board just loaded is a new desk's: no
// filter, no tickets in any column and no agent but the first. Only then
// are the agents read, so a working desk pays nothing for it.
func freshDesk(ctx context.Context, d Desk, f store.Filter, out *loadedMsg) (bool, error) {
	if f.Active() {
		return false, nil
	}
	for _, c := range out.cols {
		if c.count > 0 || len(c.cards) > 0 {
			return false, nil
		}
	}
	agents, err := d.Agents(ctx)
	return len(agents) <= 1, err
}

// firstRunSteps are the guide's steps: what to do, then the exact command.
var firstRunSteps = []struct{ what, cmd i18n.Key }{
	{i18n.FirstRunAgents, i18n.FirstRunAgentsCmd},
	{i18n.FirstRunImport, i18n.FirstRunImportCmd},
	{i18n.FirstRunServe, i18n.FirstRunServeCmd},
}

// firstRunView is the empty board of a new desk: a short guide to adding
// agents, importing tickets and serving the board, with the commands to
// type, instead of five empty columns. Exactly w×h cells.
func (m *Model) firstRunView(w, h int) string {
	st, l := m.env.styles, m.env.lang
	var out []string
	add := func(s string, indent int, style func(...string) string) {
		for _, ln := range textsafe.Wrap(s, max(w-indent, 1)) {
			out = append(out, style(textsafe.PadRight(strings.Repeat(" ", indent)+ln, w)))
		}
	}
	plain := func(s ...string) string { return strings.Join(s, "") }
	out = append(out, strings.Repeat(" ", w))
	add(l.T(i18n.FirstRunTitle), 1, st.Title.Render)
	add(l.T(i18n.FirstRunIntro), 1, plain)
	for i, s := range firstRunSteps {
		out = append(out, strings.Repeat(" ", w))
		add(l.T(i18n.FirstRunStep, i+1, l.T(s.what)), 1, plain)
		// Commands are not wrapped at spaces that matter less than the
		// command: cut, they still show what to type.
		out = append(out, st.Info.Render(textsafe.PadRight(textsafe.Truncate("    "+l.T(s.cmd), w), w)))
	}
	out = append(out, strings.Repeat(" ", w))
	add(l.T(i18n.FirstRunOr, m.env.keys.New.Help().Key), 1, st.Dim.Render)
	for len(out) < h {
		out = append(out, strings.Repeat(" ", w))
	}
	return strings.Join(out[:h], "\n")
}
