package store

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// PostgreSQL's search index (a GIN index over each ticket's grams) finds
// a query's candidates fast but in no order, so unlike SQLite's FTS5 it
// cannot read a column's range of keys in board order and stop after a
// page. A column's search is read one of two ways instead, chosen by the
// number of candidates the column has (columnCandidates):
//
//   - from the index: every candidate, its key tested against the range,
//     sorted; costs about the query's candidates in the whole desk;
//   - walking the column in board order on the tickets' board index,
//     each ticket tested with LIKE, until the page or the count is full;
//     costs about limit × column / the column's candidates.
//
// The planner would choose between them from the grams' statistics,
// which know only the commonest grams: a rare pair of characters was
// thought common enough to walk a whole column for (0.4 s at 100k
// tickets), so the choice is made here and the SQL leaves it no other:
// `rowid + 0` is no range of the key's index.

// columnCands is how many candidates the index offers a query in each
// column (by Status.Index), or common when they are more than
// sampleLimit, where counting stops.
type columnCands struct {
	cols   [5]int
	common bool
}

// columnCandidates counts q's candidates per column. Past sampleLimit
// their share of each column is not known (the index's rows lie in key
// order, so the first counted are one column's).
func (s *Store) columnCandidates(ctx context.Context, q string) (columnCands, error) {
	match, arg := s.eng.match(q)
	c := &s.searchCache
	c.mu.Lock()
	cands, ok := c.columns[arg]
	c.mu.Unlock()
	if ok {
		return cands, nil
	}
	if common, err := s.commonGram(ctx, q, sampleLimit); err != nil || common {
		cands.common = common
		return cands, err
	}
	rows, err := s.query(ctx, "SELECT col, count(*) FROM (SELECT ticket_search.rowid >> "+strconv.Itoa(keyIDBits+2)+
		" AS col FROM ticket_search WHERE "+match+" LIMIT ?) AS capped GROUP BY col", arg, sampleLimit)
	if err != nil {
		return cands, err
	}
	defer rows.Close()
	for rows.Next() {
		var col, n int
		if err := rows.Scan(&col, &n); err != nil {
			return cands, err
		}
		if col >= 0 && col < len(cands.cols) {
			cands.cols[col] = n
		}
	}
	if err := rows.Err(); err != nil {
		return cands, err
	}
	cands.common = sum(cands.cols) >= sampleLimit
	c.mu.Lock()
	if c.columns == nil || len(c.columns) >= searchCacheMax {
		c.columns = make(map[string]columnCands)
	}
	c.columns[arg] = cands
	c.mu.Unlock()
	return cands, nil
}

// sampleLimit is where columnCandidates stops counting: counting reads
// each candidate's row of grams (7 µs), and a query with more is found as
// soon by walking (a page of 20 within about 5 000 tickets of a column).
const sampleLimit = searchSetMax

func sum(ns [5]int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
}

// walkColumn reports whether limit of column st's tickets that q finds are
// found sooner walking the column than from the index (see above).
func (s *Store) walkColumn(ctx context.Context, q string, st domain.Status, limit int) (bool, error) {
	cands, err := s.columnCandidates(ctx, q)
	if err != nil {
		return false, err
	}
	all := sum(cands.cols)
	if n := s.searchCache.testSetMax; n > 0 {
		return cands.common || all >= n, nil // tests take both ways on a small desk
	}
	// A common query is walked: a column it is rare in costs the walk
	// that column (LIKE on each ticket), the index at least sampleLimit
	// rows of grams and at worst every ticket's.
	if cands.common {
		return true, nil
	}
	in := cands.cols[st.Index()]
	if in == 0 {
		return false, nil
	}
	var size int
	if err := s.queryRow(ctx, "SELECT coalesce(sum(n), 0) FROM column_counts WHERE status = ?", string(st)).Scan(&size); err != nil {
		return false, err
	}
	// A candidate read from the index costs about 7 µs (its row of grams
	// is fetched), a ticket the walk tests 5 µs with ILIKE, 1 µs with
	// LIKE (no ASCII letter to fold).
	walkRow := 1.0
	if !strings.ContainsFunc(q, isASCIILetter) {
		walkRow = 0.2
	}
	return float64(limit)*float64(size)*walkRow/float64(in) < float64(all), nil
}

// columnTextPostgres is columnText on PostgreSQL: the keys of column
// st's tickets that q finds in [lo, hi], at most limit of them found by
// their text, read from the index or by walking the column.
func (s *Store) columnTextPostgres(ctx context.Context, q string, st domain.Status, lo, hi int64, back bool, limit int) (string, []any, error) {
	walk, err := s.walkColumn(ctx, q, st, limit)
	if err != nil {
		return "", nil, err
	}
	desc := ""
	if back {
		desc = " DESC"
	}
	scan, scanArgs := s.eng.searchScan(q)
	if walk {
		// The range of keys as the board index's (priority, id).
		return "SELECT search_key(status, priority, id) AS k FROM tickets WHERE status = ? AND (priority, id) >= (?, ?) AND (priority, id) <= (?, ?) AND " +
				scan + " ORDER BY priority" + desc + ", id" + desc + " LIMIT ?",
			append(append([]any{string(st), lo >> keyIDBits & 3, lo & (1<<keyIDBits - 1), hi >> keyIDBits & 3, hi & (1<<keyIDBits - 1)}, scanArgs...), limit), nil
	}
	match, matchArg := s.eng.match(q)
	text := "SELECT ticket_search.rowid AS k FROM ticket_search"
	where := " WHERE " + match + " AND " + s.eng.candidateKey() + " BETWEEN ? AND ?"
	args := []any{matchArg, lo, hi}
	if !s.eng.searchExact(q) {
		text += " JOIN tickets ON tickets.id = " + keyID
		where += " AND " + scan
		args = append(args, scanArgs...)
	}
	return text + where + " ORDER BY " + s.eng.candidateKey() + desc + " LIMIT ?", append(args, limit), nil
}

// candidateKey is the index's key as a query that starts from the index's
// candidates tests it: on PostgreSQL no range of the key's btree, which
// the planner would walk, testing each row of grams (9 µs), when it thinks
// the candidates many.
func (e engine) candidateKey() string {
	if e == enginePostgres {
		return "ticket_search.rowid + 0"
	}
	return "ticket_search.rowid"
}

// inSet is the condition "id is one of those sub selects", read by
// starting from them. PostgreSQL's planner would take IN (sub) as a
// semi-join and, when a column's tickets were thought few, run sub again
// for each of them (5–8 s per page at a few thousand tickets); ARRAY(sub)
// runs it once, and the ids are then read by primary key.
func (e engine) inSet(sub string) string {
	if e == enginePostgres {
		return "id = ANY (ARRAY(" + sub + "))"
	}
	return "id IN (" + sub + ")"
}

func isASCIILetter(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }

// commonGram reports whether q is one gram (one to three characters) that
// PostgreSQL's statistics of the index (ANALYZE's most common elements of
// ticket_search.grams, which hold the thousand commonest) put in at least
// limit tickets: a count of its candidates would only say so after
// reading limit rows of grams (half a second for 30 000).
func (s *Store) commonGram(ctx context.Context, q string, limit int) (bool, error) {
	if s.eng != enginePostgres || utf8.RuneCountInString(q) > 3 {
		return false, nil
	}
	c := &s.searchCache
	c.mu.Lock()
	shares := c.grams
	c.mu.Unlock()
	if shares == nil {
		rows, err := s.query(ctx, `SELECT e, f FROM pg_stats,
			unnest(most_common_elems::text::text[], most_common_elem_freqs) AS m (e, f)
			WHERE schemaname = current_schema() AND tablename = 'ticket_search' AND attname = 'grams' AND e IS NOT NULL`)
		if err != nil {
			return false, err
		}
		defer rows.Close()
		shares = map[string]float64{}
		for rows.Next() {
			var e string
			var f float64
			if err := rows.Scan(&e, &f); err != nil {
				return false, err
			}
			shares[e] = f
		}
		if err := rows.Err(); err != nil {
			return false, err
		}
		c.mu.Lock()
		c.grams = shares
		c.mu.Unlock()
	}
	share, ok := shares[asciiLower(q)]
	if !ok {
		return false, nil
	}
	var total int
	if err := s.queryRow(ctx, "SELECT coalesce(sum(n), 0) FROM column_counts").Scan(&total); err != nil {
		return false, err
	}
	return share*float64(total) >= float64(limit), nil
}
