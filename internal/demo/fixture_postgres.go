package demo

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loopdesk/loopdesk/store"
)

// PostgresFixture returns a database URL for the desk of Fixture(ctx, n)
// on the PostgreSQL server named by server, and the path of its desk
// secret, which is the SQLite fixture's (open it with
// store.WithSecretFile(secret)). The desk is a schema named after the
// fixture's size, generator version and schema version in a database of
// its own, loopdesk_fixtures, apart from the tests' desks (a 1M-ticket
// desk is 3.7 GB). It is copied from the SQLite fixture by store.CopyDesk on
// first use (a 1M-ticket desk takes about 20 minutes) and kept for later runs;
// schemas of older versions of the same fixture are dropped then. Callers
// must not write to it.
func PostgresFixture(ctx context.Context, server string, n int) (db, secret string, err error) {
	path, err := Fixture(ctx, n)
	if err != nil {
		return "", "", err
	}
	secret = store.SecretPath(path)
	prefix := fmt.Sprintf("loopdesk_fixture_%d_", n)
	name := fmt.Sprintf("%sv%d_s%d", prefix, fixtureVersion, store.Migrations())
	server, err = fixtureDatabase(ctx, server)
	if err != nil {
		return "", "", err
	}
	if db, err = schemaURL(server, name); err != nil {
		return "", "", err
	}
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", "", fmt.Errorf("postgres fixture: connect to %s: %w", store.Redact(server), err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	// One builder at a time per fixture; the others wait and then find it.
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(hashtext($1))", name); err != nil {
		return "", "", err
	}
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", name).Scan(&exists); err != nil {
		return "", "", err
	}
	if exists {
		return db, secret, nil
	}
	// Older versions, and what an interrupted build left.
	rows, err := conn.Query(ctx, "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)", prefix)
	if err != nil {
		return "", "", err
	}
	stale, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", "", err
	}
	for _, s := range stale {
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{s}.Sanitize()+" CASCADE"); err != nil {
			return "", "", err
		}
	}
	// Built under another name and renamed last: a half-built copy is
	// never used.
	tmp := name + "_build"
	tmpDB, err := schemaURL(server, tmp)
	if err != nil {
		return "", "", err
	}
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{tmp}.Sanitize()); err != nil {
		return "", "", err
	}
	// The copy puts the desk secret where the schema's desk keeps it;
	// this one is opened with the SQLite fixture's.
	defer os.Remove(store.SecretPath(tmpDB))
	if _, err := store.CopyDesk(ctx, path, tmpDB, store.CopyOptions{}); err != nil {
		return "", "", fmt.Errorf("postgres fixture: %w", err)
	}
	// Statistics and the visibility map now, as a desk in use has them,
	// rather than whenever autovacuum comes round.
	rows, err = conn.Query(ctx, "SELECT tablename FROM pg_tables WHERE schemaname = $1", tmp)
	if err != nil {
		return "", "", err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", "", err
	}
	for _, t := range tables {
		if _, err := conn.Exec(ctx, "VACUUM (ANALYZE) "+pgx.Identifier{tmp, t}.Sanitize()); err != nil {
			return "", "", err
		}
	}
	if _, err := conn.Exec(ctx, "ALTER SCHEMA "+pgx.Identifier{tmp}.Sanitize()+" RENAME TO "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", "", err
	}
	return db, secret, nil
}

// fixtureDB is the database that holds the fixtures on a server.
const fixtureDB = "loopdesk_fixtures"

// fixtureDatabase is server's URL for fixtureDB, made if missing.
func fixtureDatabase(ctx context.Context, server string) (string, error) {
	u, err := url.Parse(server)
	if err != nil || !store.IsPostgres(server) {
		return "", fmt.Errorf("postgres fixture: not a postgres:// URL: %s", store.Redact(server))
	}
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", fmt.Errorf("postgres fixture: connect to %s: %w", store.Redact(server), err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", fixtureDB).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		_, err := conn.Exec(ctx, "CREATE DATABASE "+fixtureDB)
		if pe := (*pgconn.PgError)(nil); err != nil && !(errors.As(err, &pe) && pe.Code == "42P04") { // made meanwhile
			return "", fmt.Errorf("postgres fixture: %w", err)
		}
	}
	u.Path = "/" + fixtureDB
	return u.String(), nil
}

// schemaURL is server with its search path set to schema.
func schemaURL(server, schema string) (string, error) {
	u, err := url.Parse(server)
	if err != nil || !store.IsPostgres(server) {
		return "", fmt.Errorf("postgres fixture: not a postgres:// URL: %s", store.Redact(server))
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}
