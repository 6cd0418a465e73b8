package tui

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// queueLimit bounds the escalation queue a screen reads: more than a
// supervisor works through before it is read again.
const queueLimit = 200

// queueScreen is the supervisors' escalation queue: every escalated ticket
// with the deadline it missed, to acknowledge, reassign, raise or open.
type queueScreen struct {
	e      *env
	items  []store.Escalation
	loaded bool
	rows   rows
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

func (q *queueScreen) selected() (domain.Ticket, bool) {
	if q.rows.cur >= len(q.items) {
		return domain.Ticket{}, false
	}
	return q.items[q.rows.cur].Ticket, true
}

func (q *queueScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case queueMsg:
		if msg.err != nil {
			return q, notice(errText(q.e.lang, msg.err), true)
		}
		// The cursor stays on its ticket when the queue changes around it.
		cur, had := q.selected()
		q.items, q.loaded = byLateness(msg.items, q.e.now()), true
		q.rows.resize(len(q.items))
		for i, it := range q.items {
			if had && it.Ticket.ID == cur.ID {
				q.rows.cur = i
			}
		}
	}
	return q, nil
}

// keys is the queue's bindings: a row's card is opened, acknowledged,
// reassigned or raised.
func (q *queueScreen) keys() []binding {
	k := &q.e.keys
	on := func(kb key.Binding, intent func(domain.Ticket) tea.Msg) binding {
		return bind(kb, func() tea.Cmd {
			if t, ok := q.selected(); ok {
				return emit(intent(t))
			}
			return nil
		}).opensLayer()
	}
	return append(rowKeys(k, &q.rows),
		on(k.Open, func(t domain.Ticket) tea.Msg { return openIntent{t.ID} }).hinted(),
		on(k.Acknowledge, func(t domain.Ticket) tea.Msg { return ackIntent{t} }).hinted(),
		on(k.Assign, func(t domain.Ticket) tea.Msg { return assignAsk{t} }).hinted(),
		on(k.Raise, func(t domain.Ticket) tea.Msg { return raiseIntent{t} }).hinted(),
	)
}

func (q *queueScreen) back() (tea.Cmd, bool) { return nil, false }

// view lists the queue, one ticket a line:
//
//	▸ FB-1002 H  late 2h30m First response · due 03-02 07:00  —      App crashes when…
func (q *queueScreen) view(w, h int) string {
	st, l := q.e.styles, q.e.lang
	out := []string{st.Title.Render(textsafe.Truncate(l.T(i18n.EscTitle, len(q.items)), w)), ""}
	switch {
	case !q.loaded:
		return strings.Join(append(out, st.Dim.Render(l.T(i18n.Loading))), "\n")
	case len(q.items) == 0:
		return strings.Join(append(out, st.Dim.Render(l.T(i18n.EscEmpty))), "\n")
	}
	clockW, lateW := 0, 0
	now := q.e.now()
	for _, it := range q.items {
		clockW = max(clockW, textsafe.Width(q.missed(it)))
		lateW = max(lateW, textsafe.Width(q.late(it, now)))
	}
	from, to := q.rows.visible(h - len(out))
	for i := from; i < to; i++ {
		it := q.items[i]
		t := it.Ticket
		var ln line
		if i == q.rows.cur {
			ln.add(inkOf(st.Bar), "▸ ")
		} else {
			ln.add(ink{}, "  ")
		}
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
		out = append(out, ln.String())
	}
	return strings.Join(out, "\n")
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
