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
//
// It keeps the cards' clocks too (how old, when due), per second: every
// board redrawn after a change draws within the same second or so, and
// reading a deadline costs more than drawing the card.
type Renders struct {
	mu     sync.Mutex
	cards  halves[cardKey, []string]
	chrome halves[chromeKey, []string]
	clocks halves[clockKey, clockTexts]
}

// halves is a map of at most twice half entries: when the newer half
// fills, the older is dropped.
type halves[K comparable, V any] struct {
	cur, old map[K]V
	half     int
}

func newHalves[K comparable, V any](half int) halves[K, V] {
	return halves[K, V]{cur: map[K]V{}, old: map[K]V{}, half: max(half, 1)}
}

// fetch returns k's value in h, making it on a miss; mu guards h. An
// entry found in the older half moves to the newer.
func fetch[K comparable, V any](mu *sync.Mutex, h *halves[K, V], k K, make func() V) V {
	mu.Lock()
	if v, ok := h.cur[k]; ok {
		mu.Unlock()
		return v
	}
	v, ok := h.old[k]
	mu.Unlock()
	if !ok {
		// Made outside the lock: other sessions keep drawing meanwhile,
		// and two making the same entry at once merely both do.
		v = make()
	}
	mu.Lock()
	if len(h.cur) >= h.half {
		h.old, h.cur = h.cur, map[K]V{}
	}
	h.cur[k] = v
	mu.Unlock()
	return v
}

// NewRenders makes a cache of at most size cards (and as many pieces of
// board and clocks).
func NewRenders(size int) *Renders {
	return &Renders{cards: newHalves[cardKey, []string](size / 2), chrome: newHalves[chromeKey, []string](size / 2),
		clocks: newHalves[clockKey, clockTexts](size / 2)}
}

// clockKey is a card's clocks at a second: its version holds its
// deadlines, the language their words.
type clockKey struct {
	id, ver int64
	lang    i18n.Lang
	at      int64 // Unix seconds
}

// clockTexts is what a card says about time.
type clockTexts struct {
	ago string // since it came in
	due deadline
}

// clock returns t's clock texts at the whole second now, working them out
// on a miss.
func (r *Renders) clock(e *env, d Desk, t *domain.Ticket, now time.Time) clockTexts {
	k := clockKey{id: t.ID, ver: t.Version, lang: e.lang, at: now.Unix()}
	return fetch(&r.mu, &r.clocks, k, func() clockTexts {
		return clockTexts{ago: age(e.lang, now, t.ReceivedAt), due: deadlineOf(e.lang, d.DeadlineOf(*t, now))}
	})
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

// newCardKey is the key of card t drawn w cells wide in style s, ago
// old, in one line (row) or as a block.
func newCardKey(row bool, e *env, t *domain.Ticket, w int, s cardStyle, ago string) cardKey {
	return cardKey{row: row, w: w, lang: e.lang, style: s, ago: ago, id: t.ID, ver: t.Version,
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

// card returns the lines of the card k says, drawing them on a miss.
// The lines are shared: callers must not change them.
func (r *Renders) card(k cardKey, draw func() []string) []string {
	return fetch(&r.mu, &r.cards, k, draw)
}

// piece returns the lines of the piece of board k says, drawing them on a
// miss. The lines are shared: callers must not change them.
func (r *Renders) piece(k chromeKey, draw func() []string) []string {
	return fetch(&r.mu, &r.chrome, k, draw)
}
