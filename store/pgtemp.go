package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"
)

// NewSchema makes an empty schema, named prefix and random hex, in the
// PostgreSQL database server names, for a desk of its own (a test, a
// benchmark run). It returns server with search_path set to that schema,
// for Open, and a function that drops the schema and all in it.
func NewSchema(ctx context.Context, server, prefix string) (string, func(context.Context) error, error) {
	u, err := url.Parse(server)
	if err != nil || !IsPostgres(server) {
		return "", nil, fmt.Errorf("not a postgres:// URL: %s", Redact(server))
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := prefix + hex.EncodeToString(b)
	run := func(ctx context.Context, stmt string) error {
		conn, err := pgx.Connect(ctx, server)
		if err != nil {
			return fmt.Errorf("connect to %s: %w", Redact(server), err)
		}
		defer conn.Close(context.WithoutCancel(ctx))
		_, err = conn.Exec(ctx, stmt)
		return err
	}
	if err := run(ctx, "CREATE SCHEMA "+schema); err != nil {
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func(ctx context.Context) error { return run(ctx, "DROP SCHEMA "+schema+" CASCADE") }, nil
}
