package tui

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
)

func click(x, y int) tea.MouseClickMsg {
	return tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft}
}

func wheel(x, y int, down bool) tea.MouseWheelMsg {
	b := tea.MouseWheelUp
	if down {
		b = tea.MouseWheelDown
	}
	return tea.MouseWheelMsg{X: x, Y: y, Button: b}
}

// TestMouseOnTheBoard: a click selects the card under it, a second click
// opens it; the wheel moves the cursor of the column under the pointer.
func TestMouseOnTheBoard(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	colW := (160 - (nCols - 1)) / nCols
	inProgress := h.m.board.cols[1].cards
	if len(inProgress) < 2 {
		t.Fatalf("fixture: %d cards in progress", len(inProgress))
	}
	// Second card of the second column: header, rule, more line, then
	// the first card (3 lines) and a blank line.
	x, y := colW+1+4, 3+cardLines+1+1
	h.send(click(x, y))
	if h.m.board.focus != 1 || h.selected().ID != inProgress[1].ID {
		t.Fatalf("click: focus %d, selected %s; want %s", h.m.board.focus, h.selected().Key(), inProgress[1].Key())
	}
	if h.m.detail != nil {
		t.Fatal("the first click opened the card")
	}
	h.send(click(x, y))
	if h.m.detail == nil || h.m.detail.id != inProgress[1].ID {
		t.Fatal("a click on the selected card did not open it")
	}
	h.press("esc")

	// The wheel over the third column moves its cursor.
	h.send(wheel(2*(colW+1)+3, 10, true))
	if h.m.board.focus != 2 || h.m.board.cols[2].sel != 1 {
		t.Fatalf("wheel down over testing: focus %d, sel %d", h.m.board.focus, h.m.board.cols[2].sel)
	}
	h.send(wheel(2*(colW+1)+3, 10, false))
	if h.m.board.cols[2].sel != 0 {
		t.Fatalf("wheel up: sel %d", h.m.board.cols[2].sel)
	}
	// A click between cards or below the last does nothing.
	h.send(click(3, 3+cardLines))
	h.send(click(3, 47))
	if h.m.board.focus != 0 || h.m.detail != nil {
		t.Fatalf("blank clicks: focus %d, detail %v", h.m.board.focus, h.m.detail != nil)
	}
}

// TestMouseTabsAndLists: at 80 columns a click on a tab shows that
// column; the wheel scrolls a card and moves a list's cursor; a form
// ignores the wheel.
func TestMouseTabsAndLists(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	if _, err := s.SweepSLA(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	if !tabbed(80) {
		t.Fatal("80 columns should show tabs")
	}
	x := 0
	for i := range 2 {
		x += displayWidth(h.m.env.lang.Status(h.m.board.cols[i].status)+" "+count(h.m.board.cols[i].count, h.m.board.cols[i].capped)) + 3
	}
	h.send(click(x+1, 0)) // the third tab
	if h.m.board.focus != 2 {
		t.Fatalf("click on the testing tab: focus %d", h.m.board.focus)
	}

	h.press("enter")
	h.send(wheel(10, 10, true))
	if off := h.m.detail.vp.YOffset(); off != wheelLines {
		t.Fatalf("wheel in the card: offset %d, want %d", off, wheelLines)
	}
	h.press("esc", "E")
	h.send(wheel(10, 5, true))
	q := h.m.screen.(*queueScreen)
	if q.list.cur != 1 {
		t.Fatalf("wheel on the queue: cursor %d", q.list.cur)
	}
	// A click on a row selects it (the queue's title and a blank line
	// come first); a click on the selected row opens its card.
	h.view() // as the terminal shows it before the click
	if q.list.rowsAt < 2 {
		t.Fatalf("the queue's rows start at line %d", q.list.rowsAt)
	}
	h.send(click(10, q.list.rowsAt))
	if q.list.cur != 0 {
		t.Fatalf("click on the first row: cursor %d", q.list.cur)
	}
	h.send(click(10, q.list.rowsAt))
	if h.m.detail == nil {
		t.Fatal("a click on the selected row did not open its card")
	}
	h.press("esc")
	h.press("esc", "n")
	form := h.m.layer
	h.send(wheel(10, 5, true))
	if h.m.layer != form {
		t.Fatal("the wheel changed the form")
	}
}

// TestNoMouse: the mouse is on unless Options.NoMouse.
func TestNoMouse(t *testing.T) {
	s := openStore(t)
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	if h.m.View().MouseMode != tea.MouseModeCellMotion {
		t.Fatal("mouse is off by default")
	}
	o := Options{Desk: s, Me: agent(t, s, "alice"), Lang: i18n.EN, NoMouse: true}
	if h := startHarness(t, s, o, 80, 24); h.m.View().MouseMode != tea.MouseModeNone {
		t.Fatal("NoMouse still asks for the mouse")
	}
}
