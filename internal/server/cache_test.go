package server

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

func TestReadCacheSharesWithinAGeneration(t *testing.T) {
	var gen atomic.Int64
	c := newReadCache(&gen)
	ctx := context.Background()
	reads := 0
	read := func(context.Context) (any, error) { reads++; return reads, nil }

	a, _ := c.do(ctx, "k", read)
	b, _ := c.do(ctx, "k", read)
	if a != 1 || b != 1 || reads != 1 {
		t.Fatalf("same key, same generation: got %v, %v after %d reads; want one shared read", a, b, reads)
	}
	gen.Store(7) // the feed saw a new event
	if v, _ := c.do(ctx, "k", read); v != 2 {
		t.Fatalf("after a new event got %v, want a fresh read", v)
	}
	if v, _ := c.do(ctx, "other", read); v != 3 {
		t.Fatalf("another key got %v, want its own read", v)
	}
}

func TestReadCacheOneReadForConcurrentMisses(t *testing.T) {
	var gen atomic.Int64
	c := newReadCache(&gen)
	release := make(chan struct{})
	var reads atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := c.do(context.Background(), "k", func(context.Context) (any, error) {
				reads.Add(1)
				<-release
				return "page", nil
			})
			if v != "page" || err != nil {
				t.Errorf("got %v, %v", v, err)
			}
		}()
	}
	// Hold the first read until it has started, so callers pile up behind
	// it; any that arrive after it finished reuse its result.
	for reads.Load() == 0 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if n := reads.Load(); n != 1 {
		t.Fatalf("%d reads for 20 concurrent misses, want 1", n)
	}
}

func TestReadCacheDoesNotKeepErrors(t *testing.T) {
	var gen atomic.Int64
	c := newReadCache(&gen)
	boom := errors.New("boom")
	if _, err := c.do(context.Background(), "k", func(context.Context) (any, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if v, err := c.do(context.Background(), "k", func(context.Context) (any, error) { return "ok", nil }); v != "ok" || err != nil {
		t.Fatalf("after an error: %v, %v; want a new read", v, err)
	}
}

func TestPageKeySeparatesQueries(t *testing.T) {
	high, low := domain.High, domain.Low
	qs := []store.PageQuery{
		{Status: domain.Pending, Limit: 10},
		{Status: domain.Testing, Limit: 10},
		{Status: domain.Pending, Limit: 11},
		{Status: domain.Pending, Limit: 10, Filter: store.Filter{Priority: &high}},
		{Status: domain.Pending, Limit: 10, Filter: store.Filter{Priority: &low}},
		{Status: domain.Pending, Limit: 10, Filter: store.Filter{Owner: "bob"}},
		{Status: domain.Pending, Limit: 10, Cursor: &store.Cursor{ID: 3}},
		{Status: domain.Pending, Limit: 10, Cursor: &store.Cursor{ID: 3}, Dir: store.Before},
	}
	seen := map[pageKey]int{}
	for i, q := range qs {
		k := newPageKey(q)
		if j, dup := seen[k]; dup {
			t.Errorf("queries %d and %d share key %+v", j, i, k)
		}
		seen[k] = i
	}
	// Equal queries built separately (distinct pointers) share a key.
	h2 := domain.High
	if newPageKey(qs[3]) != newPageKey(store.PageQuery{Status: domain.Pending, Limit: 10, Filter: store.Filter{Priority: &h2}}) {
		t.Error("equal queries with distinct priority pointers do not share a key")
	}
}
