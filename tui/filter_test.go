package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// onBoard lists the keys of every card in every window.
func onBoard(h *harness) map[string]domain.Ticket {
	out := map[string]domain.Ticket{}
	for _, c := range h.m.board.cols {
		for _, t := range c.cards {
			out[t.Key()] = t
		}
	}
	return out
}

func TestFilterMine(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "bob", i18n.EN, 160, 48)
	h.press("f", "1")
	cards := onBoard(h)
	if len(cards) != 3 {
		t.Errorf("mine: %d cards, want bob's 3", len(cards))
	}
	for k, c := range cards {
		if c.Owner != "bob" {
			t.Errorf("mine shows %s owned by %q", k, c.Owner)
		}
	}
	if v := h.view(); !strings.Contains(v, "filter: mine") || !strings.Contains(v, "In progress 1") {
		t.Errorf("status line or counts do not reflect the filter:\n%s", v)
	}
	h.press("f", "1") // toggles off
	if n := len(onBoard(h)); n != len(fixtures) {
		t.Errorf("filter off: %d cards, want %d", n, len(fixtures))
	}
}

func TestFilterPriority(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.ZH, 160, 48)
	h.press("f", "3", "2") // priority → high
	cards := onBoard(h)
	if len(cards) != 5 {
		t.Errorf("high: %d cards, want 5", len(cards))
	}
	for k, c := range cards {
		if c.Priority != domain.High {
			t.Errorf("high filter shows %s (%s)", k, c.Priority)
		}
	}
	if !strings.Contains(h.view(), "筛选：高") {
		t.Errorf("status line lacks the filter:\n%s", h.view())
	}
	h.press("f", "9")
	if n := len(onBoard(h)); n != len(fixtures) {
		t.Errorf("cleared: %d cards", n)
	}
}

func TestSearch(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	h.press("/")
	h.typeText("退款")
	h.press("enter")
	cards := onBoard(h)
	if len(cards) != 1 || cards["FB-1001"].ID == 0 {
		t.Fatalf("search 退款: %v, want only FB-1001", keys(cards))
	}
	if v := h.view(); !strings.Contains(v, "search “退款”") || !strings.Contains(v, "Pending 1") {
		t.Errorf("search not shown:\n%s", v)
	}
	// Customer names are searched as stored (masked), English text too.
	h.press("/", "ctrl+u")
	h.typeText("charged")
	h.press("enter")
	if cards := onBoard(h); len(cards) != 1 || cards["FB-1007"].ID == 0 {
		t.Errorf("search charged: %v, want FB-1007", keys(cards))
	}
	h.press("/", "ctrl+u", "enter")
	if n := len(onBoard(h)); n != len(fixtures) {
		t.Errorf("empty search: %d cards", n)
	}
	h.wantStatus("search cleared")
}

func keys(m map[string]domain.Ticket) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestJumpByKey(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	h.press(":")
	h.typeText("fb-1013")
	h.press("enter")
	if h.m.detail == nil || h.m.detail.ticket.Key() != "FB-1013" {
		t.Fatalf("jump did not open FB-1013")
	}
	if !strings.Contains(h.view(), "Wrong item delivered") {
		t.Errorf("detail of FB-1013 not shown:\n%s", h.view())
	}
	h.press("esc")
	if sel := h.selected(); sel.Key() != "FB-1013" || h.m.board.focus != domain.Resolved.Index() {
		t.Errorf("after esc the cursor is on %s in column %d, want FB-1013 in resolved", sel.Key(), h.m.board.focus)
	}
	h.press(":")
	h.typeText("FB-99999")
	h.press("enter")
	h.wantStatus("Not found")
	// Refused answers stay in the prompt, to be corrected.
	h.press("ctrl+u")
	h.typeText("hello")
	h.press("enter")
	if _, ok := h.m.layer.(*prompt); !ok || !strings.Contains(h.view(), "not a ticket key") {
		t.Fatalf("a bad key closed the jump prompt:\n%s", h.view())
	}
}

// TestFilterReviewAndCardSuggestion: the filter "needs triage review"
// shows only the tickets triage was too unsure to route, and their card
// shows what triage suggested, how sure it was, by which model and why.
func TestFilterReviewAndCardSuggestion(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	ctx := context.Background()
	res, err := s.Ingest(ctx, "alice", []store.Arrival{{NewTicket: store.NewTicket{ExternalID: "q1", Title: "这个东西怎么弄",
		Body: "这个东西怎么弄", Channel: domain.WeChat, Category: domain.Question, Priority: domain.Low,
		Suggestion: &store.Suggestion{Model: 3, Category: domain.Question, Confidence: 0.31, Sentiment: "neutral",
			Reasons: []string{"怎么", "东西"}, Review: true}}}}, store.DuplicateRule{})
	if err != nil || res[0].Outcome != store.IngestCreated {
		t.Fatalf("ingest %+v %v", res, err)
	}
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	h.press("f")
	for range 9 {
		h.press("down")
	}
	h.press("enter")
	cards := onBoard(h)
	if len(cards) != 1 || cards[domain.Key(res[0].Ticket)].ID != res[0].Ticket {
		t.Fatalf("review filter shows %d cards, want only %s", len(cards), domain.Key(res[0].Ticket))
	}
	if !strings.Contains(h.view(), "needs triage review") {
		t.Errorf("status line lacks the filter:\n%s", h.view())
	}
	h.press("enter")
	content := ansi.Strip(strings.Join(h.m.detail.content(160), "\n"))
	if want := "Triage suggested Question (confidence 0.31), by model 3; words: 怎么, 东西 — too unsure, in the triage queue"; !strings.Contains(content, want) {
		t.Errorf("detail lacks %q:\n%s", want, content)
	}
}

// pageContexts is a desk that keeps the context of every page read.
type pageContexts struct {
	*store.Store
	ctxs []context.Context
}

func (d *pageContexts) Page(ctx context.Context, q store.PageQuery) ([]domain.Ticket, error) {
	d.ctxs = append(d.ctxs, ctx)
	return d.Store.Page(ctx, q)
}

// TestSearchCountsStopAt99: a search counts each column up to 99 and says
// "99+" beyond; other filters still count to 999.
func TestSearchCountsStopAt99(t *testing.T) {
	s := openStore(t)
	fs := make([]fixture, 120)
	for i := range fs {
		fs[i] = fixture{title: fmt.Sprintf("打印机卡纸 %d", i), channel: domain.Hotline, category: domain.Malfunction, priority: domain.Medium}
	}
	seed(t, s, fs)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	h.press("/")
	h.typeText("打印机")
	h.press("enter")
	if v := h.view(); !strings.Contains(v, "Pending 99+") {
		t.Errorf("search 打印机 in 120 pending tickets, want the header Pending 99+:\n%s", v)
	}
	h.press("/", "ctrl+u")
	h.typeText("卡纸 11")
	h.press("enter")
	// 卡纸 11 and 卡纸 110–119: under the cap, exact.
	if v := h.view(); !strings.Contains(v, "Pending 11 ") {
		t.Errorf("search 卡纸 11, want the header Pending 11:\n%s", v)
	}
}

// countCalls is a desk that keeps the columns it was asked to count.
type countCalls struct {
	*store.Store
	mu    sync.Mutex
	asked []domain.Status
}

func (d *countCalls) CountUpTo(ctx context.Context, st domain.Status, f store.Filter, limit int) (int, bool, error) {
	d.mu.Lock()
	d.asked = append(d.asked, st)
	d.mu.Unlock()
	return d.Store.CountUpTo(ctx, st, f, limit)
}

// TestWholeColumnCountedFromItsCards: a filtered column whose window
// holds every card it has is counted from them, without asking the
// store (which would read the column to its end again); a column with
// more cards than its window is asked.
func TestWholeColumnCountedFromItsCards(t *testing.T) {
	s := openStore(t)
	fs := make([]fixture, 120, 121)
	for i := range fs {
		fs[i] = fixture{title: fmt.Sprintf("打印机卡纸 %d", i), channel: domain.Hotline, category: domain.Malfunction, priority: domain.Medium}
	}
	fs = append(fs, fixture{title: "扫描仪无法开机", channel: domain.Hotline, category: domain.Malfunction, priority: domain.Medium})
	seed(t, s, fs)
	d := &countCalls{Store: s}
	h := startHarness(t, s, Options{Desk: d, Me: agent(t, s, "alice"), Lang: i18n.EN}, 160, 48)
	search := func(q string) []domain.Status {
		d.mu.Lock()
		d.asked = nil
		d.mu.Unlock()
		h.press("/", "ctrl+u")
		h.typeText(q)
		h.press("enter")
		d.mu.Lock()
		defer d.mu.Unlock()
		return d.asked
	}
	// Each keystroke of 扫描仪 finds one card (a board loads at each).
	if asked := search("扫描仪"); slices.Contains(asked, domain.Pending) {
		t.Errorf("search 扫描仪 asked to count %v, though the window holds the whole column", asked)
	}
	if v := h.view(); !strings.Contains(v, "Pending 1 ") {
		t.Errorf("search 扫描仪, want the header Pending 1:\n%s", v)
	}
	if asked := search("打印机"); !slices.Contains(asked, domain.Pending) {
		t.Errorf("search 打印机 asked to count %v, though 120 cards do not fit the window", asked)
	}
	if v := h.view(); !strings.Contains(v, "Pending 99+") {
		t.Errorf("search 打印机 in 120 pending tickets, want the header Pending 99+:\n%s", v)
	}
}

// The board searches as the user types, in view under the search line;
// esc puts the search back, and a keystroke cancels the load of the one
// before.
func TestSearchAsYouType(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	d := &pageContexts{Store: s}
	h := startHarness(t, s, Options{Desk: d, Me: agent(t, s, "alice"), Lang: i18n.EN}, 160, 48)
	h.press("/")
	h.typeText("退")
	before := len(d.ctxs)
	h.typeText("款")
	if cards := onBoard(h); len(cards) != 1 || cards["FB-1001"].ID == 0 {
		t.Fatalf("typed 退款: %v, want only FB-1001", keys(cards))
	}
	if before == 0 || len(d.ctxs) == before {
		t.Fatalf("keystrokes read %d, then %d pages", before, len(d.ctxs)-before)
	}
	v := h.view()
	if !strings.Contains(v, "FB-1001") || strings.Contains(v, "FB-1002") || !strings.Contains(v, "\nSearch: 退款 ") {
		t.Fatalf("typing 退款 shows the board as it filters and the search under it:\n%s", v)
	}
	for i, ctx := range d.ctxs {
		if stale := i < before; (ctx.Err() != nil) != stale {
			t.Errorf("page read %d (stale %v): context error %v", i, stale, ctx.Err())
		}
	}
	h.press("esc")
	if n := len(onBoard(h)); n != len(fixtures) || h.m.filter.Search != "" {
		t.Errorf("esc: %d cards, search %q; want all %d, no search", n, h.m.filter.Search, len(fixtures))
	}
}
