package store

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"
)

// The desk's one-writer lock is the desk's: while a write holds it, other
// nodes of the same desk wait, and desks in other schemas of the database
// go on writing.
func TestDeskLockIsPerSchema(t *testing.T) {
	server := os.Getenv(pgServerEnv)
	if server == "" {
		t.Skip(pgServerEnv + " not set: PostgreSQL tests skipped")
	}
	ctx := context.Background()
	open := func(db string) *Store {
		s, err := Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	schema := func() string {
		db, drop, err := NewSchema(ctx, server, "loopdesk_test_")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = drop(context.Background()) })
		return db
	}
	dbA, dbB := schema(), schema()
	a, a2, b := open(dbA), open(dbA), open(dbB)
	tx, err := a.w.BeginTx(ctx, nil) // the writer's transactions begin holding the lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // only held

	other, stop := context.WithTimeout(ctx, 30*time.Second) // fails instead of hanging
	defer stop()
	if _, err := b.Login(other, "bea"); err != nil {
		t.Fatalf("a desk in another schema could not write while this one's writer held its lock: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, err := a2.Login(short, "ann"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("another node of the same desk wrote past its writer's lock: %v", err)
	}
}
