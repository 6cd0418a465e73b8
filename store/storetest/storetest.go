// Package storetest gives tests outside the store a desk on each engine:
// a SQLite file, or a schema of its own on the PostgreSQL server that
// LOOPDESK_TEST_POSTGRES names.
package storetest

import (
	"context"
	"os"
	"testing"

	"github.com/loopdesk/loopdesk/store"
)

// PostgresEnv names the PostgreSQL server tests may use.
const PostgresEnv = "LOOPDESK_TEST_POSTGRES"

// Postgres is a database URL for a new, empty schema on the test server,
// dropped when t ends; t skips with one line when no server is named.
func Postgres(t testing.TB) string {
	t.Helper()
	server := os.Getenv(PostgresEnv)
	if server == "" {
		t.Skip(PostgresEnv + " not set: PostgreSQL test skipped")
	}
	db, drop, err := store.NewSchema(context.Background(), server, "loopdesk_test_")
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	t.Cleanup(func() {
		if err := drop(context.Background()); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	return db
}
