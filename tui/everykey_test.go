package tui

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// everyKey is every key of the keymap, plus the keys a user reaches for
// anyway: enter, esc, q, the arrows, space and the digits.
func everyKey() []string {
	seen := map[string]bool{}
	var out []string
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	var walk func(v reflect.Value) // the key map and its groups (Line)
	walk = func(v reflect.Value) {
		for i := range v.NumField() {
			switch f := v.Field(i).Interface().(type) {
			case key.Binding:
				for _, k := range f.Keys() {
					add(k)
				}
			case widget.EditKeys:
				walk(v.Field(i))
			}
		}
	}
	walk(reflect.ValueOf(newKeyMap(i18n.EN)))
	for _, k := range []string{"enter", "esc", "q", "up", "down", "left", "right", "space", "tab", "shift+tab"} {
		add(k)
	}
	for d := '0'; d <= '9'; d++ {
		add(string(d))
	}
	return out
}

// fullDesk is a desk where every list has rows: the fixtures a day later
// with missed deadlines escalated, three solutions waiting for approval,
// two follow-ups, mentions of alice, rejected feedback, articles, and
// problems and requests with linked cards.
func fullDesk(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	s := openStore(t)
	tk := seed(t, s, fixtures)
	for _, i := range []int{0, 5, 8} { // high priority: bob's solution waits for approval
		cur := tk[i]
		if i != 5 {
			var err error
			if cur, err = s.Assign(ctx, "alice", cur.ID, cur.Version, "bob"); err != nil {
				t.Fatal(err)
			}
			if cur.Status == domain.Pending {
				if cur, err = s.Move(ctx, "alice", cur.ID, cur.Version, domain.InProgress); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, pending, err := s.Resolve(ctx, "bob", cur.ID, cur.Version, "Fixed it for the customer."); err != nil || !pending {
			t.Fatalf("resolve %s: pending %v, %v", cur.Key(), pending, err)
		}
	}
	for _, i := range []int{11, 12} {
		if _, err := s.Score(ctx, "alice", tk[i].ID, h0(t, s, tk[i].ID).Version, store.Scores{Timeliness: 2, Effectiveness: 2, Attitude: 2, Overall: 2, Comment: "still broken"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{1, 3} {
		if _, err := s.AddNote(ctx, "bob", tk[i].ID, h0(t, s, tk[i].ID).Version, "@alice please check"); err != nil {
			t.Fatal(err)
		}
	}
	in, err := intake.New(s, intake.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Submit(ctx, "alice", []intake.Item{
		{NewTicket: store.NewTicket{Title: "asdf", Channel: domain.WebForm}},
		{NewTicket: store.NewTicket{Title: "qwer", Channel: domain.WebForm}},
	}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []store.FAQ{
		{Title: "Reset a password", Problem: "Cannot log in", Solution: "Use the reset link.", Lang: "en"},
		{Title: "开发票", Problem: "发票在哪里申请", Solution: "在订单页申请。", Lang: "zh"},
	} {
		if _, err := s.AddFAQ(ctx, "alice", f); err != nil {
			t.Fatal(err)
		}
	}
	seedProblems(t, s)
	clockOf(s).advance(20 * time.Hour)
	if _, err := s.SweepSLA(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// clone is a new session in the state h's is in (the board loaded,
// nothing open) without loading it again: a table's cases start from it.
func (h *harness) clone(t *testing.T) *harness {
	m := *h.m
	m.ctx, m.stop = context.WithCancel(context.Background())
	t.Cleanup(m.stop)
	for i := range m.board.cols {
		m.board.cols[i].cards = slices.Clone(m.board.cols[i].cards)
	}
	return &harness{t: t, s: h.s, m: &m}
}

func h0(t *testing.T, s *store.Store, id int64) domain.Ticket {
	t.Helper()
	tk, err := s.Ticket(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// keyScreen is a place the keys are driven on: how to get there from the
// board, whether the session is there, and how many rows its list has.
type keyScreen struct {
	name string
	open []string
	on   func(m *Model) bool
	rows func(m *Model) int // -1: not a list
}

func screenIs[T screen](m *Model) bool {
	_, ok := m.screen.(T)
	return ok && m.detail == nil && m.layer == nil
}

var keyScreens = []keyScreen{
	{"board", nil, func(m *Model) bool { return m.screen == nil && m.detail == nil && m.layer == nil },
		func(m *Model) int { return len(m.board.current().cards) }},
	{"detail", []string{"enter"}, func(m *Model) bool { return m.detail != nil && m.layer == nil }, nil},
	{"help", []string{"?"}, func(m *Model) bool { _, ok := m.layer.(*helpScreen); return ok }, nil},
	{"escalations", []string{"E"}, screenIs[*queueScreen], func(m *Model) int { return len(m.screen.(*queueScreen).list.all) }},
	{"team", []string{"T"}, screenIs[*teamScreen], nil},   // the teams are always there
	{"admin", []string{"U"}, screenIs[*adminScreen], nil}, // and so are the agents
	{"dashboard", []string{"d"}, screenIs[*dashboardScreen], nil},
	{"approvals", []string{"A"}, screenIs[*approvalScreen], func(m *Model) int { return len(m.screen.(*approvalScreen).sols.all) }},
	{"follow-ups", []string{"A", "tab"}, screenIs[*approvalScreen], func(m *Model) int { return len(m.screen.(*approvalScreen).fups.all) }},
	{"knowledge", []string{"K"}, screenIs[*kbScreen], func(m *Model) int { return len(m.screen.(*kbScreen).list.all) }},
	{"mentions", []string{"@"}, screenIs[*mentionScreen], func(m *Model) int { return len(m.screen.(*mentionScreen).list.all) }},
	{"rejected", []string{"X"}, screenIs[*rejectedScreen], func(m *Model) int { return len(m.screen.(*rejectedScreen).list.all) }},
	{"problems", []string{"B"}, screenIs[*problemScreen], func(m *Model) int { return len(m.screen.(*problemScreen).bugs) }},
	{"roadmap", []string{"B", "tab"}, screenIs[*problemScreen], func(m *Model) int { return len(m.screen.(*problemScreen).requests) }},
	{"problem", []string{"B", "enter"}, screenIs[*problemScreen], nil},
}

// TestEveryKeyOnEveryScreen drives every key on every screen, on an empty
// desk and on one where every list has rows, then enter and esc after it
// (into whatever the key opened): nothing may panic, and the screen is
// always drawn at the terminal's size.
func TestEveryKeyOnEveryScreen(t *testing.T) {
	keys := everyKey()
	desks := []struct {
		name string
		open func(t *testing.T) *store.Store
	}{
		{"empty", func(t *testing.T) *store.Store { return openStore(t) }},
		{"full", fullDesk},
	}
	const w, ht = 100, 30
	for _, d := range desks {
		t.Run(d.name, func(t *testing.T) {
			start := newHarness(t, d.open(t), "alice", i18n.EN, w, ht)
			for _, sc := range keyScreens {
				t.Run(sc.name, func(t *testing.T) {
					for _, k := range keys {
						h := start.clone(t)
						if sc.name == "detail" && d.name == "full" {
							h.press("right") // a column with cards
						}
						h.press(sc.open...)
						if !sc.on(h.m) {
							if sc.name == "detail" && d.name == "empty" {
								return // no card to open
							}
							t.Fatalf("%v did not open %s:\n%s", sc.open, sc.name, h.view())
						}
						if sc.rows != nil {
							if n := sc.rows(h.m); (n == 0) != (d.name == "empty") {
								t.Fatalf("%s on the %s desk has %d rows", sc.name, d.name, n)
							}
						}
						seq := slices.Clone(sc.open)
						for _, p := range []string{k, "enter", "esc"} {
							if h.quit {
								break
							}
							seq = append(seq, p)
							func() {
								defer func() {
									if r := recover(); r != nil {
										t.Fatalf("%s desk: keys %q panicked: %v", d.name, seq, r)
									}
								}()
								h.press(p)
								if n := len(strings.Split(h.view(), "\n")); n != ht {
									t.Errorf("%s desk: after keys %q the screen is %d lines, want %d", d.name, seq, n, ht)
								}
							}()
						}
					}
				})
			}
		})
	}
}

// TestQueueRowsOpenAndRefusedPromptsStay: enter on a row of the approval
// and follow-up tabs opens the whole card with the board's cursor on it
// (a row is only part of a card: opening it crashed the board), and a
// refused answer keeps its prompt on top, so the next key is typed into
// it rather than acting on the queue behind it ("y" approved).
func TestQueueRowsOpenAndRefusedPromptsStay(t *testing.T) {
	s := fullDesk(t)
	h := newHarness(t, s, "carol", i18n.EN, 100, 30)
	for _, tab := range [][]string{{"A"}, {"A", "tab"}} {
		h.press(tab...)
		as := h.m.screen.(*approvalScreen)
		cur, _ := as.current()
		want := cur.ID
		h.press("enter")
		if h.m.detail == nil || !h.m.detail.loaded || h.m.detail.id != want {
			t.Fatalf("%v enter did not open ticket %d:\n%s", tab, want, h.view())
		}
		if got := h.m.board.selectedID(); got != want {
			t.Errorf("%v enter: the board's cursor is on %d, not on the open card %d", tab, got, want)
		}
		h.press("esc", "esc")
	}

	h.press("A")
	a := *h.m.screen.(*approvalScreen).sols.all[0].a
	h.press("b", "enter")
	p, ok := h.m.layer.(*prompt)
	if !ok || !strings.Contains(h.view(), "needs a reason") {
		t.Fatalf("an empty reason closed the prompt (layer %T):\n%s", h.m.layer, h.view())
	}
	h.press("y")
	if p.p.Value() != "y" {
		t.Fatalf("the key after the refusal went to %q, not to the prompt", p.p.Value())
	}
	if got := h.ticket(a.TicketID); got.Status == domain.Resolved {
		t.Fatal("the key after a refused send back approved the solution")
	}
	// The store refuses too (the solution was decided meanwhile): the
	// reason stays in the prompt, and so do the keys.
	if _, err := s.Approve(context.Background(), "alice", a.TicketID, a.TicketVersion); err != nil {
		t.Fatal(err)
	}
	h.typeText("es, wrong fix")
	h.press("enter")
	if p, ok := h.m.layer.(*prompt); !ok || !strings.Contains(h.view(), "Conflict") || p.p.Value() != "yes, wrong fix" {
		t.Fatalf("a refused send back lost its prompt or reason (layer %T):\n%s", h.m.layer, h.view())
	}
	h.press("esc", "tab", "y", "enter")
	if _, ok := h.m.layer.(*prompt); !ok || !strings.Contains(h.view(), "needs a note") {
		t.Fatalf("an empty follow-up note closed the prompt:\n%s", h.view())
	}
	h.press("esc", "esc", ":")
	h.typeText("nope")
	h.press("enter")
	if _, ok := h.m.layer.(*prompt); !ok || !strings.Contains(h.view(), "not a ticket key") {
		t.Fatalf("a bad key closed the jump prompt:\n%s", h.view())
	}
	h.press("ctrl+u")
	h.typeText("FB-9999")
	h.press("enter")
	if p, ok := h.m.layer.(*prompt); !ok || !strings.Contains(h.view(), "not found") || p.p.Value() != "FB-9999" {
		t.Fatalf("a key naming no card closed the jump prompt:\n%s", h.view())
	}
	h.press("ctrl+u")
	h.typeText("FB-1003")
	h.press("enter")
	if h.m.layer != nil || h.m.detail == nil || h.m.detail.id != 3 {
		t.Fatalf("jump to FB-1003 did not open it:\n%s", h.view())
	}
}
