package sla

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"
)

// ErrNoWorkingTime is returned for a calendar whose weekly hours contain no
// working time: business-time deadlines on it would never arrive.
var ErrNoWorkingTime = errors.New("calendar has no working time in its weekly hours")

// horizonDays bounds how far Add and AddDays look ahead: five years of
// calendar days. No real target comes near it, and it keeps a calendar with
// next to no working time (or one holidays have emptied) from making them
// run for ages.
const horizonDays = 5 * 366

// capacity is what every stretch of horizonDays on c surely holds: working
// days and working time. A longer target would not be counted to its end,
// so the configuration refuses it. Two weeks are kept spare (the partial
// first week, daylight-saving days), every holiday is taken to fall inside,
// make-up workdays are not counted on, and a start within a working day
// counts from the next.
func (c *Calendar) capacity() (days int, work time.Duration) {
	weeks := horizonDays/7 - 2
	for _, p := range c.week {
		if p.length > 0 {
			days++
		}
		work += p.length
	}
	days, work = days*weeks-1, work*time.Duration(weeks)
	for _, h := range c.holidays {
		if p := c.week[weekday(h.days())]; p.length > 0 {
			days, work = days-1, work-p.length
		}
	}
	return max(days, 0), max(work, 0)
}

// Shift is one span of working time within a day, given as wall-clock
// offsets from local midnight: 09:00–12:00 is {9h, 12h}. To may be 24h, the
// end of the day. Shifts never cross midnight; split one that would.
type Shift struct {
	From, To time.Duration
}

// String formats the shift as "09:00-12:00".
func (s Shift) String() string { return clockText(s.From) + "-" + clockText(s.To) }

func clockText(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// Date is a day on the calendar, without a time of day or a zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String formats the date as "2027-01-31".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// valid reports whether the date exists (no February 30th).
func (d Date) valid() bool {
	y, m, dd := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Date()
	return y == d.Year && m == d.Month && dd == d.Day
}

// Workday is a date worked although the weekly hours say otherwise, such as a
// Chinese make-up workday (调休上班) on a weekend.
type Workday struct {
	Date   Date
	Shifts []Shift
}

// Week holds the shifts worked on each weekday, indexed by time.Weekday.
type Week [7][]Shift

// dayPlan is the working time of one day and its nominal length.
type dayPlan struct {
	shifts []Shift
	length time.Duration
}

func planOf(shifts []Shift) dayPlan {
	p := dayPlan{shifts: shifts}
	for _, s := range shifts {
		p.length += s.To - s.From
	}
	return p
}

// Calendar says when business time runs: working hours per weekday in a
// time zone, minus holidays, plus extra workdays. Shifts are wall-clock times
// in the calendar's location, so a 09:00 start stays 09:00 across daylight
// saving changes. A Calendar is immutable and safe for concurrent use.
type Calendar struct {
	name    string
	loc     *time.Location
	week    [7]dayPlan
	special map[int64]dayPlan // holidays and workdays, by civil day number
	// specialDays are special's days in order, and weekLength the working
	// time of a week without them: Between counts whole weeks at once.
	specialDays []int64
	weekLength  time.Duration
	holidays    []Date
	workdays    []Workday
	always      bool      // every instant is working time
	wall        *Calendar // the 24×7 calendar in the same location
}

// NewCalendar builds a calendar. Shifts may be given in any order but must
// not overlap; a date may not be both a holiday and a workday; the weekly
// hours must contain some working time (ErrNoWorkingTime otherwise).
func NewCalendar(name string, loc *time.Location, week Week, holidays []Date, workdays []Workday) (*Calendar, error) {
	if loc == nil {
		return nil, errors.New("calendar has no time zone")
	}
	c := &Calendar{name: name, loc: loc, special: make(map[int64]dayPlan)}
	var total time.Duration
	for wd, shifts := range week {
		sorted, err := normalizeShifts(shifts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dayName(time.Weekday(wd)), err)
		}
		c.week[wd] = planOf(sorted)
		total += c.week[wd].length
	}
	if total == 0 {
		return nil, ErrNoWorkingTime
	}
	c.weekLength = total
	for _, d := range holidays {
		if !d.valid() {
			return nil, fmt.Errorf("holiday %s: no such date", d)
		}
		n := d.days()
		if _, dup := c.special[n]; dup {
			return nil, fmt.Errorf("holiday %s: listed twice", d)
		}
		c.special[n] = dayPlan{}
		c.holidays = append(c.holidays, d)
	}
	for _, w := range workdays {
		if !w.Date.valid() {
			return nil, fmt.Errorf("workday %s: no such date", w.Date)
		}
		n := w.Date.days()
		if _, dup := c.special[n]; dup {
			return nil, fmt.Errorf("workday %s: already listed as a holiday or workday", w.Date)
		}
		sorted, err := normalizeShifts(w.Shifts)
		if err != nil {
			return nil, fmt.Errorf("workday %s: %w", w.Date, err)
		}
		if len(sorted) == 0 {
			return nil, fmt.Errorf("workday %s: no shifts", w.Date)
		}
		c.special[n] = planOf(sorted)
		c.workdays = append(c.workdays, Workday{Date: w.Date, Shifts: sorted})
	}
	slices.SortFunc(c.holidays, func(a, b Date) int { return cmp.Compare(a.days(), b.days()) })
	c.specialDays = slices.Sorted(maps.Keys(c.special))
	slices.SortFunc(c.workdays, func(a, b Workday) int { return cmp.Compare(a.Date.days(), b.Date.days()) })
	c.always = len(c.special) == 0 && slices.IndexFunc(c.week[:], func(p dayPlan) bool { return p.length != 24*time.Hour }) < 0
	if c.always {
		c.wall = c
	} else {
		c.wall = Always(loc)
	}
	return c, nil
}

// normalizeShifts returns a sorted copy of shifts after checking that each
// lies within the day, ends after it starts, and overlaps no other.
func normalizeShifts(shifts []Shift) ([]Shift, error) {
	sorted := slices.Clone(shifts)
	for _, s := range sorted {
		switch {
		case s.From < 0 || s.To > 24*time.Hour:
			return nil, fmt.Errorf("shift %s: outside 00:00-24:00", s)
		case s.To <= s.From:
			return nil, fmt.Errorf("shift %s: ends before it starts (split a shift that crosses midnight in two)", s)
		}
	}
	slices.SortFunc(sorted, func(a, b Shift) int { return cmp.Compare(a.From, b.From) })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].From < sorted[i-1].To {
			return nil, fmt.Errorf("shifts %s and %s overlap", sorted[i-1], sorted[i])
		}
	}
	return sorted, nil
}

// Always returns a 24×7 calendar in loc (UTC if nil): every instant is
// working time, so Add and Between measure plain calendar time.
func Always(loc *time.Location) *Calendar {
	if loc == nil {
		loc = time.UTC
	}
	c := &Calendar{name: "24x7", loc: loc, always: true}
	for wd := range c.week {
		c.week[wd] = planOf([]Shift{{0, 24 * time.Hour}})
	}
	c.wall = c
	return c
}

// Name returns the calendar's name.
func (c *Calendar) Name() string { return c.name }

// Location returns the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// ZoneName names the calendar's time zone as a person reads it, with its
// offset from UTC at instant at: "Asia/Shanghai (UTC+8)", "Asia/Kolkata
// (UTC+5:30)". A time shown to a customer or on a card carries it, so
// nobody has to guess which zone "17:00" is in.
func (c *Calendar) ZoneName(at time.Time) string {
	_, off := at.In(c.loc).Zone()
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	h, m := off/3600, off%3600/60
	utc := fmt.Sprintf("UTC%s%d", sign, h)
	if m != 0 {
		utc += fmt.Sprintf(":%02d", m)
	}
	if name := c.loc.String(); name != "" && name != "UTC" {
		return name + " (" + utc + ")"
	}
	return "UTC"
}

// Add returns the instant at which d of business time has elapsed after
// start. Counting begins at start if it is working time, otherwise at the
// next working moment. When d runs out exactly at the end of a shift the
// result is that shift's end (18:00 today, not 09:00 tomorrow). d <= 0
// returns start. The result is in the calendar's location.
//
// Add walks day by day, not minute by minute, and looks at most five years
// ahead: if d is not used up by then, it returns the end of that span.
func (c *Calendar) Add(start time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return start.In(c.loc)
	}
	if c.always {
		return start.Add(d).In(c.loc)
	}
	cur := c.cursorAt(start)
	for day := 0; day < horizonDays; day++ {
		if day > 0 {
			cur.next()
		}
		p := c.plan(cur.day)
		// A regular day wholly after start that cannot finish d is skipped
		// without building its instants.
		if cur.regular && !cur.midnight.Before(start) && d > p.length {
			d -= p.length
			continue
		}
		for _, s := range p.shifts {
			from, to := cur.at(s.From), cur.at(s.To)
			if !to.After(start) {
				continue
			}
			if from.Before(start) {
				from = start
			}
			avail := to.Sub(from)
			if d <= avail {
				return from.Add(d).In(c.loc)
			}
			d -= avail
		}
	}
	cur.next()
	return cur.midnight
}

// AddDays returns the instant n working days after start, at the same
// position within the working day: if start is 2h into its working day, the
// result is 2h into the n-th following working day (clamped to that day's
// end when it is shorter). A start outside working hours counts from the next
// working moment; when that is the beginning of a working day, the result is
// the end of the n-th working day counting that one as the first — created on
// a Saturday with n = 5, due Friday at close of business. Of two equivalent
// instants (end of one shift, start of the next) the earlier is returned.
// n <= 0 returns start. Like Add, AddDays looks at most five years ahead.
func (c *Calendar) AddDays(start time.Time, n int) time.Time {
	t, _ := c.addDays(start, n)
	return t
}

// addDays is AddDays that also returns the business time from start to the
// result, saving callers a walk with Between.
func (c *Calendar) addDays(start time.Time, n int) (time.Time, time.Duration) {
	if n <= 0 {
		return start.In(c.loc), 0
	}
	cur := c.cursorAt(start)
	first := cur.day
	// Find the working day holding the first working moment at or after
	// start, and how much of that day's working time lies before it.
	var pos time.Duration
	for ; ; cur.next() {
		if cur.day-first >= horizonDays {
			return cur.midnight, 0
		}
		found := false
		pos = 0
		for _, s := range c.plan(cur.day).shifts {
			from, to := cur.at(s.From), cur.at(s.To)
			if !to.After(from) {
				continue // hours the clocks skip (a daylight-saving gap)
			}
			if to.After(start) {
				if from.Before(start) {
					pos += start.Sub(from)
				}
				found = true
				break
			}
			pos += to.Sub(from)
		}
		if found {
			break
		}
	}
	// From the beginning of a working day, that day counts whole and the
	// result is the end of the n-th day; otherwise it is pos into the
	// (n+1)-th.
	toEnd := pos == 0
	if toEnd {
		n--
	}
	total := -pos
	for n > 0 {
		total += cur.length()
		cur.next()
		if cur.day-first >= horizonDays {
			return cur.midnight, total
		}
		if cur.length() > 0 { // what the clocks leave of it: hours all in a gap make no day
			n--
		}
	}
	take := cur.length()
	if !toEnd {
		take = min(take, pos)
	}
	total += take
	shifts := c.plan(cur.day).shifts
	for _, s := range shifts[:len(shifts)-1] {
		from, to := cur.at(s.From), cur.at(s.To)
		l := to.Sub(from)
		if take <= l {
			return from.Add(take).In(c.loc), total
		}
		take -= l
	}
	return cur.at(shifts[len(shifts)-1].From).Add(take).In(c.loc), total
}

// Between returns the business time between a and b, or 0 if b is not after
// a. It saturates: a span too long for a Duration (from an ancient or zero
// a) gives the largest Duration, never a negative one.
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	if c.always {
		return b.Sub(a)
	}
	var sum time.Duration
	cur := c.cursorAt(a)
	for {
		if weeks := c.wholeWeeks(&cur, a, b); weeks > 0 {
			sum = addSat(sum, time.Duration(weeks)*c.weekLength)
			cur.skipRegular(7 * weeks)
		} else {
			c.betweenDay(&cur, a, b, &sum)
			cur.next()
		}
		if !cur.midnight.Before(b) || sum == maxDuration {
			return sum
		}
	}
}

// betweenDay adds to sum the business time of cur's day between a and b.
func (c *Calendar) betweenDay(cur *cursor, a, b time.Time, sum *time.Duration) {
	p := c.plan(cur.day)
	if cur.regular && !cur.midnight.Before(a) && !cur.midnight.Add(24*time.Hour).After(b) {
		*sum = addSat(*sum, p.length)
		return
	}
	for _, s := range p.shifts {
		from, to := cur.at(s.From), cur.at(s.To)
		if from.Before(a) {
			from = a
		}
		if to.After(b) {
			to = b
		}
		if to.After(from) {
			*sum = addSat(*sum, to.Sub(from))
		}
	}
}

// wholeWeeks is how many whole weeks from cur's day on Between may count
// as weekLength each: days after a and wholly before b, regular (one
// offset covers each) and none of them special. An import measures the
// clocks of tickets received years ago; a day at a time, that was a
// tenth of its CPU.
func (c *Calendar) wholeWeeks(cur *cursor, a, b time.Time) int64 {
	if !cur.regular || cur.midnight.Before(a) {
		return 0
	}
	days := int64(b.Sub(cur.midnight) / (24 * time.Hour)) // wholly before b
	if !cur.zoneEnd.IsZero() {
		// Day i is regular while its end is before the offset changes.
		days = min(days, int64((cur.zoneEnd.Sub(cur.midnight)-1)/(24*time.Hour)))
	}
	if i, _ := slices.BinarySearch(c.specialDays, cur.day); i < len(c.specialDays) {
		days = min(days, c.specialDays[i]-cur.day)
	}
	return days / 7
}

// maxDuration is the longest Duration: where counted time saturates.
const maxDuration = time.Duration(math.MaxInt64)

// addSat adds two non-negative durations, saturating at maxDuration.
func addSat(a, b time.Duration) time.Duration {
	if a > maxDuration-b {
		return maxDuration
	}
	return a + b
}

// plan returns the working time of a civil day.
func (c *Calendar) plan(day int64) dayPlan {
	if p, ok := c.special[day]; ok {
		return p
	}
	return c.week[weekday(day)]
}

// weekdayNames are the configuration file's names of the weekdays, indexed
// by time.Weekday.
var weekdayNames = [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

func dayName(wd time.Weekday) string { return weekdayNames[wd] }
