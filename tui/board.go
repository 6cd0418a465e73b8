package tui

import (
	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

// nCols is the number of board columns, len(domain.Statuses); arrays of
// columns need it as a constant.
const nCols = 5

// column is one board column as the screen holds it: only the visible
// window of cards, read by keyset, never the whole column.
type column struct {
	status domain.Status
	cards  []domain.Ticket // the window, in board order
	top    *store.Cursor   // where the window starts (nil: top of column)
	above  bool            // cards exist before the window
	below  bool            // cards exist after the window
	sel    int             // selected row within cards
	count  int
	capped bool // count stopped at the cap ("999+")
}

// selected is the card under this column's cursor.
func (c *column) selected() (domain.Ticket, bool) {
	if c.sel < 0 || c.sel >= len(c.cards) {
		return domain.Ticket{}, false
	}
	return c.cards[c.sel], true
}

// board is the five columns and which one has the focus.
type board struct {
	cols  [nCols]column
	focus int
	waits map[int64]store.Wait // the cards shown that wait for the customer
	fresh bool                 // a new desk: the board shows the first-run guide

	// What the last frame drew (boardview.go), for the next to reuse.
	drawn [nCols]drawnColumn
	body  drawnBody
}

func newBoard() board {
	var b board
	for i, s := range domain.Statuses {
		b.cols[i].status = s
	}
	return b
}

func (b *board) current() *column { return &b.cols[b.focus] }

// selected is the card under the cursor of the focused column.
func (b *board) selected() (domain.Ticket, bool) { return b.current().selected() }

// selectedID is the ID of the card under the cursor, or 0.
func (b *board) selectedID() int64 {
	t, _ := b.selected()
	return t.ID
}

// reselect puts the focused column's cursor on card id if it is there.
func (b *board) reselect(id int64) {
	c := b.current()
	if i := indexOf(c.cards, id); id != 0 && i >= 0 {
		c.sel = i
	}
}

// keyWidth is the widest key on screen, so the keys of all cards line up.
func (b *board) keyWidth() int {
	w := len("FB-1001")
	for _, c := range b.cols {
		for _, t := range c.cards {
			w = max(w, len(t.Key()))
		}
	}
	return w
}

// request describes reloading every column where it stands, keeping each
// column's selected card.
func (b *board) request() loadReq {
	var r loadReq
	r.focus = b.focus
	r.fromFocus, r.fromSel = b.focus, b.selectedID()
	for i := range b.cols {
		c := &b.cols[i]
		r.cols[i] = colSpec{anchor: c.top, selRow: c.sel}
		if t, ok := c.selected(); ok {
			r.cols[i].selID = t.ID
		}
	}
	return r
}

// step moves the cursor one card within the window. It reports false when
// the move leaves the window, which needs a load.
func (b *board) step(delta int) bool {
	c := b.current()
	n := c.sel + delta
	if n < 0 || n >= len(c.cards) {
		return false
	}
	c.sel = n
	return true
}

// scrollDown asks for the window moved one card down: the last card stays
// and the one after it is selected.
func (b *board) scrollDown() (loadReq, bool) {
	c := b.current()
	if !c.below || len(c.cards) == 0 {
		return loadReq{}, false
	}
	r := b.request()
	last := c.cards[len(c.cards)-1]
	cur := store.CursorOf(last)
	r.cols[b.focus] = colSpec{anchor: &cur, row: max(len(c.cards)-2, 0), selRow: len(c.cards) - 1}
	r.after = last.ID
	return r, true
}

// scrollUp asks for the window moved one card up, selecting the new top.
func (b *board) scrollUp() (loadReq, bool) {
	c := b.current()
	if !c.above || len(c.cards) == 0 {
		return loadReq{}, false
	}
	r := b.request()
	cur := store.CursorOf(c.cards[0])
	r.cols[b.focus] = colSpec{anchor: &cur, row: 1}
	return r, true
}

// pageDown asks for the window that starts with the last visible card.
func (b *board) pageDown() (loadReq, bool) {
	c := b.current()
	if !c.below || len(c.cards) == 0 {
		return loadReq{}, false
	}
	r := b.request()
	last := c.cards[len(c.cards)-1]
	cur := store.CursorOf(last)
	r.cols[b.focus] = colSpec{anchor: &cur}
	r.after = last.ID
	return r, true
}

// pageUp asks for the window that ends with the first visible card.
func (b *board) pageUp(limit int) (loadReq, bool) {
	c := b.current()
	if !c.above || len(c.cards) == 0 {
		return loadReq{}, false
	}
	r := b.request()
	cur := store.CursorOf(c.cards[0])
	r.cols[b.focus] = colSpec{anchor: &cur, row: limit - 1}
	return r, true
}

// home asks for the top of the focused column.
func (b *board) home() loadReq {
	r := b.request()
	r.cols[b.focus] = colSpec{}
	return r
}

// end asks for the bottom of the focused column, selecting the last card.
func (b *board) end(limit int) loadReq {
	r := b.request()
	r.cols[b.focus] = colSpec{bottom: true, selRow: limit - 1}
	return r
}

// focusOn asks for the window of t's column with t under the cursor at
// row: a jump or a newly created card. A card in no column (not a whole
// card) leaves the board where it is.
func (b *board) focusOn(t domain.Ticket, row int) loadReq {
	r := b.request()
	i := t.Status.Index()
	if i < 0 {
		return r
	}
	cur := store.CursorOf(t)
	r.focus = i
	r.cols[i] = colSpec{anchor: &cur, row: row, selID: t.ID, selRow: row}
	return r
}

// apply installs a load result.
func (b *board) apply(m loadedMsg) {
	for i := range b.cols {
		st := b.cols[i].status
		b.cols[i] = m.cols[i]
		b.cols[i].status = st
	}
	b.focus = m.focus
	b.waits = m.waits
	b.fresh = m.fresh
}
