package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Filter narrows the board. Zero values mean "any".
type Filter struct {
	Owner      string
	Unassigned bool
	Priority   *domain.Priority
	Channel    domain.Channel
	Category   domain.Category
	Team       string
	Search     string // key, title, body or customer
	AtRisk     bool   // nearest deadline at risk or already missed
	Escalated  bool
	Review     bool // in the triage queue (see TriageQueue)
}

// Active reports whether the filter narrows anything.
func (f Filter) Active() bool {
	return f.Owner != "" || f.Unassigned || f.Priority != nil || f.Channel != "" || f.Category != "" ||
		f.Team != "" || strings.TrimSpace(f.Search) != "" || f.AtRisk || f.Escalated || f.Review
}

// searchOnly reports whether the filter is a search and nothing else.
func (f Filter) searchOnly() bool {
	g := f
	g.Search = ""
	return strings.TrimSpace(f.Search) != "" && !g.Active()
}

// Cursor is a position in a column: the board orders cards by priority
// (high first), then by id (oldest first, first come first served), or,
// sorted by due time, by nearest deadline then id.
type Cursor struct {
	Priority domain.Priority
	ID       int64
	Due      int64 // stored due_at (Unix ms, or the "no deadline" maximum)
}

// CursorOf is the position of t in its column.
func CursorOf(t domain.Ticket) Cursor {
	due := int64(noDue)
	if !t.Due.IsZero() {
		due = ms(t.Due)
	}
	return Cursor{t.Priority, t.ID, due}
}

// Direction says which way a page reads from its cursor.
type Direction int

// Page directions.
const (
	From   Direction = iota // cursor and after (nil cursor: top)
	After                   // strictly after the cursor
	Before                  // strictly before (nil cursor: bottom); results still in board order
)

// PageQuery asks for one page of one column.
type PageQuery struct {
	Status domain.Status
	Filter Filter
	Cursor *Cursor
	Dir    Direction
	Limit  int
	ByDue  bool // nearest deadline first instead of priority
}

// priorities are the priorities q's page reads, in the order it reads
// them: board order (high first) forwards, reversed backwards, starting
// at the cursor's.
func (q PageQuery) priorities() []domain.Priority {
	prios := []domain.Priority{domain.High, domain.Medium, domain.Low}
	if q.Dir == Before {
		prios = []domain.Priority{domain.Low, domain.Medium, domain.High}
	}
	if q.Cursor != nil {
		for len(prios) > 0 && prios[0] != q.Cursor.Priority {
			prios = prios[1:]
		}
	}
	return prios
}

// Page reads one page of a column by keyset (never OFFSET), so its cost
// depends on the page size, not on how many tickets the column holds.
// Cards come without their body.
//
// The keyset is (priority, id). A row-value comparison on it makes SQLite
// seek on priority alone and scan the rest of that priority (5 ms at 1M
// tickets), so the page is read one priority at a time instead, each an
// exact seek on (status, priority, id): plain SQL any database plans well.
func (s *Store) Page(ctx context.Context, q PageQuery) ([]domain.Ticket, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	if q.ByDue {
		return s.pageByDue(ctx, q)
	}
	if s.byIndex(q.Filter) {
		return s.searchPage(ctx, q)
	}
	return s.filterPage(ctx, q)
}

// filterPage is Page in board order by the filter's SQL, one priority at
// a time.
func (s *Store) filterPage(ctx context.Context, q PageQuery) ([]domain.Ticket, error) {
	back := q.Dir == Before
	prios := q.priorities()
	out := make([]domain.Ticket, 0, q.Limit)
	for i, p := range prios {
		where, args := s.filterSQL(ctx, q.Status, q.Filter, searchPage)
		where += " AND priority = ?"
		args = append(args, int(p))
		if i == 0 && q.Cursor != nil {
			op := map[Direction]string{From: ">=", After: ">", Before: "<"}[q.Dir]
			where += " AND id " + op + " ?"
			args = append(args, q.Cursor.ID)
		}
		order := "id"
		if back {
			order = "id DESC"
		}
		var err error
		if out, err = s.appendCards(ctx, out, where, order, args, q.Limit-len(out)); err != nil {
			return nil, err
		}
		if len(out) == q.Limit {
			break
		}
	}
	if back {
		reverse(out)
	}
	return out, nil
}

// pageByDue is Page in deadline order, read as two exact seeks: the rest
// of the cursor's due time, then later due times.
func (s *Store) pageByDue(ctx context.Context, q PageQuery) ([]domain.Ticket, error) {
	back := q.Dir == Before
	order := "due_at, id"
	if back {
		order = "due_at DESC, id DESC"
	}
	out := make([]domain.Ticket, 0, q.Limit)
	where, args := s.filterSQL(ctx, q.Status, q.Filter, searchPage)
	if q.Cursor != nil {
		op := map[Direction]string{From: ">=", After: ">", Before: "<"}[q.Dir]
		idOrder := "id"
		if back {
			idOrder = "id DESC"
		}
		var err error
		out, err = s.appendCards(ctx, out, where+" AND due_at = ? AND id "+op+" ?", idOrder,
			append(args, q.Cursor.Due, q.Cursor.ID), q.Limit)
		if err != nil || len(out) == q.Limit {
			return finish(out, back), err
		}
		if back {
			where += " AND due_at < ?"
		} else {
			where += " AND due_at > ?"
		}
		args = append(args, q.Cursor.Due)
	}
	out, err := s.appendCards(ctx, out, where, order, args, q.Limit-len(out))
	return finish(out, back), err
}

func finish(out []domain.Ticket, back bool) []domain.Ticket {
	if back {
		reverse(out)
	}
	return out
}

func reverse(ts []domain.Ticket) {
	for i, j := 0, len(ts)-1; i < j; i, j = i+1, j-1 {
		ts[i], ts[j] = ts[j], ts[i]
	}
}

// appendCards runs one page query and appends its cards. The limit is
// written +?: SQLite reads a plain ? after ORDER BY … LIMIT when it plans
// and so plans the statement again at every run (1 ms of each page at 1M
// tickets).
func (s *Store) appendCards(ctx context.Context, out []domain.Ticket, where, order string, args []any, limit int) ([]domain.Ticket, error) {
	rows, err := s.query(ctx, "SELECT "+cardCols+" FROM tickets WHERE "+where+" ORDER BY "+order+" LIMIT +?", append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *Store) filterSQL(ctx context.Context, st domain.Status, f Filter, use searchFor) (string, []any) {
	where, args := tagConds(f, func(col string) string { return col })
	where, args = append([]string{"status = ?"}, where...), append([]any{string(st)}, args...)
	if f.Priority != nil {
		where, args = append(where, "priority = ?"), append(args, int(*f.Priority))
	}
	if f.AtRisk {
		where, args = append(where, "risk_at <= ?"), append(args, ms(s.now()))
	}
	if f.Escalated {
		where = append(where, "escalated = 1")
	}
	if f.Review {
		where = append(where, needsReview)
	}
	if q := strings.TrimSpace(f.Search); q != "" {
		cond, condArgs, bySet := s.searchCond(ctx, q, use)
		where, args = append(where, cond), append(args, condArgs...)
		if bySet {
			// Start from the set: the unary + keeps the planner from
			// walking the whole column through the status index.
			where[0] = s.eng.unindexed("status") + " = ?"
		}
	}
	return strings.Join(where, " AND "), args
}

// tagConds are the conditions of f's owner, channel, category and team
// filters (those the search index's tags answer, see filterTags), each
// column written as col makes it.
func tagConds(f Filter, col func(string) string) (where []string, args []any) {
	if f.Owner != "" {
		where, args = append(where, col("owner")+" = ?"), append(args, f.Owner)
	}
	if f.Unassigned {
		where = append(where, col("owner")+" IS NULL")
	}
	if f.Channel != "" {
		where, args = append(where, col("channel")+" = ?"), append(args, string(f.Channel))
	}
	if f.Category != "" {
		where, args = append(where, col("category")+" = ?"), append(args, string(f.Category))
	}
	if f.Team != "" {
		where, args = append(where, col("team")+" = ?"), append(args, f.Team)
	}
	return where, args
}

// customerSearch is the part of a search that finds a caller by what the
// desk only keeps hashed: a full phone number, name, e-mail or WeChat id
// equal to q finds the tickets of that customer, and those a linked
// near-duplicate of theirs was folded into. It returns " UNION ALL
// SELECT ..." selects of their ids.
func (s *Store) customerSearch(q string) (string, []any) {
	var cond strings.Builder
	var args []any
	for _, c := range []struct {
		col  string
		hash []byte
	}{{"customer_phone_hash", s.keys.Phone(q)}, {"customer_email_hash", s.keys.Email(q)},
		{"customer_wechat_hash", s.keys.WeChat(q)}, {"customer_name_hash", s.keys.Name(q)}} {
		if c.hash != nil {
			fmt.Fprintf(&cond, " UNION ALL %s UNION ALL SELECT ticket_id FROM duplicates WHERE %s = ?", s.eng.customerTickets(c.col), c.col)
			args = append(args, c.hash, c.hash)
		}
	}
	return cond.String(), args
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Counts is the number of tickets per column, read from the maintained
// counts table (never a COUNT over tickets).
func (s *Store) Counts(ctx context.Context) (map[domain.Status]int, error) {
	rows, err := s.query(ctx, "SELECT status, n FROM column_counts")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[domain.Status]int, len(domain.Statuses))
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[domain.Status(st)] = n
	}
	return out, rows.Err()
}

// CountUpTo counts a filtered column but stops at limit, so a broad filter
// over a million tickets costs no more than limit index steps. The board
// shows "999+" when capped.
func (s *Store) CountUpTo(ctx context.Context, st domain.Status, f Filter, limit int) (n int, capped bool, err error) {
	if s.byIndex(f) {
		n, err := s.searchCount(ctx, st, f, limit+1)
		return min(n, limit), n > limit, err
	}
	return s.filterCount(ctx, st, f, limit)
}

// filterCount is CountUpTo by the filter's SQL.
func (s *Store) filterCount(ctx context.Context, st domain.Status, f Filter, limit int) (n int, capped bool, err error) {
	if strings.TrimSpace(f.Search) != "" {
		if n, ok, err := s.countStream(ctx, st, f, limit+1); ok || err != nil {
			return min(n, limit), n > limit, err
		}
	}
	where, args := s.filterSQL(ctx, st, f, searchCount)
	err = s.queryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM tickets WHERE "+where+" LIMIT ?) AS capped",
		append(args, limit+1)...).Scan(&n)
	if n > limit {
		return limit, true, err
	}
	return n, false, err
}
