package tui

import (
	"strconv"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// age is how long ago t was, in the few cells a card has: "now", "5m",
// "3h", "2d".
func age(l i18n.Lang, now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return l.T(i18n.AgeNow)
	case d < time.Hour:
		return l.T(i18n.AgeMinutes, int(d/time.Minute))
	case d < 24*time.Hour:
		return l.T(i18n.AgeHours, int(d/time.Hour))
	}
	return l.T(i18n.AgeDays, int(d/(24*time.Hour)))
}

// stamp formats a time in the clock's zone, so a desk in Shanghai reads
// Shanghai time whatever zone the server runs in; zero is "—".
func stamp(now func() time.Time, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(now().Location()).Format("2006-01-02 15:04")
}

// count shortens big column counts so five of them fit a tab bar:
// 12345 → "12k", 1234567 → "1.2M".
func count(n int, capped bool) string {
	switch {
	case capped:
		return strconv.Itoa(n) + "+"
	case n >= 1_000_000:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + "M"
	case n >= 10_000:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// line builds one screen line out of styled segments while measuring the
// plain text, so padding and cutting go by terminal cells, never by the
// bytes of escape sequences.
type line struct {
	b strings.Builder
	w int
}

// add appends s, which must already be sanitised and cut to fit.
func (l *line) add(k ink, s string) {
	if s == "" {
		return
	}
	l.b.WriteString(k.pre)
	l.b.WriteString(s)
	l.b.WriteString(k.post)
	l.w += textsafe.Width(s)
}

// pad fills the line with spaces up to width cells.
func (l *line) pad(width int) {
	if n := width - l.w; n > 0 {
		l.b.WriteString(strings.Repeat(" ", n))
		l.w = width
	}
}

func (l *line) String() string { return l.b.String() }
