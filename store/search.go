package store

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/loopdesk/loopdesk/internal/domain"
	"modernc.org/sqlite"
)

// Search finds a ticket whose title, body, customer name, product or order
// number contains the query, ASCII case-insensitively: exactly what
// `LIKE '%q%'` over those fields finds, through an index. The index
// (ticket_search, migration 0017) holds each field's 1-, 2- and
// 3-character grams as tokens, so a query of one or two characters (a
// Chinese word such as 退款 is two) is a single token, and a longer one is
// the AND of its trigrams. Every ticket containing the query holds those
// tokens, so the index returns a superset; LIKE on the candidates then
// keeps exactly the substring matches.

// searchFields are the ticket columns a search matches by substring; the
// triggers of migration 0017 pass the same columns to search_grams.
var searchFields = []string{"title", "body", "customer_name", "product", "order_no"}

func init() {
	sqlite.MustRegisterDeterministicScalarFunction("search_grams", -1, searchGramsSQL)
}

// searchGramsSQL is search_grams(text, ...): the index document of the
// given fields. NULL fields have no grams.
func searchGramsSQL(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	fields := make([]string, 0, len(args))
	for _, a := range args {
		switch v := a.(type) {
		case nil:
		case string:
			fields = append(fields, v)
		case []byte:
			fields = append(fields, string(v))
		default:
			return nil, fmt.Errorf("search_grams: %T is not text", a)
		}
	}
	return searchDoc(fields...), nil
}

// foldRune maps a character to how the index spells it: ASCII letters
// lower-cased (LIKE ignores only ASCII case), ASCII characters the ascii
// tokenizer would split on moved to the private use area so that every
// gram stays one token, everything else as is. Text already in that part
// of the private use area folds onto the same grams, which only adds
// candidates that LIKE then drops.
func foldRune(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + ('a' - 'A')
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r >= utf8.RuneSelf:
		return r
	default:
		return 0xE000 + r
	}
}

// gramKey packs a gram of one to three folded characters into an integer
// (21 bits each); folded characters are never 0, so lengths cannot
// collide.
func gramKey(rs []rune) uint64 {
	var k uint64
	for _, r := range rs {
		k = k<<21 | uint64(r)
	}
	return k
}

// appendGram appends the gram whose key is k as a token.
func appendGram(b []byte, k uint64) []byte {
	var rs [3]rune
	n := 0
	for ; k != 0; k >>= 21 {
		rs[n] = rune(k & (1<<21 - 1))
		n++
	}
	for i := n - 1; i >= 0; i-- {
		b = utf8.AppendRune(b, rs[i])
	}
	return b
}

// searchDoc is the index document of a ticket's fields: its distinct
// grams separated by spaces. Grams never span two fields, as LIKE matches
// within one.
func searchDoc(fields ...string) string {
	var keys []uint64
	var rs []rune
	for _, f := range fields {
		rs = rs[:0]
		for _, r := range f {
			rs = append(rs, foldRune(r))
		}
		for i := range rs {
			for n := 1; n <= 3 && i+n <= len(rs); n++ {
				keys = append(keys, gramKey(rs[i:i+n]))
			}
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	b := make([]byte, 0, len(keys)*8)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendGram(b, k)
	}
	return string(b)
}

// searchMatch is the FTS5 query whose hits include every ticket with q in
// one of its searchFields: q's single gram if it is one to three
// characters long, else the AND of its distinct trigrams. Tokens hold no
// quote (foldRune moves it), so quoting each is safe.
func searchMatch(q string) string {
	rs := make([]rune, 0, len(q))
	for _, r := range q {
		rs = append(rs, foldRune(r))
	}
	n := min(len(rs), 3)
	keys := make([]uint64, 0, len(rs))
	for i := 0; i+n <= len(rs); i++ {
		keys = append(keys, gramKey(rs[i:i+n]))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.Write(appendGram(nil, k))
		b.WriteByte('"')
	}
	return b.String()
}

// searchFor says what a board query wants of a search: a page of cards or
// a capped count. They are cheapest read differently.
type searchFor int

const (
	searchPage searchFor = iota
	searchCount
)

// searchSetMax is the most index candidates a page query collects as a
// set of ids. A query with more (a common word or character, at least
// this many tickets in the desk) is found faster by walking the column in
// board order and testing each ticket, as a page of them turns up within
// a few thousand.
const searchSetMax = 4000

// setMax is searchSetMax unless a test set another.
func (c *searchCache) setMax() int {
	if c.testSetMax > 0 {
		return c.testSetMax
	}
	return searchSetMax
}

// searchCache remembers how many index candidates recent queries have,
// to choose how to read them; a stale entry only costs speed.
type searchCache struct {
	mu         sync.Mutex
	candidates map[string]int
	hits       map[string]*searchHits
	testSetMax int // tests read all three ways on a small desk
}

// searchCacheMax bounds searchCache: when full it starts again.
const searchCacheMax = 1024

// candidates is how many tickets the index offers for match (at most
// limit).
func (s *Store) candidates(ctx context.Context, match string, limit int) (int, error) {
	c := &s.searchCache
	c.mu.Lock()
	n, ok := c.candidates[match]
	c.mu.Unlock()
	if ok {
		return n, nil
	}
	err := s.queryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM ticket_search WHERE ticket_search MATCH ? LIMIT ?)",
		match, limit).Scan(&n)
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	if c.candidates == nil || len(c.candidates) >= searchCacheMax {
		c.candidates = make(map[string]int)
	}
	c.candidates[match] = n
	c.mu.Unlock()
	return n, nil
}

// searchCond is the search part of a board filter: q is a substring of
// one of searchFields, or the ticket's key, external id or customer (by
// hash, see customerSearch). It chooses how by the number of index
// candidates: a set of ids when they are few; else a page walks the
// column testing each ticket, and a capped count (which walks until it
// has counted the cap, far for a middling word) takes the set until it
// is larger than the walk would be: about limit·tickets/candidates.
//
// bySet says the condition is a set of ids, which the query should start
// from (rather than walk the column and test each ticket's id against
// the set).
func (s *Store) searchCond(ctx context.Context, q string, use searchFor) (cond string, args []any, bySet bool) {
	// Stored text is valid UTF-8 (cleanText): so must the query be, or
	// LIKE and the grams would read a stray byte differently.
	q = strings.ToValidUTF8(q, "\uFFFD")
	others, otherArgs := s.searchOthers(q)
	countLimit := s.countLimit(ctx)
	// Counted up to the larger limit, whatever the use, so that one
	// cached number serves both.
	n, err := s.candidates(ctx, searchMatch(q), countLimit)
	limit := s.searchCache.setMax()
	if use == searchCount {
		limit = countLimit
	}
	if err != nil || n >= limit {
		// A failed count only costs speed: the scan finds the same.
		cond, args := searchScan(q)
		return "(" + cond + " OR id IN (" + others + "))", append(args, otherArgs...), false
	}
	cond, args = searchSet(q)
	return "id IN (" + cond + " UNION ALL " + others + ")", append(args, otherArgs...), true
}

// searchOthers selects the ids of the tickets q finds by key, external id
// or customer hash.
func (s *Store) searchOthers(q string) (string, []any) {
	others, args := "SELECT id FROM tickets WHERE external_id = ?", []any{q}
	if id, err := domain.ParseKey(q); err == nil {
		others, args = others+" UNION ALL SELECT ?", append(args, id)
	}
	hashes, hashArgs := s.customerSearch(q)
	return others + hashes, append(args, hashArgs...)
}

// countLimit is the most index candidates a capped count collects as a
// set: about where walking the column to the cap costs as much.
func (s *Store) countLimit(ctx context.Context) int {
	var total int
	if err := s.queryRow(ctx, "SELECT sum(n) FROM column_counts").Scan(&total); err != nil {
		return s.searchCache.setMax()
	}
	return max(s.searchCache.setMax(), int(math.Sqrt(float64(countWalk*total))))
}

// countWalk weighs a count's walk against its set: the board's cap (999)
// times what a row tested in the walk costs over a candidate of the set
// (each is a row read: about 1).
const countWalk = 1000

// searchSet selects the ids of the tickets with q in one of searchFields:
// the index's candidates, each confirmed with LIKE.
func searchSet(q string) (string, []any) {
	if searchExact(q) {
		return "SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?", []any{searchMatch(q)}
	}
	cond, args := searchScan(q)
	return "SELECT t.id FROM ticket_search JOIN tickets t ON t.id = ticket_search.rowid WHERE ticket_search MATCH ? AND " + cond,
		append([]any{searchMatch(q)}, args...)
}

// searchExact reports whether the index alone answers q: one to three
// characters, each an ASCII letter or digit or a character outside ASCII
// and outside the private use block where foldRune files the rest of
// ASCII. Such a query is one gram and a ticket holds it exactly when a
// field contains q (ASCII case aside, as for LIKE).
func searchExact(q string) bool {
	n := 0
	for _, r := range q {
		if f := foldRune(r); f >= 0xE000 && f < 0xE000+utf8.RuneSelf {
			return false
		}
		n++
	}
	return n <= 3
}

// searchScan is the condition "q is in one of searchFields" tested on
// each ticket.
func searchScan(q string) (string, []any) {
	like := "%" + escapeLike(q) + "%"
	var b strings.Builder
	var args []any
	b.WriteString("(")
	for i, f := range searchFields {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString(f + ` LIKE ? ESCAPE '\'`)
		args = append(args, like)
	}
	b.WriteString(")")
	return b.String(), args
}

// countStream counts the tickets of column st that pass f, when f's
// search has a middling number of index candidates: too many to collect
// as a set, too few for a walk of the column to meet limit of them soon.
// It reads the candidates in id order, each ticket once, and stops at
// limit, so it costs at most about limit over the column's share of the
// desk. ok is false when the search is not such a middling one.
func (s *Store) countStream(ctx context.Context, st domain.Status, f Filter, limit int) (n int, ok bool, err error) {
	q := strings.ToValidUTF8(strings.TrimSpace(f.Search), "\uFFFD")
	match := searchMatch(q)
	countLimit := s.countLimit(ctx)
	cands, err := s.candidates(ctx, match, countLimit)
	if err != nil || cands < s.searchCache.setMax() || cands >= countLimit {
		return 0, false, err
	}
	rest := f
	rest.Search = ""
	where, args := s.filterSQL(ctx, st, rest, searchCount)
	text, textArgs := searchScan(q)
	confirm, confirmArgs := text, textArgs
	if searchExact(q) {
		confirm, confirmArgs = "1", nil
	}
	others, otherArgs := s.searchOthers(q)
	all := append(append([]any{match}, args...), confirmArgs...)
	all = append(append(append(append(all, args...), otherArgs...), textArgs...), limit)
	// CROSS JOIN: the index's ids drive, each ticket read once. The
	// second part adds the key, external id and customer matches the
	// text did not find.
	err = s.queryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM ticket_search CROSS JOIN tickets ON tickets.id = ticket_search.rowid"+
		" WHERE ticket_search MATCH ? AND "+where+" AND "+confirm+
		" UNION ALL SELECT 1 FROM tickets WHERE +"+where+" AND id IN ("+others+") AND NOT "+text+" LIMIT ?)", all...).Scan(&n)
	return n, err == nil, err
}

// searchHits is everything a search finds, read in one pass and shared by
// the five columns a keystroke asks for (a page and a count each): the ids
// of the matching tickets by status and priority, in id order. A search
// with few enough index candidates is read this way; reading each column
// from the candidates apart cost five passes per keystroke.
type searchHits struct {
	marker int64 // the last event when read: any change to a ticket adds one
	ids    map[domain.Status]*[3][]int64
}

// hitsCacheMax bounds the searches kept: the board asks for the same one
// ten times per keystroke, and typing moves on.
const hitsCacheMax = 8

// hitsWalk weighs one pass over the candidates against the column walks it
// spares: five columns, each walked until the board's count cap (999).
const hitsWalk = 5 * countWalk

// hitsLimit is the most index candidates read in one pass: about where
// the five columns' walks to the count cap cost as much.
func (s *Store) hitsLimit(ctx context.Context) int {
	if m := s.searchCache.testSetMax; m > 0 {
		return m
	}
	var total int
	if err := s.queryRow(ctx, "SELECT sum(n) FROM column_counts").Scan(&total); err != nil {
		return searchSetMax
	}
	return max(searchSetMax, int(math.Sqrt(float64(hitsWalk*total))))
}

// hits reads what the search q finds in one pass, or says (ok false) that
// q has too many index candidates for that: the columns are then walked.
func (s *Store) hits(ctx context.Context, q string) (h *searchHits, ok bool, err error) {
	q = strings.ToValidUTF8(strings.TrimSpace(q), "\uFFFD")
	limit := s.hitsLimit(ctx)
	n, err := s.candidates(ctx, searchMatch(q), limit)
	if err != nil || n >= limit {
		return nil, false, err
	}
	var marker int64
	if err := s.queryRow(ctx, "SELECT coalesce(max(seq), 0) FROM events").Scan(&marker); err != nil {
		return nil, false, err
	}
	c := &s.searchCache
	c.mu.Lock()
	h = c.hits[q]
	c.mu.Unlock()
	if h != nil && h.marker == marker {
		return h, true, nil
	}
	// The index's candidates drive (CROSS JOIN: read in id order, each
	// ticket once, no set built), then the tickets found by key, external
	// id or customer; the marker is read in the same statement, so it
	// dates the ids.
	confirm, confirmArgs := searchScan(q)
	if searchExact(q) {
		confirm, confirmArgs = "1", nil
	}
	others, otherArgs := s.searchOthers(q)
	args := append(append([]any{searchMatch(q)}, confirmArgs...), otherArgs...)
	rows, err := s.query(ctx, "SELECT (SELECT coalesce(max(seq), 0) FROM events), status, priority, id"+
		" FROM ticket_search CROSS JOIN tickets ON tickets.id = ticket_search.rowid WHERE ticket_search MATCH ? AND "+confirm+
		" UNION ALL SELECT (SELECT coalesce(max(seq), 0) FROM events), status, priority, id FROM tickets WHERE id IN ("+others+")", args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	h = &searchHits{ids: map[domain.Status]*[3][]int64{}}
	sorted := true
	for rows.Next() {
		var st string
		var prio domain.Priority
		var id int64
		if err := rows.Scan(&h.marker, &st, &prio, &id); err != nil {
			return nil, false, err
		}
		col := h.ids[domain.Status(st)]
		if col == nil {
			col = &[3][]int64{}
			h.ids[domain.Status(st)] = col
		}
		if !prio.Valid() {
			continue
		}
		if l := col[prio]; len(l) > 0 && l[len(l)-1] >= id {
			sorted = false // a ticket found by key or customer
		}
		col[prio] = append(col[prio], id)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	if !sorted {
		for _, col := range h.ids {
			for p := range col {
				slices.Sort(col[p])
				col[p] = slices.Compact(col[p])
			}
		}
	}
	c.mu.Lock()
	if c.hits == nil || len(c.hits) >= hitsCacheMax {
		c.hits = map[string]*searchHits{}
	}
	c.hits[q] = h
	c.mu.Unlock()
	return h, true, nil
}

// count is how many tickets of column st the search found.
func (h *searchHits) count(st domain.Status) int {
	col := h.ids[st]
	if col == nil {
		return 0
	}
	return len(col[0]) + len(col[1]) + len(col[2])
}

// page is the ids of q's page of column st, in board order (see Page).
func (h *searchHits) page(q PageQuery) []int64 {
	col := h.ids[q.Status]
	if col == nil {
		return nil
	}
	back := q.Dir == Before
	prios := q.priorities()
	var out []int64
	for i, p := range prios {
		ids := col[p]
		if back {
			hi := len(ids)
			if i == 0 && q.Cursor != nil {
				hi, _ = slices.BinarySearch(ids, q.Cursor.ID)
			}
			for j := hi - 1; j >= 0 && len(out) < q.Limit; j-- {
				out = append(out, ids[j])
			}
		} else {
			lo := 0
			if i == 0 && q.Cursor != nil {
				var found bool
				lo, found = slices.BinarySearch(ids, q.Cursor.ID)
				if found && q.Dir == After {
					lo++
				}
			}
			out = append(out, ids[lo:min(len(ids), lo+q.Limit-len(out))]...)
		}
		if len(out) == q.Limit {
			break
		}
	}
	if back {
		slices.Reverse(out)
	}
	return out
}

// pageOfHits reads the cards of a page found in h. A card that left the
// column since h was read is left out.
func (s *Store) pageOfHits(ctx context.Context, h *searchHits, q PageQuery) ([]domain.Ticket, error) {
	ids := h.page(q)
	if len(ids) == 0 {
		return []domain.Ticket{}, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	cards, err := s.appendCards(ctx, make([]domain.Ticket, 0, len(ids)),
		"id IN (SELECT value FROM json_each(?)) AND +status = ?", "id", []any{string(list), string(q.Status)}, len(ids))
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]domain.Ticket, len(cards))
	for _, t := range cards {
		byID[t.ID] = t
	}
	out := make([]domain.Ticket, 0, len(ids))
	for _, id := range ids {
		if t, ok := byID[id]; ok {
			out = append(out, t)
		}
	}
	return out, nil
}
