package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

func TestColumnsMatchStatuses(t *testing.T) {
	if len(domain.Statuses) != nCols {
		t.Fatalf("nCols = %d, domain has %d statuses", nCols, len(domain.Statuses))
	}
}

// manyPending creates n pending tickets "T00".."Tnn" of medium priority
// (so they sort by id) and returns them in board order.
func manyPending(t *testing.T, s *store.Store, n int) []domain.Ticket {
	t.Helper()
	var out []domain.Ticket
	for i := range n {
		tk, err := s.CreateTicket(context.Background(), "alice", store.NewTicket{
			Title: fmt.Sprintf("T%02d", i), Channel: domain.Email, Priority: domain.Medium, ReceivedAt: epoch.Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tk)
	}
	return out
}

func TestNavigateColumnsAndCards(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	if got := h.selected().Key(); got != "FB-1001" {
		t.Fatalf("starts on %s, want FB-1001 (high priority, oldest)", got)
	}
	h.press("j", "j")
	if got := h.selected().Key(); got != "FB-1004" {
		t.Errorf("j j: on %s, want FB-1004", got)
	}
	h.press("k")
	if got := h.selected().Key(); got != "FB-1002" {
		t.Errorf("k: on %s, want FB-1002", got)
	}
	h.press("l")
	if h.m.board.focus != 1 || h.selected().Status != domain.InProgress {
		t.Errorf("l: focus %d on %s, want the in-progress column", h.m.board.focus, h.selected().Key())
	}
	h.press("right", "right", "right", "right")
	if h.m.board.focus != 4 {
		t.Errorf("right past the last column: focus %d, want 4", h.m.board.focus)
	}
	h.press("h", "left")
	if h.m.board.focus != 2 {
		t.Errorf("h left: focus %d, want 2", h.m.board.focus)
	}
	h.press("l", "G")
	if got := h.selected().Key(); got != "FB-1013" {
		t.Errorf("G in resolved: on %s, want FB-1013", got)
	}
	h.press("g")
	if got := h.selected().Key(); got != "FB-1012" {
		t.Errorf("g in resolved: on %s, want FB-1012", got)
	}
	// The view marks the selected card with a bar, readable without colour.
	if !strings.Contains(h.view(), "▌FB-1012") {
		t.Errorf("selected card not marked:\n%s", h.view())
	}
}

// TestScrollByKeyset checks that a column holds only its window and that
// moving past either end reads the next or previous card by cursor.
func TestScrollByKeyset(t *testing.T) {
	s := openStore(t)
	ts := manyPending(t, s, 40)
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	limit := h.m.capacity()
	c := h.m.board.current()
	if len(c.cards) != limit || !c.below || c.above {
		t.Fatalf("window: %d cards (want %d), below %v above %v", len(c.cards), limit, c.below, c.above)
	}
	for range limit - 1 {
		h.press("j")
	}
	if got := h.selected().ID; got != ts[limit-1].ID {
		t.Fatalf("at the window's end: on %s, want %s", domain.Key(got), ts[limit-1].Key())
	}
	h.press("j")
	c = h.m.board.current()
	if got := h.selected().ID; got != ts[limit].ID {
		t.Errorf("j past the window: on %s, want %s", domain.Key(got), ts[limit].Key())
	}
	if len(c.cards) != limit || !c.above || c.cards[0].ID != ts[1].ID {
		t.Errorf("window after scrolling: %d cards from %s, above %v", len(c.cards), c.cards[0].Key(), c.above)
	}
	if !strings.Contains(h.view(), "↑ more") || !strings.Contains(h.view(), "↓ more") {
		t.Errorf("scroll marks missing:\n%s", h.view())
	}
	h.press("G")
	c = h.m.board.current()
	if got := h.selected().ID; got != ts[39].ID || c.below {
		t.Errorf("G: on %s (below %v), want the last card %s", domain.Key(got), c.below, ts[39].Key())
	}
	h.press("k")
	if got := h.selected().ID; got != ts[38].ID {
		t.Errorf("k after G: on %s, want %s", domain.Key(got), ts[38].Key())
	}
	for range limit {
		h.press("k")
	}
	if got := h.selected().ID; got != ts[38-limit].ID || !h.m.board.current().above {
		t.Errorf("k past the window's top: on %s, want %s", domain.Key(got), ts[38-limit].Key())
	}
	h.press("g")
	c = h.m.board.current()
	if got := h.selected().ID; got != ts[0].ID || c.above || c.top != nil {
		t.Errorf("g: on %s (above %v), want %s at the top", domain.Key(got), c.above, ts[0].Key())
	}
	h.press("pgdown")
	if got := h.selected().ID; got != ts[limit].ID {
		t.Errorf("pgdown: on %s, want %s", domain.Key(got), ts[limit].Key())
	}
	h.press("g", "ctrl+d") // space selects cards now; ctrl+d pages
	if got := h.selected().ID; got != ts[limit].ID {
		t.Errorf("ctrl+d: on %s, want %s", domain.Key(got), ts[limit].Key())
	}
}

func TestHelpToggles(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures[:3])
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	h.press("?")
	if v := h.view(); !strings.Contains(v, "Keys") || !strings.Contains(v, "move card left") {
		t.Fatalf("? does not show the full help:\n%s", v)
	}
	h.press("?")
	if h.m.layer != nil || !strings.Contains(h.view(), "FB-1001") {
		t.Fatalf("? again does not close the help:\n%s", h.view())
	}
	h.press("?", "esc")
	if h.m.layer != nil {
		t.Fatal("esc does not close the help")
	}
}

func TestHelpScrollsWhenTooTall(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures[:3])
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	h.press("?")
	if v := h.view(); strings.Contains(v, "closes this help") || !strings.Contains(v, "↓ more") {
		t.Fatalf("80×24 help should be cut with a more marker:\n%s", v)
	}
	h.press("G")
	if v := h.view(); !strings.Contains(v, "closes this help") || !strings.Contains(v, "In a yes/no question") || !strings.Contains(v, "↑ more") {
		t.Fatalf("scrolled help should reach its end:\n%s", v)
	}
	h.press("g")
	if v := h.view(); !strings.Contains(v, "column left") {
		t.Fatalf("g should go back to the top:\n%s", v)
	}
}

func TestQuit(t *testing.T) {
	s := openStore(t)
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	h.press("q")
	if !h.quit || h.m.ctx.Err() == nil {
		t.Fatal("q does not quit and end the session's context")
	}
}

// TestSizes: no size yet or a 0×0 report means 80×24; every size gives a
// screen of exactly that many lines and cells.
func TestSizes(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	m := newModel(Options{Desk: s, Me: agent(t, s, "alice"), Lang: i18n.ZH, Now: fixedNow})
	if w, h := m.size(); w != 80 || h != 24-statusLines {
		t.Fatalf("before any size: %d×%d body, want 80×22", w, h)
	}
	h := &harness{t: t, s: s, m: m}
	h.run(m.Init())
	for _, sz := range [][2]int{{0, 0}, {80, 24}, {100, 30}, {120, 40}, {160, 48}, {200, 50}, {40, 10}} {
		h.send(windowSize(sz[0], sz[1]))
		w, hh := sz[0], sz[1]
		if w == 0 {
			w, hh = 80, 24
		}
		lines := strings.Split(h.view(), "\n")
		if len(lines) != hh {
			t.Errorf("%d×%d: %d lines", sz[0], sz[1], len(lines))
		}
		for i, l := range lines {
			if got := displayWidth(l); got != w {
				t.Errorf("%d×%d: line %d is %d cells: %q", sz[0], sz[1], i, got, l)
				break
			}
		}
	}
}

// TestKeysWinOverSlowLoad: a reload started before the user moved the
// cursor does not pull the cursor back when it lands.
func TestKeysWinOverSlowLoad(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	pending := h.m.reload(h.m.board.request())
	h.press("j", "j")
	want := h.selected()
	h.handle(pending())
	if got := h.selected(); got.ID != want.ID {
		t.Fatalf("the late load moved the cursor to %s, want %s", got.Key(), want.Key())
	}
	pending = h.m.reload(h.m.board.request())
	h.press("l")
	h.handle(pending())
	if h.m.board.focus != 1 {
		t.Fatalf("the late load moved the focus to column %d", h.m.board.focus)
	}
}
