package tui

import (
	"context"
	"math"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// triageLimit bounds the triage queue the review reads.
const triageLimit = 200

// TriageDesk is the part of the store the triage review uses.
type TriageDesk interface {
	TriageQueue(ctx context.Context, limit int) ([]store.QueuedTicket, error)
	ConfirmTriage(ctx context.Context, actor string, id, version int64) (domain.Ticket, error)
}

// triageScreen is the triage review (I): the pending tickets whose
// category triage suggested below its confidence threshold (the board's
// "needs triage review" filter), each with the suggestion, how sure
// triage was and the words that drove it. y keeps the suggestion (a
// confirmation, recorded); c corrects the category with a picker (a
// correction, recorded as the edit form records it); either takes the
// ticket off the list.
type triageScreen struct {
	e    *env
	list *list[store.QueuedTicket]
}

func newTriageScreen(e *env) *triageScreen {
	return &triageScreen{e: e, list: newList(e, func(q store.QueuedTicket) string { return q.Ticket.Key() }, func(q store.QueuedTicket) string {
		return q.Ticket.Key() + " " + q.Ticket.Title + " " + e.lang.Category(q.Suggestion.Category) + " " + safeList(e.lang, q.Suggestion.Reasons)
	}).marking()}
}

// triageMsg is the triage queue, read.
type triageMsg struct {
	items []store.QueuedTicket
	err   error
}

func (triageMsg) forScreen() {}

// Intents of the triage review.
type (
	confirmTriageIntent struct{ t domain.Ticket }
	// bulkConfirmIntent keeps the suggestions of the marked tickets.
	bulkConfirmIntent   struct{ cards []domain.Ticket }
	correctTriageIntent struct {
		t  domain.Ticket
		to domain.Category
	}
)

func (s *triageScreen) load(ctx context.Context, d Desk) tea.Cmd {
	return func() tea.Msg {
		items, err := d.TriageQueue(ctx, triageLimit)
		return triageMsg{items: items, err: err}
	}
}

func (s *triageScreen) active() typist { return s.list }

func (s *triageScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(triageMsg); ok {
		if msg.err != nil {
			s.list.fail(msg.err)
			return s, notice(errText(s.e.lang, msg.err), true)
		}
		s.list.set(msg.items)
	}
	return s, nil
}

// keys is the review's bindings: open the card, keep the suggestion,
// correct the category. Both are refused before anything opens when the
// session may not edit the card.
func (s *triageScreen) keys() []binding {
	k := &s.e.keys
	on := func(kb key.Binding, edits bool, do func(store.QueuedTicket) tea.Cmd) binding {
		b := bind(kb, func() tea.Cmd {
			q, ok := s.list.selected()
			if !ok {
				return nil
			}
			return do(q)
		})
		b.check = func() status {
			if q, ok := s.list.selected(); ok && edits {
				return workRefusal(s.e, q.Ticket)
			}
			return status{}
		}
		return b
	}
	return append([]binding{
		on(k.Open, false, func(q store.QueuedTicket) tea.Cmd { return emit(openIntent{q.Ticket.ID}) }).hinted().opensLayer(),
		on(k.TriageAccept, true, func(q store.QueuedTicket) tea.Cmd {
			marked := s.list.marked()
			if len(marked) < 2 {
				return emit(confirmTriageIntent{q.Ticket})
			}
			cards := make([]domain.Ticket, len(marked))
			for i, mq := range marked {
				cards[i] = mq.Ticket
			}
			return emit(bulkConfirmIntent{cards})
		}).hinted(),
		on(k.TriageCorrect, true, func(q store.QueuedTicket) tea.Cmd {
			return emit(layerIntent{correctPicker(s.e, q)})
		}).hinted().opensLayer(),
	}, s.list.keys()...)
}

func (s *triageScreen) back() (tea.Cmd, bool) { return nil, s.list.back() }

// view lists the queue, one ticket a line:
//
//	▸ FB-1042 M  Logistics 41%  快递, 没动           快递三天没动了
func (s *triageScreen) view(w, h int) string {
	st, l := s.e.styles, s.e.lang
	head := []string{
		st.Title.Render(textsafe.Truncate(l.T(i18n.ScreenTriage, len(s.list.all)), w)),
		st.Dim.Render(textsafe.Truncate(l.T(i18n.TriageIntro), w)),
		"",
	}
	sugW := 0
	for _, q := range s.list.all {
		sugW = max(sugW, textsafe.Width(s.suggestion(q)))
	}
	return s.list.view(w, h, head, l.T(i18n.TriageEmpty), func(q store.QueuedTicket, w int) string {
		t := q.Ticket
		var ln line
		ln.add(inkOf(st.Key), t.Key())
		ln.add(ink{}, " ")
		ln.add(inkOf(st.Priority[priorityIndex(t.Priority)]), textsafe.PadRight(l.PriorityMark(t.Priority), markW))
		ln.add(ink{}, " ")
		ln.add(inkOf(st.SLA[dueAtRisk]), textsafe.PadRight(s.suggestion(q), sugW))
		ln.add(ink{}, "  ")
		rest := max(w-ln.w, 0)
		words := textsafe.Truncate(safeList(l, q.Suggestion.Reasons), rest/3)
		ln.add(inkOf(st.Dim), words)
		ln.pad(ln.w + max(rest/3-textsafe.Width(words), 0) + 1)
		ln.add(ink{}, textsafe.Truncate(textsafe.Line(t.Title), max(w-ln.w, 0)))
		return ln.String()
	})
}

// suggestion is "Logistics 41%".
func (s *triageScreen) suggestion(q store.QueuedTicket) string {
	l := s.e.lang
	return l.T(i18n.TriageRow, l.Category(q.Suggestion.Category), int(math.Round(q.Suggestion.Confidence*100)))
}

// correctPicker offers the categories for a queued ticket, the suggested
// one marked; typing filters.
func correctPicker(e *env, q store.QueuedTicket) *picker {
	l := e.lang
	items := make([]pickItem, 0, len(domain.Categories))
	for _, c := range domain.Categories {
		it := pickItem{label: l.Category(c), msg: correctTriageIntent{t: q.Ticket, to: c}}
		if c == q.Suggestion.Category {
			it.note = l.T(i18n.PickSuggested)
		}
		items = append(items, it)
	}
	return newPicker(e, l.T(i18n.PickCorrect, q.Ticket.Key()), items).filtering()
}

// confirmTriage keeps the suggested category, against the version read.
func (m *Model) confirmTriage(t domain.Ticket) tea.Cmd {
	d, ctx, me := m.desk, m.ctx, m.env.me.Name
	return m.change(actConfirmTriage, t, func() (domain.Ticket, error) {
		return d.ConfirmTriage(ctx, me, t.ID, t.Version)
	})
}

// correctTriage sets the category the agent chose; the store records it
// as a correction of the suggestion (triage_corrected), as the edit form
// does.
func (m *Model) correctTriage(msg correctTriageIntent) tea.Cmd {
	d, ctx, me, t := m.desk, m.ctx, m.env.me.Name, msg.t
	if t.Category == msg.to {
		return m.confirmTriage(t) // the suggestion chosen after all
	}
	return m.change(actCorrectTriage, t, func() (domain.Ticket, error) {
		return d.Update(ctx, me, t.ID, t.Version, store.Patch{Category: &msg.to})
	})
}

// bulkConfirm keeps the suggestions of several tickets, one
// version-checked change each, reported in one line.
func (m *Model) bulkConfirm(msg bulkConfirmIntent) tea.Cmd {
	d, ctx, me := m.desk, m.ctx, m.env.me.Name
	return m.bulkRun(msg.cards, bulkDoneMsg{confirm: true, screen: true}, func(t domain.Ticket) error {
		_, err := d.ConfirmTriage(ctx, me, t.ID, t.Version)
		return err
	})
}
