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
	regular  bool      // one offset covers the whole day
}

func (c *Calendar) cursorAt(t time.Time) cursor {
	y, m, d := t.In(c.loc).Date()
	cur := cursor{c: c, day: civilDays(y, m, d)}
	cur.sync(y, m, d)
	return cur
}

func (cur *cursor) sync(y int, m time.Month, d int) {
	cur.midnight = time.Date(y, m, d, 0, 0, 0, 0, cur.c.loc)
	_, cur.zoneEnd = cur.midnight.ZoneBounds()
	cur.check()
}

func (cur *cursor) check() {
	cur.regular = cur.zoneEnd.IsZero() || cur.midnight.Add(24*time.Hour).Before(cur.zoneEnd)
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

// at returns the instant of the wall-clock offset off on the current day. A
// time that the clocks skip (02:30 on a spring-forward night) is taken to be
// the moment of the jump, when the skipped span begins; of a time that
// occurs twice, the first.
func (cur *cursor) at(off time.Duration) time.Time {
	if cur.regular {
		return cur.midnight.Add(off)
	}
	y, m, d := civilDate(cur.day)
	t := time.Date(y, m, d, int(off/time.Hour), int(off%time.Hour/time.Minute),
		int(off%time.Minute/time.Second), int(off%time.Second), cur.c.loc)
	if off < 24*time.Hour {
		h, mi, s := t.Clock()
		if wall := time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(s)*time.Second +
			time.Duration(t.Nanosecond()); wall != off {
			t, _ = t.ZoneBounds()
		}
	}
	return t
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
