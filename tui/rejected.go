package tui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// rejectedLimit bounds the rejected items the review screen reads.
const rejectedLimit = 200

// rejectedScreen is the review of feedback triage rejected as empty or
// spam: a list (reason, channel, when, title); enter reads one item in
// full; r restores it as a ticket after a question.
type rejectedScreen struct {
	e      *env
	items  []store.RejectedItem
	loaded bool
	rows   rows
	open   bool // reading the item under the cursor
	w      int  // the last width drawn, for the question
}

// rejectedMsg is the list, read.
type rejectedMsg struct {
	items []store.RejectedItem
	err   error
}

func (rejectedMsg) forScreen() {}

// restoreIntent turns a rejected item into a ticket.
type restoreIntent struct{ item store.RejectedItem }

func (s *rejectedScreen) load(ctx context.Context, d Desk) tea.Cmd {
	return func() tea.Msg {
		items, err := d.Rejected(ctx, rejectedLimit, 0)
		return rejectedMsg{items: items, err: err}
	}
}

func (s *rejectedScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case rejectedMsg:
		if msg.err != nil {
			return s, notice(errText(s.e.lang, msg.err), true)
		}
		s.items, s.loaded = msg.items, true
		s.rows.resize(len(s.items))
		s.open = s.open && len(s.items) > 0
	}
	return s, nil
}

// keys is the rejected list's bindings: enter shows an item in full, r
// restores it to the board (after a confirmation).
func (s *rejectedScreen) keys() []binding {
	k := &s.e.keys
	moves := rowKeys(k, &s.rows)
	for i := range moves {
		do := moves[i].do
		moves[i].do = func(msg tea.KeyPressMsg) tea.Cmd {
			if s.open {
				return nil
			}
			return do(msg)
		}
	}
	return append(moves,
		bind(k.Open, func() tea.Cmd {
			s.open = s.rows.cur < len(s.items)
			return nil
		}).hinted(),
		bind(k.Restore, func() tea.Cmd {
			if s.rows.cur >= len(s.items) {
				return nil
			}
			it := s.items[s.rows.cur]
			q := s.e.lang.T(i18n.PromptRestore, textsafe.Truncate(textsafe.Line(it.Item.Title), 40))
			return emit(layerIntent{newConfirm(s.e, q, restoreIntent{it})})
		}).hinted().opensLayer(),
	)
}

// back closes the open item.
func (s *rejectedScreen) back() (tea.Cmd, bool) {
	was := s.open
	s.open = false
	return nil, was
}

func (s *rejectedScreen) view(w, h int) string {
	s.w = w
	st, l := s.e.styles, s.e.lang
	out := []string{st.Title.Render(textsafe.Truncate(l.T(i18n.ScreenRejected, len(s.items)), w)), ""}
	switch {
	case !s.loaded:
		return strings.Join(append(out, st.Dim.Render(l.T(i18n.Loading))), "\n")
	case len(s.items) == 0:
		return strings.Join(append(out, st.Dim.Render(l.T(i18n.RejectedEmpty))), "\n")
	case s.open:
		return strings.Join(append(out, s.itemLines(s.items[s.rows.cur], w)...), "\n")
	}
	from, to := s.rows.visible(h - len(out))
	for i := from; i < to; i++ {
		it := s.items[i]
		var ln line
		if i == s.rows.cur {
			ln.add(inkOf(st.Bar), "▸ ")
		} else {
			ln.add(ink{}, "  ")
		}
		ln.add(inkOf(st.Dim), textsafe.PadRight(age(l, s.e.now(), it.CreatedAt), rowAgeW+1))
		ln.add(inkOf(st.Error), textsafe.PadRight(textsafe.Truncate(l.Reason(textsafe.Line(it.Reason)), 24), 25))
		ln.add(ink{}, textsafe.PadRight(textsafe.Truncate(l.Channel(it.Item.Channel), rowChannelW), rowChannelW+1))
		ln.add(ink{}, textsafe.Truncate(textsafe.Line(it.Item.Title), max(w-ln.w, 0)))
		out = append(out, ln.String())
	}
	return strings.Join(out, "\n")
}

// itemLines draws one item in full: why it was rejected, where from and
// when, who, and its text.
func (s *rejectedScreen) itemLines(it store.RejectedItem, w int) []string {
	st, l := s.e.styles, s.e.lang
	field := func(k i18n.Key, v string) string {
		return st.Dim.Render(textsafe.PadRight(l.T(k), 12)) + textsafe.Truncate(v, max(w-12, 1))
	}
	out := []string{
		st.Title.Render(textsafe.Truncate(textsafe.Line(orNone(l, it.Item.Title)), w)),
		field(i18n.RejectedReason, l.Reason(textsafe.Line(it.Reason))),
		field(i18n.FieldChannel, l.Channel(it.Item.Channel)),
		field(i18n.FieldReceived, stamp(s.e.now, it.CreatedAt)),
		field(i18n.FieldCustomer, orDash(textsafe.Line(it.Item.CustomerName))),
		"",
	}
	for _, para := range strings.Split(textsafe.Block(orNone(l, it.Item.Body)), "\n") {
		out = append(out, textsafe.Wrap(para, max(w-2, 1))...)
	}
	return out
}

// restore creates the ticket from a rejected item; the screen and the
// board refresh when it is done.
func (m *Model) restore(msg restoreIntent) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	return m.loopChange(0, func() (string, error) {
		t, err := d.RestoreRejected(ctx, me, msg.item.ID)
		return l.T(i18n.MsgRestored, t.Key()), err
	})
}
