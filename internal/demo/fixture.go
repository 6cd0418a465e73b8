package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/loopdesk/loopdesk/store"
)

// FixtureEpoch is the fixed "now" of benchmark fixtures, so they are the
// same on every machine.
var FixtureEpoch = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// fixtureVersion changes whenever the generator changes shape; the schema
// version is part of the cache key too, so stale fixtures are rebuilt
// rather than trusted.
const fixtureVersion = 6

// Fixture returns the path of a database holding n demo tickets, built on
// first use and cached under the system temp directory (a 1M-ticket
// fixture takes a minute or two to build, then opens instantly). Callers
// that write must work on a copy (see store.Backup).
func Fixture(ctx context.Context, n int) (string, error) {
	dir := filepath.Join(os.TempDir(), "loopdesk-fixtures")
	path := filepath.Join(dir, fmt.Sprintf("tickets-%d-v%d-s%d.db", n, fixtureVersion, store.Migrations()))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	defer os.Remove(tmp)
	defer os.Remove(tmp + "-wal")
	defer os.Remove(tmp + "-shm")
	defer os.Remove(store.SecretPath(tmp))
	s, err := store.Open(ctx, tmp, store.WithClock(func() time.Time { return FixtureEpoch }))
	if err != nil {
		return "", err
	}
	if _, err := s.Login(ctx, "admin"); err != nil {
		s.Close()
		return "", err
	}
	if err := Seed(ctx, s, "admin", Options{N: n, Seed: 1, Now: FixtureEpoch}, nil); err != nil {
		s.Close()
		return "", err
	}
	if err := s.Close(); err != nil {
		return "", err
	}
	// The desk secret travels with its database (customer hashes are keyed
	// by it). Rename the database last: a fixture half-built by an
	// interrupted run is never used.
	if err := os.Rename(store.SecretPath(tmp), store.SecretPath(path)); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}
