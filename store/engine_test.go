package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The store's tests are its conformance suite: each runs once per engine
// (forEachEngine), as subtests named sqlite and postgres, on a database
// of its own (testDB). PostgreSQL runs when LOOPDESK_TEST_POSTGRES names a
// server, each test in a schema of its own, dropped after it.

func TestMain(m *testing.M) {
	// A PostgreSQL desk keeps its secret in the data directory: the
	// tests' secrets go to a directory of their own.
	dir, err := os.MkdirTemp("", "loopdesk-store-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_DATA_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// pgServerEnv names the PostgreSQL server the tests may use.
const pgServerEnv = "LOOPDESK_TEST_POSTGRES"

// forEachEngine runs f as a subtest on SQLite and on PostgreSQL; the
// PostgreSQL one skips with one line when no server is named.
func forEachEngine(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	t.Run("sqlite", f)
	t.Run("postgres", func(t *testing.T) {
		if os.Getenv(pgServerEnv) == "" {
			t.Skip(pgServerEnv + " not set: PostgreSQL tests skipped")
		}
		f(t)
	})
}

// engineOf is the engine a test runs on: PostgreSQL inside forEachEngine's
// postgres subtest, SQLite otherwise.
func engineOf(t testing.TB) engine {
	if strings.Contains(t.Name()+"/", "/postgres/") {
		return enginePostgres
	}
	return engineSQLite
}

// testDB is a new, empty database for t on its engine: a file in a
// temporary directory, or a schema of its own on the PostgreSQL server,
// dropped when the test ends.
func testDB(t testing.TB) string {
	t.Helper()
	if engineOf(t) == engineSQLite {
		return filepath.Join(t.TempDir(), "desk.db")
	}
	db, drop, err := NewSchema(context.Background(), os.Getenv(pgServerEnv), "loopdesk_test_")
	if err != nil {
		t.Fatalf("%s: %v", pgServerEnv, err)
	}
	t.Cleanup(func() {
		if err := drop(context.Background()); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	return db
}

func TestRebind(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT 1":                                      "SELECT 1",
		"SELECT ? + ?":                                  "SELECT $1 + $2",
		"WHERE a = ?1 OR b = ?1 AND c = ?2":             "WHERE a = $1 OR b = $1 AND c = $2",
		"WHERE a = '?' AND b = ?":                       "WHERE a = '?' AND b = $1",
		"WHERE a = 'it''s ?' AND b = ?":                 "WHERE a = 'it''s ?' AND b = $1",
		`WHERE "we?ird" = ? -- why? ` + "\n AND b = ?":  `WHERE "we?ird" = $1 -- why? ` + "\n AND b = $2",
		"/* ? */ SELECT ?":                              "/* ? */ SELECT $1",
		"DO $$ BEGIN PERFORM '?'; END $$; SELECT ?":     "DO $$ BEGIN PERFORM '?'; END $$; SELECT $1",
		"DO $fn$ x ? $fn$ WHERE ? = $1":                 "DO $fn$ x ? $fn$ WHERE $1 = $1",
		"SELECT value FROM json_each(?3) j WHERE ? = 1": "SELECT value FROM json_each($3) j WHERE $4 = 1",
	} {
		if got := rebind(in); got != want {
			t.Errorf("rebind(%q) = %q, want %q", in, got, want)
		}
	}
}
