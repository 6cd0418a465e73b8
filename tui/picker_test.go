package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
)

// TestAssignPickerSortsFiltersAndShowsLoad: the agents are in natural
// order (agent2 before agent10) with their open cards beside them; typing
// narrows the list (j is a letter here, not a move), enter assigns the
// one left.
func TestAssignPickerSortsFiltersAndShowsLoad(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	for _, n := range []string{"agent10", "agent2"} {
		if err := s.AddAgent(context.Background(), "alice", domain.Agent{Name: n, Role: domain.RoleAgent, Team: "service_desk"}); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, s, "carol", i18n.EN, 120, 40)
	card := h.selected()
	h.press("a")
	v := h.view()
	a2, a10, bob := strings.Index(v, "agent2 "), strings.Index(v, "agent10 "), strings.Index(v, "bob — Bob Li")
	if a2 < 0 || a10 < 0 || a2 > a10 || a10 > bob {
		t.Fatalf("agents not in natural order:\n%s", v)
	}
	if !strings.Contains(v, "bob — Bob Li (agent) (2 open)") || !strings.Contains(v, "agent2 (agent) (0 open)") {
		t.Fatalf("load not beside the agents:\n%s", v)
	}
	h.typeText("wang")
	if v := h.view(); strings.Contains(v, "bob — Bob Li") || !strings.Contains(v, "wang.fang — 王芳") {
		t.Fatalf("typing wang did not narrow the list:\n%s", v)
	}
	h.press("backspace", "backspace", "backspace", "backspace")
	h.typeText("agent1")
	h.press("enter")
	if got := h.ticket(card.ID); got.Owner != "agent10" {
		t.Fatalf("assigned to %q, want agent10", got.Owner)
	}
}

// TestPickerScrollsWithIndicator: at 80×24 a long agent list shows which
// part of it is on screen.
func TestPickerScrollsWithIndicator(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	for i := range 20 {
		name := "agent" + string(rune('a'+i))
		if err := s.AddAgent(context.Background(), "alice", domain.Agent{Name: name, Role: domain.RoleAgent, Team: "service_desk"}); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, s, "carol", i18n.ZH, 80, 24)
	h.press("a")
	if v := h.view(); !strings.Contains(v, "1–") || !strings.Contains(v, "/25 ↓") {
		t.Fatalf("no indicator on a long picker:\n%s", v)
	}
	h.press("up") // wraps to the last
	if v := h.view(); !strings.Contains(v, "↑ ") || !strings.Contains(v, "/25") {
		t.Fatalf("no indicator at the end of the list:\n%s", v)
	}
}
