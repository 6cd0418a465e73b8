package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// The mouse, as lazygit and k9s use it: a click selects a card (a click
// on the selected card opens it) or a column's tab; the wheel moves
// through what is under the pointer as the moving keys do, so the tables
// stay the one place that says what moving means. Options.NoMouse leaves
// the terminal's own selection alone instead.

// wheelLines is how many lines one notch of the wheel scrolls a card.
const wheelLines = 3

// mouse handles a click or a wheel notch.
func (m *Model) mouse(msg tea.Msg) tea.Cmd {
	if m.quitting || m.opening > 0 {
		return nil
	}
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		return m.wheel(msg)
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft || m.layer != nil || m.detail != nil {
			return nil
		}
		if m.screen != nil {
			return m.clickList(msg.Y)
		}
		return m.clickBoard(msg.X, msg.Y)
	}
	return nil
}

// clickList selects the row of a screen's list at y; a click on the
// selected row acts as enter.
func (m *Model) clickList(y int) tea.Cmd {
	ls, ok := m.screen.(listScreen)
	if !ok {
		return nil
	}
	c, ok := ls.active().(clickable)
	if !ok {
		return nil
	}
	switch c.click(y) {
	case clickedSelected:
		return m.screenKey(tea.KeyPressMsg{Code: tea.KeyEnter})
	}
	return nil
}

// clickable is a list that takes clicks on its rows.
type clickable interface{ click(y int) clicked }

// clicked is what a click on a list did.
type clicked int

const (
	clickedNothing  clicked = iota
	clickedRow              // moved the cursor to the row
	clickedSelected         // the row was already under the cursor
)

// click puts the cursor on the row drawn at screen line y (as the last
// view drew the window).
func (l *list[T]) click(y int) clicked {
	i := y - l.rowsAt
	if !l.loaded || i < 0 || i >= l.rowsLast || l.top+i >= len(l.shown) {
		return clickedNothing
	}
	if l.top+i == l.cur {
		return clickedSelected
	}
	l.cur = l.top + i
	return clickedRow
}

// wheel turns a notch into the moving key of what is in front: a card
// scrolls a few lines, the board moves the cursor of the column under the
// pointer, a list, the help and a picker move their cursor. Forms take no
// wheel: their up and down go between fields.
func (m *Model) wheel(msg tea.MouseWheelMsg) tea.Cmd {
	var down bool
	switch msg.Button {
	case tea.MouseWheelDown:
		down = true
	case tea.MouseWheelUp:
	default:
		return nil
	}
	k := tea.KeyPressMsg{Code: tea.KeyUp}
	if down {
		k = tea.KeyPressMsg{Code: tea.KeyDown}
	}
	switch {
	case m.layer != nil:
		switch m.layer.(type) {
		case *helpScreen, *picker:
			return m.toLayer(k)
		}
		return nil
	case m.detail != nil:
		var cmds []tea.Cmd
		for range wheelLines {
			cmds = append(cmds, m.detailKey(k))
		}
		return tea.Batch(cmds...)
	case m.screen != nil:
		return m.screenKey(k)
	}
	if col, ok := m.columnAt(msg.X); ok {
		m.board.focus = col
	}
	return m.boardKey(k)
}

// clickBoard selects the card at x, y (a click on the selected card
// opens it), or focuses the column whose header or tab is clicked.
func (m *Model) clickBoard(x, y int) tea.Cmd {
	w, _ := m.size()
	y -= m.bannerRows()
	if y < 0 {
		return nil
	}
	col, ok := m.columnAt(x)
	if tabbed(w) && y == 0 {
		col, ok = m.tabAt(x)
	}
	if !ok {
		return nil
	}
	b := &m.board
	b.focus = col
	// Header, rule and the "more above" line, then the cards: in columns
	// each takes cardLines and a blank line, in tabs one line.
	const top = 3
	if y < top {
		return nil
	}
	i, per := y-top, cardLines+1
	if tabbed(w) {
		per = 1
	}
	if (i % per) >= cardLines {
		return nil // the blank line between cards
	}
	i /= per
	c := b.current()
	if i >= len(c.cards) {
		return nil
	}
	if c.sel == i {
		return m.boardKey(tea.KeyPressMsg{Code: tea.KeyEnter})
	}
	c.sel = i
	return nil
}

// columnAt is the board column at x when the columns stand side by side
// (in tabs, the one shown).
func (m *Model) columnAt(x int) (int, bool) {
	w, _ := m.size()
	if tabbed(w) {
		return m.board.focus, true
	}
	if x < 0 || x >= w {
		return 0, false
	}
	colW := (w - (nCols - 1)) / nCols
	return min(x/(colW+1), nCols-1), true
}

// tabAt is the column whose tab (tabBar) is at x.
func (m *Model) tabAt(x int) (int, bool) {
	l := m.env.lang
	at := 0
	for i := range m.board.cols {
		c := &m.board.cols[i]
		tab := textsafe.Width(l.Status(c.status)+" "+count(c.count, c.capped)) + 2
		if x < at+tab {
			return i, true
		}
		at += tab + 1 // and the separator
	}
	return 0, false
}
