package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

func TestWaitKeysPauseAndResume(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	ctx := context.Background()
	h := newHarness(t, s, "alice", i18n.EN, 120, 40)
	h.press("right") // in progress: FB-1006
	card := h.selected()
	h.press("w")
	if _, ok := h.m.layer.(*prompt); !ok {
		t.Fatalf("w did not ask for the question:\n%s", h.view())
	}
	h.press("enter") // no question: refused in place
	if _, ok := h.m.layer.(*prompt); !ok {
		t.Fatal("an empty question closed the prompt")
	}
	h.typeText("Which app version do you run?")
	h.press("enter")
	w, ok, err := s.Waiting(ctx, card.ID)
	if err != nil || !ok || w.Reason != "Which app version do you run?" || w.By != "alice" {
		t.Fatalf("after w: waiting %+v %v %v", w, ok, err)
	}
	h.wantStatus("clock is paused")
	clockOf(s).advance(5 * time.Hour)
	h.send(tickMsg{})
	h.press("ctrl+r")
	if v := h.view(); !strings.Contains(v, "FB-1006 H ⏸5h") {
		t.Fatalf("the board card does not show the wait:\n%s", v)
	}
	h.press("enter")
	if v := h.view(); !strings.Contains(v, "clock paused): Which app version") {
		t.Fatalf("the detail does not show the wait:\n%s", v)
	}
	h.press("W")
	h.typeText("phoned back: 5.3.1")
	h.press("enter")
	if _, ok, _ := s.Waiting(ctx, card.ID); ok {
		t.Fatalf("W did not end the wait:\n%s", h.view())
	}
	h.wantStatus("the clock runs again")
	if v := h.view(); strings.Contains(v, "clock paused") {
		t.Fatalf("the detail still shows the wait:\n%s", v)
	}
}

// seedWait has bob ask FB-1006's customer a question three hours before
// epoch: its resolution clock is paused since.
func seedWait(t testing.TB, s *store.Store) {
	t.Helper()
	clock := clockOf(s)
	defer clock.set(epoch)
	clock.set(epoch.Add(-3 * time.Hour))
	tk, err := s.Ticket(context.Background(), 6)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartWait(context.Background(), "bob", tk.ID, tk.Version, "请问您使用的 App 版本号是多少？"); err != nil {
		t.Fatal(err)
	}
}
