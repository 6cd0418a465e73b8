package live

import (
	"sort"
	"sync"
)

// Viewer is one session looking at (or editing) a ticket.
type Viewer struct {
	Session  string
	Agent    string
	TicketID int64
	Editing  bool
}

// Presence tracks, in memory for this process, which session has which
// card open. It is not stored: it means nothing after a restart.
type Presence struct {
	mu      sync.Mutex
	viewers map[string]Viewer
	feed    *Feed // told about changes so other boards redraw
}

// NewPresence makes a registry that nudges feed subscribers on change
// (feed may be nil).
func NewPresence(feed *Feed) *Presence {
	return &Presence{viewers: map[string]Viewer{}, feed: feed}
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
	if changed && p.feed != nil {
		p.feed.Nudge()
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
	return out
}
