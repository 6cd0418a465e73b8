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
// index in many FTS5 segments. MergeSearch makes them one; a few writes
// later, it merges the new small segments together and leaves the large
// one as it is, until fullMergeEvery has passed; and the search still
// finds exactly what the substring scan finds.
func TestMergeSearch(t *testing.T) {
	ctx := context.Background()
	now := demo.FixtureEpoch
	clock := store.WithClock(func() time.Time { return now })
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "desk.db"), clock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Login(ctx, "admin"); err != nil {
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
	segments := func() []int {
		pages, err := s.SearchSegments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return pages
	}
	merge := func(want bool) {
		t.Helper()
		if merged, err := s.MergeSearch(ctx); err != nil || merged != want {
			t.Fatalf("merge: %v, %v; want %v", merged, err, want)
		}
	}
	create(400)
	if n := len(segments()); n < 3 {
		t.Fatalf("the index is in %d segments before the merge; the test proves nothing", n)
	}
	merge(true)
	large := segments()
	if len(large) != 1 {
		t.Fatalf("the index is in %d segments after the merge", len(large))
	}
	merge(false)
	create(4)
	merge(true)
	if pages := segments(); len(pages) > 2 || !slices.Contains(pages, large[0]) {
		t.Fatalf("after 4 tickets more and a merge, segments of %v pages; want at most two, one of them the %d pages before", pages, large[0])
	}
	now = now.Add(16 * time.Minute)
	merge(true)
	if pages := segments(); len(pages) != 1 {
		t.Fatalf("a quarter of an hour later the index is in %d segments", len(pages))
	}
	if err := demo.Seed(ctx, s, "admin", demo.Options{N: 2500, Seed: 5, Now: demo.FixtureEpoch}, nil); err != nil {
		t.Fatal(err)
	}
	// The seed merged as it ended.
	if pages := segments(); len(pages) != 1 {
		t.Fatalf("after a seed the index is in %d segments", len(pages))
	}
	var texts []string
	for id := int64(1); id <= 2900; id += 7 {
		tk, err := s.Ticket(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, tk.Title, tk.Body, tk.Product, tk.OrderNo)
	}
	compareSearch(t, s, r, texts, 300) // the merged index finds what the scan finds
}

// The index merges a level once it holds eight segments (migration 0027),
// so that an import's commits rewrite each document fewer times. FTS5
// merges a little at each write, in proportion to what it writes, so a
// few small writes do not show the setting: it is read from the index's
// configuration.
func TestSearchMergesEightSegments(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.SearchSetting(ctx, "automerge"); err != nil || n != 8 {
		t.Fatalf("automerge %d, %v; want 8", n, err)
	}
}

// TestImportLeavesMergingToTheUpkeep: while an import runs, its batches
// leave the index's segments unmerged (a segment each, past FTS5's usual
// 16 a level); when it ends, the next write does not merge them all, and
// the upkeep's MergeSearch makes them one and puts FTS5's merging back
// as it is outside imports. Searches find the same all along.
func TestImportLeavesMergingToTheUpkeep(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Login(ctx, "admin"); err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, s, "admin", demo.Options{N: 10, Seed: 6, Now: demo.FixtureEpoch}, nil); err != nil {
		t.Fatal(err) // its agents
	}
	r := rand.New(rand.NewPCG(20, 6))
	segments := func() int {
		pages, err := s.SearchSegments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(pages)
	}
	settings := func() (automerge, crisis int) {
		t.Helper()
		var err error
		if automerge, err = s.SearchSetting(ctx, "automerge"); err != nil {
			t.Fatal(err)
		}
		if crisis, err = s.SearchSetting(ctx, "crisismerge"); err != nil {
			crisis = 16 // FTS5's default, not stored
		}
		return automerge, crisis
	}
	const batches = 40
	for range batches { // no import: FTS5 merges a level at 16 at most
		ingestRandom(t, s, r, 10)
	}
	if n := segments(); n > 20 {
		t.Fatalf("%d batches outside an import left %d segments", batches, n)
	}
	if _, err := s.MergeSearch(ctx); err != nil {
		t.Fatal(err)
	}
	end := s.BeginImport()
	for range batches {
		ingestRandom(t, s, r, 10)
	}
	if n := segments(); n != batches+1 {
		t.Fatalf("an import's %d batches left %d segments beside the merged one; want one each", batches, n-1)
	}
	if a, c := settings(); a != 0 || c != store.ImportCrisisMerge {
		t.Fatalf("during an import automerge %d, crisismerge %d", a, c)
	}
	if err := end(ctx); err != nil {
		t.Fatal(err)
	}
	if a, c := settings(); a != 8 || c != store.ImportCrisisMerge {
		t.Fatalf("after an import automerge %d, crisismerge %d; want 8 and still %d", a, c, store.ImportCrisisMerge)
	}
	ingestRandom(t, s, r, 1)
	if n := segments(); n < batches {
		t.Fatalf("the write after the import merged its segments: %d left", n)
	}
	if merged, err := s.MergeSearch(ctx); err != nil || !merged {
		t.Fatalf("merge: %v, %v", merged, err)
	}
	if n := segments(); n != 1 {
		t.Fatalf("the upkeep left %d segments", n)
	}
	if a, c := settings(); a != 8 || c != 16 {
		t.Fatalf("after the upkeep's merge automerge %d, crisismerge %d; want 8 and 16", a, c)
	}
	var texts []string
	for id := int64(1); id <= 800; id += 5 {
		tk, err := s.Ticket(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, tk.Title, tk.Body, tk.Product, tk.OrderNo)
	}
	compareSearch(t, s, r, texts, 200)
}
