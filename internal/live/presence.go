package live

import (
	"context"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Viewer is one session looking at (or editing) a ticket.
type Viewer = domain.Viewer

// Presence tracks which session has which card open: this process's
// sessions in memory, and, when shared (Share), the other nodes' as they
// last published them. It means nothing after a restart.
type Presence struct {
	mu      sync.Mutex
	viewers map[string]Viewer
	remote  []Viewer      // the other nodes' (Share)
	dirty   chan struct{} // this process's viewers changed since published
	feed    *Feed         // told about changes so other boards redraw
}

// NewPresence makes a registry that nudges feed subscribers on change
// (feed may be nil).
func NewPresence(feed *Feed) *Presence {
	return &Presence{viewers: map[string]Viewer{}, feed: feed, dirty: make(chan struct{}, 1)}
}

// SharedPresence is where the nodes of a desk publish who views what (the
// store's presence table).
type SharedPresence interface {
	PublishPresence(ctx context.Context, node string, vs []domain.Viewer, expiry time.Duration) error
	PresenceElsewhere(ctx context.Context, node string, expiry time.Duration) ([]domain.Viewer, error)
}

// PresenceWatcher is a SharedPresence that says when a node published
// (store.WatchPresence: PostgreSQL's notifications).
type PresenceWatcher interface {
	WatchPresence(ctx context.Context, changed func()) error
}

// How presence is shared: a node publishes its viewers when they change
// and again every presenceBeat; rows older than presenceExpiry are a
// stopped node's; the other nodes' rows are read when a node says it
// published (PresenceWatcher) and every presenceSafety, or, where nodes
// cannot say, every presenceRead.
const (
	presenceBeat   = 5 * time.Second
	presenceExpiry = 20 * time.Second
)

// Variables, so tests can show that a watched node needs no polling.
var (
	presenceRead   = time.Second
	presenceSafety = 5 * time.Second
)

// Share publishes this process's viewers as node and reads the other
// nodes' until ctx ends, then takes node's rows out. Boards redraw when
// another node's viewers change: at once where the store says a node
// published (PresenceWatcher), within presenceRead elsewhere.
func (p *Presence) Share(ctx context.Context, sh SharedPresence, node string, log *slog.Logger) {
	log = orDiscard(log)
	publish := func(ctx context.Context) {
		p.mu.Lock()
		vs := make([]Viewer, 0, len(p.viewers))
		for _, v := range p.viewers {
			vs = append(vs, v)
		}
		p.mu.Unlock()
		if err := sh.PublishPresence(ctx, node, vs, presenceExpiry); err != nil && ctx.Err() == nil {
			log.Warn("presence not published", "err", err)
		}
	}
	read := func() {
		vs, err := sh.PresenceElsewhere(ctx, node, presenceExpiry)
		if err != nil {
			if ctx.Err() == nil {
				log.Warn("other nodes' presence not read", "err", err)
			}
			return
		}
		sort.Slice(vs, func(i, j int) bool { return vs[i].Session < vs[j].Session })
		p.mu.Lock()
		changed := !slices.Equal(vs, p.remote)
		p.remote = vs
		p.mu.Unlock()
		if changed && p.feed != nil {
			p.feed.Nudge()
		}
	}
	published := make(chan struct{}, 1)
	every := presenceRead
	if w, ok := sh.(PresenceWatcher); ok {
		err := w.WatchPresence(ctx, func() {
			select {
			case published <- struct{}{}:
			default: // a read is already due
			}
		})
		if err == nil {
			every = presenceSafety
		}
	}
	beat := time.NewTicker(presenceBeat)
	defer beat.Stop()
	reads := time.NewTicker(every)
	defer reads.Stop()
	publish(ctx)
	read()
	for {
		select {
		case <-ctx.Done():
			p.mu.Lock()
			clear(p.viewers)
			p.mu.Unlock()
			gone, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
			publish(gone)
			cancel()
			return
		case <-p.dirty:
			publish(ctx)
		case <-beat.C:
			publish(ctx)
		case <-reads.C:
			read()
		case <-published:
			read()
		}
	}
}

// Set records what session is looking at; ticketID 0 means the board.
func (p *Presence) Set(v Viewer) {
	p.mu.Lock()
	old, had := p.viewers[v.Session]
	changed := !had || old != v
	if v.TicketID == 0 {
		delete(p.viewers, v.Session)
		changed = had
	} else {
		p.viewers[v.Session] = v
	}
	p.mu.Unlock()
	if changed {
		select {
		case p.dirty <- struct{}{}:
		default: // a publish is already due
		}
		if p.feed != nil {
			p.feed.Nudge()
		}
	}
}

// Leave forgets a session (its program returned).
func (p *Presence) Leave(session string) { p.Set(Viewer{Session: session}) }

// On lists who else has ticketID open, editors first, then by name.
func (p *Presence) On(ticketID int64, exceptSession string) []Viewer {
	p.mu.Lock()
	var out []Viewer
	for _, v := range p.viewers {
		if v.TicketID == ticketID && v.Session != exceptSession {
			out = append(out, v)
		}
	}
	for _, v := range p.remote {
		if v.TicketID == ticketID {
			out = append(out, v)
		}
	}
	p.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].Editing != out[j].Editing {
			return out[i].Editing
		}
		return out[i].Agent < out[j].Agent
	})
	return out
}

// Snapshot maps every open ticket to its viewers except the given
// session, for drawing a page of cards in one lock.
func (p *Presence) Snapshot(exceptSession string) map[int64][]Viewer {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[int64][]Viewer{}
	for _, v := range p.viewers {
		if v.Session != exceptSession {
			out[v.TicketID] = append(out[v.TicketID], v)
		}
	}
	for _, v := range p.remote {
		out[v.TicketID] = append(out[v.TicketID], v)
	}
	return out
}
