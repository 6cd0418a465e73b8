package sla

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// The types below decode single values of the configuration file. Each
// implements toml.Unmarshaler, so the TOML decoder reports their errors with
// the line and key they came from.

// zoneField is an IANA time zone name.
type zoneField struct{ loc *time.Location }

func (z *zoneField) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("time zone: want a name such as \"Asia/Shanghai\", not %s", tomlType(v))
	}
	if s == "" || s == "Local" {
		return fmt.Errorf("time zone %q: name an IANA zone such as \"Asia/Shanghai\"", s)
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return fmt.Errorf("unknown time zone %q", s)
	}
	z.loc = loc
	return nil
}

// shiftList is one day's working hours: ["09:00-12:00", "13:30-18:00"].
type shiftList []Shift

func (l *shiftList) UnmarshalTOML(v any) error {
	items, ok := v.([]any)
	if !ok {
		return fmt.Errorf("hours: want a list such as [\"09:00-12:00\", \"13:30-18:00\"], not %s", tomlType(v))
	}
	shifts := make([]Shift, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return fmt.Errorf("shift: want a string such as \"09:00-12:00\", not %s", tomlType(it))
		}
		sh, err := parseShift(s)
		if err != nil {
			return err
		}
		shifts = append(shifts, sh)
	}
	sorted, err := normalizeShifts(shifts)
	if err != nil {
		return err
	}
	*l = sorted
	return nil
}

// parseShift reads "09:00-12:00"; the end may be "24:00".
func parseShift(s string) (Shift, error) {
	from, to, ok := strings.Cut(s, "-")
	f, okf := parseClock(strings.TrimSpace(from))
	t, okt := parseClock(strings.TrimSpace(to))
	switch {
	case !ok || !okf || !okt:
		return Shift{}, fmt.Errorf("shift %q: want HH:MM-HH:MM, such as \"09:00-12:00\"", s)
	case t <= f:
		return Shift{}, fmt.Errorf("shift %q: ends before it starts (split a shift across midnight: \"22:00-24:00\" and \"00:00-06:00\")", s)
	}
	return Shift{f, t}, nil
}

// parseClock reads a wall-clock time "9:00", "09:00" or "24:00".
func parseClock(s string) (time.Duration, bool) {
	hs, ms, ok := strings.Cut(s, ":")
	h, okh := wholeNumber(hs)
	m, okm := wholeNumber(ms)
	if !ok || !okh || !okm || len(hs) > 2 || len(ms) != 2 || m > 59 || h > 24 || h == 24 && m != 0 {
		return 0, false
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, true
}

// dateList is a list of holidays: ["2027-01-01", 2027-02-05].
type dateList []Date

func (l *dateList) UnmarshalTOML(v any) error {
	items, ok := v.([]any)
	if !ok {
		return fmt.Errorf("holidays: want a list of dates such as [2027-01-01], not %s", tomlType(v))
	}
	dates := make([]Date, 0, len(items))
	for _, it := range items {
		d, err := parseDate(it)
		if err != nil {
			return err
		}
		if slices.Contains(dates, d) {
			return fmt.Errorf("holiday %s: listed twice", d)
		}
		dates = append(dates, d)
	}
	*l = dates
	return nil
}

// parseDate reads a TOML local date (2027-01-01) or a string holding one.
func parseDate(v any) (Date, error) {
	switch v := v.(type) {
	case string:
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD, such as 2027-01-31", v)
		}
		return dateOf(t), nil
	case time.Time:
		if h, m, s := v.Clock(); h != 0 || m != 0 || s != 0 || v.Nanosecond() != 0 {
			return Date{}, fmt.Errorf("date %s: want a date without a time of day", v.Format(time.RFC3339))
		}
		return dateOf(v), nil
	}
	return Date{}, fmt.Errorf("date: want a date such as 2027-01-31, not %s", tomlType(v))
}

func dateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// workday is a make-up workday as the file gives it: a date, worked with the
// hours of weekday as unless hours are given.
type workday struct {
	date  Date
	as    time.Weekday
	hours []Shift // nil: use the weekday's
}

// workdayList is a list of make-up workdays, each a date (worked like a
// Monday) or a table {date = 2027-02-20, as = "friday"} or
// {date = 2027-02-20, hours = ["09:00-12:00"]}.
type workdayList []workday

func (l *workdayList) UnmarshalTOML(v any) error {
	var items []any
	switch v := v.(type) {
	case []any:
		items = v
	case []map[string]any:
		for _, m := range v {
			items = append(items, m)
		}
	default:
		return fmt.Errorf("workdays: want a list of dates or tables, not %s", tomlType(v))
	}
	list := make([]workday, 0, len(items))
	for _, it := range items {
		w, err := parseWorkday(it)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(list, func(o workday) bool { return o.date == w.date }) {
			return fmt.Errorf("workday %s: listed twice", w.date)
		}
		list = append(list, w)
	}
	*l = list
	return nil
}

func parseWorkday(v any) (workday, error) {
	m, ok := v.(map[string]any)
	if !ok {
		d, err := parseDate(v)
		return workday{date: d, as: time.Monday}, err
	}
	w := workday{as: time.Monday}
	dv, ok := m["date"]
	if !ok {
		return w, fmt.Errorf("workday: missing date")
	}
	var err error
	if w.date, err = parseDate(dv); err != nil {
		return w, err
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		switch k {
		case "date":
		case "as":
			if _, both := m["hours"]; both {
				return w, fmt.Errorf("workday %s: give as or hours, not both", w.date)
			}
			name, _ := m[k].(string)
			i := slices.Index(weekdayNames[:], strings.ToLower(name))
			if i < 0 {
				return w, fmt.Errorf("workday %s: as = %v: want a weekday name such as \"monday\"", w.date, m[k])
			}
			w.as = time.Weekday(i)
		case "hours":
			var hours shiftList
			if err := hours.UnmarshalTOML(m[k]); err != nil {
				return w, fmt.Errorf("workday %s: %w", w.date, err)
			}
			if len(hours) == 0 {
				return w, fmt.Errorf("workday %s: hours is empty", w.date)
			}
			w.hours = hours
		default:
			return w, fmt.Errorf("workday %s: unknown key %q (want date, as or hours)", w.date, k)
		}
	}
	return w, nil
}

// targetField is a target, decoded once the calendars are built: a target
// the engine would stop counting before its end (beyond its five-year
// horizon) on one of them is refused, with the line.
type targetField struct {
	v    Target
	cals map[string]*Calendar
}

func (t *targetField) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("target: want a string such as \"2h\" or \"5 business days\", not %s", tomlType(v))
	}
	var err error
	if t.v, err = parseTarget(s); err != nil {
		return err
	}
	if t.v.Days == 0 && !t.v.Business {
		if t.v.Duration > horizonDays*24*time.Hour {
			return fmt.Errorf("target %q: longer than the SLA engine's 5-year horizon", s)
		}
		return nil
	}
	for _, name := range slices.Sorted(maps.Keys(t.cals)) {
		days, work := t.cals[name].capacity()
		switch {
		case t.v.Days > days:
			return fmt.Errorf("target %q: calendar %s holds %d business days in the SLA engine's 5-year horizon, no more", s, name, days)
		case t.v.Days == 0 && t.v.Duration > work:
			return fmt.Errorf("target %q: calendar %s holds %s of business time in the SLA engine's 5-year horizon, no more", s, name, durationText(work.Truncate(time.Hour)))
		}
	}
	return nil
}

// atRiskField is the at-risk share, a number in (0, 1].
type atRiskField struct {
	v   float64
	set bool
}

func (a *atRiskField) UnmarshalTOML(v any) error {
	switch n := v.(type) {
	case float64:
		a.v = n
	case int64:
		a.v = float64(n)
	default:
		return fmt.Errorf("at_risk: want a number such as 0.75, not %s", tomlType(v))
	}
	if !(a.v > 0 && a.v <= 1) {
		return fmt.Errorf("at_risk: %v is outside (0, 1]; 0.75 means at risk from 75%% used", v)
	}
	a.set = true
	return nil
}

// tomlType names the TOML type of a decoded value, for error messages.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date-time"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}
