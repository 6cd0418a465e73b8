package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/store"
)

// lastEvent is the newest audit event of a ticket.
func lastEvent(t *testing.T, s *store.Store, id int64) domain.Event {
	t.Helper()
	evs, err := s.Timeline(context.Background(), id)
	if err != nil || len(evs) == 0 {
		t.Fatalf("timeline: %v (%d events)", err, len(evs))
	}
	return evs[len(evs)-1]
}

func TestMoveWithPicker(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	card := h.selected() // FB-1001, pending
	h.press("m", "2")
	got := h.ticket(card.ID)
	if got.Status != domain.InProgress {
		t.Fatalf("m 2: %s is %s, want in_progress", got.Key(), got.Status)
	}
	if e := lastEvent(t, s, card.ID); e.Actor != "alice" || (e.Kind != domain.EvAssigned && e.Kind != domain.EvMoved) {
		t.Errorf("last event %+v, want a move by alice", e)
	}
	// The cursor follows the card to its new column.
	if sel := h.selected(); sel.ID != card.ID || h.m.board.focus != 1 {
		t.Errorf("after the move the cursor is on %s in column %d, want %s in column 1", sel.Key(), h.m.board.focus, card.Key())
	}
	h.wantStatus("FB-1001 moved to In progress")
}

func TestMoveShiftRightAndLeft(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	h.press("l") // in progress: FB-1006 (bob's, high)
	card := h.selected()
	h.press("shift+l")
	if got := h.ticket(card.ID); got.Status != domain.Testing {
		t.Fatalf("shift+l: %s is %s, want testing", got.Key(), got.Status)
	}
	if e := lastEvent(t, s, card.ID); e.Kind != domain.EvMoved || e.Before != "in_progress" || e.After != "testing" {
		t.Errorf("event %+v, want moved in_progress → testing", e)
	}
	if h.selected().ID != card.ID || h.m.board.focus != 2 {
		t.Errorf("cursor did not follow the card to testing")
	}
	// Backwards asks first; no leaves the card where it is.
	h.press("H") // legacy terminals send the shifted letter
	if !strings.Contains(h.view(), "Move FB-1006 back from Testing to In progress?") {
		t.Fatalf("H does not ask before moving back:\n%s", h.view())
	}
	h.press("n")
	if got := h.ticket(card.ID); got.Status != domain.Testing {
		t.Fatalf("H, n: %s is %s, want testing", got.Key(), got.Status)
	}
	h.press("H", "y")
	if got := h.ticket(card.ID); got.Status != domain.InProgress {
		t.Fatalf("H: %s is %s, want in_progress", got.Key(), got.Status)
	}
}

func TestInvalidMoveRefused(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	card := h.selected() // pending
	h.press("m", "4")
	if got := h.ticket(card.ID); got.Status != domain.Pending || got.Version != card.Version {
		t.Fatalf("pending → resolved was carried out: %+v", got)
	}
	h.wantStatus("cannot move from Pending to Resolved (allowed: In progress)")
	if !h.m.status.err {
		t.Error("refusal not shown as an error")
	}
	h.press("shift+h")
	h.wantStatus("no column")
	h.press("shift+l", "shift+l") // pending → in progress is fine; in progress → testing too
	if got := h.ticket(card.ID); got.Status != domain.Testing {
		t.Fatalf("after two shift+l: %s", got.Status)
	}
	h.press("m", "1")
	h.wantStatus("cannot move from Testing to Pending")
	h.press("m", "3")
	h.wantStatus("already in Testing")

	zh := newHarness(t, s, "alice", i18n.ZH, 160, 48)
	zh.press("l", "l", "l", "m", "1") // resolved → pending
	zh.wantStatus("不能从已解决移到待处理（允许：已关闭、处理中）")
}

func TestAssignWithPicker(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	card := h.selected()
	h.press("a")
	v := h.view()
	for _, want := range []string{"Assign FB-1001 to", "unassigned (current)", "bob — Bob Li (agent)", "wang.fang — 王芳 (agent)"} {
		if !strings.Contains(v, want) {
			t.Errorf("assign picker lacks %q:\n%s", want, v)
		}
	}
	// Agents by name: alice, bob, carol, wang.fang after "unassigned".
	h.press("down", "down", "enter")
	if got := h.ticket(card.ID); got.Owner != "bob" {
		t.Fatalf("owner %q, want bob", got.Owner)
	}
	h.wantStatus("FB-1001 assigned to bob")
	if !strings.Contains(h.view(), "WeChat · bob") {
		t.Errorf("card does not show its new owner:\n%s", h.view())
	}
	h.press("a", "1")
	if got := h.ticket(card.ID); got.Owner != "" {
		t.Fatalf("a 1 should unassign, owner %q", got.Owner)
	}
}

func TestTake(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "bob", i18n.EN, 160, 48)
	card := h.selected()
	h.press("t")
	if got := h.ticket(card.ID); got.Owner != "bob" {
		t.Fatalf("t: owner %q, want bob", got.Owner)
	}
	h.press("t")
	h.wantStatus("already yours")
	// An agent may not take a card someone else owns.
	h.press("l") // FB-1006 is bob's; next is alice's FB-1009
	h.press("j")
	other := h.selected()
	h.press("t")
	if !h.m.status.err || !strings.HasPrefix(h.m.status.text, "Not allowed: ") {
		t.Errorf("taking %s (owned by %s): status %q", other.Key(), other.Owner, h.m.status.text)
	}
}

// TestConflict: the card changes in the store behind the session's back;
// acting on the stale card is refused, explained and the card refreshed.
func TestConflict(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	stale := h.selected()
	ctx := context.Background()
	moved, err := s.Move(ctx, "carol", stale.ID, stale.Version, domain.InProgress)
	if err != nil {
		t.Fatal(err)
	}
	h.press("a", "3") // assign to bob, from the stale card
	got := h.ticket(stale.ID)
	if got.Version != moved.Version || got.Owner != "carol" {
		t.Fatalf("the stale assign changed the store: %+v", got)
	}
	h.wantStatus("Conflict: FB-1001 was changed by carol")
	if !h.m.status.err {
		t.Error("conflict not shown as an error")
	}
	// Refreshed: the cursor followed the card to in progress, new version.
	if sel := h.selected(); sel.ID != stale.ID || sel.Version != moved.Version || sel.Status != domain.InProgress {
		t.Errorf("card not refreshed: %+v", sel)
	}

	zh := newHarness(t, s, "alice", i18n.ZH, 160, 48)
	zh.press("l")
	card := zh.selected()
	if _, err := s.AddNote(ctx, "bob", card.ID, card.Version, "先别动"); err != nil {
		t.Fatal(err)
	}
	zh.press("shift+l")
	zh.wantStatus("冲突：" + card.Key() + " 在你读取后已被 bob 修改")
	if got := zh.ticket(card.ID); got.Status != card.Status {
		t.Errorf("stale move carried out: %s", got.Status)
	}
}

// TestCursorStaysWhenCardsInsertedAbove: new high-priority cards sort
// above the selected one; after a refresh the cursor is still on it.
func TestCursorStaysWhenCardsInsertedAbove(t *testing.T) {
	s := openStore(t)
	ts := manyPending(t, s, 30)
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	for range 5 {
		h.press("j")
	}
	card := h.selected()
	if card.ID != ts[5].ID {
		t.Fatalf("on %s, want %s", card.Key(), ts[5].Key())
	}
	for range 20 {
		if _, err := s.CreateTicket(context.Background(), "bob", store.NewTicket{Title: "urgent", Channel: domain.Hotline, Priority: domain.High}); err != nil {
			t.Fatal(err)
		}
	}
	h.press("ctrl+r")
	if sel := h.selected(); sel.ID != card.ID {
		t.Fatalf("after the refresh the cursor is on %s, want %s\n%s", sel.Key(), card.Key(), h.view())
	}
	if row := h.m.board.current().sel; row != 5 {
		t.Errorf("the card moved on screen: row %d, want 5", row)
	}
}

// TestCursorFollowsCardMovedByFeed: another agent moves the selected card;
// the feed wakes the board without a key press, and the cursor follows.
func TestCursorFollowsCardMovedByFeed(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	ctx := context.Background()
	feed, err := live.NewFeed(ctx, s, time.Hour, nil)
	if err != nil {
		t.Fatal(err)
	}
	sub := feed.Subscribe()
	defer feed.Unsubscribe(sub)
	m := newModel(Options{Desk: s, Feed: sub, Me: agent(t, s, "alice"), Lang: i18n.EN, Now: fixedNow})
	h := &harness{t: t, s: s, m: m}
	h.run(m.Init())
	h.send(windowSize(160, 48))
	h.press("l", "j") // in progress, FB-1009 (alice's)
	card := h.selected()
	if _, err := s.Move(ctx, "carol", card.ID, card.Version, domain.Testing); err != nil {
		t.Fatal(err)
	}
	if err := feed.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	h.pump()
	if sel := h.selected(); sel.ID != card.ID || sel.Status != domain.Testing || h.m.board.focus != 2 {
		t.Fatalf("cursor on %s in column %d, want %s in testing", sel.Key(), h.m.board.focus, card.Key())
	}
	h.wantStatus(card.Key() + " moved to Testing by carol")

	// A change elsewhere reloads the board too, and the cursor stays put.
	other, err := s.CreateTicket(ctx, "bob", store.NewTicket{Title: "新工单", Channel: domain.WeChat, Priority: domain.High})
	if err != nil {
		t.Fatal(err)
	}
	if err := feed.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	h.pump()
	if !strings.Contains(h.view(), other.Key()) {
		t.Errorf("new card %s not on the board after the feed event", other.Key())
	}
	if sel := h.selected(); sel.ID != card.ID {
		t.Errorf("cursor moved to %s", sel.Key())
	}
}

// TestCardGoneUnderFilter: the selected card leaves the filtered board;
// the cursor keeps its row and the user is told.
func TestCardGoneUnderFilter(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	h.press("f", "2") // only unassigned
	h.press("j")
	card := h.selected()
	if card.Owner != "" {
		t.Fatalf("unassigned filter shows %s owned by %s", card.Key(), card.Owner)
	}
	if _, err := s.Assign(context.Background(), "carol", card.ID, card.Version, "bob"); err != nil {
		t.Fatal(err)
	}
	h.press("f5")
	h.wantStatus(card.Key() + " is no longer on the board under the current filter")
	if row := h.m.board.current().sel; row != 1 {
		t.Errorf("cursor row %d, want it kept at 1", row)
	}
}
