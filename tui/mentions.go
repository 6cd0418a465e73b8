package tui

import (
	"context"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// mentionLimit bounds the mentions the list reads.
const mentionLimit = 200

// mentionScreen lists the @mentions of Me, newest first, unread marked;
// enter opens the ticket, which marks its mentions read.
type mentionScreen struct {
	e    *env
	list *list[store.Mention]
}

func newMentionScreen(e *env) *mentionScreen {
	return &mentionScreen{e: e, list: newList(e, func(it store.Mention) string { return strconv.FormatInt(it.ID, 10) }, func(it store.Mention) string {
		return it.Key() + " " + it.Author + " " + it.Note + " " + it.Title
	})}
}

// mentionsMsg is the list, read.
type mentionsMsg struct {
	items []store.Mention
	err   error
}

func (mentionsMsg) forScreen() {}

func (s *mentionScreen) load(ctx context.Context, d Desk) tea.Cmd {
	me := s.e.me.Name
	return func() tea.Msg {
		items, err := d.Mentions(ctx, me, false, mentionLimit)
		return mentionsMsg{items: items, err: err}
	}
}

func (s *mentionScreen) active() typist { return s.list }

func (s *mentionScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(mentionsMsg); ok {
		if msg.err != nil {
			s.list.fail(msg.err)
			return s, notice(errText(s.e.lang, msg.err), true)
		}
		s.list.set(msg.items)
	}
	return s, nil
}

// keys is the mentions' bindings: enter opens a mention's card.
func (s *mentionScreen) keys() []binding {
	k := &s.e.keys
	return append([]binding{
		bind(k.Open, func() tea.Cmd {
			it, ok := s.list.selected()
			if !ok {
				return nil
			}
			// Read the card: a mention does not say its column.
			return emit(jumpIntent{it.Key()})
		}).hinted().opensLayer(),
	}, s.list.keys()...)
}

func (s *mentionScreen) back() (tea.Cmd, bool) { return nil, s.list.back() }

// view draws one mention a line:
//
//	▸ new FB-1001 bob    3h  @alice can you check the refund?  支付失败…
func (s *mentionScreen) view(w, h int) string {
	st, l := s.e.styles, s.e.lang
	unread := 0
	for _, it := range s.list.all {
		if it.ReadAt.IsZero() {
			unread++
		}
	}
	head := []string{st.Title.Render(textsafe.Truncate(l.T(i18n.ScreenMentions, unread), w)), ""}
	newW := max(textsafe.Width(l.T(i18n.MentionNew)), 1)
	return s.list.view(w, h, head, l.T(i18n.MentionsEmpty), func(it store.Mention, w int) string {
		var ln line
		mark := ""
		if it.ReadAt.IsZero() {
			mark = l.T(i18n.MentionNew)
		}
		ln.add(inkOf(st.Badge), textsafe.PadRight(mark, newW))
		ln.add(ink{}, " ")
		ln.add(inkOf(st.Key), it.Key())
		ln.add(ink{}, " ")
		ln.add(ink{}, textsafe.PadRight(textsafe.Truncate(safeName(it.Author), 10), 10))
		ln.add(inkOf(st.Dim), textsafe.PadRight(age(l, s.e.now(), it.At), rowAgeW+1))
		rest := max(w-ln.w, 0)
		note := textsafe.Truncate(textsafe.Line(it.Note), rest/2)
		ln.add(ink{}, note)
		ln.pad(ln.w + rest/2 - textsafe.Width(note) + 1)
		ln.add(inkOf(st.Dim), textsafe.Truncate(textsafe.Line(it.Title), max(w-ln.w, 0)))
		return ln.String()
	})
}

// readMentions marks Me's mentions on ticket id read when any are unread
// and reads the badge again (marking writes no event, so no feed batch
// would).
func (m *Model) readMentions(id int64) tea.Cmd {
	if m.alerts.unread == 0 {
		return nil
	}
	d, ctx, me := m.desk, m.ctx, m.env.me.Name
	return func() tea.Msg {
		if _, err := d.MarkMentionsRead(ctx, me, id); err != nil {
			return alertsMsg{err: err}
		}
		n, err := d.UnreadMentions(ctx, me)
		return alertsMsg{unread: n, err: err}
	}
}

// mentionBadge is the status line's "@2 unread", or "" when none are.
func (m *Model) mentionBadge() string {
	if m.alerts.unread == 0 {
		return ""
	}
	st := m.env.styles
	return st.Dim.Render(" · ") + st.Badge.Render(m.env.lang.T(i18n.StatusMentions, m.alerts.unread))
}
