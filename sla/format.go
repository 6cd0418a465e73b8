package sla

import (
	"math"
	"strconv"
	"time"
)

// Units are the words a duration is written with, so each language
// writes its own ("2h13m", "2小时13分") by the same rules.
type Units struct {
	Day, Hour, Minute string
	// Width is the most bytes the result may take, sign included; the
	// smaller unit is dropped when both do not fit. 0 means no limit.
	Width int
}

// Short are the units of FormatDuration: "3d4h", six cells at most.
var Short = Units{Day: "d", Hour: "h", Minute: "m", Width: 6}

// FormatDuration writes a remaining (positive) or overdue (negative)
// duration in at most six cells for a board card: "45m", "2h13m", "3d4h",
// "-45m". It truncates toward zero, so time left is never overstated, and
// drops the smaller unit when both do not fit ("-23h", "12d"). A day is 24
// hours. Beyond 999 days it writes "999d+".
func FormatDuration(d time.Duration) string { return Short.Format(d) }

// Format writes d as FormatDuration does, in u's words.
func (u Units) Format(d time.Duration) string { return u.format(d, true) }

// FormatHours writes d in hours and minutes, never days: business time
// (a calendar day holds only a shift of it) read as days would mislead,
// "1d13h" of working time being a week away. Beyond 9999 hours it writes
// "9999h+".
func (u Units) FormatHours(d time.Duration) string { return u.format(d, false) }

func (u Units) format(d time.Duration, days bool) string {
	sign := ""
	if d < 0 {
		sign = "-"
		if d == math.MinInt64 {
			d = math.MaxInt64
		} else {
			d = -d
		}
	}
	m := int64(d / time.Minute)
	h, nd := m/60, m/(60*24)
	switch {
	case m < 60:
		return sign + strconv.FormatInt(m, 10) + u.Minute
	case h < 24 || !days && h <= 9999:
		return u.fit(sign, h, u.Hour, m%60, u.Minute)
	case !days:
		return sign + "9999" + u.Hour + "+"
	case nd <= 999:
		return u.fit(sign, nd, u.Day, h%24, u.Hour)
	}
	return sign + "999" + u.Day + "+"
}

// fit writes big and, if non-zero and there is room, small.
func (u Units) fit(sign string, big int64, bigUnit string, small int64, smallUnit string) string {
	s := sign + strconv.FormatInt(big, 10) + bigUnit
	if small == 0 {
		return s
	}
	if t := s + strconv.FormatInt(small, 10) + smallUnit; u.Width == 0 || len(t) <= u.Width {
		return t
	}
	return s
}

// Short formats the clock's remaining or overdue time with FormatDuration. A
// breached clock always shows a minus sign, even when no business time has
// passed since its deadline (a business clock breached on Friday evening is
// still "-0m" on Saturday).
func (c Clock) Short() string {
	s := FormatDuration(c.Remaining)
	if c.State == Breached && c.Remaining == 0 {
		s = "-" + s
	}
	return s
}
