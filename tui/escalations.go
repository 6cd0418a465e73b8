package tui

import (
	"cmp"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// queueLimit bounds the escalation queue a screen reads: more than a
// supervisor works through before it is read again.
const queueLimit = 200

// queueScreen is the supervisors' escalation queue: every escalated ticket
// with how late it is and the deadline it missed, most overdue first, to
// acknowledge, reassign, raise or open; marked rows are acknowledged or
// reassigned together.
type queueScreen struct {
	e    *env
	list *list[store.Escalation]
}

func newQueueScreen(e *env) *queueScreen {
	l := newList(e, func(it store.Escalation) string { return it.Ticket.Key() }, func(it store.Escalation) string {
		t := it.Ticket
		return t.Key() + " " + t.Title + " " + t.Owner + " " + e.lang.Priority(t.Priority)
	}).marking()
	return &queueScreen{e: e, list: l}
}

// queueMsg is the escalation queue, read.
type queueMsg struct {
	items []store.Escalation
	err   error
}

func (queueMsg) forScreen() {}

// Intents of the queue.
type (
	ackIntent   struct{ t domain.Ticket }
	raiseIntent struct{ t domain.Ticket }
)

func (q *queueScreen) active() typist { return q.list }

func (q *queueScreen) selected() (domain.Ticket, bool) {
	it, ok := q.list.selected()
	return it.Ticket, ok
}

func (q *queueScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(queueMsg); ok {
		if msg.err != nil {
			q.list.fail(msg.err)
			return q, notice(errText(q.e.lang, msg.err), true)
		}
		q.list.set(byLateness(msg.items, q.e.now()))
	}
	return q, nil
}

// keys is the queue's bindings: a row's card is opened or raised; the
// marked rows (or the one under the cursor) are acknowledged or
// reassigned.
func (q *queueScreen) keys() []binding {
	k := &q.e.keys
	on := func(kb key.Binding, intent func(domain.Ticket) tea.Msg) binding {
		return bind(kb, func() tea.Cmd {
			if t, ok := q.selected(); ok {
				return emit(intent(t))
			}
			return nil
		})
	}
	tickets := func() []domain.Ticket {
		var out []domain.Ticket
		for _, it := range q.list.marked() {
			out = append(out, it.Ticket)
		}
		return out
	}
	return append([]binding{
		on(k.Open, func(t domain.Ticket) tea.Msg { return openIntent{t.ID} }).hinted(),
		bind(k.Acknowledge, func() tea.Cmd {
			ts := tickets()
			switch len(ts) {
			case 0:
				return nil
			case 1:
				return emit(ackIntent{ts[0]})
			}
			return emit(bulkAckIntent{cards: ts})
		}).hinted(),
		bind(k.Assign, func() tea.Cmd {
			ts := tickets()
			switch len(ts) {
			case 0:
				return nil
			case 1:
				return emit(assignAsk{ts[0]})
			}
			return emit(bulkAssignAsk{cards: ts})
		}).hinted(),
		on(k.Raise, func(t domain.Ticket) tea.Msg { return raiseIntent{t} }).hinted(),
	}, q.list.keys()...)
}

func (q *queueScreen) back() (tea.Cmd, bool) { return nil, q.list.back() }

// view lists the queue, one ticket a line:
//
//	▸ FB-1002 H  late 2h30m First response · due 03-02 07:00  —      App crashes when…
func (q *queueScreen) view(w, h int) string {
	st, l := q.e.styles, q.e.lang
	now := q.e.now()
	// The deadlines below are the desk's clock: say whose.
	title := st.Title.Render(l.T(i18n.EscTitle, len(q.list.all))) + st.Dim.Render(" · "+q.e.zoneName(now))
	head := []string{ansi.Truncate(title, w, "…"), ""}
	clockW, lateW := 0, 0
	for _, it := range q.list.all {
		clockW = max(clockW, textsafe.Width(q.missed(it)))
		lateW = max(lateW, textsafe.Width(q.late(it, now)))
	}
	return q.list.view(w, h, head, l.T(i18n.EscEmpty), func(it store.Escalation, w int) string {
		t := it.Ticket
		var ln line
		ln.add(inkOf(st.Key), t.Key())
		ln.add(ink{}, " ")
		ln.add(inkOf(st.Priority[priorityIndex(t.Priority)]), textsafe.PadRight(l.PriorityMark(t.Priority), markW))
		ln.add(ink{}, " ")
		ln.add(inkOf(st.SLA[dueBreached]), textsafe.PadRight(q.late(it, now), lateW))
		ln.add(ink{}, " ")
		ln.add(inkOf(st.Dim), textsafe.PadRight(q.missed(it), clockW))
		ln.add(ink{}, " ")
		ln.add(ink{}, textsafe.PadRight(ownerOf(t), rowOwnerW))
		ln.add(ink{}, " ")
		ln.add(ink{}, textsafe.Truncate(textsafe.Line(t.Title), max(w-ln.w, 0)))
		return ln.String()
	})
}

// lateness is how long ago the oldest deadline a ticket missed was due.
func lateness(it store.Escalation, now time.Time) time.Duration {
	if len(it.Breaches) == 0 {
		return 0
	}
	return now.Sub(it.Breaches[0].Due)
}

// byLateness orders the queue most overdue first (a stable sort: equally
// late tickets keep the store's order).
func byLateness(items []store.Escalation, now time.Time) []store.Escalation {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b store.Escalation) int {
		return cmp.Compare(lateness(b, now), lateness(a, now))
	})
	return out
}

// late is how late a ticket is: "late 3h20m".
func (q *queueScreen) late(it store.Escalation, now time.Time) string {
	if len(it.Breaches) == 0 {
		return "—"
	}
	return q.e.lang.T(i18n.SLALate, q.e.lang.Duration(lateness(it, now)))
}

// missed names the first deadline a ticket missed and when it was due,
// with a count of any others: "First response · due 03-02 08:30 · +1
// more".
func (q *queueScreen) missed(it store.Escalation) string {
	l := q.e.lang
	if len(it.Breaches) == 0 {
		return "—"
	}
	b := it.Breaches[0]
	s := l.Clock(b.Clock) + " · " + l.T(i18n.ClockDue, shortStamp(q.e.now, b.Due))
	if n := len(it.Breaches) - 1; n > 0 {
		s += " · " + l.T(i18n.EscMore, n)
	}
	return s
}

// shortStamp is a time in the clock's zone without the year: "03-02 08:30".
func shortStamp(now func() time.Time, t time.Time) string {
	return t.In(now().Location()).Format("01-02 15:04")
}
