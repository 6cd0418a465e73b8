package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Two nodes of one desk see each other's viewers, never their own; a node
// that stops publishing drops out after the expiry, and an empty publish
// takes a node out at once.
func TestPresenceAcrossNodes(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		now := time.UnixMilli(1_800_000_000_000)
		clock := WithClock(func() time.Time { return now })
		db := testDB(t)
		a, err := Open(ctx, db, clock)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		b, err := Open(ctx, db, clock)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		const expiry = 20 * time.Second
		ann := domain.Viewer{Session: "1", Agent: "ann", TicketID: 7, Editing: true}
		if err := a.PublishPresence(ctx, "node-a", []domain.Viewer{ann, {Session: "2", Agent: "bob", TicketID: 9}}, expiry); err != nil {
			t.Fatal(err)
		}
		if err := b.PublishPresence(ctx, "node-b", []domain.Viewer{{Session: "1", Agent: "cy", TicketID: 7}}, expiry); err != nil {
			t.Fatal(err)
		}
		seen, err := b.PresenceElsewhere(ctx, "node-b", expiry)
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) != 2 || !slices.Contains(seen, domain.Viewer{Session: "node-a/1", Agent: "ann", TicketID: 7, Editing: true}) ||
			!slices.Contains(seen, domain.Viewer{Session: "node-a/2", Agent: "bob", TicketID: 9}) {
			t.Fatalf("node b sees %+v", seen)
		}
		// Node a closes ann's card: its rows are replaced, not added to.
		if err := a.PublishPresence(ctx, "node-a", []domain.Viewer{{Session: "2", Agent: "bob", TicketID: 9}}, expiry); err != nil {
			t.Fatal(err)
		}
		if seen, _ = b.PresenceElsewhere(ctx, "node-b", expiry); len(seen) != 1 || seen[0].Agent != "bob" {
			t.Fatalf("after ann left, node b sees %+v", seen)
		}
		// Node b stops without a word; node a still sees cy until the expiry.
		now = now.Add(expiry - time.Second)
		if seen, _ = a.PresenceElsewhere(ctx, "node-a", expiry); len(seen) != 1 || seen[0].Agent != "cy" {
			t.Fatalf("before the expiry, node a sees %+v", seen)
		}
		if err := a.PublishPresence(ctx, "node-a", nil, expiry); err != nil {
			t.Fatal(err)
		}
		now = now.Add(2 * time.Second)
		if seen, _ = a.PresenceElsewhere(ctx, "node-a", expiry); len(seen) != 0 {
			t.Fatalf("after the expiry, node a sees %+v", seen)
		}
		if seen, _ = b.PresenceElsewhere(ctx, "node-b", expiry); len(seen) != 0 {
			t.Fatalf("node a took itself out, yet node b sees %+v", seen)
		}
		var rows int
		if err := a.r.QueryRowContext(ctx, "SELECT count(*) FROM presence").Scan(&rows); err != nil || rows != 1 {
			t.Fatalf("presence rows %d (%v): the expired node's row is kept until the next publish removes it", rows, err)
		}
	})
}
