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

// TestStatusFades: news leaves the status line after a few seconds, a
// refusal stays longer; the fade tick is sent by hand after moving the
// clock, as the program would send it.
func TestStatusFades(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	clock := clockOf(s)
	h.press("s")
	h.wantStatus("sorted by due")
	clock.advance(3 * time.Second)
	h.send(fadeMsg{})
	h.wantStatus("sorted by due") // not yet
	clock.advance(3 * time.Second)
	h.send(fadeMsg{})
	if h.m.status.text != "" {
		t.Fatalf("news still shown after 6s: %q", h.m.status.text)
	}

	h.press("m", "4") // pending → resolved is refused
	h.wantStatus("cannot move")
	clock.advance(6 * time.Second)
	h.send(fadeMsg{})
	h.wantStatus("cannot move") // a refusal outlives news
	clock.advance(7 * time.Second)
	h.send(fadeMsg{})
	if h.m.status.text != "" {
		t.Fatalf("refusal still shown after 13s: %q", h.m.status.text)
	}
	// A new message starts its own time.
	h.press("s")
	clock.advance(4 * time.Second)
	h.send(fadeMsg{})
	h.wantStatus("sorted by priority")
}

// TestReopenAsks: moving a resolved card back into work says it is a
// reopen and waits for yes.
func TestReopenAsks(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.ZH, 160, 48)
	h.press("l", "l", "l") // resolved
	card := h.selected()
	if card.Status != domain.Resolved {
		t.Fatalf("cursor on %s (%s)", card.Key(), card.Status)
	}
	h.press("m", "2")
	want := "重新打开 " + card.Key() + "，从已解决退回处理中？将计入重开次数。"
	if !strings.Contains(h.view(), want) {
		t.Fatalf("reopen does not ask %q:\n%s", want, h.view())
	}
	h.press("esc")
	if got := h.ticket(card.ID); got.Status != domain.Resolved {
		t.Fatalf("esc reopened the card: %s", got.Status)
	}
	h.press("m", "2", "y")
	if got := h.ticket(card.ID); got.Status != domain.InProgress || got.ReopenCount != 1 {
		t.Fatalf("after yes: %s, reopened %d times", got.Status, got.ReopenCount)
	}
}

// TestBulkResultNamesTheAgent: the bulk result says to whom, in Chinese
// too.
func TestBulkResultNamesTheAgent(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "carol", i18n.ZH, 160, 48)
	h.press("v", "j", "v", "a", "3") // two pending cards to bob
	h.wantStatus("已将 2 张工单转派给 bob")
}

// TestUndoLastMove: z puts back my last move, which took the card, as a
// change of its own; a second z has nothing left to undo.
func TestUndoLastMove(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	card := h.selected() // pending, unassigned
	h.press("m", "2")
	if got := h.ticket(card.ID); got.Status != domain.InProgress || got.Owner != "alice" {
		t.Fatalf("move: %s owned by %q", got.Status, got.Owner)
	}
	h.press("z")
	h.wantStatus("Undone: " + card.Key() + " is back in Pending (unassigned)")
	got := h.ticket(card.ID)
	if got.Status != domain.Pending || got.Owner != "" {
		t.Fatalf("after z: %s owned by %q", got.Status, got.Owner)
	}
	if e := lastEvent(t, s, card.ID); e.Kind != domain.EvUndone || e.Actor != "alice" {
		t.Errorf("last event %+v, want alice's undo", e)
	}
	if h.selected().ID != card.ID {
		t.Errorf("cursor did not follow the card back to pending")
	}
	h.press("z")
	h.wantStatus("Nothing to undo")
}

// TestUndoRefusedWhenChanged: a card someone changed after my
// reassignment is not put back; the refusal says who changed it.
func TestUndoRefusedWhenChanged(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "carol", i18n.ZH, 160, 48)
	card := h.selected()
	h.press("a", "3") // to bob
	after := h.ticket(card.ID)
	if after.Owner != "bob" {
		t.Fatalf("assign: owner %q", after.Owner)
	}
	if _, err := s.AddNote(context.Background(), "alice", card.ID, after.Version, "客户来电催促"); err != nil {
		t.Fatal(err)
	}
	h.press("z")
	h.wantStatus("未撤销：" + card.Key() + " 此后已被 alice 改动")
	if !h.m.status.err {
		t.Error("the refusal is not shown as one")
	}
	if got := h.ticket(card.ID); got.Owner != "bob" {
		t.Errorf("refused undo changed the owner to %q", got.Owner)
	}
}

// TestFailedDeliveryAnnounced: when the outbox gives up on my reply, the
// status line says so on whatever screen I am on; another agent's
// session says nothing.
func TestFailedDeliveryAnnounced(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	tickets := seed(t, s, fixtures)
	tk := tickets[5] // FB-1006, bob's, in progress
	if _, _, err := s.Reply(ctx, "bob", tk.ID, tk.Version, store.Draft{Text: "我们正在处理，请稍候。"}); err != nil {
		t.Fatal(err)
	}
	jobs, err := s.ClaimDeliveries(ctx, "w", time.Minute, 10, 0)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim: %v, %d jobs", err, len(jobs))
	}
	if err := s.RecordAttempt(ctx, "w", jobs[0].ReplyID, store.Outcome{Status: 502, Err: "HTTP 502: bad gateway"}); err != nil {
		t.Fatal(err)
	}
	failed := lastEvent(t, s, tk.ID)
	if failed.Kind != store.EvDeliveryFailed {
		t.Fatalf("last event %+v", failed)
	}
	batch := feedMsg{batch: live.Batch{Events: []domain.Event{failed}}, ok: true}

	bob := newHarness(t, s, "bob", i18n.EN, 80, 24)
	bob.press("T") // on the team screen, not the card
	bob.send(batch)
	bob.wantStatus("Your reply on FB-1006 did not reach the customer: HTTP 502: bad gateway — open the card, Y retries")
	if !strings.Contains(bob.view(), "did not reach") {
		t.Errorf("not on screen:\n%s", bob.view())
	}

	carol := newHarness(t, s, "carol", i18n.EN, 80, 24)
	carol.send(batch)
	if strings.Contains(carol.m.status.text, "did not reach") {
		t.Errorf("announced to someone else: %q", carol.m.status.text)
	}
}
