package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/i18n"
)

// TestBulkReassignWithConflict: a supervisor selects three cards, someone
// changes one of them meanwhile; the other two are reassigned, the changed
// one is reported and stays selected at its new version, and a second a
// reassigns it deliberately. The board shows only unassigned cards, so the
// reassigned ones leave it; the report stays on the status line.
func TestBulkReassignWithConflict(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "carol", i18n.EN, 160, 48)
	h.press("f", "2")
	h.press("v", "j", "space", "j", "v") // FB-1001, FB-1002, FB-1004
	if n := len(h.m.marks); n != 3 {
		t.Fatalf("%d cards selected, want 3", n)
	}
	h.wantStatus("FB-1004 selected (3 in all)")
	for _, k := range []string{"FB-1001", "FB-1002", "FB-1004"} {
		if got := cardText(t, h, k); !strings.HasPrefix(got, "✓") {
			t.Errorf("%s not marked:\n%s", k, got)
		}
	}
	if got := cardText(t, h, "FB-1005"); strings.Contains(got, "✓") {
		t.Errorf("FB-1005 marked:\n%s", got)
	}
	if !strings.Contains(h.view(), "3 selected") {
		t.Errorf("status line does not count the selection:\n%s", h.view())
	}
	changed := h.selected() // FB-1004
	if _, err := s.AddNote(context.Background(), "alice", changed.ID, changed.Version, "客户又来电了"); err != nil {
		t.Fatal(err)
	}
	h.press("a")
	if !strings.Contains(h.view(), "Assign 3 cards to") {
		t.Fatalf("a does not open the bulk picker:\n%s", h.view())
	}
	h.press("3") // unassigned, alice, bob
	h.wantStatus("2 reassigned to bob, 1 conflict: FB-1004 changed by alice; those stay selected, a retries")
	if !h.m.status.err {
		t.Error("a conflict is not shown as an error")
	}
	for _, id := range []int64{1, 2} {
		if c := h.ticket(id); c.Owner != "bob" {
			t.Errorf("%s owned by %q, want bob", c.Key(), c.Owner)
		}
	}
	if _, ok := onBoard(h)["FB-1001"]; ok {
		t.Error("a reassigned card is still on the unassigned board")
	}
	if got := h.ticket(changed.ID); got.Owner != "" {
		t.Fatalf("the changed card was reassigned blind to %q", got.Owner)
	}
	if len(h.m.marks) != 1 || !h.m.marks.has(changed.ID) {
		t.Fatalf("selection after the conflict: %v", h.m.marks.cards())
	}
	h.press("a", "3")
	h.wantStatus("1 reassigned to bob")
	if got := h.ticket(changed.ID); got.Owner != "bob" {
		t.Errorf("retry: owned by %q", got.Owner)
	}
	if len(h.m.marks) != 0 {
		t.Error("selection kept after everything was reassigned")
	}
}

func TestSelectionToggleAndClear(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "carol", i18n.ZH, 80, 24)
	h.press("space", "space")
	if len(h.m.marks) != 0 {
		t.Fatal("space twice should unselect")
	}
	h.press("v", "l", "v")
	if !strings.Contains(h.view(), "▌✓FB-1006") {
		t.Errorf("selected card under the cursor not marked in the narrow layout:\n%s", h.view())
	}
	h.press("esc")
	if len(h.m.marks) != 0 {
		t.Fatal("esc does not clear the selection")
	}
	h.wantStatus("已清除选择")
	// With nothing selected, a assigns the card under the cursor as before.
	h.press("a")
	if !strings.Contains(h.view(), "将 FB-1006 分配给") {
		t.Errorf("a without a selection:\n%s", h.view())
	}
}

// TestBulkRefusedShowsWhy: a refusal other than a conflict says why and
// drops the card from the selection.
func TestBulkRefusedShowsWhy(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "carol", i18n.EN, 160, 48)
	h.press("l", "v", "j", "v") // FB-1006 (bob's), FB-1009 (alice's)
	h.press("a", "3")           // to bob
	h.wantStatus("1 reassigned to bob, 1 refused: FB-1006 (Invalid: FB-1006 is already assigned to bob)")
	if len(h.m.marks) != 0 {
		t.Errorf("refused card still selected: %v", h.m.marks.cards())
	}
}
