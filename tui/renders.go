package tui

import (
	"sync"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
)

// DefaultRenders is a size for NewRenders that holds every card of a few
// hundred boards with room to spare: an entry is a card's lines, about a
// kilobyte, so the cache stays under a few megabytes however many sessions
// share it.
const DefaultRenders = 4096

// Renders keeps drawn cards (and the pieces of board around them) so that a card is drawn once per version,
// width, language and look, not once per session and frame: the boards of
// one process show mostly the same cards, and a change redraws only the
// card it touched (its version, and so its key, is new). Share one between
// the sessions of a process (Options.Renders); it is safe for concurrent
// use. It holds at most its size in entries: when the newer half fills,
// the older half is dropped, so what boards still show survives (it is
// moved forward when used) and what they stopped showing goes.
type Renders struct {
	mu       sync.Mutex
	cur, old map[any][]string
	half     int
}

// NewRenders makes a cache of at most size entries.
func NewRenders(size int) *Renders {
	half := max(size/2, 1)
	return &Renders{cur: make(map[any][]string), old: map[any][]string{}, half: half}
}

// cardKey is everything a drawn card depends on besides the styles, which
// are the same for every session (colours are fitted to each client's
// terminal when the screen is written). The ticket's version changes with
// every change to it; the fields shown are in the key as well, so a
// change that left the version alone cannot show a stale card.
type cardKey struct {
	row       bool // the one-line layout
	w         int
	lang      i18n.Lang
	style     cardStyle
	ago       string
	id, ver   int64
	title     string
	owner     string
	channel   domain.Channel
	priority  domain.Priority
	tier      domain.Tier
	sentiment string
	escalated bool
	dupes     int
}

// newCardKey is the key of card t drawn w cells wide in style s at now,
// in one line (row) or as a block.
func newCardKey(row bool, e *env, t *domain.Ticket, w int, s cardStyle, now time.Time) cardKey {
	return cardKey{row: row, w: w, lang: e.lang, style: s, ago: age(e.lang, now, t.ReceivedAt), id: t.ID, ver: t.Version,
		title: t.Title, owner: t.Owner, channel: t.Channel, priority: t.Priority, tier: t.Customer.Tier,
		sentiment: t.Sentiment, escalated: t.Escalated, dupes: t.Duplicates}
}

// chromeKey is a piece of a board around its cards (a column's header and
// rule, a "more" mark, the column separators): what it says, how wide,
// and whether its column has the focus.
type chromeKey struct {
	part    string
	text    string
	w       int
	focused bool
}

// get returns the lines drawn for k (a cardKey or a chromeKey), drawing
// them on a miss. The lines are shared: callers must not change them.
func (r *Renders) get(k any, draw func() []string) []string {
	r.mu.Lock()
	if v, ok := r.cur[k]; ok {
		r.mu.Unlock()
		return v
	}
	v, ok := r.old[k]
	r.mu.Unlock()
	if !ok {
		// Drawn outside the lock: other sessions keep drawing meanwhile,
		// and two drawing the same card at once merely both do.
		v = draw()
	}
	r.mu.Lock()
	if len(r.cur) >= r.half {
		r.old, r.cur = r.cur, make(map[any][]string, r.half)
	}
	r.cur[k] = v
	r.mu.Unlock()
	return v
}
