package tui

import (
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// TestListFilterMarksAndWindow: on the escalation queue (a list like every
// other), / narrows the rows as the filter is typed and esc clears it;
// marked rows are acknowledged together with one report; a window too
// short for the list says which rows it shows and that more lie below.
func TestListFilterMarksAndWindow(t *testing.T) {
	h := escalatedDesk(t)
	h.press("E")
	all := queueKeys(h)
	if len(all) != 5 {
		t.Fatalf("queue %v, want 5 rows", all)
	}

	h.press("/")
	h.typeText("快递")
	if got := queueKeys(h); len(got) != 1 || got[0] != "FB-1004" {
		t.Fatalf("filter 快递 shows %v", got)
	}
	if v := h.view(); !strings.Contains(v, "filter: 快递") || strings.Contains(v, "FB-1002") {
		t.Fatalf("filtered view:\n%s", v)
	}
	h.press("j") // typed into the filter, not a move
	if v := h.view(); !strings.Contains(v, "filter: 快递j") || !strings.Contains(v, "Nothing here matches") {
		t.Fatalf("typing j:\n%s", v)
	}
	h.press("backspace", "enter")
	h.press("esc") // clears the filter, stays on the screen
	if _, ok := h.m.screen.(*queueScreen); !ok || len(queueKeys(h)) != 5 {
		t.Fatalf("esc did not clear the filter in place:\n%s", h.view())
	}

	h.press("space", "space") // marks the first two, the cursor moving on
	if v := h.view(); !strings.Contains(v, "2 marked") || !strings.Contains(v, " ✓ "+all[0]) || !strings.Contains(v, " ✓ "+all[1]) {
		t.Fatalf("marks not shown:\n%s", v)
	}
	h.press("A")
	h.wantStatus("2 escalations acknowledged")
	for _, k := range all[:2] {
		tk, err := h.s.TicketByKey(t.Context(), k)
		if err != nil {
			t.Fatal(err)
		}
		if e := lastEvent(t, h.s, tk.ID); e.Kind != domain.EvEscalationOK || e.Actor != "carol" {
			t.Errorf("%s: last event %+v, want carol's acknowledgement", k, e)
		}
	}

	h.send(windowSize(100, 6)) // title, blank, a row, the indicator, two status lines
	if v := h.view(); !strings.Contains(v, "1–1 of 3 ↓") {
		t.Fatalf("no scroll indicator in a short window:\n%s", v)
	}
	h.press("G")
	if v := h.view(); !strings.Contains(v, "↑ ") {
		t.Fatalf("no indicator of rows above at the bottom:\n%s", v)
	}
}
