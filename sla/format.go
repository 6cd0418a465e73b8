package sla

import (
	"math"
	"strconv"
	"time"
)

// shortWidth is the most cells FormatDuration uses, sign included.
const shortWidth = 6

// FormatDuration writes a remaining (positive) or overdue (negative)
// duration in at most six cells for a board card: "45m", "2h13m", "3d4h",
// "-45m". It truncates toward zero, so time left is never overstated, and
// drops the smaller unit when both do not fit ("-23h", "12d"). A day is 24
// hours. Beyond 999 days it writes "999d+".
func FormatDuration(d time.Duration) string {
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
	h, days := m/60, m/(60*24)
	switch {
	case m < 60:
		return sign + strconv.FormatInt(m, 10) + "m"
	case h < 24:
		return fit(sign, h, "h", m%60, "m")
	case days <= 999:
		return fit(sign, days, "d", h%24, "h")
	}
	return sign + "999d+"
}

// fit writes big and, if non-zero and there is room, small.
func fit(sign string, big int64, bigUnit string, small int64, smallUnit string) string {
	s := sign + strconv.FormatInt(big, 10) + bigUnit
	if small == 0 {
		return s
	}
	if t := s + strconv.FormatInt(small, 10) + smallUnit; len(t) <= shortWidth {
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
