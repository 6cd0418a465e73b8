package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The PostgreSQL twins of the migrations (migrations/postgres) must give
// the store the same schema as SQLite's: the same tables, columns, keys,
// indexes and triggers, and triggers that maintain the same rows, so that
// the store's shared SQL means the same on both engines.

// pgTwinsDir holds the PostgreSQL twins, relative to the package.
const pgTwinsDir = "migrations/postgres"

// pgOnlyTables exist only on PostgreSQL.
var pgOnlyTables = []string{"desk_secret"}

// pgOnlyIndexes exist only on PostgreSQL: FTS5 needs no index of its own.
var pgOnlyIndexes = []string{"ticket_search_grams"}

// pgOnlyTriggers exist only on PostgreSQL: the change feed's NOTIFY
// (SQLite's feed watches the file).
var pgOnlyTriggers = []string{"events_notify"}

// pgTwins opens a fresh schema of the server LOOPDESK_TEST_POSTGRES names
// (dropped when the test ends) with every twin applied in order, each as
// one multi-statement Exec in its own transaction, as the store does.
func pgTwins(t *testing.T) *sql.DB {
	t.Helper()
	server := os.Getenv(pgServerEnv)
	if server == "" {
		t.Skip(pgServerEnv + " not set: PostgreSQL tests skipped")
	}
	ctx := context.Background()
	dsn, drop, err := NewSchema(ctx, server, "pgschema_")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(context.Background()); err != nil {
			t.Error(err)
		}
	})
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { db.Close() })
	for _, name := range pgTwinNames(t) {
		body, err := os.ReadFile(filepath.Join(pgTwinsDir, name))
		if err != nil {
			t.Fatal(err)
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			_ = tx.Rollback()
			t.Fatalf("%s: %v", name, err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return db
}

// pgTwinNames lists the twins in order.
func pgTwinNames(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(pgTwinsDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}

// sqliteMigrated is a fresh SQLite file with every migration applied and
// nothing else (no agents, no rollup recount).
func sqliteMigrated(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(filepath.Join(t.TempDir(), "desk.db"), true))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	s := &Store{w: db, now: time.Now}
	if err := s.migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestPostgresTwinsPairUp: every SQLite migration has its twin of the same
// file name, and nothing else is there.
func TestPostgresTwinsPairUp(t *testing.T) {
	all, err := migrations(engineSQLite)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, m := range all {
		want = append(want, m.name)
	}
	entries, err := os.ReadDir(pgTwinsDir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if e.Name() != "README.md" {
			got = append(got, e.Name())
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("twins %v, want one per migration: %v", got, want)
	}
}

// schemaFacts describes a schema as comparable lines, by kind: columns
// (name, type, nullability, default), primary keys, foreign keys, indexes
// made by CREATE INDEX (name, table, columns, unique, partial) and
// triggers.
type schemaFacts map[string][]string

// pgTypeOf is the PostgreSQL type each SQLite column type becomes.
var pgTypeOf = map[string]string{"INTEGER": "bigint", "REAL": "double precision", "TEXT": "text", "BLOB": "bytea"}

// normDefault spells a column default the same way on both engines:
// without PostgreSQL's cast, and a quoted number unquoted.
func normDefault(d sql.NullString) string {
	if !d.Valid {
		return "none"
	}
	s := d.String
	if i := strings.LastIndex(s, "::"); i > 0 && !strings.Contains(s[i:], "'") {
		s = s[:i]
	}
	if u, err := strconv.Unquote(strings.ReplaceAll(s, "'", `"`)); err == nil {
		if _, err := strconv.ParseInt(u, 10, 64); err == nil {
			s = u
		}
	}
	return s
}

func sqliteFacts(t *testing.T, db *sql.DB) (schemaFacts, []string) {
	t.Helper()
	facts := schemaFacts{}
	tables := queryStrings(t, db, `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`)
	for _, tb := range tables {
		var pk []string
		pkOrder := map[string]int{}
		for _, c := range queryStrings(t, db, `SELECT name || '|' || type || '|' || "notnull" || '|' || pk || '|' ||
			coalesce(dflt_value, '<none>') FROM pragma_table_info(?1) ORDER BY cid`, tb) {
			f := strings.SplitN(c, "|", 5)
			name, typ, notNull, pkn := f[0], f[1], f[2], f[3]
			dflt := sql.NullString{String: f[4], Valid: f[4] != "<none>"}
			if pkn != "0" {
				notNull = "1" // PostgreSQL's keys are never NULL; SQLite's TEXT keys only should not be
				pk = append(pk, name)
				pkOrder[name], _ = strconv.Atoi(pkn)
			}
			facts["column"] = append(facts["column"], fmt.Sprintf("%s.%s %s notnull=%s default=%s", tb, name, pgTypeOf[typ], notNull, normDefault(dflt)))
		}
		slices.SortFunc(pk, func(a, b string) int { return pkOrder[a] - pkOrder[b] })
		if len(pk) > 0 {
			facts["primary key"] = append(facts["primary key"], tb+" ("+strings.Join(pk, ", ")+")")
		}
		facts["foreign key"] = append(facts["foreign key"], queryStrings(t, db,
			`SELECT ?1 || '.' || "from" || ' -> ' || "table" || '.' || "to" FROM pragma_foreign_key_list(?1)`, tb)...)
		facts["index"] = append(facts["index"], queryStrings(t, db, `SELECT l.name || ' ON ' || ?1 || ' (' ||
			(SELECT group_concat(name, ', ') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) ||
			') unique=' || l."unique" || ' partial=' || l.partial
			FROM pragma_index_list(?1) l WHERE l.origin = 'c'`, tb)...)
	}
	facts["trigger"] = queryStrings(t, db, "SELECT name || ' ON ' || tbl_name FROM sqlite_master WHERE type = 'trigger'")
	// The FTS5 table: its one column, and the rowid PostgreSQL spells out.
	facts["column"] = append(facts["column"], "ticket_search.rowid bigint notnull=1 default=none", "ticket_search.grams text[] notnull=1 default=none")
	facts["primary key"] = append(facts["primary key"], "ticket_search (rowid)")
	tables = append(tables, "ticket_search")
	for _, f := range facts {
		slices.Sort(f)
	}
	slices.Sort(tables)
	return facts, tables
}

func pgFacts(t *testing.T, db *sql.DB) (schemaFacts, []string) {
	t.Helper()
	facts := schemaFacts{}
	facts["column"] = queryStrings(t, db, `SELECT c.table_name || '.' || c.column_name || ' ' ||
		CASE WHEN c.data_type = 'ARRAY' THEN trim(leading '_' from c.udt_name) || '[]' ELSE c.data_type END ||
		' notnull=' || CASE c.is_nullable WHEN 'NO' THEN 1 ELSE 0 END || ' ' || coalesce(c.column_default, '<none>')
		FROM information_schema.columns c WHERE c.table_schema = current_schema()`)
	for i, c := range facts["column"] {
		name, dflt, _ := strings.Cut(c, " notnull=")
		nn, d, _ := strings.Cut(dflt, " ")
		def := sql.NullString{String: d, Valid: d != "<none>"}
		facts["column"][i] = name + " notnull=" + nn + " default=" + normDefault(def)
	}
	facts["primary key"] = queryStrings(t, db, `SELECT r.relname || ' (' ||
		(SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k (attnum, n)
		 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) || ')'
		FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
		WHERE c.contype = 'p' AND c.connamespace = current_schema()::regnamespace`)
	facts["foreign key"] = queryStrings(t, db, `SELECT r.relname || '.' || a.attname || ' -> ' || fr.relname || '.' || fa.attname
		FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_class fr ON fr.oid = c.confrelid
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
		JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
		WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`)
	facts["index"] = queryStrings(t, db, `SELECT i.relname || ' ON ' || r.relname || ' (' ||
		(SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(x.indkey::int2[]) WITH ORDINALITY k (attnum, n)
		 JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) ||
		') unique=' || x.indisunique::int || ' partial=' || (x.indpred IS NOT NULL)::int
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class r ON r.oid = x.indrelid
		WHERE r.relnamespace = current_schema()::regnamespace
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`)
	facts["trigger"] = queryStrings(t, db, `SELECT g.tgname || ' ON ' || r.relname FROM pg_trigger g JOIN pg_class r ON r.oid = g.tgrelid
		WHERE NOT g.tgisinternal AND r.relnamespace = current_schema()::regnamespace`)
	tables := queryStrings(t, db, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name")
	for _, f := range facts {
		slices.Sort(f)
	}
	return facts, tables
}

// queryStrings is the one text column q selects.
func queryStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// without is list less the lines naming one of names (a table or index)
// first.
func without(list []string, names []string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(s string) bool {
		for _, n := range names {
			if s == n || strings.HasPrefix(s, n+".") || strings.HasPrefix(s, n+" ") {
				return true
			}
		}
		return false
	})
}

// TestPostgresSchemaMatchesSQLite: after every migration, both engines
// have the same tables with the same columns (types mapped, nullability,
// defaults), keys, indexes and triggers, and the same rows in them (the
// teams, column counts and reply templates the migrations write and
// rewrite).
func TestPostgresSchemaMatchesSQLite(t *testing.T) {
	pg := pgTwins(t)
	lite := sqliteMigrated(t)
	liteFacts, liteTables := sqliteFacts(t, lite)
	pgF, pgTables := pgFacts(t, pg)
	if got := without(pgTables, pgOnlyTables); !slices.Equal(got, liteTables) {
		t.Errorf("tables:\npostgres %v\nsqlite   %v", got, liteTables)
	}
	for _, kind := range slices.Sorted(maps.Keys(liteFacts)) {
		got := without(pgF[kind], slices.Concat(pgOnlyTables, pgOnlyIndexes, pgOnlyTriggers))
		want := liteFacts[kind]
		for _, l := range want {
			if !slices.Contains(got, l) {
				t.Errorf("%s missing on postgres: %s", kind, l)
			}
		}
		for _, l := range got {
			if !slices.Contains(want, l) {
				t.Errorf("%s only on postgres: %s", kind, l)
			}
		}
	}
	if !slices.Contains(pgF["index"], "ticket_search_grams ON ticket_search (grams) unique=0 partial=0") {
		t.Errorf("postgres lacks the GIN index of the search grams: %v", pgF["index"])
	}
	for _, tb := range liteTables {
		if tb == "ticket_search" {
			continue // contentless on SQLite: nothing to read back
		}
		pgRows, liteRows := tableRows(t, pg, tb), tableRows(t, lite, tb)
		if !slices.Equal(pgRows, liteRows) {
			t.Errorf("rows of %s:\npostgres %q\nsqlite   %q", tb, pgRows, liteRows)
		}
	}
}

// tableRows is every row of table tb, as sorted text.
func tableRows(t *testing.T, db *sql.DB, tb string) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), "SELECT * FROM "+tb)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, v := range vals {
			if raw, ok := v.([]byte); ok {
				v = hex.EncodeToString(raw)
			}
			fmt.Fprintf(&b, "%s=%v ", cols[i], v)
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// engines runs the same statement on both: queries are written with
// SQLite's numbered parameters (?1), which are PostgreSQL's $1.
type engines struct {
	t        *testing.T
	pg, lite *sql.DB
}

func (e engines) exec(q string, args ...any) {
	e.t.Helper()
	for _, err := range e.try(q, args...) {
		if err != nil {
			e.t.Fatalf("%s: %v", q, err)
		}
	}
}

// try runs q on PostgreSQL and on SQLite and returns their errors.
func (e engines) try(q string, args ...any) [2]error {
	ctx := context.Background()
	_, pgErr := e.pg.ExecContext(ctx, strings.ReplaceAll(q, "?", "$"), args...)
	_, liteErr := e.lite.ExecContext(ctx, q, args...)
	return [2]error{pgErr, liteErr}
}

// addTicket inserts a ticket with an explicit id (as a copy from another
// desk does) and the given searched fields.
func (e engines) addTicket(id int64, f [5]string) {
	e.t.Helper()
	e.exec(`INSERT INTO tickets (id, title, body, customer_name, product, order_no, channel, category, priority, status,
		received_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'hotline', 'malfunction', 1, 'pending', 0, 0, 0)`,
		id, f[0], f[1], f[2], f[3], f[4])
}

// TestPostgresConstraintsMatchSQLite: what SQLite refuses PostgreSQL
// refuses, and the events stay append-only.
func TestPostgresConstraintsMatchSQLite(t *testing.T) {
	e := engines{t: t, pg: pgTwins(t), lite: sqliteMigrated(t)}
	e.addTicket(1, [5]string{"one", "", "", "", ""})
	e.addTicket(2, [5]string{"two", "", "", "", ""})
	e.exec("INSERT INTO approvals (ticket_id, summary, state, requested_by, requested_at) VALUES (1, 's', 'pending', 'bob', 0)")
	e.exec("INSERT INTO events (ticket_id, actor, at, kind) VALUES (1, 'bob', 0, 'created')")
	e.exec("INSERT INTO mail_relay (id, url, from_addr, updated_by, updated_at) VALUES (1, 'smtp://x', 'a@b', 'ada', 0)")
	for _, q := range []string{
		"INSERT INTO tickets (title, channel, category, priority, status, received_at, created_at, updated_at) VALUES ('x', 'c', 'c', 3, 'pending', 0, 0, 0)",
		"INSERT INTO tickets (title, channel, category, priority, status, received_at, created_at, updated_at) VALUES ('x', 'c', 'c', 1, 'lost', 0, 0, 0)",
		"INSERT INTO tickets (title, channel, category, priority, status, received_at, created_at, updated_at, team) VALUES ('x', 'c', 'c', 1, 'pending', 0, 0, 0, 'nobody')",
		"INSERT INTO approvals (ticket_id, summary, state, requested_by, requested_at) VALUES (1, 't', 'pending', 'bob', 0)",
		"INSERT INTO ticket_links (a, b, linked_by, linked_at) VALUES (2, 1, 'bob', 0)",
		"INSERT INTO mail_relay (id, url, from_addr, updated_by, updated_at) VALUES (2, 'smtp://x', 'a@b', 'ada', 0)",
		"INSERT INTO search_batch (id) VALUES (2)",
		"INSERT INTO satisfaction (ticket_id, timeliness, effectiveness, attitude, overall, source, recorded_by, at) VALUES (1, 6, 5, 5, 5, 'agent', 'bob', 0)",
		"INSERT INTO compensations (ticket_id, kind, value, text, state, recorded_by, recorded_at) VALUES (1, 'coupon', -1, 'x', 'pending', 'bob', 0)",
		"UPDATE events SET actor = 'eve'",
		"DELETE FROM events",
	} {
		errs := e.try(q)
		if errs[0] == nil || errs[1] == nil {
			t.Errorf("%s: postgres %v, sqlite %v; want both refused", q, errs[0], errs[1])
		}
		if strings.HasPrefix(q, "UPDATE events") || strings.HasPrefix(q, "DELETE FROM events") {
			for _, err := range errs {
				if err != nil && !strings.Contains(err.Error(), "events are append-only") {
					t.Errorf("%s: %v, want 'events are append-only'", q, err)
				}
			}
		}
	}
	// Approved, the request no longer blocks a new pending one.
	e.exec("UPDATE approvals SET state = 'approved' WHERE ticket_id = 1")
	e.exec("INSERT INTO approvals (ticket_id, summary, state, requested_by, requested_at) VALUES (1, 'u', 'pending', 'bob', 0)")
}

// searchAlphabet mixes ASCII letters of both cases, LIKE's special
// characters, spaces, digits, Chinese and letters whose case only Unicode
// folds.
var searchAlphabet = []rune("aAbBcZz %_\\'-.1退款货单Éé")

func randomText(r *rand.Rand, n int) string {
	rs := make([]rune, r.IntN(n+1))
	for i := range rs {
		rs[i] = searchAlphabet[r.IntN(len(searchAlphabet))]
	}
	return string(rs)
}

// pgSearch selects the ids of the tickets with q in one of searchFields,
// as the store reads them on PostgreSQL.
func pgSearch(t *testing.T, db *sql.DB, q string) []int64 {
	t.Helper()
	query, args := enginePostgres.searchSet(q)
	return queryIDs(t, db, rebind(query), args...)
}

func queryIDs(t *testing.T, db *sql.DB, q string, args ...any) []int64 {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

// TestPostgresSearchMatchesSQLite: the search index the PostgreSQL
// triggers keep finds exactly what SQLite's finds, which is exactly the
// tickets with the query in a field (ASCII case aside), through inserts,
// edits, deletes and a batch that writes its own documents.
func TestPostgresSearchMatchesSQLite(t *testing.T) {
	e := engines{t: t, pg: pgTwins(t), lite: sqliteMigrated(t)}
	r := rand.New(rand.NewPCG(17, 18))
	docs := map[int64][5]string{}
	for id := int64(1); id <= 150; id++ {
		f := [5]string{randomText(r, 12), randomText(r, 40), randomText(r, 6), randomText(r, 8), randomText(r, 6)}
		docs[id] = f
		e.addTicket(id, f)
	}
	compare := func(stage string) {
		t.Helper()
		for range 200 {
			var q string
			if r.IntN(4) == 0 {
				q = randomText(r, 5)
			} else {
				f := docs[int64(1+r.IntN(150))][r.IntN(5)]
				rs := []rune(f)
				if len(rs) == 0 {
					continue
				}
				i := r.IntN(len(rs))
				q = string(rs[i:min(len(rs), i+1+r.IntN(5))])
				if r.IntN(2) == 0 {
					q = strings.ToUpper(q)
				}
			}
			if strings.TrimSpace(q) == "" {
				continue
			}
			var want []int64
			for _, id := range slices.Sorted(maps.Keys(docs)) {
				for _, f := range docs[id] {
					if strings.Contains(asciiLower(f), asciiLower(q)) {
						want = append(want, id)
						break
					}
				}
			}
			liteSQL, liteArgs := engineSQLite.searchSet(q)
			lite := queryIDs(t, e.lite, liteSQL, liteArgs...)
			pg := pgSearch(t, e.pg, q)
			if !slices.Equal(pg, want) || !slices.Equal(lite, want) {
				t.Fatalf("%s: search %q: postgres %v, sqlite %v, want %v", stage, q, pg, lite, want)
			}
		}
	}
	compare("inserted")

	for id := int64(1); id <= 150; id += 3 {
		f := docs[id]
		f[r.IntN(5)] = randomText(r, 20)
		docs[id] = f
		e.exec("UPDATE tickets SET title = ?1, body = ?2, customer_name = ?3, product = ?4, order_no = ?5 WHERE id = ?6",
			f[0], f[1], f[2], f[3], f[4], id)
		e.exec("UPDATE tickets SET status = 'resolved' WHERE id = ?1", id+1) // touches no searched field
	}
	for id := int64(2); id <= 150; id += 7 {
		delete(docs, id)
		e.exec("DELETE FROM tickets WHERE id = ?1", id)
	}
	compare("edited and deleted")
	// Both engines keep each document at its ticket's board key (0022),
	// moved when a ticket changed status.
	if lite, pg := queryIDs(t, e.lite, "SELECT rowid FROM ticket_search"), queryIDs(t, e.pg, "SELECT rowid FROM ticket_search"); !slices.Equal(lite, pg) {
		t.Errorf("search keys: postgres %v, sqlite %v", pg, lite)
	}

	// A batch that holds search_batch indexes its tickets itself: the
	// trigger leaves them out on both engines.
	for _, db := range []*sql.DB{e.pg, e.lite} {
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"INSERT INTO search_batch (id) VALUES (1)",
			`INSERT INTO tickets (id, title, channel, category, priority, status, received_at, created_at, updated_at)
			VALUES (1000, 'batched', 'hotline', 'malfunction', 1, 'pending', 0, 0, 0)`,
			"DELETE FROM search_batch"} {
			if _, err := tx.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	liteSQL, liteArgs := engineSQLite.searchSet("batched")
	if lite, pg := queryIDs(t, e.lite, liteSQL, liteArgs...), pgSearch(t, e.pg, "batched"); len(lite) != 0 || len(pg) != 0 {
		t.Errorf("a batch's ticket was indexed by the trigger: postgres %v, sqlite %v", pg, lite)
	}
	e.addTicket(1001, [5]string{"after the batch", "", "", "", ""})
	if pg := pgSearch(t, e.pg, "after the batch"); !slices.Equal(pg, []int64{1001}) {
		t.Errorf("after a batch, the trigger indexes again: postgres found %v", pg)
	}
	var docsN, ticketsN int
	if err := e.pg.QueryRow("SELECT (SELECT count(*) FROM ticket_search), (SELECT count(*) FROM tickets WHERE id <> 1000)").Scan(&docsN, &ticketsN); err != nil {
		t.Fatal(err)
	}
	if docsN != ticketsN {
		t.Errorf("postgres keeps %d search documents for %d tickets", docsN, ticketsN)
	}
}

// gramsOf is what search_grams makes of fields, and search_match of one
// query when size is its length capped at three: each field's distinct
// substrings of 1 to max characters (of exactly size, when size > 0),
// ASCII letters lower-cased.
func gramsOf(size int, fields ...string) []string {
	set := map[string]bool{}
	for _, f := range fields {
		rs := []rune(asciiLower(f))
		for i := range rs {
			for n := 1; n <= 3 && i+n <= len(rs); n++ {
				if size == 0 || n == size {
					set[string(rs[i:i+n])] = true
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// TestPostgresSearchGrams: search_grams and search_match make exactly the
// grams described, for text of every kind of character, NULL and empty
// fields.
func TestPostgresSearchGrams(t *testing.T) {
	pg := pgTwins(t)
	r := rand.New(rand.NewPCG(19, 20))
	sorted := func(q string, args ...any) []string {
		got := queryStrings(t, pg, q, args...)
		slices.Sort(got)
		return got
	}
	for range 200 {
		fields := []string{randomText(r, 30), randomText(r, 3), "", randomText(r, 300)}
		args := []any{fields[0], fields[1], fields[2], fields[3], nil}
		if got, want := sorted("SELECT g FROM unnest(search_grams($1, $2, $3, $4, $5)) AS g", args...), gramsOf(0, fields...); !slices.Equal(got, want) {
			t.Fatalf("search_grams(%q):\ngot  %q\nwant %q", fields, got, want)
		}
		q := randomText(r, 6)
		if got, want := sorted("SELECT g FROM unnest(search_match($1)) AS g", q), gramsOf(min(3, len([]rune(q))), q); !slices.Equal(got, want) {
			t.Fatalf("search_match(%q): got %q, want %q", q, got, want)
		}
	}
}
