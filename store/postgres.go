package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// engine is the database a store runs on. The store's SQL is shared: it
// is written for SQLite with ? placeholders, and the few places the two
// dialects differ ask the engine (see the methods below).
type engine int

const (
	engineSQLite engine = iota
	enginePostgres
)

func (e engine) String() string {
	if e == enginePostgres {
		return "postgres"
	}
	return "sqlite"
}

// jsonValues is a subquery of the values of the JSON array bound at param
// (e.g. "?" or "?1"), read as the SQL type typ ("text", "bigint").
func (e engine) jsonValues(param, typ string) string {
	if e == enginePostgres {
		return "(SELECT value::" + typ + " FROM json_array_elements_text(" + pgJSONArray(param) + ") AS value)"
	}
	return "(SELECT value FROM json_each(" + param + "))"
}

// jsonTable is a FROM item of the JSON array of text bound at param,
// named alias, whose one column is value.
func (e engine) jsonTable(param, alias string) string {
	if e == enginePostgres {
		return "json_array_elements_text(" + pgJSONArray(param) + ") AS " + alias + "(value)"
	}
	return "json_each(" + param + ") " + alias
}

// orderedJoin is an inner join whose left side the planner must read
// first: SQLite's CROSS JOIN keeps the order written; PostgreSQL's
// planner chooses well from its statistics, and has no CROSS JOIN … ON.
func (e engine) orderedJoin() string {
	if e == enginePostgres {
		return "JOIN"
	}
	return "CROSS JOIN"
}

// pgJSONArray reads the text bound at param as a JSON array; a Go nil
// slice marshals to null, which SQLite's json_each reads as no rows.
func pgJSONArray(param string) string {
	return "coalesce(nullif(" + param + "::text, 'null'), '[]')::json"
}

// unhex turns hex text into bytes.
func (e engine) unhex(expr string) string {
	if e == enginePostgres {
		return "decode(" + expr + ", 'hex')"
	}
	return "unhex(" + expr + ")"
}

// unindexed is col in a condition the planner must not answer from an
// index on it (SQLite's unary +; PostgreSQL's planner costs it right).
func (e engine) unindexed(col string) string {
	if e == enginePostgres {
		return col
	}
	return "+" + col
}

// IsPostgres reports whether a --db value names a PostgreSQL server
// (a postgres:// or postgresql:// URL) rather than a SQLite file.
func IsPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// Engine names the database the store runs on: "sqlite" or "postgres".
func (s *Store) Engine() string { return s.eng.String() }

// deskLock takes the advisory lock every write transaction on PostgreSQL
// takes first. One writer at a time per desk, as on SQLite: the events
// sequence then commits in the order it is numbered, so a feed reading
// "events after N" never steps over one still to commit, and every
// read-check-write in a transaction sees the writes before it. The key is
// the desk's schema, so desks in other schemas of the same database
// (tests, a second desk) neither wait for nor block this one. (No schema
// on the search path would make the key NULL, and the lock no lock.)
const deskLock = "(hashtext('loopdesk desk'), hashtext(coalesce(current_schema(), '')))"

// openPostgres opens the desk in the PostgreSQL database the URL names
// (a schema other than public through search_path in the URL, e.g.
// ?search_path=desk2): one writer connection, as on SQLite, and a pool of
// read-only readers.
func openPostgres(ctx context.Context, dsn string, s *Store) error {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return fmt.Errorf("database URL: %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	s.pg = cfg
	s.w = sql.OpenDB(rebindConnector{Connector: stdlib.GetConnector(*cfg), writer: true})
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.writes.db = s.w
	if err := s.w.PingContext(ctx); err != nil {
		s.w.Close()
		return fmt.Errorf("connect to %s: %w", Redact(dsn), err)
	}
	if err := s.migrate(ctx); err != nil {
		s.w.Close()
		return fmt.Errorf("open %s: %w", Redact(dsn), err)
	}
	rcfg := cfg.Copy()
	rcfg.RuntimeParams["default_transaction_read_only"] = "on"
	// The planner costs a search over a large desk's grams past
	// jit_above_cost, and compiling then took 3–40 ms of reads that
	// take a few.
	rcfg.RuntimeParams["jit"] = "off"
	// A search's candidates (a bitmap of up to every ticket) fit in
	// memory: at 4 MB a common word's went lossy and every row of the
	// pages it lost was read and tested again (1.3 → 0.8 s at 1M).
	rcfg.RuntimeParams["work_mem"] = "32MB"
	s.r = sql.OpenDB(rebindConnector{Connector: stdlib.GetConnector(*rcfg)})
	s.r.SetMaxOpenConns(8)
	s.r.SetMaxIdleConns(8)
	s.reads.db = s.r
	return nil
}

// Redact is a database name fit to print: a URL's password is replaced.
func Redact(db string) string {
	if !IsPostgres(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// retryable is a PostgreSQL error after which the whole transaction may
// simply run again: a serialization failure or a deadlock the server
// broke. Under the desk lock neither should happen; a transaction that
// meets one anyway is retried rather than reported.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// rebindConnector hands out pgx connections that take the store's SQLite
// spelling of parameters: ? and ?N become $n. The store keeps one text per
// query for both engines, as sqlx.Rebind does, but in one place instead of
// at every call.
// The writer's connections also take the desk lock as they begin a
// transaction (see writerConn).
type rebindConnector struct {
	driver.Connector
	writer bool
}

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	pc, ok := conn.(*stdlib.Conn)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("postgres: unexpected driver connection %T", conn)
	}
	if c.writer {
		return &writerConn{rebindConn{pc}}, nil
	}
	return &rebindConn{pc}, nil
}

// rebindConn is a pgx connection whose queries are rebound first; every
// other method is pgx's own.
type rebindConn struct{ *stdlib.Conn }

func (c *rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c *rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c *rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

func (c *rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), args)
}

// CheckNamedValue passes a Go bool as 0 or 1: the schema keeps flags in
// integer columns, as SQLite does, so that the same SQL compares them.
func (c *rebindConn) CheckNamedValue(nv *driver.NamedValue) error {
	if b, ok := nv.Value.(bool); ok {
		nv.Value = int64(0)
		if b {
			nv.Value = int64(1)
		}
	}
	return c.Conn.CheckNamedValue(nv)
}

// writerConn is a connection of the desk's writer: every transaction it
// begins holds the desk lock (deskLock) from its first statement on, as
// BEGIN IMMEDIATE does on SQLite. BEGIN and the lock go to the server as
// one query: a round trip of their own cost about a tenth of a move.
type writerConn struct{ rebindConn }

// lockingBegin is the query that begins a writer's transaction.
const lockingBegin = "BEGIN; SELECT pg_advisory_xact_lock" + deskLock

func (c *writerConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if opts != (driver.TxOptions{}) {
		return nil, fmt.Errorf("postgres: the writer begins only default transactions, not %+v", opts)
	}
	tx, err := c.Conn.Conn().BeginTx(ctx, pgx.TxOptions{BeginQuery: lockingBegin})
	if err != nil {
		return nil, err
	}
	return lockedTx{ctx, tx}, nil
}

// lockedTx is a writer's transaction; its end releases the desk lock.
type lockedTx struct {
	ctx context.Context
	tx  pgx.Tx
}

func (t lockedTx) Commit() error   { return t.tx.Commit(t.ctx) }
func (t lockedTx) Rollback() error { return t.tx.Rollback(t.ctx) }

// rebind rewrites SQLite parameters (? in order, ?N by number) as
// PostgreSQL's $n, leaving quoted text, quoted names, dollar-quoted bodies
// and comments alone.
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := closing(q, i+1, c)
			b.WriteString(q[i:j])
			i = j
		case c == '-' && strings.HasPrefix(q[i:], "--"):
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j
		case c == '/' && strings.HasPrefix(q[i:], "/*"):
			j := strings.Index(q[i+2:], "*/")
			if j < 0 {
				j = len(q) - i - 2
			} else {
				j += 2
			}
			b.WriteString(q[i : i+2+j])
			i += 2 + j
		case c == '$':
			j := dollarQuoted(q, i)
			b.WriteString(q[i:j])
			i = j
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			if j > i+1 {
				k, _ := strconv.Atoi(q[i+1 : j])
				n = max(n, k)
				b.WriteString("$" + q[i+1:j])
			} else {
				n++ // as SQLite numbers a bare ?: one past the largest so far
				fmt.Fprintf(&b, "$%d", n)
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// closing is the index just past the quote that closes one opened before
// from; a doubled quote is an escaped one.
func closing(q string, from int, quote byte) int {
	for i := from; i < len(q); i++ {
		if q[i] == quote {
			if i+1 < len(q) && q[i+1] == quote {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(q)
}

// dollarQuoted is the index just past a $tag$…$tag$ body starting at i,
// or i+1 when the $ opens none ($1, a name's $).
func dollarQuoted(q string, i int) int {
	j := i + 1
	for j < len(q) && (q[j] == '_' || q[j] >= 'a' && q[j] <= 'z' || q[j] >= 'A' && q[j] <= 'Z' || j > i+1 && q[j] >= '0' && q[j] <= '9') {
		j++
	}
	if j >= len(q) || q[j] != '$' {
		return i + 1
	}
	tag := q[i : j+1]
	end := strings.Index(q[j+1:], tag)
	if end < 0 {
		return len(q)
	}
	return j + 1 + end + len(tag)
}
