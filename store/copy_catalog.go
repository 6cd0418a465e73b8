package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// notCopied are the tables a desk copy leaves to the target, each for its
// reason; every other table the database catalog lists is copied.
var notCopied = map[string]string{
	"schema_migrations": "the target's Open applied the same migrations",
	"ticket_search":     "the search index: the target's triggers index each ticket as it is copied",
	"search_batch":      "a flag a batch import holds inside its own transaction",
	"desk_secret":       "PostgreSQL's fingerprint of the desk secret, written by the target's Open from the copied secret",
}

// colKind is how a column's values are carried and summed.
type colKind int

const (
	kindInteger colKind = iota
	kindReal
	kindText
	kindBlob
)

// copyTable is one table of the catalog as the copy needs it.
type copyTable struct {
	name     string
	cols     []string
	kinds    []colKind
	pk       []string // primary key columns: the order rows are read in
	refs     []string // tables its foreign keys reference, itself excluded
	selfRefs []string // columns referencing its own key (set after every row is in)
	identity string   // the column a sequence numbers (PostgreSQL identity, SQLite AUTOINCREMENT), if any
}

// catalog lists the desk's tables from the database's own catalog
// (sqlite_schema's pragmas, or information_schema and pg_catalog), less
// notCopied and SQLite's internal, virtual and shadow tables, in an order
// where every table comes after those its foreign keys reference.
func (s *Store) catalog(ctx context.Context, q querier) ([]copyTable, error) {
	names, err := s.tableNames(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	var tables []copyTable
	for _, n := range names {
		if _, skip := notCopied[n]; skip {
			continue
		}
		t := copyTable{name: n}
		if err := s.describe(ctx, q, &t); err != nil {
			return nil, fmt.Errorf("catalog: table %s: %w", n, err)
		}
		tables = append(tables, t)
	}
	return dependencyOrder(tables)
}

// querier is a transaction or a pool.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) tableNames(ctx context.Context, q querier) ([]string, error) {
	query := `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
		AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`
	if s.eng == enginePostgres {
		query = `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	return queryTexts(ctx, q, query)
}

// describe fills in a table's columns, key, references and sequence.
func (s *Store) describe(ctx context.Context, q querier, t *copyTable) error {
	type col struct {
		name, typ string
		pk        int
		identity  bool
	}
	query := "SELECT name, upper(type), pk, 0 FROM pragma_table_info(?) ORDER BY cid"
	if s.eng == enginePostgres {
		query = `SELECT c.column_name, upper(c.data_type),
			coalesce((SELECT k.n FROM pg_index i CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(att, n)
				JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attname = c.column_name AND a.attnum = k.att
				WHERE i.indrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?1::text)) AND i.indisprimary), 0),
			CASE WHEN c.is_identity = 'YES' THEN 1 ELSE 0 END
			FROM information_schema.columns c
			WHERE c.table_schema = current_schema() AND c.table_name::text = ?1::text ORDER BY c.ordinal_position`
	}
	rows, err := q.QueryContext(ctx, query, t.name)
	if err != nil {
		return err
	}
	cols, err := scanAll(rows, func(rows *sql.Rows) (col, error) {
		var c col
		return c, rows.Scan(&c.name, &c.typ, &c.pk, &c.identity)
	})
	if err != nil {
		return err
	}
	if len(cols) == 0 {
		return fmt.Errorf("no columns")
	}
	pk := map[int]string{}
	for _, c := range cols {
		t.cols = append(t.cols, c.name)
		t.kinds = append(t.kinds, kindOf(c.typ))
		if c.pk > 0 {
			pk[c.pk] = c.name
		}
		if c.identity {
			t.identity = c.name
		}
	}
	for i := 1; i <= len(pk); i++ {
		t.pk = append(t.pk, pk[i])
	}
	if s.eng == engineSQLite && len(t.pk) == 1 {
		// AUTOINCREMENT keeps a high-water mark in sqlite_sequence.
		var n int
		if err := q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = ? AND sql LIKE '%AUTOINCREMENT%'", t.name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			t.identity = t.pk[0]
		}
	}
	query = `SELECT "table", "from" FROM pragma_foreign_key_list(?)`
	if s.eng == enginePostgres {
		query = `SELECT (SELECT relname FROM pg_class WHERE oid = c.confrelid), a.attname FROM pg_constraint c
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
			WHERE c.contype = 'f' AND c.conrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?::text))`
	}
	rows, err = q.QueryContext(ctx, query, t.name)
	if err != nil {
		return err
	}
	refs, err := scanAll(rows, func(rows *sql.Rows) ([2]string, error) {
		var r [2]string
		return r, rows.Scan(&r[0], &r[1])
	})
	if err != nil {
		return err
	}
	for _, r := range refs {
		switch {
		case r[0] != t.name:
			if !slices.Contains(t.refs, r[0]) {
				t.refs = append(t.refs, r[0])
			}
		case !slices.Contains(t.selfRefs, r[1]):
			t.selfRefs = append(t.selfRefs, r[1])
		}
	}
	if len(t.selfRefs) > 0 && len(t.pk) != 1 {
		return fmt.Errorf("a reference to its own rows needs a one-column key")
	}
	return nil
}

// kindOf reads a declared (SQLite) or data (PostgreSQL) type.
func kindOf(typ string) colKind {
	switch {
	case strings.Contains(typ, "INT"):
		return kindInteger
	case strings.Contains(typ, "REAL"), strings.Contains(typ, "DOUBLE"), strings.Contains(typ, "FLOA"), strings.Contains(typ, "NUMERIC"):
		return kindReal
	case strings.Contains(typ, "BLOB"), strings.Contains(typ, "BYTEA"):
		return kindBlob
	}
	return kindText
}

// dependencyOrder sorts tables so each follows the tables it references,
// by name otherwise; a cycle of references is an error.
func dependencyOrder(tables []copyTable) ([]copyTable, error) {
	byName := map[string]copyTable{}
	for _, t := range tables {
		byName[t.name] = t
	}
	var out []copyTable
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(name string, path []string) error
	visit = func(name string, path []string) error {
		switch state[name] {
		case 1:
			return fmt.Errorf("catalog: tables reference each other in a cycle: %s", strings.Join(append(path, name), " → "))
		case 2:
			return nil
		}
		t, ok := byName[name]
		if !ok {
			return fmt.Errorf("catalog: %s references %s, which is not copied", path[len(path)-1], name)
		}
		state[name] = 1
		for _, r := range t.refs {
			if err := visit(r, append(path, name)); err != nil {
				return err
			}
		}
		state[name] = 2
		out = append(out, t)
		return nil
	}
	for _, t := range tables {
		if err := visit(t.name, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func queryTexts(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanAll(rows, func(rows *sql.Rows) (string, error) {
		var v string
		return v, rows.Scan(&v)
	})
}
