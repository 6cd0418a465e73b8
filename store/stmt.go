package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared read statements by SQL text: parsing SQL was a
// quarter of a board frame's cost. The set of texts is small and fixed
// (board filters combine into a bounded number of shapes).
type stmtCache struct {
	mu    sync.Mutex
	db    *sql.DB
	stmts map[string]*sql.Stmt
}

func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	if st := c.lookup(query); st != nil {
		return st, nil
	}
	// Prepare without the lock: preparing may wait for a connection, and a
	// transaction holding the writer's only one looks statements up here.
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.stmts[query]; ok { // someone was quicker
		st.Close()
		return prev, nil
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = st
	return st, nil
}

// lookup returns the statement if it is already prepared.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stmts[query]
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}

// query runs a read through the statement cache.
func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.reads.get(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// queryRow is query for one row.
func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := s.reads.get(ctx, query)
	if err != nil {
		// Let the error surface at Scan, like database/sql does.
		return s.r.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// wtx is a write transaction whose statements are parsed as rarely as
// possible: re-parsing the same INSERTs was a quarter of a move's CPU and
// half of an import's. A statement the writer connection has prepared
// before (writeStmts) is reused as is; one it has not is prepared for
// this transaction, and remembered so the store prepares it for good once
// the transaction is over — preparing on the writer pool inside the
// transaction would wait forever for the one connection it holds. It
// shadows the three methods the store uses, so code reads like plain
// database/sql.
type wtx struct {
	*sql.Tx
	shared *stmtCache
	stmts  map[string]*sql.Stmt
	missed []string
}

func (t *wtx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if g := t.shared.lookup(query); g != nil {
		st = t.Tx.StmtContext(ctx, g) // already prepared on this connection: no parse
	} else {
		var err error
		if st, err = t.Tx.PrepareContext(ctx, query); err != nil { // closed with the transaction
			return nil, err
		}
		t.missed = append(t.missed, query)
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[query] = st
	return st, nil
}

// ExecContext runs a prepared statement in the transaction.
func (t *wtx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// QueryContext runs a prepared query in the transaction.
func (t *wtx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// insertID runs an INSERT and returns the key (column col) it gave the
// new row, through RETURNING, which both engines speak: PostgreSQL has no
// last insert id.
func (t *wtx) insertID(ctx context.Context, col, query string, args ...any) (int64, error) {
	var id int64
	err := t.QueryRowContext(ctx, query+" RETURNING "+col, args...).Scan(&id)
	return id, err
}

// QueryRowContext runs a prepared one-row query in the transaction.
func (t *wtx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return t.Tx.QueryRowContext(ctx, query, args...) // the error surfaces at Scan
	}
	return st.QueryRowContext(ctx, args...)
}

// scanAll reads every row with scan and closes rows, so a caller can run
// its next statement on the same connection right after.
func scanAll[T any](rows *sql.Rows, scan func(*sql.Rows) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
