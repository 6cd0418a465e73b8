package store_test

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/demo"
	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

// TestMergeSearch: a desk written in many transactions has its search
// index in many FTS5 segments; MergeSearch makes it one, with writes
// before and after, and the search still finds exactly what the
// substring scan finds. Once merged, it leaves the index alone.
func TestMergeSearch(t *testing.T) {
	ctx := context.Background()
	clock := store.WithClock(func() time.Time { return demo.FixtureEpoch })
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "desk.db"), clock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Login(ctx, "admin"); err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, s, "admin", demo.Options{N: 3000, Seed: 5, Now: demo.FixtureEpoch}, nil); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(20, 5))
	create := func(n int) {
		for range n {
			if _, err := s.CreateTicket(ctx, "admin", store.NewTicket{
				Title: randomText(r, 1+r.IntN(30)), Body: randomText(r, r.IntN(120)), Channel: domain.Hotline,
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	create(300)
	segments := func() int {
		n, err := s.SearchSegments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := segments(); n < 2 {
		t.Fatalf("the index is in %d segment before the merge; the test proves nothing", n)
	}
	merged, err := s.MergeSearch(ctx)
	if err != nil || !merged {
		t.Fatalf("merge: %v, %v", merged, err)
	}
	if n := segments(); n != 1 {
		t.Fatalf("the index is in %d segments after the merge", n)
	}
	// A few writes since: not enough to merge again.
	create(5)
	if merged, err := s.MergeSearch(ctx); err != nil || merged {
		t.Fatalf("merge again after 5 tickets: %v, %v", merged, err)
	}
	var texts []string
	for id := int64(1); id <= 3305; id += 7 {
		tk, err := s.Ticket(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, tk.Title, tk.Body, tk.Product, tk.OrderNo)
	}
	for range 300 {
		q := randomQuery(r, texts)
		want, err := s.ScanIDs(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.SearchIDs(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("search %q after the merge: %d tickets, the scan finds %d", q, len(got), len(want))
		}
	}
}
