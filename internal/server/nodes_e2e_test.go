package server

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/store/storetest"
)

// Two servers, each with its own store on one PostgreSQL desk, are one
// live desk: a change made through node A's sessions shows on the board
// of a session on node B, over real SSH on loopback.
func TestTwoNodesOnePostgresDesk(t *testing.T) {
	db := storetest.Postgres(t)
	a := newDeskAt(t, db)
	bStore, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bStore.Close() })
	b := &desk{path: db, store: bStore, keys: a.keys}
	tk := a.ticket(t, "printer jams twice", domain.High, "bob")
	srvA, _ := serve(t, a, Config{HostKeyPath: filepath.Join(t.TempDir(), "a.hostkey")})
	srvB, _ := serve(t, b, Config{HostKeyPath: filepath.Join(t.TempDir(), "b.hostkey")})
	onA := connect(t, srvA, a, "bob")
	onB := connect(t, srvB, b, "carol")
	waitScreen(t, onA, "bob on node A", "printer jams twice")
	waitScreen(t, onB, "carol on node B", "printer jams twice")
	title := "printer fixed on A"
	if _, err := srvA.Desk().Update(context.Background(), "bob", tk.ID, tk.Version, store.Patch{Title: &title}); err != nil {
		t.Fatal(err)
	}
	waitScreen(t, onB, "carol on node B", title)
}
