// Package live turns the store's event sequence into a live feed: one
// poller per process reads new events once and hands them to every
// subscriber (board sessions) without ever blocking on a slow one. Because
// it follows the sequence in the database, boards in separate processes on
// the same file, or on several nodes of one PostgreSQL desk, see each
// other's changes; the feed polls when the store says the desk changed
// (Watch: the file's changes, or PostgreSQL's notifications), with a slow
// poll as a safety net, so they see them within milliseconds at no idle
// cost.
package live

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Source is the part of the store the feed reads.
type Source interface {
	LatestSeq(ctx context.Context) (int64, error)
	EventsAfter(ctx context.Context, after int64, limit int) ([]domain.Event, error)
}

// maxPending bounds what a stalled subscriber can hold; past it the
// subscriber is told to reload everything instead of replaying events.
const maxPending = 4096

// Feed polls the event log and fans new events out to subscribers.
type Feed struct {
	src      Source
	interval time.Duration
	log      *slog.Logger
	wake     chan struct{} // the database changed (Watch)
	watching bool

	mu   sync.Mutex
	subs map[*Sub]struct{}
	last int64
}

// NewFeed follows src from its current end, polling every interval
// (100–250 ms keeps boards live without measurable load).
func NewFeed(ctx context.Context, src Source, interval time.Duration, log *slog.Logger) (*Feed, error) {
	last, err := src.LatestSeq(ctx)
	if err != nil {
		return nil, err
	}
	log = orDiscard(log)
	return &Feed{src: src, interval: interval, log: log, wake: make(chan struct{}, 1), subs: map[*Sub]struct{}{}, last: last}, nil
}

// SafetyInterval is how often a feed that watches its database (Watch)
// polls all the same, in case a change raised no wake-up (a file system
// without notifications, a notification lost with its connection).
const SafetyInterval = 2 * time.Second

// retries are the pauses between the polls after a database change that
// found nothing new yet: the log file is written a moment before the
// commit becomes visible to readers, a moment that stretches to tens of
// milliseconds when the writer is descheduled on a busy machine (then the
// change would wait for the safety poll).
var retries = []time.Duration{time.Millisecond, 3 * time.Millisecond, 10 * time.Millisecond,
	30 * time.Millisecond, 100 * time.Millisecond, 300 * time.Millisecond}

// minWakeGap is the least time between two polls for database changes.
const minWakeGap = 2 * time.Millisecond

// Changes is the part of the store that says when the desk may have new
// events, whichever process or node wrote them (store.WatchChanges: the
// file's changes on SQLite, LISTEN/NOTIFY on PostgreSQL).
type Changes interface {
	WatchChanges(ctx context.Context, changed func()) error
}

// Watch makes the feed poll as soon as the store says the desk changed,
// instead of waiting for the next tick; Run then polls only every
// SafetyInterval (or its interval, if longer), for a change that raised
// no wake-up. Call it before Run. It fails where changes cannot be
// watched, and the feed keeps polling on its interval.
func (f *Feed) Watch(ctx context.Context, c Changes) error {
	if err := c.WatchChanges(ctx, f.changed); err != nil {
		return err
	}
	f.watching = true
	return nil
}

// changed notes that the database was written; Run polls.
func (f *Feed) changed() {
	select {
	case f.wake <- struct{}{}:
	default: // a poll is already due
	}
}

// Run polls until ctx ends: on its interval, and when the watched
// database changes.
func (f *Feed) Run(ctx context.Context) {
	interval := f.interval
	if f.watching {
		interval = max(interval, SafetyInterval)
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	retry := time.NewTimer(time.Hour)
	retry.Stop()
	tries := len(retries) // none pending
	poll := func() bool {
		n, err := f.poll(ctx)
		if err != nil && ctx.Err() == nil {
			f.log.Warn("change feed poll failed", "err", err)
		}
		return n > 0
	}
	for {
		select {
		case <-ctx.Done():
			f.closeAll()
			return
		case <-t.C:
			poll()
		case <-f.wake:
			tries = 0
			if !poll() {
				retry.Reset(retries[0])
			}
			// A writer committing without pause (an import) wakes the
			// feed at most this often; its wakes meanwhile make one.
			time.Sleep(minWakeGap)
		case <-retry.C:
			tries++
			if !poll() && tries < len(retries) {
				retry.Reset(retries[tries])
			}
		}
	}
}

// Poll reads events past the last seen sequence and delivers them. Run
// calls it on a timer and when the database changes; callers that just
// committed may call it to publish at once.
func (f *Feed) Poll(ctx context.Context) error {
	_, err := f.poll(ctx)
	return err
}

// poll is Poll, counting the events delivered.
func (f *Feed) poll(ctx context.Context) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	latest, err := f.src.LatestSeq(ctx)
	if err != nil || latest <= f.last {
		return 0, err
	}
	n := 0
	for f.last < latest {
		evs, err := f.src.EventsAfter(ctx, f.last, 1000)
		if err != nil {
			return n, err
		}
		if len(evs) == 0 {
			break
		}
		n += len(evs)
		f.last = evs[len(evs)-1].Seq
		for s := range f.subs {
			s.push(evs)
		}
	}
	return n, nil
}

// Nudge wakes every subscriber with an empty batch marked Presence: the
// board redraws (who is looking at what changed) without reading the
// database.
func (f *Feed) Nudge() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		s.mu.Lock()
		s.presence = true
		s.mu.Unlock()
		s.signal()
	}
}

// Subscribe registers a new subscriber; call Unsubscribe when its session
// ends (after its program returns, not merely when its context does).
func (f *Feed) Subscribe() *Sub {
	s := &Sub{ready: make(chan struct{}, 1), done: make(chan struct{})}
	f.mu.Lock()
	f.subs[s] = struct{}{}
	f.mu.Unlock()
	return s
}

// Unsubscribe removes s and wakes anyone waiting on it.
func (f *Feed) Unsubscribe(s *Sub) {
	f.mu.Lock()
	if _, ok := f.subs[s]; ok {
		delete(f.subs, s)
		close(s.done)
	}
	f.mu.Unlock()
}

// Subscribers is the number of live subscribers.
func (f *Feed) Subscribers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}

func (f *Feed) closeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		delete(f.subs, s)
		close(s.done)
	}
}

// Sub is one subscriber's queue. Events accumulate until it takes them, so
// a burst of changes costs a busy session one wake-up, not one per event.
type Sub struct {
	ready chan struct{}
	done  chan struct{}

	mu       sync.Mutex
	pending  []domain.Event
	overflow bool
	presence bool
}

func (s *Sub) push(evs []domain.Event) {
	s.mu.Lock()
	if len(s.pending)+len(evs) > maxPending {
		s.pending, s.overflow = nil, true
	} else {
		s.pending = append(s.pending, evs...)
	}
	s.mu.Unlock()
	s.signal()
}

func (s *Sub) signal() {
	select {
	case s.ready <- struct{}{}:
	default: // already signalled; the news waits in the queue
	}
}

// Batch is what a subscriber receives: new events, or Overflow when it fell
// so far behind that it should reload everything; Presence says who looks
// at which card changed.
type Batch struct {
	Events   []domain.Event
	Overflow bool
	Presence bool
}

// Wait blocks until there are events, the subscription ends (ok false) or
// ctx is done.
func (s *Sub) Wait(ctx context.Context) (b Batch, ok bool) {
	select {
	case <-s.ready:
	case <-s.done:
		return Batch{}, false
	case <-ctx.Done():
		return Batch{}, false
	}
	s.mu.Lock()
	b = Batch{Events: s.pending, Overflow: s.overflow, Presence: s.presence}
	s.pending, s.overflow, s.presence = nil, false, false
	s.mu.Unlock()
	return b, true
}
