package server

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

// After a change every open board reloads, and most show the same pages:
// without sharing, a change costs one set of queries per session. The
// cache lets the first reload of a page read the database and the others
// reuse its result, so the cost follows the number of distinct views.
// Only reads whose result does not depend on who asks may be shared.
const (
	// cacheTTL bounds how old a shared read may be even when no event
	// arrives, for filters that depend on the clock (at risk).
	cacheTTL = time.Second
	// maxCacheEntries bounds one generation's entries (many sessions
	// scrolling different filters).
	maxCacheEntries = 4096
)

// seqSource is the store as the feed reads it; it records the newest
// event the feed has read before the feed hands that event to any
// session.
type seqSource struct {
	*store.Store
	seen *atomic.Int64
}

// EventsAfter reads the change feed and notes how far it got.
func (s seqSource) EventsAfter(ctx context.Context, after int64, limit int) ([]domain.Event, error) {
	evs, err := s.Store.EventsAfter(ctx, after, limit)
	if n := len(evs); n > 0 {
		s.seen.Store(evs[n-1].Seq)
	}
	return evs, err
}

// readCache shares reads within a generation: the newest event sequence
// the feed has seen. A read that starts after generation g was seen
// reflects at least every change up to g, so it may serve any session
// that knows of g or less; once a newer event is seen, the entries are
// dropped. Concurrent misses of one key wait for a single read.
type readCache struct {
	gen *atomic.Int64

	mu      sync.Mutex
	tag     int64 // the generation the entries belong to
	entries map[any]*cacheEntry
}

type cacheEntry struct {
	ready chan struct{}
	at    time.Time
	val   any
	err   error
}

func newReadCache(gen *atomic.Int64) *readCache {
	return &readCache{gen: gen, entries: map[any]*cacheEntry{}}
}

// do returns the shared result for key (a comparable value), calling
// read on a miss.
func (c *readCache) do(ctx context.Context, key any, read func(context.Context) (any, error)) (any, error) {
	now := time.Now()
	c.mu.Lock()
	if g := c.gen.Load(); g != c.tag || len(c.entries) >= maxCacheEntries {
		c.tag, c.entries = g, map[any]*cacheEntry{}
	}
	e, ok := c.entries[key]
	if !ok || now.Sub(e.at) > cacheTTL {
		e = &cacheEntry{ready: make(chan struct{}), at: now}
		c.entries[key] = e
		c.mu.Unlock()
		// Others wait on this read: the session that started it quitting
		// must not fail theirs.
		e.val, e.err = read(context.WithoutCancel(ctx))
		close(e.ready)
		if e.err != nil {
			c.mu.Lock()
			if c.entries[key] == e {
				delete(c.entries, key)
			}
			c.mu.Unlock()
		}
		return e.val, e.err
	}
	c.mu.Unlock()
	select {
	case <-e.ready:
		return e.val, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// filterKey identifies a filter. Every session builds its keys on every
// change, so they are comparable structs, not formatted strings: the
// filter itself, less its one pointer (a field added later still
// separates keys, and one that made Filter incomparable would not
// compile).
type filterKey struct {
	f       store.Filter // Priority nil
	prio    domain.Priority
	hasPrio bool
}

func newFilterKey(f store.Filter) filterKey {
	k := filterKey{}
	if f.Priority != nil {
		k.prio, k.hasPrio = *f.Priority, true
	}
	f.Priority = nil
	k.f = f
	return k
}

// pageKey identifies a page query: the query less its pointers, and
// what they point at.
type pageKey struct {
	q      store.PageQuery // Cursor nil, Filter zero
	f      filterKey
	cur    store.Cursor
	hasCur bool
}

func newPageKey(q store.PageQuery) pageKey {
	k := pageKey{f: newFilterKey(q.Filter)}
	if q.Cursor != nil {
		k.cur, k.hasCur = *q.Cursor, true
	}
	q.Cursor, q.Filter = nil, store.Filter{}
	k.q = q
	return k
}

// countKey identifies a capped count of a filtered column.
type countKey struct {
	st    domain.Status
	limit int
	f     filterKey
}
