package sla

import "time"

// Statuses that stop the clocks. Every other status (pending, in_progress,
// testing) is open work.
const (
	statusResolved = "resolved"
	statusClosed   = "closed"
)

// Kind names one of a ticket's clocks.
type Kind uint8

// The clocks of a ticket, in the order of Clocks.
const (
	FirstResponse Kind = iota // from creation to the first reply
	Update                    // from the last progress update to the next
	Resolution                // from creation to resolution, paused while resolved
)

// String returns "first_response", "update" or "resolution".
func (k Kind) String() string {
	return [...]string{"first_response", "update", "resolution"}[k]
}

// State is where a clock stands.
type State uint8

// Clock states. A breach is final: a clock that ran past its deadline stays
// Breached after it stops.
const (
	None     State = iota // no target for this clock: it does not run
	OK                    // running, less than the at-risk share used
	AtRisk                // running, at least the at-risk share used
	Breached              // ran past its deadline, running or not
	Met                   // stopped for good before its deadline
	Paused                // stopped before its deadline, may resume (ticket resolved, waiting on the customer)
)

// String returns "none", "ok", "at_risk", "breached", "met" or "paused".
func (s State) String() string {
	return [...]string{"none", "ok", "at_risk", "breached", "met", "paused"}[s]
}

// Change is one entry of a ticket's history: a status change, a priority or
// category change, a wait for the customer starting or ending, or several
// at once. Empty fields did not change.
type Change struct {
	At       time.Time
	Status   string // pending, in_progress, testing, resolved or closed
	Priority string
	Category string
	Wait     Wait
}

// Wait marks the start or end of a wait for the customer's clarification:
// while an open ticket waits, its resolution and update clocks pause as
// they do while it is resolved (first response is not paused). Resolving
// or closing a ticket ends its wait.
type Wait uint8

// Wait changes.
const (
	NoWait    Wait = iota // the entry does not start or end a wait
	WaitStart             // the agent asked the customer and waits
	WaitEnd               // the customer answered (or the agent stopped waiting)
)

// History is what the clocks are computed from, as the store records it.
type History struct {
	Created       time.Time
	Priority      string    // priority at creation
	Category      string    // category at creation
	FirstResponse time.Time // first reply to the customer; zero if none yet
	Updates       []time.Time
	// Changes are in the order they happened. The ticket starts open
	// (pending). An entry earlier than the one before it is taken to happen
	// at the same time as that one.
	Changes []Change
}

// Clock is one SLA clock of a ticket at a given instant. Durations count in
// the target's unit: business time for business targets, calendar time
// otherwise.
type Clock struct {
	Kind   Kind
	State  State
	Target Target
	Start  time.Time
	// Due is the deadline. While a clock runs it already allows for past
	// pauses; for a stopped or paused clock it is the deadline that applied
	// when it stopped.
	Due time.Time
	// StoppedAt is when the clock last stopped; zero while it runs.
	StoppedAt time.Time
	Elapsed   time.Duration // time counted so far; saturates, never negative
	Remaining time.Duration // time left before Due; negative when overdue
	Used      float64       // Elapsed as a share of the target; above 1 when overdue
}

// Running reports whether the clock is counting now.
func (c Clock) Running() bool {
	switch c.State {
	case OK, AtRisk:
		return true
	case Breached:
		return c.StoppedAt.IsZero()
	}
	return false
}

// Clocks holds a ticket's clocks, indexed by Kind.
type Clocks [3]Clock

// Evaluate computes a ticket's clocks at now from its history, under the
// policy of the priority and category in force at now: after a priority
// change every deadline is recomputed from creation with the new targets.
// Events after now are ignored.
//
//   - First response runs from creation until FirstResponse. Resolving or
//     closing a ticket that never got a recorded reply stops it too.
//   - Resolution runs from creation while the ticket is open, pauses while it
//     is resolved or waits for the customer (the time already used still
//     counts after a reopen or an answer, so the deadline moves later by the
//     paused span) and stops when it is closed.
//   - Update, if the policy has a cadence, runs like resolution but from the
//     latest of creation, the first response and the last entry of Updates.
//
// Business targets count on cal; calendar targets count plain time.
func Evaluate(h History, p Policies, cal *Calendar, now time.Time) Clocks {
	if now.Before(h.Created) {
		now = h.Created
	}
	var buf [8]span
	spans, tl := scan(&h, now, buf[:0])
	pol := p.Lookup(tl.priority, tl.category)
	m := meter{cal: cal, now: now, atRisk: p.threshold()}
	final := Paused
	if tl.closed {
		final = Met
	}
	cs := Clocks{{Kind: FirstResponse}, {Kind: Update}, {Kind: Resolution}}

	first := [1]span{{h.Created, now}}
	stop := tl.firstStop
	if fr := h.FirstResponse; !fr.IsZero() && !fr.After(now) && (stop.IsZero() || fr.Before(stop)) {
		stop = fr
	}
	if !stop.IsZero() {
		first[0].to = stop
	}
	cs[FirstResponse] = m.clock(FirstResponse, pol.FirstResponse, h.Created, first[:], stop.IsZero(), Met)

	cs[Resolution] = m.clock(Resolution, pol.Resolution, h.Created, spans, tl.running, final)

	if !pol.Update.IsZero() {
		anchor := h.Created
		if fr := h.FirstResponse; fr.After(anchor) && !fr.After(now) {
			anchor = fr
		}
		for _, u := range h.Updates {
			if u.After(anchor) && !u.After(now) {
				anchor = u
			}
		}
		cs[Update] = m.clock(Update, pol.Update, anchor, spans, tl.running, final)
	}
	return cs
}

// span is a period in which a ticket was open.
type span struct{ from, to time.Time }

// timeline is what the clocks need of a ticket's history besides its open
// spans. (Kept apart from the spans so that escape analysis leaves their
// buffer on the stack.)
type timeline struct {
	running   bool      // open at now; the last span ends at now
	closed    bool      // closed at now
	firstStop time.Time // first moment resolved or closed; zero if never
	priority  string    // in force at now
	category  string    // in force at now
}

// scan replays the changes up to now, appending the open periods to buf.
// A ticket counts as open while its status is open and it does not wait
// for the customer.
func scan(h *History, now time.Time, buf []span) ([]span, timeline) {
	tl := timeline{priority: h.Priority, category: h.Category}
	open, since, at := true, h.Created, h.Created
	statusOpen, waiting := true, false
	for _, ch := range h.Changes {
		if ch.At.After(now) {
			break
		}
		if ch.At.After(at) {
			at = ch.At
		}
		if ch.Priority != "" {
			tl.priority = ch.Priority
		}
		if ch.Category != "" {
			tl.category = ch.Category
		}
		if ch.Status == "" && ch.Wait == NoWait {
			continue
		}
		if ch.Status != "" {
			statusOpen = ch.Status != statusResolved && ch.Status != statusClosed
			if !statusOpen {
				waiting = false
				if tl.firstStop.IsZero() {
					tl.firstStop = at
				}
			}
			tl.closed = ch.Status == statusClosed
		}
		if ch.Wait != NoWait {
			waiting = ch.Wait == WaitStart && statusOpen
		}
		isOpen := statusOpen && !waiting
		switch {
		case open && !isOpen:
			buf = append(buf, span{since, at})
		case !open && isOpen:
			since = at
		}
		open = isOpen
	}
	if open {
		buf = append(buf, span{since, now})
	}
	tl.running = open
	return buf, tl
}

// meter turns a target and the spans a clock ran in into a Clock.
type meter struct {
	cal    *Calendar
	now    time.Time
	atRisk float64
}

// clock measures a clock that starts at start and runs during spans (clipped
// to start); running says the last span is still open at now, final is the
// state of a clock stopped in time.
func (m meter) clock(k Kind, t Target, start time.Time, spans []span, running bool, final State) Clock {
	c := Clock{Kind: k, Target: t, Start: start}
	if t.IsZero() {
		return c
	}
	cal, budget := m.cal, t.Duration
	var deadline time.Time // of a Days target, before any pause
	switch {
	case t.Days > 0:
		deadline, budget = cal.addDays(start, t.Days)
	case !t.Business:
		cal = cal.wall
	}
	if budget <= 0 {
		return c // no working time within five years: nothing to measure
	}
	// Walk the spans, counting time and noting where the budget runs out.
	left, last := budget, start
	reached, reachedFrom := false, time.Time{} // in which span the budget ran out
	unbroken := true                           // no pause since start
	for _, s := range spans {
		from := s.from
		if from.Before(start) {
			from = start
		}
		if s.to.Before(from) {
			continue
		}
		unbroken = unbroken && from.Equal(last)
		d := cal.Between(from, s.to)
		c.Elapsed = addSat(c.Elapsed, d)
		if !reached {
			if d >= left {
				reached, reachedFrom = true, from
			} else {
				left -= d
			}
		}
		last = s.to
	}
	var due time.Time
	switch {
	case unbroken && !deadline.IsZero():
		due = deadline // what Add would find, AddDays having picked the earliest instant
	case reached:
		due = cal.Add(reachedFrom, left)
	default:
		due = cal.Add(last, left) // not reached yet: project from where the clock stands
	}
	c.Due = due
	c.Remaining = budget - c.Elapsed
	c.Used = float64(c.Elapsed) / float64(budget)
	end := m.now
	if !running {
		end, c.StoppedAt = last, last
	}
	switch {
	case due.Before(end):
		c.State = Breached
	case !running:
		c.State = final
	case c.Used >= m.atRisk:
		c.State = AtRisk
	default:
		c.State = OK
	}
	return c
}

// Nearest returns the clock a board card shows: of the running clocks, a
// breached one before any other, then the earliest due. With no clock
// running it returns the zero Clock (State None).
func Nearest(cs Clocks) Clock {
	var best Clock
	for _, c := range cs {
		if !c.Running() {
			continue
		}
		if !best.Running() || moreUrgent(c, best) {
			best = c
		}
	}
	return best
}

func moreUrgent(a, b Clock) bool {
	if (a.State == Breached) != (b.State == Breached) {
		return a.State == Breached
	}
	return a.Due.Before(b.Due)
}
