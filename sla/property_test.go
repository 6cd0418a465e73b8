package sla

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// Property tests over random calendars, starts and durations, from a fixed
// seed so a failure can be replayed.

// zone is a time zone for random calendars. In zones with daylight saving,
// shift boundaries stay out of 00:00–03:00 (midnight itself allowed), where a
// wall-clock reading can be skipped or repeated and the brute-force reference
// below would read it differently.
type zone struct {
	name string
	dst  bool
}

var zones = []zone{
	{"UTC", false}, {"Asia/Shanghai", false}, {"Asia/Kathmandu", false},
	{"America/New_York", true}, {"Europe/London", true}, {"Australia/Lord_Howe", true}, {"America/Santiago", true},
	{"America/Havana", true}, // clocks change at midnight
}

// randomCalendar builds a calendar with up to three shifts a day, holidays
// and make-up days between 2026 and 2028.
func randomCalendar(t testing.TB, r *rand.Rand) *Calendar {
	z := zones[r.IntN(len(zones))]
	loc := mustLoc(t, z.name)
	boundary := func() time.Duration {
		for {
			m := r.IntN(24*60 + 1)
			if !z.dst || m == 0 || m >= 3*60 {
				return time.Duration(m) * time.Minute
			}
		}
	}
	day := func() []Shift {
		points := make([]time.Duration, 2*r.IntN(4))
		for i := range points {
			points[i] = boundary()
		}
		slices.Sort(points)
		points = slices.Compact(points)
		var shifts []Shift
		for i := 0; i+1 < len(points); i += 2 {
			shifts = append(shifts, Shift{points[i], points[i+1]})
		}
		return shifts
	}
	var week Week
	for wd := range week {
		week[wd] = day()
	}
	if week[time.Monday] == nil {
		week[time.Monday] = []Shift{{9 * h, 17 * h}}
	}
	first := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	used := map[Date]bool{}
	randomDate := func() Date {
		d := first.AddDate(0, 0, r.IntN(3*365))
		return Date{d.Year(), d.Month(), d.Day()}
	}
	var holidays []Date
	for range r.IntN(30) {
		if d := randomDate(); !used[d] {
			used[d] = true
			holidays = append(holidays, d)
		}
	}
	var workdays []Workday
	for range r.IntN(8) {
		if d := randomDate(); !used[d] {
			used[d] = true
			shifts := day()
			if shifts == nil {
				shifts = week[time.Monday]
			}
			workdays = append(workdays, Workday{d, shifts})
		}
	}
	return mustCalendar(t, loc, week, holidays, workdays)
}

// randomInstant is a random moment of 2026–2028, to the second.
func randomInstant(r *rand.Rand) time.Time {
	return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(3*365*86400)) * time.Second)
}

// bruteBetween counts business time minute by minute, reading each minute's
// wall clock: the slow, obvious reference for Between. a must be on a whole
// minute.
func bruteBetween(c *Calendar, a, b time.Time) time.Duration {
	var sum time.Duration
	for t := a; t.Before(b); t = t.Add(time.Minute) {
		lt := t.In(c.loc)
		y, m, d := lt.Date()
		hh, mm, _ := lt.Clock()
		off := time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute
		for _, s := range c.plan(civilDays(y, m, d)).shifts {
			if off >= s.From && off < s.To {
				sum += min(time.Minute, b.Sub(t))
				break
			}
		}
	}
	return sum
}

func iterations(t *testing.T, n int) int {
	if testing.Short() {
		return n / 10
	}
	return n
}

func TestPropertyAdd(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 1))
	for i := range iterations(t, 3000) {
		cal := randomCalendar(t, r)
		start := randomInstant(r)
		d := time.Duration(r.Int64N(int64(200 * h)))
		if i%3 == 0 {
			d = time.Duration(r.Int64N(int64(2 * h)))
		}
		got := cal.Add(start, d)
		if got.Before(start) {
			t.Fatalf("%s: Add(%v, %v) = %v, before the start", cal.loc, start, d, got)
		}
		if back := cal.Between(start, got); back != d {
			t.Fatalf("%s: Between(%v, Add(.., %v) = %v) = %v", cal.loc, start, d, got, back)
		}
		longer := d + time.Duration(r.Int64N(int64(50*h)))
		if later := cal.Add(start, longer); later.Before(got) {
			t.Fatalf("%s: Add(%v, %v) = %v is before Add(.., %v) = %v", cal.loc, start, longer, later, d, got)
		}
	}
}

func TestPropertyAddDays(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 2))
	for range iterations(t, 2000) {
		cal := randomCalendar(t, r)
		start := randomInstant(r)
		n := 1 + r.IntN(15)
		got, total := cal.addDays(start, n)
		if got.Before(start) || total <= 0 || cal.Between(start, got) != total {
			t.Fatalf("%s: AddDays(%v, %d) = %v, %v of business time; Between says %v", cal.loc, start, n, got, total, cal.Between(start, got))
		}
		if back := cal.Add(start, total); !back.Equal(got) {
			t.Fatalf("%s: AddDays(%v, %d) = %v is not the earliest such instant, %v", cal.loc, start, n, got, back)
		}
		if next := cal.AddDays(start, n+1); !next.After(got) {
			t.Fatalf("%s: AddDays(%v, %d) = %v is not after AddDays(.., %d) = %v", cal.loc, start, n+1, next, n, got)
		}
	}
}

func TestPropertyBetween(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 3))
	for range iterations(t, 500) {
		cal := randomCalendar(t, r)
		a := randomInstant(r).Truncate(time.Minute)
		b := a.Add(time.Duration(r.Int64N(int64(72 * h))))
		if got, want := cal.Between(a, b), bruteBetween(cal, a, b); got != want {
			t.Fatalf("%s: Between(%v, %v) = %v, minute by minute %v", cal.loc, a, b, got, want)
		}
		mid := a.Add(time.Duration(r.Int64N(int64(b.Sub(a)) + 1)))
		if whole, parts := cal.Between(a, b), cal.Between(a, mid)+cal.Between(mid, b); whole != parts {
			t.Fatalf("%s: Between(a, b) = %v, split at %v = %v", cal.loc, whole, mid, parts)
		}
	}
}

// randomTarget is a calendar, business-hour or business-day target.
func randomTarget(r *rand.Rand) Target {
	switch r.IntN(3) {
	case 0:
		return Target{Duration: time.Duration(1+r.IntN(100)) * h}
	case 1:
		return Target{Duration: time.Duration(1+r.IntN(6000)) * mn, Business: true}
	}
	return Target{Days: 1 + r.IntN(10)}
}

// grow returns a target of the same unit that is at least as long.
func grow(r *rand.Rand, t Target) Target {
	if t.Days > 0 {
		t.Days += r.IntN(3)
	} else {
		t.Duration += time.Duration(r.IntN(3000)) * mn
	}
	return t
}

func TestPropertyEvaluate(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 4))
	for range iterations(t, 2000) {
		cal := randomCalendar(t, r)
		target := randomTarget(r)
		p := Policies{ByPriority: map[string]Policy{High: {FirstResponse: target, Update: target, Resolution: target}}}
		created := randomInstant(r)
		pauseFrom := created.Add(time.Duration(r.Int64N(int64(120 * h))))
		pauseTo := pauseFrom.Add(time.Duration(r.Int64N(int64(120 * h))))
		now := pauseTo.Add(time.Duration(r.Int64N(int64(240 * h))))
		plain := History{Created: created, Priority: High}
		paused := plain
		paused.Changes = []Change{{At: pauseFrom, Status: "resolved"}, {At: pauseTo, Status: "in_progress"}}

		base := Evaluate(plain, p, cal, now)
		with := Evaluate(paused, p, cal, now)
		for _, k := range []Kind{FirstResponse, Update, Resolution} {
			for _, c := range []Clock{base[k], with[k]} {
				if c.Due.Before(c.Start) {
					t.Fatalf("%s %v %v: due %v before start %v", cal.loc, target, k, c.Due, c.Start)
				}
			}
		}
		if with[Resolution].Due.Before(base[Resolution].Due) {
			t.Fatalf("%s %v: pausing %v–%v moved the deadline from %v to %v",
				cal.loc, target, pauseFrom, pauseTo, base[Resolution].Due, with[Resolution].Due)
		}
		if with[Resolution].Elapsed > base[Resolution].Elapsed {
			t.Fatalf("%s %v: pausing counted more time: %v > %v", cal.loc, target, with[Resolution].Elapsed, base[Resolution].Elapsed)
		}
		// Looked at during the pause, the clock must not run.
		during := Evaluate(paused, p, cal, pauseFrom)[Resolution]
		if pauseTo.After(pauseFrom) && during.State != Paused && during.State != Breached {
			t.Fatalf("%s %v: state %v while resolved", cal.loc, target, during.State)
		}

		longer := grow(r, target)
		p2 := Policies{ByPriority: map[string]Policy{High: {Resolution: longer}}}
		if got := Evaluate(paused, p2, cal, now)[Resolution].Due; got.Before(with[Resolution].Due) {
			t.Fatalf("%s: target %v gives %v, earlier than %v under %v", cal.loc, longer, got, with[Resolution].Due, target)
		}
	}
}

// dayByDay is Between counting one day at a time, never a whole week: the
// reference for its weekly strides.
func dayByDay(c *Calendar, a, b time.Time) time.Duration {
	var sum time.Duration
	if !b.After(a) {
		return 0
	}
	for cur := c.cursorAt(a); cur.midnight.Before(b); cur.next() {
		c.betweenDay(&cur, a, b, &sum)
	}
	return sum
}

// TestPropertyBetweenLongSpans holds Between over spans of up to three
// years (an import measures clocks from tickets received long ago), which
// it counts a week at a time between holidays, make-up days and the
// clocks changing, to the day-by-day count, and to itself split in two.
func TestPropertyBetweenLongSpans(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 5))
	for range iterations(t, 500) {
		cal := randomCalendar(t, r)
		a := randomInstant(r).Add(-365 * 24 * h)
		b := a.Add(time.Duration(r.Int64N(int64(3 * 365 * 24 * h))))
		got, want := cal.Between(a, b), dayByDay(cal, a, b)
		if got != want {
			t.Fatalf("%s: Between(%v, %v) = %v, day by day %v", cal.loc, a, b, got, want)
		}
		mid := a.Add(time.Duration(r.Int64N(int64(b.Sub(a)) + 1)))
		if parts := cal.Between(a, mid) + cal.Between(mid, b); parts != got {
			t.Fatalf("%s: Between(%v, %v) = %v, split at %v = %v", cal.loc, a, b, got, mid, parts)
		}
	}
}
