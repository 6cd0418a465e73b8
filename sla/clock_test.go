package sla

import (
	"testing"
	"time"
)

// clockWant is what a test checks of one clock; zero times are not checked.
type clockWant struct {
	state     State
	due       time.Time
	stopped   time.Time
	remaining time.Duration
}

func checkClock(t *testing.T, c Clock, want clockWant) {
	t.Helper()
	if c.State != want.state {
		t.Errorf("%v: state %v, want %v (clock %+v)", c.Kind, c.State, want.state, c)
	}
	if !want.due.IsZero() && !c.Due.Equal(want.due) {
		t.Errorf("%v: due %v, want %v", c.Kind, c.Due, want.due)
	}
	if !c.StoppedAt.Equal(want.stopped) {
		t.Errorf("%v: stopped at %v, want %v", c.Kind, c.StoppedAt, want.stopped)
	}
	if c.Remaining != want.remaining {
		t.Errorf("%v: remaining %v, want %v", c.Kind, c.Remaining, want.remaining)
	}
}

func TestEvaluate(t *testing.T) {
	cal := Default().Calendar
	pol := DefaultPolicies()
	loc := cal.Location()
	// 1 March 2027 is a Monday.
	at := func(d, hh, mm int) time.Time { return in(loc, 2027, time.March, d, hh, mm) }
	status := func(d, hh, mm int, s string) Change { return Change{At: at(d, hh, mm), Status: s} }
	var zero time.Time

	tests := []struct {
		name string
		h    History
		now  time.Time
		kind Kind
		want clockWant
	}{
		// First response: 2h of calendar time for high.
		{"first response running", History{Created: at(1, 10, 0), Priority: High},
			at(1, 11, 0), FirstResponse, clockWant{OK, at(1, 12, 0), zero, h}},
		{"first response met", History{Created: at(1, 10, 0), Priority: High, FirstResponse: at(1, 11, 0)},
			at(1, 15, 0), FirstResponse, clockWant{Met, at(1, 12, 0), at(1, 11, 0), h}},
		{"first response met at the deadline", History{Created: at(1, 10, 0), Priority: High, FirstResponse: at(1, 12, 0)},
			at(1, 15, 0), FirstResponse, clockWant{Met, at(1, 12, 0), at(1, 12, 0), 0}},
		{"first response breached, still running", History{Created: at(1, 10, 0), Priority: High},
			at(1, 12, 30), FirstResponse, clockWant{Breached, at(1, 12, 0), zero, -30 * mn}},
		{"first response breached, then answered", History{Created: at(1, 10, 0), Priority: High, FirstResponse: at(1, 12, 30)},
			at(1, 15, 0), FirstResponse, clockWant{Breached, at(1, 12, 0), at(1, 12, 30), -30 * mn}},
		{"first response counts nights (calendar time)", History{Created: at(5, 17, 0), Priority: High},
			at(5, 18, 0), FirstResponse, clockWant{OK, at(5, 19, 0), zero, h}},
		{"a reply after now is not known yet", History{Created: at(1, 10, 0), Priority: High, FirstResponse: at(1, 11, 0)},
			at(1, 10, 30), FirstResponse, clockWant{OK, at(1, 12, 0), zero, 90 * mn}},
		{"resolving without a reply stops first response", History{Created: at(1, 10, 0), Priority: High,
			Changes: []Change{status(1, 11, 0, "resolved")}},
			at(1, 15, 0), FirstResponse, clockWant{Met, at(1, 12, 0), at(1, 11, 0), h}},
		{"at risk at exactly 75%", History{Created: at(1, 10, 0), Priority: High},
			at(1, 11, 30), FirstResponse, clockWant{AtRisk, at(1, 12, 0), zero, 30 * mn}},
		{"ok just under 75%", History{Created: at(1, 10, 0), Priority: High},
			at(1, 11, 29), FirstResponse, clockWant{OK, at(1, 12, 0), zero, 31 * mn}},
		{"at risk at the deadline itself", History{Created: at(1, 10, 0), Priority: High},
			at(1, 12, 0), FirstResponse, clockWant{AtRisk, at(1, 12, 0), zero, 0}},

		// Resolution: 5 business days for medium, 7h30m a day.
		{"resolution due a week later", History{Created: at(1, 10, 30), Priority: Medium},
			at(1, 11, 30), Resolution, clockWant{OK, at(8, 10, 30), zero, 36*h + 30*mn}},
		{"resolution does not run at the weekend", History{Created: at(1, 10, 30), Priority: Medium},
			at(6, 12, 0), Resolution, clockWant{AtRisk, at(8, 10, 30), zero, 1*h + 30*mn}},
		{"resolution breached, overdue counts business time", History{Created: at(1, 10, 30), Priority: Medium},
			at(13, 12, 0), Resolution, clockWant{Breached, at(8, 10, 30), zero, -36 * h}},
		{"resolution breached on the evening of the deadline", History{Created: at(1, 10, 30), Priority: Medium},
			at(8, 20, 0), Resolution, clockWant{Breached, at(8, 10, 30), zero, -6 * h}},
		{"paused while resolved", History{Created: at(1, 10, 30), Priority: Medium,
			Changes: []Change{status(1, 11, 0, "in_progress"), status(2, 10, 30, "resolved")}},
			at(3, 12, 0), Resolution, clockWant{Paused, at(8, 10, 30), at(2, 10, 30), 30 * h}},
		{"reopen resumes with the time used", History{Created: at(1, 10, 30), Priority: Medium,
			Changes: []Change{status(2, 10, 30, "resolved"), status(4, 10, 30, "in_progress")}},
			at(4, 12, 0), Resolution, clockWant{OK, at(10, 10, 30), zero, 28*h + 30*mn}},
		{"reopen from closed resumes too", History{Created: at(1, 10, 30), Priority: Medium,
			Changes: []Change{status(2, 10, 30, "resolved"), status(3, 10, 30, "closed"), status(4, 10, 30, "in_progress")}},
			at(4, 12, 0), Resolution, clockWant{OK, at(10, 10, 30), zero, 28*h + 30*mn}},
		{"paused while waiting for the customer", History{Created: at(1, 10, 30), Priority: Medium,
			Changes: []Change{status(1, 11, 0, "in_progress"), {At: at(2, 10, 30), Wait: WaitStart}}},
			at(3, 12, 0), Resolution, clockWant{Paused, at(8, 10, 30), at(2, 10, 30), 30 * h}},
		{"the answer resumes with the time used", History{Created: at(1, 10, 30), Priority: Medium,
			Changes: []Change{{At: at(2, 10, 30), Wait: WaitStart}, {At: at(4, 10, 30), Wait: WaitEnd}}},
			at(4, 12, 0), Resolution, clockWant{OK, at(10, 10, 30), zero, 28*h + 30*mn}},
		{"resolving ends the wait; a reopen runs again", History{Created: at(1, 10, 30), Priority: Medium,
			Changes: []Change{{At: at(2, 10, 30), Wait: WaitStart}, status(3, 10, 30, "resolved"), status(4, 10, 30, "in_progress")}},
			at(4, 12, 0), Resolution, clockWant{OK, at(10, 10, 30), zero, 28*h + 30*mn}},
		{"a wait on a resolved ticket pauses nothing more", History{Created: at(1, 10, 30), Priority: Medium,
			Changes: []Change{status(2, 10, 30, "resolved"), {At: at(3, 10, 30), Wait: WaitStart}, status(4, 10, 30, "in_progress")}},
			at(4, 12, 0), Resolution, clockWant{OK, at(10, 10, 30), zero, 28*h + 30*mn}},
		{"waiting does not pause the first response", History{Created: at(1, 10, 0), Priority: High,
			Changes: []Change{{At: at(1, 10, 30), Wait: WaitStart}}},
			at(1, 12, 30), FirstResponse, clockWant{Breached, at(1, 12, 0), zero, -30 * mn}},
		{"closed in time is met, stopped when resolved", History{Created: at(1, 10, 30), Priority: Medium,
			Changes: []Change{status(2, 10, 30, "resolved"), status(3, 10, 30, "closed")}},
			at(20, 0, 0), Resolution, clockWant{Met, at(8, 10, 30), at(2, 10, 30), 30 * h}},
		{"closed straight from pending", History{Created: at(1, 10, 30), Priority: Medium,
			Changes: []Change{status(1, 11, 30, "closed")}},
			at(20, 0, 0), Resolution, clockWant{Met, at(8, 10, 30), at(1, 11, 30), 36*h + 30*mn}},
		{"resolved late stays breached", History{Created: at(1, 10, 0), Priority: High,
			Changes: []Change{status(2, 11, 0, "resolved")}},
			at(3, 12, 0), Resolution, clockWant{Breached, at(2, 10, 0), at(2, 11, 0), -h}},
		{"resolved on a Saturday after a Friday deadline is late", History{Created: at(1, 9, 0), Priority: Medium,
			Changes: []Change{status(6, 10, 0, "resolved")}},
			at(6, 11, 0), Resolution, clockWant{Breached, at(5, 18, 0), at(6, 10, 0), 0}},
		{"reopened after a late resolution", History{Created: at(1, 10, 0), Priority: High,
			Changes: []Change{status(2, 11, 0, "resolved"), status(3, 9, 0, "in_progress")}},
			at(3, 10, 0), Resolution, clockWant{Breached, at(2, 10, 0), zero, -2 * h}},
		{"unknown priority: no clock", History{Created: at(1, 10, 0), Priority: "urgent"},
			at(3, 10, 0), Resolution, clockWant{None, zero, zero, 0}},

		// Priority changes recompute from creation.
		{"raised to high: deadline from creation", History{Created: at(1, 10, 0), Priority: Medium,
			Changes: []Change{{At: at(1, 11, 0), Priority: High}}},
			at(1, 11, 30), FirstResponse, clockWant{AtRisk, at(1, 12, 0), zero, 30 * mn}},
		{"raised to high a day late: breached at once", History{Created: at(1, 10, 0), Priority: Medium,
			Changes: []Change{{At: at(2, 11, 0), Priority: High}}},
			at(2, 11, 0), Resolution, clockWant{Breached, at(2, 10, 0), zero, -h}},
		{"before the change, the old priority holds", History{Created: at(1, 10, 0), Priority: Medium,
			Changes: []Change{{At: at(2, 11, 0), Priority: High}}},
			at(2, 10, 30), Resolution, clockWant{OK, at(8, 10, 0), zero, 29*h + 30*mn}},
		{"lowered to low: more time", History{Created: at(1, 10, 0), Priority: Medium,
			Changes: []Change{{At: at(1, 11, 0), Priority: Low}}},
			at(2, 10, 0), Resolution, clockWant{OK, at(15, 10, 0), zero, 67*h + 30*mn}},
		{"priority change keeps pauses", History{Created: at(1, 10, 0), Priority: Low,
			Changes: []Change{status(1, 11, 0, "resolved"), status(1, 15, 0, "in_progress"), {At: at(1, 16, 0), Priority: High}}},
			at(1, 16, 0), Resolution, clockWant{OK, at(2, 14, 0), zero, 22 * h}},

		// Update cadence: 24h of calendar time for high.
		{"update due a day after the first response", History{Created: at(1, 10, 0), Priority: High, FirstResponse: at(1, 10, 30)},
			at(1, 12, 0), Update, clockWant{OK, at(2, 10, 30), zero, 22*h + 30*mn}},
		{"update due a day after the last update", History{Created: at(1, 10, 0), Priority: High, FirstResponse: at(1, 10, 30),
			Updates: []time.Time{at(1, 15, 0), at(1, 14, 0)}},
			at(2, 9, 0), Update, clockWant{AtRisk, at(2, 15, 0), zero, 6 * h}},
		{"an update after now is not known yet", History{Created: at(1, 10, 0), Priority: High, Updates: []time.Time{at(2, 9, 0)}},
			at(1, 12, 0), Update, clockWant{OK, at(2, 10, 0), zero, 22 * h}},
		{"update overdue", History{Created: at(1, 10, 0), Priority: High},
			at(2, 11, 0), Update, clockWant{Breached, at(2, 10, 0), zero, -h}},
		{"update paused while resolved", History{Created: at(1, 10, 0), Priority: High, Updates: []time.Time{at(1, 15, 0)},
			Changes: []Change{status(2, 9, 0, "resolved")}},
			at(2, 16, 0), Update, clockWant{Paused, at(2, 15, 0), at(2, 9, 0), 6 * h}},
		{"update resumes on reopen", History{Created: at(1, 10, 0), Priority: High, Updates: []time.Time{at(1, 15, 0)},
			Changes: []Change{status(2, 9, 0, "resolved"), status(3, 9, 0, "in_progress")}},
			at(3, 10, 0), Update, clockWant{AtRisk, at(3, 15, 0), zero, 5 * h}},
		{"no update cadence for medium", History{Created: at(1, 10, 0), Priority: Medium},
			at(5, 10, 0), Update, clockWant{None, zero, zero, 0}},

		// Messy histories.
		{"out-of-order changes are clamped", History{Created: at(1, 10, 0), Priority: High,
			Changes: []Change{status(1, 12, 0, "resolved"), status(1, 11, 0, "in_progress")}},
			at(1, 13, 0), Resolution, clockWant{OK, at(2, 10, 0), zero, 21 * h}},
		{"now before creation", History{Created: at(1, 10, 0), Priority: High},
			at(1, 9, 0), FirstResponse, clockWant{OK, at(1, 12, 0), zero, 2 * h}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := Evaluate(tt.h, pol, cal, tt.now)
			c := cs[tt.kind]
			if c.Kind != tt.kind {
				t.Fatalf("clock %d has kind %v", tt.kind, c.Kind)
			}
			checkClock(t, c, tt.want)
		})
	}
}

func TestEvaluateUsed(t *testing.T) {
	cal := Default().Calendar
	created := in(cal.Location(), 2027, time.March, 1, 10, 0)
	c := Evaluate(History{Created: created, Priority: High}, DefaultPolicies(), cal, created.Add(90*mn))[FirstResponse]
	if c.Used != 0.75 || c.Elapsed != 90*mn || !c.Start.Equal(created) {
		t.Errorf("got used %v elapsed %v start %v, want 0.75, 1h30m, %v", c.Used, c.Elapsed, c.Start, created)
	}
}

func TestEvaluateThreshold(t *testing.T) {
	cal := Default().Calendar
	created := in(cal.Location(), 2027, time.March, 1, 10, 0)
	h := History{Created: created, Priority: High}
	for _, tt := range []struct {
		atRisk float64
		want   State
	}{{0.5, AtRisk}, {0.9, OK}, {0, OK}} { // 0 means the default, 0.75
		p := DefaultPolicies()
		p.AtRisk = tt.atRisk
		if got := Evaluate(h, p, cal, created.Add(72*mn))[FirstResponse].State; got != tt.want { // 60% used
			t.Errorf("at_risk %v: state %v, want %v", tt.atRisk, got, tt.want)
		}
	}
}

func TestEvaluateCategoryOverride(t *testing.T) {
	cal := Default().Calendar
	p := DefaultPolicies()
	p.ByCategory = map[PolicyKey]Policy{{High, "service complaint"}: {FirstResponse: Target{Duration: h}}}
	created := in(cal.Location(), 2027, time.March, 1, 10, 0)
	hist := History{Created: created, Priority: "High", Category: " Service Complaint"}
	cs := Evaluate(hist, p, cal, created.Add(30*mn))
	if got := cs[FirstResponse].Due; !got.Equal(created.Add(h)) {
		t.Errorf("override: due %v, want %v", got, created.Add(h))
	}
	if cs[Resolution].State != None {
		t.Errorf("override without resolution: state %v, want none", cs[Resolution].State)
	}
	// A category change moves the ticket onto the override.
	hist = History{Created: created, Priority: High, Category: "malfunction",
		Changes: []Change{{At: created.Add(10 * mn), Category: "service complaint"}}}
	if got := Evaluate(hist, p, cal, created.Add(30*mn))[FirstResponse].Due; !got.Equal(created.Add(h)) {
		t.Errorf("after category change: due %v, want %v", got, created.Add(h))
	}
}

func TestNearest(t *testing.T) {
	base := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	clock := func(k Kind, s State, dueIn time.Duration, stopped bool) Clock {
		c := Clock{Kind: k, State: s, Due: base.Add(dueIn)}
		if stopped {
			c.StoppedAt = base
		}
		return c
	}
	tests := []struct {
		name string
		cs   Clocks
		want Kind
		none bool
	}{
		{"earliest due", Clocks{clock(FirstResponse, OK, 3*h, false), clock(Update, OK, h, false), clock(Resolution, OK, 2*h, false)}, Update, false},
		{"breached before an earlier ok", Clocks{clock(FirstResponse, OK, -h, false), {}, clock(Resolution, Breached, h, false)}, Resolution, false},
		{"breached before at risk", Clocks{clock(FirstResponse, AtRisk, h, false), {}, clock(Resolution, Breached, 5*h, false)}, Resolution, false},
		{"most overdue of two breached", Clocks{clock(FirstResponse, Breached, -h, false), clock(Update, Breached, -2*h, false), {}}, Update, false},
		{"stopped clocks are skipped", Clocks{clock(FirstResponse, Met, 0, true), {}, clock(Resolution, OK, 9*h, false)}, Resolution, false},
		{"a stopped breach is skipped", Clocks{clock(FirstResponse, Breached, -h, true), {}, clock(Resolution, OK, 9*h, false)}, Resolution, false},
		{"paused is skipped", Clocks{clock(FirstResponse, Met, 0, true), {}, clock(Resolution, Paused, h, true)}, 0, true},
		{"nothing runs", Clocks{}, 0, true},
		{"ties go to the first kind", Clocks{clock(FirstResponse, OK, h, false), {}, clock(Resolution, OK, h, false)}, FirstResponse, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Nearest(tt.cs)
			if tt.none {
				if got.State != None {
					t.Errorf("got %v %v, want none", got.Kind, got.State)
				}
				return
			}
			if got.Kind != tt.want || got.State == None {
				t.Errorf("got %v (%v), want %v", got.Kind, got.State, tt.want)
			}
		})
	}
}

func TestNearestFromEvaluate(t *testing.T) {
	cal := Default().Calendar
	created := in(cal.Location(), 2027, time.March, 1, 10, 0)
	cs := Evaluate(History{Created: created, Priority: High}, DefaultPolicies(), cal, created.Add(3*h))
	if got := Nearest(cs); got.Kind != FirstResponse || got.State != Breached {
		t.Errorf("got %v %v, want the breached first response", got.Kind, got.State)
	}
	cs = Evaluate(History{Created: created, Priority: High, FirstResponse: created.Add(h)}, DefaultPolicies(), cal, created.Add(3*h))
	if got := Nearest(cs); got.Kind != Resolution { // due 24h after creation, before the update due 24h after the reply
		t.Errorf("got %v, want resolution", got.Kind)
	}
}
