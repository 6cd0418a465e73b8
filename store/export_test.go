package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// SearchIDs is the ids of the tickets the indexed search finds for q, in
// id order.
func (s *Store) SearchIDs(ctx context.Context, q string) ([]int64, error) {
	cond, args := s.eng.searchSet(q)
	return s.testIDs(ctx, "SELECT id FROM tickets WHERE id IN ("+cond+") ORDER BY id", args...)
}

// ScanIDs is the ids of the tickets the substring scan finds for q (the
// search before the index), in id order: the reference SearchIDs must
// equal.
//
// PostgreSQL's LIKE minds case, so there both sides are folded as SQLite's
// LIKE folds them (ASCII letters only; migration 0017's twin tests
// ascii_lower against Go).
func (s *Store) ScanIDs(ctx context.Context, q string) ([]int64, error) {
	like := "%" + escapeLike(q) + "%"
	if s.eng == enginePostgres {
		return s.testIDs(ctx, `SELECT id FROM tickets WHERE ascii_lower(title) LIKE ascii_lower(?1) ESCAPE '\'
			OR ascii_lower(body) LIKE ascii_lower(?1) ESCAPE '\' OR ascii_lower(customer_name) LIKE ascii_lower(?1) ESCAPE '\'
			OR ascii_lower(product) LIKE ascii_lower(?1) ESCAPE '\' OR ascii_lower(order_no) LIKE ascii_lower(?1) ESCAPE '\' ORDER BY id`, like)
	}
	return s.testIDs(ctx, `SELECT id FROM tickets WHERE title LIKE ?1 ESCAPE '\' OR body LIKE ?1 ESCAPE '\'
		OR customer_name LIKE ?1 ESCAPE '\' OR product LIKE ?1 ESCAPE '\' OR order_no LIKE ?1 ESCAPE '\' ORDER BY id`, like)
}

func (s *Store) testIDs(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// SetSearchSetMax makes the search take a set of ids only below n index
// candidates (and clears the candidate counts), so a small desk's searches
// take every way a large one's do; 0 restores the default.
func (s *Store) SetSearchSetMax(n int) {
	s.searchCache.mu.Lock()
	s.searchCache.testSetMax, s.searchCache.candidates = n, nil
	s.searchCache.mu.Unlock()
}

// FilterPage and FilterCountUpTo are Page and CountUpTo as they read a
// search combined with other filters (a set of ids or a walk of the
// column, see SetSearchSetMax), whatever the filter: what the board's
// search alone, read from the index by board keys, must equal.
func (s *Store) FilterPage(ctx context.Context, q PageQuery) ([]domain.Ticket, error) {
	return s.filterPage(ctx, q)
}

func (s *Store) FilterCountUpTo(ctx context.Context, st domain.Status, f Filter, limit int) (int, bool, error) {
	return s.filterCount(ctx, st, f, limit)
}

// SearchKeys is the index's rowids and the search keys of the tickets,
// each in order: equal when every ticket is indexed at its place.
func (s *Store) SearchKeys(ctx context.Context) (index, tickets []int64, err error) {
	if index, err = s.testIDs(ctx, "SELECT rowid FROM ticket_search ORDER BY rowid"); err != nil {
		return nil, nil, err
	}
	tickets, err = s.testIDs(ctx, "SELECT search_key(status, priority, id) FROM tickets ORDER BY 1")
	return index, tickets, err
}

// ForEachEngine runs f on each engine (see forEachEngine).
func ForEachEngine(t *testing.T, f func(t *testing.T)) { forEachEngine(t, f) }

// NewTestDB is a new database for t on its engine (see testDB).
func NewTestDB(t testing.TB) string { return testDB(t) }

// SearchSegments is the number of leaf pages of each segment of the
// SQLite search index.
func (s *Store) SearchSegments(ctx context.Context) ([]int, error) { return s.searchSegments(ctx) }

// SearchSetting is a setting of the SQLite search index (FTS5's
// configuration table).
func (s *Store) SearchSetting(ctx context.Context, name string) (n int, err error) {
	return n, s.queryRow(ctx, "SELECT v FROM ticket_search_config WHERE k = ?", name).Scan(&n)
}

// CheckSearchTags reports a ticket whose search document does not hold
// exactly its filter tags (migration 0025): for every channel, category,
// team and owner the desk's tickets have, and for no owner, the index's
// keys holding the tag are the keys of the tickets with that value.
// PostgreSQL's index has no tags.
func (s *Store) CheckSearchTags(ctx context.Context) error {
	if s.eng != engineSQLite {
		return nil
	}
	check := func(what, tag, where string, args ...any) error {
		index, err := s.testIDs(ctx, "SELECT rowid FROM ticket_search WHERE ticket_search MATCH ? ORDER BY rowid", `"`+tag+`"`)
		if err != nil {
			return err
		}
		want, err := s.testIDs(ctx, "SELECT search_key(status, priority, id) FROM tickets WHERE "+where+" ORDER BY 1", args...)
		if err != nil {
			return err
		}
		if !slices.Equal(index, want) {
			return fmt.Errorf("%s: the index holds its tag at %d keys, %d tickets have it", what, len(index), len(want))
		}
		return nil
	}
	for _, c := range []struct {
		col  string
		kind byte
	}{{"channel", tagChannel}, {"category", tagCategory}, {"team", tagTeam}, {"owner", tagOwner}} {
		rows, err := s.query(ctx, "SELECT DISTINCT "+c.col+" FROM tickets WHERE "+c.col+" <> ''")
		if err != nil {
			return err
		}
		vals, err := scanAll(rows, func(rows *sql.Rows) (string, error) {
			var v string
			return v, rows.Scan(&v)
		})
		if err != nil {
			return err
		}
		for _, v := range vals {
			if err := check(c.col+" "+v, searchTag(c.kind, v), c.col+" = ?", v); err != nil {
				return err
			}
		}
	}
	return check("no owner", tagUnassigned, "owner IS NULL")
}

// SearchDoc is searchDoc.
var SearchDoc = searchDoc
