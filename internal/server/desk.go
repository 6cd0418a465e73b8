package server

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/tui"
)

// sharedDesk is the store as this server's boards use it. Board reads
// (pages and counts) go through the shared read cache; once a change has
// committed, the feed polls at once, so the other boards on this server
// show it without waiting for the next tick. Changes made by other
// processes still arrive by polling. Everything else passes through.
type sharedDesk struct {
	*store.Store
	feed  *live.Feed
	cache *readCache
}

var _ tui.Desk = sharedDesk{}

// Desk is the store as the server's sessions act on it. Tools that commit
// on the server's behalf (the load test) use it to take the same path.
func (s *Server) Desk() tui.Desk { return sharedDesk{s.store, s.feed, s.cache} }

// Page reads a page of a column, shared with other sessions showing it.
// Callers share the tickets, read only; the slice is clipped, so one
// that appends to it gets a copy.
func (d sharedDesk) Page(ctx context.Context, q store.PageQuery) ([]domain.Ticket, error) {
	v, err := d.cache.do(ctx, newPageKey(q), func(ctx context.Context) (any, error) { return d.Store.Page(ctx, q) })
	if err != nil {
		return nil, err
	}
	return slices.Clip(v.([]domain.Ticket)), nil
}

// Counts reads the column counts, shared.
func (d sharedDesk) Counts(ctx context.Context) (map[domain.Status]int, error) {
	v, err := d.cache.do(ctx, "counts", func(ctx context.Context) (any, error) { return d.Store.Counts(ctx) })
	if err != nil {
		return nil, err
	}
	return maps.Clone(v.(map[domain.Status]int)), nil
}

// CountUpTo counts a filtered column, shared.
func (d sharedDesk) CountUpTo(ctx context.Context, st domain.Status, f store.Filter, limit int) (int, bool, error) {
	type count struct {
		n      int
		capped bool
	}
	v, err := d.cache.do(ctx, countKey{st, limit, newFilterKey(f)}, func(ctx context.Context) (any, error) {
		n, capped, err := d.Store.CountUpTo(ctx, st, f, limit)
		return count{n, capped}, err
	})
	if err != nil {
		return 0, false, err
	}
	c := v.(count)
	return c.n, c.capped, nil
}

// Waits reads how long the cards shown wait for their customers, shared
// by the boards showing the same cards.
func (d sharedDesk) Waits(ctx context.Context, ids []int64) (map[int64]store.Wait, error) {
	var key strings.Builder
	key.WriteString("waits")
	for _, id := range ids {
		key.WriteString("/" + strconv.FormatInt(id, 10))
	}
	v, err := d.cache.do(ctx, key.String(), func(ctx context.Context) (any, error) { return d.Store.Waits(ctx, ids) })
	if err != nil {
		return nil, err
	}
	return maps.Clone(v.(map[int64]store.Wait)), nil
}

func (d sharedDesk) publish(ctx context.Context, err error) {
	if err == nil {
		// A failed poll is logged by the feed's own loop, which retries.
		_ = d.feed.Poll(context.WithoutCancel(ctx))
	}
}

// Move commits through the store, then publishes.
func (d sharedDesk) Move(ctx context.Context, actor string, id, version int64, to domain.Status) (domain.Ticket, error) {
	t, err := d.Store.Move(ctx, actor, id, version, to)
	d.publish(ctx, err)
	return t, err
}

// Assign commits through the store, then publishes.
func (d sharedDesk) Assign(ctx context.Context, actor string, id, version int64, owner string) (domain.Ticket, error) {
	t, err := d.Store.Assign(ctx, actor, id, version, owner)
	d.publish(ctx, err)
	return t, err
}

// Update commits through the store, then publishes.
func (d sharedDesk) Update(ctx context.Context, actor string, id, version int64, p store.Patch) (domain.Ticket, error) {
	t, err := d.Store.Update(ctx, actor, id, version, p)
	d.publish(ctx, err)
	return t, err
}

// AddNote commits through the store, then publishes.
func (d sharedDesk) AddNote(ctx context.Context, actor string, id, version int64, body string) (domain.Ticket, error) {
	t, err := d.Store.AddNote(ctx, actor, id, version, body)
	d.publish(ctx, err)
	return t, err
}

// CreateTicket commits through the store, then publishes.
func (d sharedDesk) CreateTicket(ctx context.Context, actor string, in store.NewTicket) (domain.Ticket, error) {
	t, err := d.Store.CreateTicket(ctx, actor, in)
	d.publish(ctx, err)
	return t, err
}
