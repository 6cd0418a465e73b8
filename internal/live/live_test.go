package live

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/store/storetest"
)

func TestFeedSeesChangesFromAnotherStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "d.db")
	a, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	// A second, independent Store on the same file stands in for another process.
	b, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	feed, err := NewFeed(ctx, a, time.Hour, nil)
	if err != nil {
		t.Fatal(err)
	}
	sub := feed.Subscribe()
	slow := feed.Subscribe() // never reads until the end: must not block others
	tk, err := b.CreateTicket(ctx, "ada", store.NewTicket{Title: "来自另一个进程", Channel: domain.Email})
	if err != nil {
		t.Fatal(err)
	}
	if err := feed.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	batch, ok := sub.Wait(ctx)
	if !ok || len(batch.Events) != 1 || batch.Events[0].TicketID != tk.ID || batch.Events[0].Kind != domain.EvCreated {
		t.Fatalf("batch %+v", batch)
	}
	// Bursts coalesce: three moves, one wake-up.
	tk, _ = b.Move(ctx, "ada", tk.ID, tk.Version, domain.InProgress)
	tk, _ = b.Move(ctx, "ada", tk.ID, tk.Version, domain.Testing)
	if err := feed.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Move(ctx, "ada", tk.ID, tk.Version, domain.InProgress); err != nil {
		t.Fatal(err)
	}
	if err := feed.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	batch, _ = sub.Wait(ctx)
	if len(batch.Events) != 4 { // moved, assigned, moved, moved
		t.Fatalf("coalesced batch has %d events", len(batch.Events))
	}
	if batch, _ = slow.Wait(ctx); len(batch.Events) != 5 {
		t.Fatalf("slow subscriber got %d events", len(batch.Events))
	}
	feed.Unsubscribe(sub)
	if _, ok := sub.Wait(ctx); ok {
		t.Fatal("wait after unsubscribe")
	}
}

func TestPresence(t *testing.T) {
	ctx := context.Background()
	feed := &Feed{subs: map[*Sub]struct{}{}}
	sub := feed.Subscribe()
	p := NewPresence(feed)
	p.Set(Viewer{Session: "s1", Agent: "bob", TicketID: 7})
	p.Set(Viewer{Session: "s2", Agent: "ann", TicketID: 7, Editing: true})
	if b, _ := sub.Wait(ctx); !b.Presence {
		t.Fatal("no presence nudge")
	}
	on := p.On(7, "s3")
	if len(on) != 2 || on[0].Agent != "ann" || !on[0].Editing {
		t.Fatalf("viewers %+v", on)
	}
	if len(p.On(7, "s1")) != 1 {
		t.Fatal("own session listed")
	}
	p.Leave("s2")
	p.Set(Viewer{Session: "s1", Agent: "bob"}) // back to the board
	if len(p.Snapshot("")) != 0 {
		t.Fatalf("left sessions still present: %v", p.Snapshot(""))
	}
}

// A feed that watches its database is woken by a commit from another
// handle, and then reads it. On PostgreSQL the other handle stands for
// another node, and the wake-up is its NOTIFY.
func TestWatchedFeedWakesOnCommit(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testWatchedFeed(t, filepath.Join(t.TempDir(), "d.db")) })
	t.Run("postgres", func(t *testing.T) { testWatchedFeed(t, storetest.Postgres(t)) })
}

func testWatchedFeed(t *testing.T, db string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	b, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	feed, err := NewFeed(ctx, a, time.Hour, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := feed.Watch(ctx, a); err != nil {
		t.Fatal(err)
	}
	sub := feed.Subscribe()
	for i := range 3 {
		select { // a wake-up from before this commit proves nothing
		case <-feed.wake:
		default:
		}
		tk, err := b.CreateTicket(ctx, "ada", store.NewTicket{Title: fmt.Sprintf("watched %d", i), Channel: domain.Email})
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-feed.wake:
		case <-time.After(time.Minute):
			t.Fatalf("commit %d did not wake the feed", i)
		}
		// SQLite's log is written a moment before the commit shows.
		for try := 0; ; try++ {
			if err := feed.Poll(ctx); err != nil {
				t.Fatal(err)
			}
			if len(sub.pending) > 0 || try == 1000 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		batch, ok := sub.Wait(ctx)
		if !ok || len(batch.Events) == 0 || batch.Events[len(batch.Events)-1].TicketID != tk.ID {
			t.Fatalf("commit %d: batch %+v, ok %v", i, batch, ok)
		}
	}
}

// Two nodes of one PostgreSQL desk run the upkeep once: the second node
// enters it only when the first stops.
func TestRunLeadingOncePerDesk(t *testing.T) {
	db := storetest.Postgres(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	nodes := make([]*store.Store, 2)
	for i := range nodes {
		s, err := store.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		nodes[i] = s
	}
	entered := make(chan int, 2)
	stop := make([]context.CancelFunc, 2)
	for i, s := range nodes {
		nctx, cancel := context.WithCancel(ctx)
		stop[i] = cancel
		go RunLeading(nctx, s, nil, func(ctx context.Context) {
			entered <- i
			<-ctx.Done()
		})
	}
	first := <-entered
	select {
	case other := <-entered:
		t.Fatalf("nodes %d and %d both run the upkeep", first, other)
	case <-time.After(5 * time.Second):
	}
	stop[first]()
	select {
	case next := <-entered:
		if next == first {
			t.Fatal("the stopped node runs the upkeep again")
		}
	case <-time.After(time.Minute):
		t.Fatal("the other node never took the upkeep over")
	}
}

// Two processes on one desk file show each other's viewers; a stopped
// one takes its viewers out.
func TestPresenceSharedAcrossNodes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := filepath.Join(t.TempDir(), "d.db")
	a, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	pa, pb := NewPresence(nil), NewPresence(nil)
	actx, stopA := context.WithCancel(ctx)
	doneA := make(chan struct{})
	go func() { pa.Share(actx, a, "node-a", nil); close(doneA) }()
	go pb.Share(ctx, b, "node-b", nil)
	pa.Set(Viewer{Session: "1", Agent: "ann", TicketID: 7, Editing: true})
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(time.Minute); !ok(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal(what)
			}
		}
	}
	waitFor("node b never showed ann on ticket 7", func() bool {
		on := pb.On(7, "1")
		return len(on) == 1 && on[0].Agent == "ann" && on[0].Editing
	})
	stopA()
	<-doneA
	waitFor("node a stopped, yet node b still shows ann", func() bool { return len(pb.Snapshot("")) == 0 })
}

// On PostgreSQL a node shows another node's new viewer when that node
// publishes it, not at its next read of the table.
func TestPresenceFollowsNotifications(t *testing.T) {
	db := storetest.Postgres(t)
	read, safety := presenceRead, presenceSafety
	presenceRead, presenceSafety = time.Hour, time.Hour // no polling to fall back on
	defer func() { presenceRead, presenceSafety = read, safety }()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	pa, pb := NewPresence(nil), NewPresence(nil)
	done := make(chan struct{}, 2)
	go func() { pa.Share(ctx, a, "node-a", nil); done <- struct{}{} }()
	go func() { pb.Share(ctx, b, "node-b", nil); done <- struct{}{} }()
	defer func() { cancel(); <-done; <-done }()
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(time.Minute); !ok(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal(what)
			}
		}
	}
	pa.Set(Viewer{Session: "1", Agent: "ann", TicketID: 7})
	waitFor("node b never showed ann on ticket 7", func() bool { return len(pb.On(7, "")) == 1 })
	// Node b is listening by now; from here on only a notification can
	// tell it.
	pa.Set(Viewer{Session: "2", Agent: "bob", TicketID: 8, Editing: true})
	waitFor("node b never showed bob editing ticket 8", func() bool {
		on := pb.On(8, "")
		return len(on) == 1 && on[0].Agent == "bob" && on[0].Editing
	})
}
