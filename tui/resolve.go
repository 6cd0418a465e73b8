package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// resolveIntent resolves a card with its solution summary.
type resolveIntent struct {
	t       domain.Ticket
	summary string
}

// newResolveForm asks for the solution summary, which resolving needs:
// the store refuses a bare move to resolved, so the move picker and L
// open this form too. The summary is prefilled with what the card already
// holds (a solution sent back keeps its text to edit).
func newResolveForm(e *env, t domain.Ticket, w, h int) *form {
	f := newForm(e, e.lang.T(i18n.FormResolve, t.Key()), i18n.FormNoteHint, &t, []*widget.Field{
		widget.NewArea(e.lang.T(i18n.FieldSolution), "summary", t.Solution),
	}, w, h)
	f.submit = func(f *form) (tea.Msg, string) {
		s := f.val("summary")
		if strings.TrimSpace(s) == "" {
			return nil, f.e.lang.T(i18n.FormNeedSummary)
		}
		return resolveIntent{t: *f.ticket, summary: s}, ""
	}
	return f
}

// resolve records the summary; a high-priority card resolved by an agent
// waits for a supervisor's approval instead, which the status line says.
func (m *Model) resolve(msg resolveIntent) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	return m.loopChange(msg.t.ID, func() (string, error) {
		t, pending, err := d.Resolve(ctx, me, msg.t.ID, msg.t.Version, msg.summary)
		if pending {
			return l.T(i18n.MsgSentForApproval, t.Key()), err
		}
		return l.T(i18n.MsgResolved, t.Key()), err
	})
}
