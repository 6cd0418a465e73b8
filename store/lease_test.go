package store

import (
	"context"
	"testing"
	"time"
)

// Two nodes on one desk: one leads the upkeep, the other waits; when the
// leader's connection is cut (the node died), its lead ends and the other
// takes over. On SQLite every handle leads at once.
func TestUpkeepLeaseOneNodeAtATime(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		db := testDB(t)
		a, err := Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		b, err := Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		la, giveUpA, err := a.Lead(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer giveUpA()
		type lead struct {
			ctx    context.Context
			giveUp context.CancelFunc
		}
		led := make(chan lead, 1)
		go func() {
			if lb, giveUpB, err := b.Lead(ctx); err == nil {
				led <- lead{lb, giveUpB}
			}
		}()
		if engineOf(t) == engineSQLite {
			select {
			case l := <-led:
				l.giveUp()
			case <-time.After(time.Minute):
				t.Fatal("on SQLite the second handle does not lead")
			}
			return
		}
		select {
		case <-led:
			t.Fatal("two nodes lead the upkeep at once")
		case <-time.After(3 * leaseRetry):
		}
		// The leader's connection dies as a killed node's would.
		var cut int
		if err := b.w.QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_locks
			WHERE locktype = 'advisory' AND objsubid = 2 AND granted AND objid = hashtext(current_schema())::oid`).Scan(&cut); err != nil || cut != 1 {
			t.Fatalf("cut %d lease connections: %v", cut, err)
		}
		select {
		case <-la.Done():
		case <-time.After(time.Minute):
			t.Fatal("the leader did not notice it lost its lease")
		}
		select {
		case l := <-led:
			if l.ctx.Err() != nil {
				t.Fatal("the new lead is over already")
			}
			l.giveUp()
		case <-time.After(time.Minute):
			t.Fatal("the other node never took over")
		}
	})
}
