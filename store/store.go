// Package store keeps loopdesk's data in one SQLite file (modernc.org/sqlite,
// pure Go), or in a PostgreSQL database (pgx) when a desk outgrows one
// machine, with the same SQL for both: schema and numbered migrations,
// ticket queries for the board, version-checked mutations that append audit events in the same
// transaction, and the event sequence that serves as the change feed.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/sla"
)

// Store is an open loopdesk database: one writer connection (SQLite allows
// one writer at a time; queuing in Go is cheaper than busy-waiting in
// SQLite) and a pool of readers.
type Store struct {
	path   string
	eng    engine
	pg     *pgx.ConnConfig // PostgreSQL: the server, for connections of their own (change feed, upkeep lease)
	w      *sql.DB
	r      *sql.DB
	now    func() time.Time
	limit  Limits
	reads  stmtCache
	writes stmtCache // prepared on the one writer connection
	sla    *sla.Config
	keys   *domain.Keyer // customer hashes under the desk secret
	impact ImpactRules   // problems' priority from their impact
	waits  WaitWindows   // when a waiting ticket's customer is reminded, and when it is resolved
	// compLimit is the compensation value above which a supervisor approves.
	compLimit int64

	searchCache searchCache
	imports     imports
	secretFile  string // the desk secret, when not at SecretPath
	noRecount   bool   // a copy's target: its rollups come from the source
}

// Option configures Open.
type Option func(*Store)

// WithClock injects the clock used for every timestamp (tests, SLA).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// Open opens (creating if needed) the database at path and applies any
// pending migrations. A new database file is created 0600, whatever the
// umask: it holds customer feedback. SQLite gives the -wal and -shm files
// the database file's mode. The desk secret (SecretPath) is read, or
// created on first use.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if path == "" {
		return nil, errors.New("no database path")
	}
	s := &Store{path: path, now: time.Now, limit: DefaultLimits, sla: sla.Default(), impact: DefaultImpactRules, waits: DefaultWaitWindows, compLimit: DefaultCompensationLimit}
	for _, o := range opts {
		o(s)
	}
	if IsPostgres(path) {
		s.eng = enginePostgres
		if err := openPostgres(ctx, path, s); err != nil {
			return nil, err
		}
	} else if err := openSQLite(ctx, path, s); err != nil {
		return nil, err
	}
	// A copy's target is not recounted: CopyDesk replaces its rollups.
	if !s.noRecount {
		if err := s.recountPending(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("open %s: recount rollups by day received: %w", Redact(path), err)
		}
	}
	if err := s.deskSecret(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// openSQLite opens (creating if needed) the database file.
func openSQLite(ctx context.Context, path string, s *Store) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("create database directory: %w", err)
		}
	}
	if err := createPrivate(path); err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	w, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	s.w = w
	s.writes.db = w
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return fmt.Errorf("open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		w.Close()
		return err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	s.r = r
	s.reads.db = r
	return nil
}

// createPrivate creates an empty file at path with mode 0600 unless a
// file is already there (SQLite would create it 0644 less the umask).
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	} else if err != nil {
		return err
	}
	// The umask only takes bits away, but it can take the owner's
	// (0277 leaves 0400): set the mode outright.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// dsn puts the pragmas in the connection string because pragmas are per
// connection and database/sql opens connections behind our back.
// _txlock=immediate makes every write transaction take the write lock at
// BEGIN: a deferred one that upgrades later fails at once with
// SQLITE_BUSY_SNAPSHOT, busy timeout or not.
func dsn(path string, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	// FULL: a ticket a customer was told is logged survives a power cut.
	q.Add("_pragma", "synchronous(FULL)")
	// Board pages touch rows scattered over the file; mapping it and a
	// larger page cache keep a frame at a million tickets off the syscall path.
	q.Add("_pragma", "mmap_size(1073741824)")
	q.Add("_pragma", "cache_size(-16000)")
	if writer {
		q.Set("_txlock", "immediate")
		// A statement that writes through a trigger keeps a statement
		// journal; a new ticket touches a page of each of its indexes, more
		// than the 64 KiB SQLite keeps in memory before spilling the
		// journal to a temporary file, a write call per page.
		q.Add("_pragma", "temp_store(memory)")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// Close checkpoints and closes the database.
func (s *Store) Close() error {
	var errs []error
	if s.r != nil {
		s.reads.close()
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		s.writes.close()
		if s.eng == engineSQLite {
			// Fold the WAL back so the file is self-contained after a clean stop.
			_, err := s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
			errs = append(errs, err)
		}
		errs = append(errs, s.w.Close())
	}
	return errors.Join(errs...)
}

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict ("ok").
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	if s.eng == enginePostgres {
		return "", errors.New("integrity check: SQLite's; on PostgreSQL run pg_amcheck")
	}
	var res string
	err := s.r.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res)
	return res, err
}

// Backup writes a consistent copy of the database to dest while other
// processes keep working (VACUUM INTO reads one snapshot). The copy is
// written 0600 to a temporary file beside dest and linked into place only
// once complete, so a failed backup leaves no file behind and an existing
// dest is never overwritten. The desk secret is not copied: keep it with
// the backup separately (see SecretPath), or a restored desk cannot match
// returning customers or find callers by number.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if s.eng == enginePostgres {
		return errors.New("backup: a desk on PostgreSQL is backed up with pg_dump, or copied to a SQLite file with loopdesk migrate --to FILE")
	}
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("backup: %s already exists", dest)
	}
	// An empty file VACUUM INTO may fill: created 0600 by CreateTemp, and
	// SQLite keeps the mode of a file it opens.
	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmpPath := tmp.Name()
	defer os.Remove(tmpPath)
	defer os.Remove(tmpPath + "-journal")
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := s.vacuumInto(ctx, tmpPath); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// Link, unlike rename, refuses to replace a file that appeared since.
	if err := os.Link(tmpPath, dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// vacuumInto writes a copy of the database to path, which must be absent
// or empty.
func (s *Store) vacuumInto(ctx context.Context, path string) error {
	// A reader connection, so writers in this process are not held up;
	// VACUUM INTO writes a new file, which query_only forbids, so lift it
	// on this one connection for the duration.
	conn, err := s.r.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
		return err
	}
	defer func() {
		// Failing here leaves a writable reader; Close below drops the connection anyway.
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA query_only = 1"); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", path)
	return err
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64)
}

func nullMS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}
