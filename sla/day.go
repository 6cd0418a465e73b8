package sla

import "time"

// cursor walks the civil days of a calendar's location one at a time and
// turns wall-clock shift offsets into instants. On the usual day, one zone
// offset covers all 24 hours and an instant is midnight plus the offset; on a
// day with a daylight-saving change the wall-clock time is built with
// time.Date so 09:00 stays 09:00.
type cursor struct {
	c        *Calendar
	day      int64     // days since 1970-01-01 in the calendar's location
	midnight time.Time // first instant of the day
	zoneEnd  time.Time // end of the zone offset in force at midnight; zero if none
	aligned  bool      // midnight reads 00:00 (not so where the clocks jump at midnight)
	regular  bool      // aligned, and one offset covers the whole day
}

func (c *Calendar) cursorAt(t time.Time) cursor {
	t = t.In(c.loc)
	_, offset := t.Zone()
	cur := cursor{c: c, day: floorDiv(t.Unix()+int64(offset), 86400)}
	// Usually the day's midnight is simply t minus its time of day; that
	// fails only if the offset changed between midnight and t.
	hh, mm, ss := t.Clock()
	midnight := t.Add(-time.Duration(hh)*time.Hour - time.Duration(mm)*time.Minute -
		time.Duration(ss)*time.Second - time.Duration(t.Nanosecond()))
	if zoneStart, zoneEnd := t.ZoneBounds(); !midnight.Before(zoneStart) {
		cur.midnight, cur.zoneEnd, cur.aligned = midnight, zoneEnd, true
		cur.check()
		return cur
	}
	cur.sync(civilDate(cur.day))
	return cur
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

func (cur *cursor) sync(y int, m time.Month, d int) {
	cur.midnight = wallTime(y, m, d, 0, cur.c.loc)
	_, cur.zoneEnd = cur.midnight.ZoneBounds()
	hh, mm, ss := cur.midnight.Clock()
	cur.aligned = hh == 0 && mm == 0 && ss == 0 && cur.midnight.Nanosecond() == 0
	cur.check()
}

func (cur *cursor) check() {
	cur.regular = cur.aligned && (cur.zoneEnd.IsZero() || cur.midnight.Add(24*time.Hour).Before(cur.zoneEnd))
}

// next moves to the following day.
func (cur *cursor) next() {
	cur.day++
	if cur.regular {
		cur.midnight = cur.midnight.Add(24 * time.Hour)
		cur.check()
		return
	}
	cur.sync(civilDate(cur.day))
}

// skipRegular moves n days on from a regular day whose next n days are
// regular too (Calendar.wholeWeeks).
func (cur *cursor) skipRegular(n int64) {
	cur.day += n
	cur.midnight = cur.midnight.Add(time.Duration(n) * 24 * time.Hour)
	cur.check()
}

// at returns the instant of the wall-clock offset off on the current day.
func (cur *cursor) at(off time.Duration) time.Time {
	if cur.regular {
		return cur.midnight.Add(off)
	}
	y, m, d := civilDate(cur.day)
	return wallTime(y, m, d, off, cur.c.loc)
}

// wallTime returns the first instant at which the wall clock in loc reads
// the date plus off. A reading the clocks skip (02:30 on a spring-forward
// night, or midnight where the jump happens then) is taken to be the moment
// of the jump; a reading that occurs twice is taken at its first occurrence.
func wallTime(y int, m time.Month, d int, off time.Duration, loc *time.Location) time.Time {
	t := time.Date(y, m, d, int(off/time.Hour), int(off%time.Hour/time.Minute),
		int(off%time.Minute/time.Second), int(off%time.Second), loc)
	want := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Add(off)
	h, mi, s := t.Clock()
	ty, tm, td := t.Date()
	got := time.Date(ty, tm, td, h, mi, s, t.Nanosecond(), time.UTC)
	start, end := t.ZoneBounds()
	switch {
	case got.Before(want): // time.Date answered with a reading before the jump
		return end
	case got.After(want): // or after it
		return start
	case start.IsZero():
		return t
	}
	// If the clocks went back when t's offset began, the same reading may
	// have come earlier, under the previous offset.
	_, now := t.Zone()
	_, before := start.Add(-time.Nanosecond).Zone()
	if earlier := t.Add(-time.Duration(before-now) * time.Second); before > now && earlier.Before(start) {
		return earlier
	}
	return t
}

// length returns the working time of the current day: the plan's on a
// regular day, measured shift by shift on a day the clocks change.
func (cur *cursor) length() time.Duration {
	p := cur.c.plan(cur.day)
	if cur.regular {
		return p.length
	}
	var l time.Duration
	for _, s := range p.shifts {
		l += cur.at(s.To).Sub(cur.at(s.From))
	}
	return l
}

// civilDays numbers a date as days since 1970-01-01.
func civilDays(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// civilDate is the inverse of civilDays.
func civilDate(n int64) (int, time.Month, int) {
	return time.Unix(n*86400, 0).UTC().Date()
}

// weekday of a civil day number; day 0 was a Thursday.
func weekday(n int64) time.Weekday {
	return time.Weekday((n%7 + 11) % 7)
}

func (d Date) days() int64 { return civilDays(d.Year, d.Month, d.Day) }
