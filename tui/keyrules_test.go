package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/i18n"
)

// TestEscBacksOutOneLevel: esc clears the board's search, then its
// filter, in place; it closes a layer, a card, an open article inside a
// screen, then the screen; never more than one level a press.
func TestEscBacksOutOneLevel(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	if _, err := s.SweepSLA(context.Background()); err != nil { // two cards escalated
		t.Fatal(err)
	}
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)

	h.press("f", "3", "2") // priority high
	h.press("/")
	h.typeText("退款")
	h.press("enter")
	if n := len(onBoard(h)); n != 1 {
		t.Fatalf("search within high: %d cards", n)
	}
	h.press("esc")
	if h.m.filter.Search != "" || h.m.filter.Priority == nil {
		t.Fatalf("first esc should clear the search only: %+v", h.m.filter)
	}
	h.wantStatus("search cleared")
	h.press("esc")
	if h.m.filter.Priority != nil || len(onBoard(h)) != len(fixtures) {
		t.Fatalf("second esc should clear the filter: %+v", h.m.filter)
	}
	if h.quit {
		t.Fatal("esc quit")
	}

	// Card → board.
	h.press("enter")
	if h.m.detail == nil {
		t.Fatal("enter did not open the card")
	}
	h.press("esc")
	if h.m.detail != nil {
		t.Fatal("esc did not close the card")
	}

	// A card opened from a screen goes back to the screen, then the board.
	h.press("E", "enter")
	if h.m.detail == nil || h.m.screen == nil {
		t.Fatalf("queue → card: detail %v screen %T", h.m.detail != nil, h.m.screen)
	}
	h.press("esc")
	if h.m.detail != nil || !screenIs[*queueScreen](h.m) {
		t.Fatalf("esc in a card from the queue: detail %v screen %T", h.m.detail != nil, h.m.screen)
	}
	h.press("esc")
	if h.m.screen != nil {
		t.Fatalf("esc on the queue did not go back to the board: %T", h.m.screen)
	}

	// A screen's search is cleared in place, then esc leaves the screen.
	h.press("K", "/")
	h.typeText("refund")
	h.press("enter")
	if kb, ok := h.m.screen.(*kbScreen); !ok || kb.query != "refund" {
		t.Fatalf("knowledge base search: %T", h.m.screen)
	}
	h.press("esc")
	if kb, ok := h.m.screen.(*kbScreen); !ok || kb.query != "" {
		t.Fatalf("esc should clear the search and stay: %T", h.m.screen)
	}
	h.press("esc")
	if h.m.screen != nil {
		t.Fatalf("esc did not leave the knowledge base: %T", h.m.screen)
	}

	// A layer closes and leaves what was under it.
	h.press("enter", "a")
	if h.m.layer == nil {
		t.Fatal("a did not open the picker")
	}
	h.press("esc")
	if h.m.layer != nil || h.m.detail == nil {
		t.Fatalf("esc on the picker: layer %T, detail open %v", h.m.layer, h.m.detail != nil)
	}
}

// TestQQuitsOnlyFromTheBoard: q in a card, on a screen or in the help
// says where it quits; on the board it quits.
func TestQQuitsOnlyFromTheBoard(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		h := newHarness(t, s, "alice", lang, 120, 40)
		for _, path := range [][]string{{"enter"}, {"E"}, {"T"}, {"d"}, {"K"}, {"?"}} {
			h.press(path...)
			h.press("q")
			if h.quit {
				t.Fatalf("%s: q after %v quit", lang, path)
			}
			h.wantStatus(lang.T(i18n.MsgQuitFromBoard))
			h.press("esc")
			if h.m.detail != nil || h.m.screen != nil || h.m.layer != nil {
				t.Fatalf("%s: esc after %v did not go back to the board", lang, path)
			}
		}
		h.press("q")
		if !h.quit {
			t.Fatalf("%s: q on the board did not quit", lang)
		}
	}
}

// TestCtrlCAsksWhenTextWouldBeLost: ctrl+c quits at once, but where a
// form or a reply holds typed text it asks first; any key but y keeps the
// text, y quits.
func TestCtrlCAsksWhenTextWouldBeLost(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 120, 40)
	h.press("N") // note form on the first card, empty
	h.press("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c on an empty form should quit")
	}

	h = newHarness(t, s, "alice", i18n.ZH, 120, 40)
	h.press("N")
	h.typeText("客户说周五前回电")
	h.press("ctrl+c")
	if h.quit {
		t.Fatal("ctrl+c quit a form holding text without asking")
	}
	h.wantStatus("退出并丢弃")
	h.press("n")
	if h.quit || h.m.layer == nil || !strings.Contains(h.view(), "客户说周五前回电") {
		t.Fatalf("n should go back to the form with its text:\n%s", h.view())
	}
	h.press("ctrl+c", "y")
	if !h.quit {
		t.Fatal("y did not quit")
	}
}
