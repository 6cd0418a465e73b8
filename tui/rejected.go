package tui

import (
	"context"
	"strconv"
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
	e    *env
	list *list[store.RejectedItem]
	open bool // reading the item under the cursor
}

func newRejectedScreen(e *env) *rejectedScreen {
	return &rejectedScreen{e: e, list: newList(e, func(it store.RejectedItem) string { return strconv.FormatInt(it.ID, 10) }, func(it store.RejectedItem) string {
		return it.Reason + " " + e.lang.Reason(it.Reason) + " " + e.lang.Channel(it.Item.Channel) + " " + it.Item.Title + " " + it.Item.Body
	})}
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

func (s *rejectedScreen) active() typist { return s.list }

func (s *rejectedScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(rejectedMsg); ok {
		if msg.err != nil {
			s.list.fail(msg.err)
			return s, notice(errText(s.e.lang, msg.err), true)
		}
		s.list.set(msg.items)
		s.open = s.open && len(s.list.shown) > 0
	}
	return s, nil
}

// keys is the rejected list's bindings: enter shows an item in full, r
// restores it to the board (after a confirmation). The list's keys rest
// while an item is open.
func (s *rejectedScreen) keys() []binding {
	k := &s.e.keys
	keys := []binding{
		bind(k.Open, func() tea.Cmd {
			_, s.open = s.list.selected()
			return nil
		}).hinted(),
		bind(k.Restore, func() tea.Cmd {
			it, ok := s.list.selected()
			if !ok {
				return nil
			}
			q := s.e.lang.T(i18n.PromptRestore, textsafe.Truncate(textsafe.Line(it.Item.Title), 40))
			return emit(layerIntent{newConfirm(s.e, q, restoreIntent{it})})
		}).hinted().opensLayer(),
	}
	for _, b := range s.list.keys() {
		do := b.do
		b.do = func(msg tea.KeyPressMsg) tea.Cmd {
			if s.open {
				return nil
			}
			return do(msg)
		}
		keys = append(keys, b)
	}
	return keys
}

// back closes the open item, or the list's filter.
func (s *rejectedScreen) back() (tea.Cmd, bool) {
	if s.open {
		s.open = false
		return nil, true
	}
	return nil, s.list.back()
}

func (s *rejectedScreen) view(w, h int) string {
	st, l := s.e.styles, s.e.lang
	head := []string{st.Title.Render(textsafe.Truncate(l.T(i18n.ScreenRejected, len(s.list.all)), w)), ""}
	if it, ok := s.list.selected(); ok && s.open {
		return strings.Join(append(head, s.itemLines(it, w)...), "\n")
	}
	return s.list.view(w, h, head, l.T(i18n.RejectedEmpty), func(it store.RejectedItem, w int) string {
		var ln line
		ln.add(inkOf(st.Dim), textsafe.PadRight(age(l, s.e.now(), it.CreatedAt), rowAgeW+1))
		ln.add(inkOf(st.Error), textsafe.PadRight(textsafe.Truncate(l.Reason(textsafe.Line(it.Reason)), 24), 25))
		ln.add(ink{}, textsafe.PadRight(textsafe.Truncate(l.Channel(it.Item.Channel), rowChannelW), rowChannelW+1))
		ln.add(ink{}, textsafe.Truncate(textsafe.Line(it.Item.Title), max(w-ln.w, 0)))
		return ln.String()
	})
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
