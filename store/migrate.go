package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrationDir holds an engine's migrations: SQLite's, and PostgreSQL's
// twins of them, one for each number.
func migrationDir(e engine) string {
	if e == enginePostgres {
		return "migrations/postgres"
	}
	return "migrations"
}

// migrations reads an engine's embedded NNNN_name.sql files in order.
func migrations(e engine) ([]migration, error) {
	dir := migrationDir(e)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", e.Name())
		}
		body, err := fs.ReadFile(migrationFiles, dir+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("no %s migrations in this build", e)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies every migration the database lacks, in order, each in
// its own transaction, so a failed one leaves the file as it was.
func (s *Store) migrate(ctx context.Context) error {
	if s.eng == enginePostgres {
		// Nodes starting together: one migrates, the others wait and
		// then find nothing left to do. The writer pool's one connection
		// holds the lock.
		if _, err := s.w.ExecContext(ctx, "SELECT pg_advisory_lock"+deskLock); err != nil {
			return fmt.Errorf("migrations lock: %w", err)
		}
		defer s.w.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock"+deskLock) //nolint:errcheck // the session ends with the lock anyway
	}
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	applied := map[int]bool{}
	rows, err := s.w.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return err
	}
	versions, err := scanAll(rows, func(rows *sql.Rows) (int, error) {
		var v int
		return v, rows.Scan(&v)
	})
	if err != nil {
		return err
	}
	newest := 0
	for _, v := range versions {
		applied[v], newest = true, max(newest, v)
	}
	all, err := migrations(s.eng)
	if err != nil {
		return err
	}
	if n := len(all); n > 0 && newest > all[n-1].version {
		return fmt.Errorf("database schema version %d is newer than this loopdesk (%d): upgrade loopdesk", newest, all[n-1].version)
	}
	// Apply every migration not yet applied, not just those above the
	// newest: branches developed side by side may land out of order.
	for _, m := range all {
		if applied[m.version] {
			continue
		}
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			_ = tx.Rollback() // the statement's error is the one to report
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
			m.version, m.name, ms(s.now())); err != nil {
			_ = tx.Rollback() // the statement's error is the one to report
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// SchemaVersion is the newest migration applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.r.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}

// Migrations is the number of the newest migration this build knows.
func Migrations() int {
	all, err := migrations(engineSQLite)
	if err != nil || len(all) == 0 {
		return 0
	}
	return all[len(all)-1].version
}
