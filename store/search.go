package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
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
//
// The index's rowid is not the ticket's id but its place on the board
// (searchKey, migration 0022): a column is one range of rowids, in board
// order. The board's search (a page and a capped count per column, for
// every keystroke) reads that range from the index and stops when it has
// enough, whatever the number of tickets the query is in.

// searchFields are the ticket columns a search matches by substring; the
// triggers of migrations 0022 and 0025 pass the same columns to
// search_grams (and since 0025 the filter columns to search_tags, see
// search_tags.go).
var searchFields = []string{"title", "body", "customer_name", "product", "order_no"}

func init() {
	sqlite.MustRegisterDeterministicScalarFunction("search_grams", -1, searchGramsSQL)
	sqlite.MustRegisterDeterministicScalarFunction("search_key", 3, searchKeySQL)
}

// keyIDBits is the room a ticket id has in a search key: ids below 2^40.
const keyIDBits = 40

// keyIDMask takes the ticket id out of a search key; keyID is the SQL
// expression of the id in the index's rowid.
var (
	keyIDMask = strconv.FormatInt(1<<keyIDBits-1, 10)
	keyID     = "ticket_search.rowid & " + keyIDMask
)

// searchKey is the index's rowid of a ticket: its column, then its
// priority (high first), then its id, so that rowid order within a
// column is board order (see Cursor).
func searchKey(st domain.Status, p domain.Priority, id int64) (int64, error) {
	col := st.Index()
	if col < 0 || !p.Valid() || id < 0 || id >= 1<<keyIDBits {
		return 0, fmt.Errorf("search_key: %q, priority %d, id %d has no place on the board", st, p, id)
	}
	return int64(col)<<(keyIDBits+2) | int64(p)<<keyIDBits | id, nil
}

// columnKeys is the range of search keys of column st.
func columnKeys(st domain.Status) (lo, hi int64, err error) {
	if lo, err = searchKey(st, domain.High, 0); err != nil {
		return 0, 0, err
	}
	hi, err = searchKey(st, domain.Low, 1<<keyIDBits-1)
	return lo, hi, err
}

// searchKeySQL is search_key(status, priority, id).
func searchKeySQL(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	st, ok1 := args[0].(string)
	p, ok2 := args[1].(int64)
	id, ok3 := args[2].(int64)
	if !ok1 || !ok2 || !ok3 {
		return nil, fmt.Errorf("search_key(%T, %T, %T): want text, integer, integer", args[0], args[1], args[2])
	}
	return searchKey(domain.Status(st), domain.Priority(p), id)
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
// grams separated by spaces, in the order first met (FTS5 with detail=none
// keeps no order). Grams never span two fields, as LIKE matches within
// one.
func searchDoc(fields ...string) string {
	w := docWorkPool.Get().(*docWork)
	defer docWorkPool.Put(w)
	size := 0
	for _, f := range fields {
		size += len(f) // at least its characters
	}
	w.seen.reset(3 * size)
	b := w.doc[:0]
	for _, f := range fields {
		rs := w.runes[:0]
		for _, r := range f {
			rs = append(rs, foldRune(r))
		}
		for i := range rs {
			for n := 1; n <= 3 && i+n <= len(rs); n++ {
				if k := gramKey(rs[i : i+n]); w.seen.add(k) {
					if len(b) > 0 {
						b = append(b, ' ')
					}
					b = appendGram(b, k)
				}
			}
		}
		w.runes = rs
	}
	w.doc = b
	return string(b)
}

// docWork is what searchDoc reuses from one document to the next: the
// import's workers make a million, and sorting each one's grams to drop
// the repeated ones was half the cost.
type docWork struct {
	runes []rune
	doc   []byte
	seen  gramSet
}

var docWorkPool = sync.Pool{New: func() any { return new(docWork) }}

// gramSet is a set of gram keys (never 0): open addressing in a table of
// a power of two at least twice the keys it will hold.
type gramSet struct {
	slots []uint64
	shift uint
}

// reset empties the set, with room for n keys.
func (g *gramSet) reset(n int) {
	size, bits := 16, uint(4)
	for size < 2*n {
		size, bits = size*2, bits+1
	}
	if cap(g.slots) < size {
		g.slots = make([]uint64, size)
	}
	g.slots = g.slots[:size]
	clear(g.slots)
	g.shift = 64 - bits
}

// add adds k and reports whether it was new.
func (g *gramSet) add(k uint64) bool {
	mask := len(g.slots) - 1
	for i := int((k * 0x9E3779B97F4A7C15) >> g.shift); ; i = (i + 1) & mask {
		switch g.slots[i] {
		case 0:
			g.slots[i] = k
			return true
		case k:
			return false
		}
	}
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
	columns    map[string]columnCands // PostgreSQL: per column
	grams      map[string]float64     // PostgreSQL: the commonest grams' shares
	testSetMax int                    // tests read all three ways on a small desk
	// mergedAt is when MergeSearch last merged the whole index (or first
	// looked, in this process).
	mergedAt time.Time
}

// searchCacheMax bounds searchCache: when full it starts again.
const searchCacheMax = 1024

// candidates is how many tickets the index offers for q (at most limit).
func (s *Store) candidates(ctx context.Context, q string, limit int) (int, error) {
	cond, match := s.eng.match(q)
	c := &s.searchCache
	c.mu.Lock()
	n, ok := c.candidates[match]
	c.mu.Unlock()
	if ok {
		return n, nil
	}
	if common, err := s.commonGram(ctx, q, limit); err != nil || common {
		return limit, err
	}
	if s.eng == enginePostgres {
		// Counting reads a row of grams per candidate (30 µs on a
		// large desk): past a set's worth the counting stream is read,
		// which stops as soon as it has counted.
		limit = min(limit, c.setMax())
	}
	err := s.queryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM ticket_search WHERE "+cond+" LIMIT ?) AS capped",
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
	q = searchText(q)
	others, otherArgs := s.searchOthers(q)
	countLimit := s.countLimit(ctx)
	// Counted up to the larger limit, whatever the use, so that one
	// cached number serves both.
	n, err := s.candidates(ctx, q, countLimit)
	limit := s.searchCache.setMax()
	if use == searchCount {
		limit = countLimit
	}
	if err != nil || n >= limit {
		// A failed count only costs speed: the scan finds the same.
		cond, args := s.eng.searchScan(q)
		return "(" + cond + " OR id IN (" + others + "))", append(args, otherArgs...), false
	}
	cond, args = s.eng.searchSet(q)
	return s.eng.inSet(cond + " UNION ALL " + others), append(args, otherArgs...), true
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

// match is the condition "the index offers the ticket for q" and its
// argument: on SQLite an FTS5 query of q's grams (searchMatch); on
// PostgreSQL q itself, whose grams search_match makes (migration 0017's
// twin) for the containment test on the ticket's grams.
func (e engine) match(q string) (cond, arg string) {
	if e == enginePostgres {
		return "ticket_search.grams @> search_match(?)", q
	}
	return "ticket_search MATCH ?", searchMatch(q)
}

// searchSet selects the ids of the tickets with q in one of searchFields:
// the index's candidates, each confirmed with LIKE.
func (e engine) searchSet(q string) (string, []any) {
	match, arg := e.match(q)
	if e.searchExact(q) {
		return "SELECT " + keyID + " FROM ticket_search WHERE " + match, []any{arg}
	}
	cond, args := e.searchScan(q)
	return "SELECT t.id FROM ticket_search JOIN tickets t ON t.id = " + keyID + " WHERE " + match + " AND " + cond,
		append([]any{arg}, args...)
}

// searchExact reports whether the index alone answers q: one to three
// characters, each an ASCII letter or digit or a character outside ASCII
// and outside the private use block where foldRune files the rest of
// ASCII. Such a query is one gram and a ticket holds it exactly when a
// field contains q (ASCII case aside, as for LIKE).
//
// PostgreSQL's grams are the characters themselves, none filed together:
// every query of one to three characters is one gram there.
func (e engine) searchExact(q string) bool {
	if e == enginePostgres {
		return utf8.RuneCountInString(q) <= 3
	}
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
// each ticket. The pattern is written +?: SQLite reads a bound LIKE
// pattern when it plans (for an index range) and so plans the statement
// again at every run, which made every keystroke parse the board's
// statements anew. PostgreSQL's LIKE minds case: a query with an ASCII
// letter is matched with ILIKE under the C collation, which folds ASCII
// letters only, as SQLite's LIKE does (migration 0017's ascii_lower, which
// the tests hold it to, is six times slower: translate() walks UTF-8);
// a query without one needs no folding, and plain LIKE is five times
// faster again.
func (e engine) searchScan(q string) (string, []any) {
	like := "%" + escapeLike(q) + "%"
	fold := strings.ContainsFunc(q, isASCIILetter)
	var b strings.Builder
	var args []any
	b.WriteString("(")
	for i, f := range searchFields {
		if i > 0 {
			b.WriteString(" OR ")
		}
		switch {
		case e == enginePostgres && fold:
			b.WriteString(f + ` COLLATE "C" ILIKE ? ESCAPE '\'`)
		case e == enginePostgres:
			b.WriteString(f + ` LIKE ? ESCAPE '\'`)
		default:
			b.WriteString(f + ` LIKE +? ESCAPE '\'`)
		}
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
	q := searchText(f.Search)
	match, matchArg := s.eng.match(q)
	countLimit := s.countLimit(ctx)
	cands, err := s.candidates(ctx, q, countLimit)
	if err != nil || cands < s.searchCache.setMax() || cands >= countLimit {
		return 0, false, err
	}
	rest := f
	rest.Search = ""
	where, args := s.filterSQL(ctx, st, rest, searchCount)
	text, textArgs := s.eng.searchScan(q)
	confirm, confirmArgs := text, textArgs
	if s.eng.searchExact(q) {
		confirm, confirmArgs = "1 = 1", nil
	}
	lo, hi, err := columnKeys(st)
	if err != nil {
		return 0, false, err
	}
	others, otherArgs := s.searchOthers(q)
	all := append(append([]any{matchArg, lo, hi}, args...), confirmArgs...)
	all = append(append(append(append(all, args...), otherArgs...), textArgs...), limit)
	// orderedJoin: the index's ids drive, each ticket read once. The
	// second part adds the key, external id and customer matches the
	// text did not find.
	err = s.queryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM ticket_search "+s.eng.orderedJoin()+" tickets ON tickets.id = "+keyID+
		" WHERE "+match+" AND "+s.eng.candidateKey()+" BETWEEN ? AND ? AND "+where+" AND "+confirm+
		" UNION ALL SELECT 1 FROM tickets WHERE "+s.eng.unindexed(where)+" AND id IN ("+others+") AND NOT "+text+" LIMIT ?) AS capped", all...).Scan(&n)
	return n, err == nil, err
}

// columnSearch selects the search keys (k) of the tickets the search of
// f finds with a key in [lo, hi], one column or part of one: at most
// limit of those with f's query in their text, the first in key order
// (the last if back), read from the index, which stops there; then those
// the query finds only by key, external id or customer, a few rows. Any
// limit tickets first in key order among what f finds are among them,
// each once. f's other filters are tags (see filterTags) and its
// priority, within [lo, hi] already (priorityKeys).
func (s *Store) columnSearch(ctx context.Context, f Filter, st domain.Status, lo, hi int64, back bool, limit int) (string, []any, error) {
	q := searchText(f.Search)
	tags, ok := f.filterTags()
	if !ok {
		return "", nil, fmt.Errorf("search: filter %+v is not read from the index", f)
	}
	text, args, err := s.columnText(ctx, q, tags, st, lo, hi, back, limit)
	if err != nil {
		return "", nil, err
	}
	scan, scanArgs := s.eng.searchScan(q)
	others, otherArgs := s.searchOthers(q)
	// The tag filters' conditions on no index (unindexed): else SQLite
	// walks the owner's tickets by their index, testing each against
	// the few ids of the others. The key range holds the rest.
	conds, condArgs := tagConds(f, s.eng.unindexed)
	where := ""
	for _, c := range conds {
		where += " AND " + c
	}
	args = append(append(append(append(args, otherArgs...), scanArgs...), condArgs...), lo, hi)
	return "SELECT k FROM (" + text + ") AS by_text" +
		" UNION ALL SELECT k FROM (SELECT search_key(status, priority, id) AS k FROM tickets WHERE id IN (" + others + ")" +
		" AND NOT " + scan + where + ") AS by_others WHERE k BETWEEN ? AND ?", args, nil
}

// columnText is the first part of columnSearch, the keys of the tickets
// with q in their text and all of tags in their document: on SQLite read
// from the index in key order. PostgreSQL's index has no tags.
func (s *Store) columnText(ctx context.Context, q string, tags []string, st domain.Status, lo, hi int64, back bool, limit int) (string, []any, error) {
	if s.eng == enginePostgres {
		if len(tags) > 0 {
			return "", nil, fmt.Errorf("search: PostgreSQL's index has no filter tags")
		}
		return s.columnTextPostgres(ctx, q, st, lo, hi, back, limit)
	}
	match, matchArg := s.eng.match(q)
	for _, t := range tags {
		matchArg += ` "` + t + `"`
	}
	text := "SELECT ticket_search.rowid AS k FROM ticket_search"
	where := " WHERE " + match + " AND ticket_search.rowid BETWEEN ? AND ?"
	args := []any{matchArg, lo, hi}
	if !s.eng.searchExact(q) {
		// orderedJoin: the index drives, in key order, each candidate
		// confirmed on its ticket.
		scan, scanArgs := s.eng.searchScan(q)
		text += " " + s.eng.orderedJoin() + " tickets ON tickets.id = " + keyID
		where += " AND " + scan
		args = append(args, scanArgs...)
	}
	order := " ORDER BY ticket_search.rowid"
	if back {
		order += " DESC"
	}
	return text + where + order + " LIMIT +?", append(args, limit), nil
}

// searchText is a search as the index reads it: stored text is valid
// UTF-8 (cleanText), so must the query be, or LIKE and the grams would
// read a stray byte differently.
func searchText(q string) string {
	return strings.ToValidUTF8(strings.TrimSpace(q), "\uFFFD")
}

// searchPage is Page for a search read from the index (see byIndex), in
// board order: the column's keys (of the filter's priority) from the
// cursor on.
func (s *Store) searchPage(ctx context.Context, q PageQuery) ([]domain.Ticket, error) {
	lo, hi, err := columnKeys(q.Status)
	if err != nil {
		return nil, invalid("%v", err)
	}
	if q.Cursor != nil {
		k, err := searchKey(q.Status, q.Cursor.Priority, q.Cursor.ID)
		if err != nil {
			return nil, invalid("%v", err)
		}
		switch q.Dir {
		case From:
			lo = k
		case After:
			lo = k + 1
		case Before:
			hi = k - 1
		}
	}
	lo, hi, empty, err := priorityKeys(q.Status, q.Filter.Priority, lo, hi)
	if err != nil || empty {
		return nil, invalidIf(err)
	}
	back := q.Dir == Before
	keys, args, err := s.columnSearch(ctx, q.Filter, q.Status, lo, hi, back, q.Limit)
	if err != nil {
		return nil, err
	}
	order := "priority, id"
	if back {
		order = "priority DESC, id DESC"
	}
	out, err := s.appendCards(ctx, make([]domain.Ticket, 0, q.Limit),
		"id IN (SELECT k & "+keyIDMask+" FROM ("+keys+") AS found)", order, args, q.Limit)
	if back {
		reverse(out)
	}
	return out, err
}

// searchCount is CountUpTo for a search read from the index (see
// byIndex): the column's tickets f finds, counted up to limit.
func (s *Store) searchCount(ctx context.Context, st domain.Status, f Filter, limit int) (int, error) {
	lo, hi, err := columnKeys(st)
	if err != nil {
		return 0, invalid("%v", err)
	}
	lo, hi, empty, err := priorityKeys(st, f.Priority, lo, hi)
	if err != nil || empty {
		return 0, invalidIf(err)
	}
	keys, args, err := s.columnSearch(ctx, f, st, lo, hi, false, limit)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.queryRow(ctx, "SELECT count(*) FROM ("+keys+") AS found", args...).Scan(&n)
	return n, err
}

// invalidIf is ErrInvalid for err, nil for nil.
func invalidIf(err error) error {
	if err == nil {
		return nil
	}
	return invalid("%v", err)
}

// MergeSearch keeps the search index (SQLite's FTS5) in few segments.
// FTS5 writes a segment per transaction and merges them only a little at
// each write, so a desk collects them: ten or so large ones after a 1M
// import, a dozen small ones more after a few thousand moves. A search
// seeks every query token in every segment, for every column: on ten
// segments a keystroke costs 5-25 times what it costs on one, and even a
// few small segments beside a large one double it
// (store/search_bench_test.go).
//
// It merges them all into one when the segments besides the largest hold
// over an eighth of the index's pages (an import), or when there are
// several and the last such merge is fullMergeEvery ago; else, when there
// are more than two, it merges those of a like size together (FTS5's
// levels, two to a level), which rewrites only the small ones. A full
// merge rewrites the whole index (7 s of CPU at 1M tickets), so a steady
// trickle of writes pays for it at most every fullMergeEvery. It works in
// steps of about mergeStepTime each (see mergeStep), each its own write
// transaction, so writers wait for a step, never for the whole merge, and
// reports whether it merged. PostgreSQL's index needs nothing of the kind.
func (s *Store) MergeSearch(ctx context.Context) (bool, error) {
	if s.eng != engineSQLite {
		return false, nil
	}
	c := &s.searchCache
	now := s.now()
	c.mu.Lock()
	if c.mergedAt.IsZero() {
		c.mergedAt = now
	}
	due := now.Sub(c.mergedAt) >= fullMergeEvery
	c.mu.Unlock()
	pages, err := s.searchSegments(ctx)
	if err != nil {
		return false, err
	}
	if len(pages) < 2 {
		return false, s.settleSearch(ctx)
	}
	total, largest := 0, slices.Max(pages)
	for _, n := range pages {
		total += n
	}
	// A negative step merges segments of any level, as 'optimize' does;
	// a positive one only levels with usermerge segments.
	sign := -1
	switch {
	case due || (total-largest)*8 > total:
		c.mu.Lock()
		c.mergedAt = now
		c.mu.Unlock()
	case len(pages) > 2:
		sign = 1
	default:
		return false, nil
	}
	for step := mergeStep; ; {
		// The merge is done when a step changes less than two rows of
		// the index (FTS5's documented test).
		var changed int64
		start := time.Now()
		err := s.write(ctx, func(tx *wtx) error {
			if _, err := tx.ExecContext(ctx, "INSERT INTO ticket_search (ticket_search, rank) VALUES ('usermerge', 2)"); err != nil {
				return err
			}
			var before, after int64
			if err := tx.QueryRowContext(ctx, "SELECT total_changes()").Scan(&before); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO ticket_search (ticket_search, rank) VALUES ('merge', ?)", sign*step); err != nil {
				return err
			}
			err := tx.QueryRowContext(ctx, "SELECT total_changes()").Scan(&after)
			changed = after - before
			return err
		})
		if err != nil || changed < 2 {
			if err == nil && sign < 0 {
				err = s.settleSearch(ctx)
			}
			return true, err
		}
		step = nextMergeStep(step, time.Since(start))
	}
}

// MergeSearch's first transaction writes mergeStep pages of the index,
// the next ones as many as take the writer about mergeStepTime
// (nextMergeStep), up to maxMergeStep. Much of a step's cost is finding
// its place in every segment it merges: on the 245 a 1M import leaves,
// steps of 200 pages took 100 ms each and the merge 18.6 s in 189 steps;
// timed, 10.7 s in 104. On a desk merged before, a step of 200 pages
// takes about 20 ms.
const (
	mergeStep     = 200
	maxMergeStep  = 20 * mergeStep
	mergeStepTime = 100 * time.Millisecond
)

// nextMergeStep is the pages of the step after one of step pages that
// took took: as many as fit in mergeStepTime at that pace.
func nextMergeStep(step int, took time.Duration) int {
	if took <= 0 {
		return maxMergeStep
	}
	pages := float64(step) * float64(mergeStepTime) / float64(took)
	return int(min(max(pages, mergeStep), maxMergeStep))
}

// fullMergeEvery is how often at most MergeSearch rewrites the whole
// index for a few small segments.
const fullMergeEvery = 15 * time.Minute

// searchSegments is the number of leaf pages of each segment of the
// search index: the last leaf's number, read from the rowid FTS5 gives
// the page (segment id << 37 | page number, for leaves).
func (s *Store) searchSegments(ctx context.Context) ([]int, error) {
	rows, err := s.query(ctx, `SELECT (SELECT max(id) FROM ticket_search_data
		WHERE id BETWEEN segid << 37 AND (segid << 37) + 2147483647) - (segid << 37)
		FROM (SELECT DISTINCT segid FROM ticket_search_idx) AS segs`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var pages []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		pages = append(pages, n)
	}
	return pages, rows.Err()
}
