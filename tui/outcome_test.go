package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
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
