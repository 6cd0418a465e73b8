package tui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

// countCap bounds counting a filtered column; the header shows "999+".
// A search counts to searchCountCap ("99+"): every keystroke counts five
// columns, and a query longer than three characters confirms each ticket
// it counts on the ticket's own row, a read apiece.
const (
	countCap       = 999
	searchCountCap = 99
)

// colSpec says which window of a column to load and which card to select.
type colSpec struct {
	anchor *store.Cursor // the window holds this position (nil: top of column)
	row    int           // at this row, when there are cards before it
	bottom bool          // the last window of the column instead
	selID  int64         // keep this card selected
	selRow int           // the row to select when that card is not there
}

// loadReq is one reload of the board: every column's window, the counts,
// and where the cursor goes. It is a value, so the command that runs it
// never reads the model.
type loadReq struct {
	gen      int
	filter   store.Filter
	byDue    bool // columns in deadline order
	limit    int  // cards per window
	cols     [nCols]colSpec
	focus    int
	after    int64 // select the card after this one in the focused column (scrolling)
	announce bool  // say where a followed card went: someone else moved it
	jump     bool  // the user asked for the selected card by key
	quiet    bool  // say nothing: the status line holds the result of a bulk action

	// The cursor when the load was asked for.
	fromFocus int
	fromSel   int64
}

// loadedMsg is a reloaded board.
type loadedMsg struct {
	gen   int
	cols  [nCols]column
	focus int
	moved *movedNote           // the selected card moved to another column
	gone  string               // key of the selected card that left the board
	jump  bool                 // from a jump: a missing card is hidden, not gone
	quiet bool                 // leave the status line alone
	waits map[int64]store.Wait // the cards on the board that wait for the customer
	fresh bool                 // a new desk: no tickets, no agents but the first (firstrun.go)
	err   error

	// Where the cursor was when the load was asked for; if the user moved
	// it since, the user's choice stands.
	askedFocus int
	askedSel   int64
}

// movedNote tells who moved the selected card where.
type movedNote struct {
	key string
	to  domain.Status
	by  string
}

// load runs r against the desk: a handful of keyset page reads (one or two
// per column), the counts, and at most a few more reads to follow the
// selected card.
func load(ctx context.Context, d Desk, r loadReq) loadedMsg {
	out := loadedMsg{gen: r.gen, focus: r.focus, jump: r.jump, quiet: r.quiet, askedFocus: r.fromFocus, askedSel: r.fromSel}
	for i, st := range domain.Statuses {
		c, err := window(ctx, d, st, r, r.cols[i])
		if err != nil {
			out.err = err
			return out
		}
		c.sel = pick(c.cards, r.cols[i].selID, r.cols[i].selRow)
		out.cols[i] = c
	}
	f := &out.cols[r.focus]
	spec := r.cols[r.focus]
	switch {
	case r.after != 0:
		if i := indexOf(f.cards, r.after); i >= 0 {
			f.sel = min(i+1, len(f.cards)-1)
		}
	case spec.selID != 0 && indexOf(f.cards, spec.selID) < 0:
		if err := follow(ctx, d, r, &out); err != nil {
			out.err = err
			return out
		}
	}
	if out.err = counts(ctx, d, r.filter, &out); out.err != nil {
		return out
	}
	if out.fresh, out.err = freshDesk(ctx, d, r.filter, &out); out.err != nil {
		return out
	}
	var ids []int64
	for _, c := range out.cols {
		for _, t := range c.cards {
			ids = append(ids, t.ID)
		}
	}
	out.waits, out.err = d.Waits(ctx, ids)
	return out
}

// follow finds the selected card that is no longer in its window: pushed
// down by new cards, moved to another column, or gone from the board under
// the filter. The cursor follows it; if it is gone, the cursor keeps its
// row and the user is told, so no action silently lands on another card.
func follow(ctx context.Context, d Desk, r loadReq, out *loadedMsg) error {
	spec := r.cols[r.focus]
	t, err := d.Ticket(ctx, spec.selID)
	if errors.Is(err, store.ErrNotFound) {
		out.gone = domain.Key(spec.selID)
		return nil
	} else if err != nil {
		return err
	}
	i := t.Status.Index()
	if i < 0 {
		out.gone = t.Key()
		return nil
	}
	cur := store.CursorOf(t)
	c, err := window(ctx, d, t.Status, r, colSpec{anchor: &cur, row: spec.selRow})
	if err != nil {
		return err
	}
	at := indexOf(c.cards, t.ID)
	if at < 0 {
		// Not on the board under the filter: the cursor stays on its row.
		out.gone = t.Key()
		return nil
	}
	c.sel = at
	out.cols[i] = c
	if i != r.focus {
		out.focus = i
		if r.announce {
			out.moved = &movedNote{key: t.Key(), to: t.Status, by: lastMover(ctx, d, t.ID)}
		}
	}
	return nil
}

// lastMover is who last changed the ticket's status ("" if unknown).
func lastMover(ctx context.Context, d Desk, id int64) string {
	evs, err := d.Timeline(ctx, id)
	if err != nil {
		return ""
	}
	for _, e := range slices.Backward(evs) {
		if e.Field == "status" {
			return e.Actor
		}
	}
	return ""
}

// window reads one column's window of up to r.limit cards as spec asks,
// in r's order. The anchor's row is honoured when there are cards before
// it; near the end of the column the window fills up from above, so it is
// never half empty while cards exist. Anchors are store.CursorOf cursors,
// which carry both the priority and the due time, so one anchor serves
// either order.
func window(ctx context.Context, d Desk, st domain.Status, r loadReq, spec colSpec) (column, error) {
	c := column{status: st}
	limit := r.limit
	page := func(cur *store.Cursor, dir store.Direction, n int) ([]domain.Ticket, error) {
		return d.Page(ctx, store.PageQuery{Status: st, Filter: r.filter, Cursor: cur, Dir: dir, Limit: n, ByDue: r.byDue})
	}
	// before reads up to n cards before cur and whether more lie beyond.
	before := func(cur *store.Cursor, n int) ([]domain.Ticket, bool, error) {
		ts, err := page(cur, store.Before, n+1)
		if err != nil || len(ts) <= n {
			return ts, false, err
		}
		return ts[1:], true, nil
	}
	var err error
	switch {
	case spec.bottom:
		c.cards, c.above, err = before(nil, limit)
	case spec.anchor == nil:
		c.cards, err = page(nil, store.From, limit+1)
		if len(c.cards) > limit {
			c.cards, c.below = c.cards[:limit], true
		}
	default:
		var head, tail []domain.Ticket
		if head, c.above, err = before(spec.anchor, min(spec.row, limit-1)); err != nil {
			return c, err
		}
		room := limit - len(head)
		if tail, err = page(spec.anchor, store.From, room+1); err != nil {
			return c, err
		}
		if len(tail) > room {
			tail, c.below = tail[:room], true
		}
		c.cards = append(head, tail...)
		if fill := limit - len(c.cards); fill > 0 && c.above {
			from := spec.anchor
			if len(c.cards) > 0 {
				first := store.CursorOf(c.cards[0])
				from = &first
			}
			var more []domain.Ticket
			if more, c.above, err = before(from, fill); err != nil {
				return c, err
			}
			c.cards = append(more, c.cards...)
		}
	}
	if c.above && len(c.cards) > 0 {
		top := store.CursorOf(c.cards[0])
		c.top = &top
	}
	return c, err
}

// counts fills the column counts: the maintained totals without a filter,
// a capped count with one, unless the window holds the whole column:
// then its cards are the count. Asking would read the column again to
// its end (a rare search's count reads as far as its page did).
func counts(ctx context.Context, d Desk, f store.Filter, out *loadedMsg) error {
	if !f.Active() {
		n, err := d.Counts(ctx)
		if err != nil {
			return err
		}
		for i, st := range domain.Statuses {
			out.cols[i].count = n[st]
		}
		return nil
	}
	limit := countCap
	if strings.TrimSpace(f.Search) != "" {
		limit = searchCountCap
	}
	for i, st := range domain.Statuses {
		if c := &out.cols[i]; !c.above && !c.below {
			c.count, c.capped = min(len(c.cards), limit), len(c.cards) > limit
			continue
		}
		n, capped, err := d.CountUpTo(ctx, st, f, limit)
		if err != nil {
			return err
		}
		out.cols[i].count, out.cols[i].capped = n, capped
	}
	return nil
}

func indexOf(ts []domain.Ticket, id int64) int {
	return slices.IndexFunc(ts, func(t domain.Ticket) bool { return t.ID == id })
}

// pick is the row to select: the card with id, else row kept in range.
func pick(ts []domain.Ticket, id int64, row int) int {
	if i := indexOf(ts, id); id != 0 && i >= 0 {
		return i
	}
	return max(min(row, len(ts)-1), 0)
}
