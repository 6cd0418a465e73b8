package store

import (
	"context"
	"strings"

	"github.com/loopdesk/loopdesk/domain"
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
}

// Active reports whether the filter narrows anything.
func (f Filter) Active() bool {
	return f.Owner != "" || f.Unassigned || f.Priority != nil || f.Channel != "" || f.Category != "" ||
		f.Team != "" || strings.TrimSpace(f.Search) != ""
}

// Cursor is a position in a column: the board orders cards by priority
// (high first), then by id (oldest first, first come first served).
type Cursor struct {
	Priority domain.Priority
	ID       int64
}

// CursorOf is the position of t in its column.
func CursorOf(t domain.Ticket) Cursor { return Cursor{t.Priority, t.ID} }

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
	back := q.Dir == Before
	prios := []domain.Priority{domain.High, domain.Medium, domain.Low}
	if back {
		prios = []domain.Priority{domain.Low, domain.Medium, domain.High}
	}
	if q.Cursor != nil {
		for len(prios) > 0 && prios[0] != q.Cursor.Priority {
			prios = prios[1:]
		}
	}
	out := make([]domain.Ticket, 0, q.Limit)
	for i, p := range prios {
		where, args := filterSQL(q.Status, q.Filter)
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
		rows, err := s.query(ctx, "SELECT "+cardCols+" FROM tickets WHERE "+where+" ORDER BY "+order+" LIMIT ?",
			append(args, q.Limit-len(out))...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			t, err := scanTicket(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(out) == q.Limit {
			break
		}
	}
	if back {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, nil
}

func filterSQL(st domain.Status, f Filter) (string, []any) {
	where := []string{"status = ?"}
	args := []any{string(st)}
	if f.Owner != "" {
		where, args = append(where, "owner = ?"), append(args, f.Owner)
	}
	if f.Unassigned {
		where = append(where, "owner IS NULL")
	}
	if f.Priority != nil {
		where, args = append(where, "priority = ?"), append(args, int(*f.Priority))
	}
	if f.Channel != "" {
		where, args = append(where, "channel = ?"), append(args, string(f.Channel))
	}
	if f.Category != "" {
		where, args = append(where, "category = ?"), append(args, string(f.Category))
	}
	if f.Team != "" {
		where, args = append(where, "team = ?"), append(args, f.Team)
	}
	if q := strings.TrimSpace(f.Search); q != "" {
		like := "%" + escapeLike(q) + "%"
		cond := "(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\' OR customer_name LIKE ? ESCAPE '\\' OR external_id = ?"
		args = append(args, like, like, like, q)
		if id, err := domain.ParseKey(q); err == nil {
			cond += " OR id = ?"
			args = append(args, id)
		}
		where = append(where, cond+")")
	}
	return strings.Join(where, " AND "), args
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
	where, args := filterSQL(st, f)
	err = s.queryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM tickets WHERE "+where+" LIMIT ?)",
		append(args, limit+1)...).Scan(&n)
	if n > limit {
		return limit, true, err
	}
	return n, false, err
}
