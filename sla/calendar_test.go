package sla

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the machine's zone database
)

const (
	h  = time.Hour
	mn = time.Minute
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// officeDay is the default split day: 09:00–12:00 and 13:30–18:00 (7h30m).
var officeDay = []Shift{{9 * h, 12 * h}, {13*h + 30*mn, 18 * h}}

func weekdays(shifts []Shift) Week {
	return Week{time.Monday: shifts, time.Tuesday: shifts, time.Wednesday: shifts,
		time.Thursday: shifts, time.Friday: shifts}
}

func mustCalendar(t testing.TB, loc *time.Location, week Week, holidays []Date, workdays []Workday) *Calendar {
	t.Helper()
	c, err := NewCalendar("test", loc, week, holidays, workdays)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// shanghai is the default calendar with the National Day week of 2027 off,
// Saturday 9 October worked, a half-day workday on Saturday 20 February and
// 3 January 2028 off.
func shanghai(t testing.TB) *Calendar {
	holidays := []Date{{2027, 10, 1}, {2027, 10, 4}, {2027, 10, 5}, {2027, 10, 6}, {2027, 10, 7}, {2028, 1, 3}}
	workdays := []Workday{
		{Date{2027, 10, 9}, officeDay},
		{Date{2027, 2, 20}, []Shift{{9 * h, 12 * h}}},
	}
	return mustCalendar(t, mustLoc(t, "Asia/Shanghai"), weekdays(officeDay), holidays, workdays)
}

// in returns a wall-clock time in loc.
func in(loc *time.Location, y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, loc)
}

func TestAdd(t *testing.T) {
	cal := shanghai(t)
	at := func(m time.Month, d, hh, mm int) time.Time { return in(cal.Location(), 2027, m, d, hh, mm) }
	// 1 March 2027 is a Monday.
	tests := []struct {
		name  string
		start time.Time
		d     time.Duration
		want  time.Time
	}{
		{"within a shift", at(3, 1, 10, 0), h, at(3, 1, 11, 0)},
		{"zero", at(3, 1, 10, 0), 0, at(3, 1, 10, 0)},
		{"negative", at(3, 1, 10, 0), -h, at(3, 1, 10, 0)},
		{"ends exactly at the lunch break", at(3, 1, 11, 0), h, at(3, 1, 12, 0)},
		{"skips the lunch break", at(3, 1, 11, 0), 2 * h, at(3, 1, 14, 30)},
		{"starts in the lunch break", at(3, 1, 12, 30), 30 * mn, at(3, 1, 14, 0)},
		{"starts before opening", at(3, 1, 7, 0), h, at(3, 1, 10, 0)},
		{"starts after closing", at(3, 1, 19, 0), h, at(3, 2, 10, 0)},
		{"starts at closing", at(3, 1, 18, 0), mn, at(3, 2, 9, 1)},
		{"crosses midnight", at(3, 1, 17, 0), 2 * h, at(3, 2, 10, 0)},
		{"ends at closing", at(3, 1, 9, 0), 7*h + 30*mn, at(3, 1, 18, 0)},
		{"two whole days", at(3, 1, 9, 0), 15 * h, at(3, 2, 18, 0)},
		{"skips the weekend", at(3, 5, 17, 0), 2 * h, at(3, 8, 10, 0)},
		{"starts on a Saturday", at(3, 6, 10, 0), h, at(3, 8, 10, 0)},
		{"starts on a Sunday night", at(3, 7, 23, 59), h, at(3, 8, 10, 0)},
		{"ten business days", at(3, 1, 9, 0), 75 * h, at(3, 12, 18, 0)},
		{"ten business days from mid-morning", at(3, 1, 10, 30), 75 * h, at(3, 15, 10, 30)},
		{"skips the holiday week to the make-up Saturday", at(9, 30, 17, 0), 2 * h, at(10, 8, 10, 0)},
		{"works the make-up Saturday", at(10, 8, 17, 0), 2 * h, at(10, 9, 10, 0)},
		{"half-day workday", at(2, 19, 17, 0), 2 * h, at(2, 20, 10, 0)},
		{"half-day workday used up", at(2, 19, 17, 0), 5 * h, at(2, 22, 10, 0)},
		{"seconds are kept", at(3, 1, 10, 0).Add(17 * time.Second), h, at(3, 1, 11, 0).Add(17 * time.Second)},
		{"year end into a holiday", in(cal.Location(), 2027, 12, 31, 17, 0), 2 * h, in(cal.Location(), 2028, 1, 4, 10, 0)},
		{"year end, start in UTC", in(time.UTC, 2027, 12, 31, 9, 30), 31 * mn, in(cal.Location(), 2028, 1, 4, 9, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cal.Add(tt.start, tt.d)
			if !got.Equal(tt.want) {
				t.Errorf("Add(%v, %v) = %v, want %v", tt.start, tt.d, got, tt.want)
			}
			if got.Location() != cal.Location() {
				t.Errorf("Add returned a time in %v, want %v", got.Location(), cal.Location())
			}
		})
	}
}

func TestAddDays(t *testing.T) {
	cal := shanghai(t)
	at := func(m time.Month, d, hh, mm int) time.Time { return in(cal.Location(), 2027, m, d, hh, mm) }
	tests := []struct {
		name  string
		start time.Time
		n     int
		want  time.Time
	}{
		{"five days, same time next week", at(3, 1, 10, 30), 5, at(3, 8, 10, 30)},
		{"one day", at(3, 1, 10, 30), 1, at(3, 2, 10, 30)},
		{"zero days", at(3, 1, 10, 30), 0, at(3, 1, 10, 30)},
		{"Friday to Monday", at(3, 5, 15, 0), 1, at(3, 8, 15, 0)},
		{"ten days", at(3, 1, 10, 30), 10, at(3, 15, 10, 30)},
		{"from opening, the day counts whole", at(3, 1, 9, 0), 1, at(3, 1, 18, 0)},
		{"from before opening", at(3, 1, 7, 0), 5, at(3, 5, 18, 0)},
		{"from a Saturday, due Friday at closing", at(3, 6, 11, 0), 5, at(3, 12, 18, 0)},
		{"from closing", at(3, 1, 18, 0), 1, at(3, 2, 18, 0)},
		{"just before closing", at(3, 1, 17, 59), 1, at(3, 2, 17, 59)},
		{"from the lunch break: the earlier of 12:00 and 13:30", at(3, 1, 12, 30), 1, at(3, 2, 12, 0)},
		{"afternoon", at(3, 1, 15, 0), 1, at(3, 2, 15, 0)},
		{"over the holiday week and the make-up Saturday", at(9, 30, 10, 0), 2, at(10, 9, 10, 0)},
		{"clamped to a short workday", at(2, 19, 17, 0), 1, at(2, 20, 12, 0)},
		{"after the short workday", at(2, 19, 17, 0), 2, at(2, 22, 17, 0)},
		{"year end", in(cal.Location(), 2027, 12, 31, 11, 0), 1, in(cal.Location(), 2028, 1, 4, 11, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.AddDays(tt.start, tt.n); !got.Equal(tt.want) {
				t.Errorf("AddDays(%v, %d) = %v, want %v", tt.start, tt.n, got, tt.want)
			}
		})
	}
}

func TestBetween(t *testing.T) {
	cal := shanghai(t)
	at := func(m time.Month, d, hh, mm int) time.Time { return in(cal.Location(), 2027, m, d, hh, mm) }
	tests := []struct {
		name string
		a, b time.Time
		want time.Duration
	}{
		{"reversed", at(3, 1, 11, 0), at(3, 1, 10, 0), 0},
		{"equal", at(3, 1, 11, 0), at(3, 1, 11, 0), 0},
		{"within a shift", at(3, 1, 10, 0), at(3, 1, 11, 15), h + 15*mn},
		{"over lunch", at(3, 1, 11, 0), at(3, 1, 14, 0), h + 30*mn},
		{"inside lunch", at(3, 1, 12, 10), at(3, 1, 13, 0), 0},
		{"a day", at(3, 1, 10, 0), at(3, 2, 10, 0), 7*h + 30*mn},
		{"a night", at(3, 1, 18, 0), at(3, 2, 9, 0), 0},
		{"over the weekend", at(3, 5, 17, 0), at(3, 8, 10, 0), 2 * h},
		{"a week", at(3, 1, 0, 0), at(3, 8, 0, 0), 37*h + 30*mn},
		{"holiday week", at(9, 30, 18, 0), at(10, 8, 9, 0), 0},
		{"holiday week and make-up day", at(9, 30, 0, 0), at(10, 11, 0, 0), 3 * (7*h + 30*mn)},
		{"half-day workday", at(2, 20, 0, 0), at(2, 21, 0, 0), 3 * h},
		{"year end", in(cal.Location(), 2027, 12, 31, 17, 0), in(cal.Location(), 2028, 1, 4, 10, 0), 2 * h},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.Between(tt.a, tt.b); got != tt.want {
				t.Errorf("Between(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// TestDST checks that shifts keep their wall-clock times across daylight
// saving changes and that business time is real elapsed time.
func TestDST(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	office := mustCalendar(t, ny, weekdays([]Shift{{9 * h, 17 * h}}), nil, nil)
	// A night shift over the 02:00 change on Sundays; a far-off holiday keeps
	// the calendar off the 24×7 shortcut.
	night := mustCalendar(t, ny, Week{time.Sunday: {{0, 6 * h}}, time.Monday: {{0, 24 * h}}}, []Date{{1990, 1, 1}}, nil)
	santiago := mustLoc(t, "America/Santiago")
	// Every day worked in full, in a zone whose clocks change at midnight.
	allDay := []Shift{{0, 24 * h}}
	midnight := mustCalendar(t, santiago, Week{allDay, allDay, allDay, allDay, allDay, allDay, allDay}, []Date{{1990, 1, 1}}, nil)

	t.Run("Add keeps 09:00 across spring forward", func(t *testing.T) {
		// Friday 12 March 2027, EST; clocks go forward on Sunday 14 March.
		got := office.Add(in(ny, 2027, 3, 12, 16, 0), 2*h)
		if want := in(ny, 2027, 3, 15, 10, 0); !got.Equal(want) {
			t.Errorf("got %v, want %v", got, want)
		}
		if _, off := got.Zone(); off != -4*3600 {
			t.Errorf("got offset %d, want EDT", off)
		}
	})
	t.Run("Add keeps 09:00 across fall back", func(t *testing.T) {
		got := office.Add(in(ny, 2027, 11, 5, 16, 0), 2*h)
		if want := in(ny, 2027, 11, 8, 10, 0); !got.Equal(want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("Between a working week over the change", func(t *testing.T) {
		if got := office.Between(in(ny, 2027, 3, 8, 0, 0), in(ny, 2027, 3, 22, 0, 0)); got != 80*h {
			t.Errorf("got %v, want 80h", got)
		}
	})
	tests := []struct {
		name string
		cal  *Calendar
		a, b time.Time
		want time.Duration
	}{
		{"night shift loses an hour in spring", night, in(ny, 2027, 3, 14, 0, 0), in(ny, 2027, 3, 14, 12, 0), 5 * h},
		{"night shift gains an hour in autumn", night, in(ny, 2027, 11, 7, 0, 0), in(ny, 2027, 11, 7, 12, 0), 7 * h},
		{"night shift on an ordinary Sunday", night, in(ny, 2027, 3, 21, 0, 0), in(ny, 2027, 3, 21, 12, 0), 6 * h},
		{"the Monday after the change is 24 hours", night, in(ny, 2027, 3, 14, 12, 0), in(ny, 2027, 3, 16, 0, 0), 24 * h},
		{"midnight skipped in spring", midnight, in(santiago, 2027, 9, 4, 12, 0), in(santiago, 2027, 9, 5, 12, 0), 23 * h},
		{"midnight repeated in autumn", midnight, in(santiago, 2027, 4, 3, 12, 0), in(santiago, 2027, 4, 4, 12, 0), 25 * h},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.Between(tt.a, tt.b); got != tt.want {
				t.Errorf("Between = %v, want %v", got, tt.want)
			}
			if got := tt.cal.Add(tt.a, tt.want); !got.Equal(tt.b) && tt.cal.Between(got, tt.b) != 0 {
				t.Errorf("Add(a, %v) = %v, want %v or an equivalent instant", tt.want, got, tt.b)
			}
		})
	}
	t.Run("Add through the skipped hour", func(t *testing.T) {
		start := in(ny, 2027, 3, 14, 0, 0)
		if got := night.Add(start, 3*h); !got.Equal(start.Add(3*h)) || got.Hour() != 4 {
			t.Errorf("got %v, want 04:00 EDT", got)
		}
	})
	t.Run("a shift starting in the skipped hour starts at the jump", func(t *testing.T) {
		cal := mustCalendar(t, ny, Week{time.Sunday: {{2*h + 30*mn, 5 * h}}, time.Monday: officeDay}, nil, nil)
		if got := cal.Between(in(ny, 2027, 3, 14, 0, 0), in(ny, 2027, 3, 14, 12, 0)); got != 2*h {
			t.Errorf("got %v, want 2h (03:00-05:00 EDT)", got)
		}
	})
	t.Run("a shift starting in the repeated hour starts at its first occurrence", func(t *testing.T) {
		for _, name := range []string{"America/New_York", "Europe/London"} { // offsets of both signs
			loc := mustLoc(t, name)
			cal := mustCalendar(t, loc, Week{time.Sunday: {{h + 30*mn, 3 * h}}, time.Monday: officeDay}, nil, nil)
			day := map[string]int{"America/New_York": 7, "Europe/London": 31}[name]
			month := map[string]time.Month{"America/New_York": time.November, "Europe/London": time.October}[name]
			if got := cal.Between(in(loc, 2027, month, day, 0, 0), in(loc, 2027, month, day, 12, 0)); got != 2*h+30*mn {
				t.Errorf("%s: got %v, want 2h30m", name, got)
			}
		}
	})
	t.Run("AddDays keeps the wall-clock time", func(t *testing.T) {
		if got, want := office.AddDays(in(ny, 2027, 3, 12, 10, 0), 1), in(ny, 2027, 3, 15, 10, 0); !got.Equal(want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}

func TestShanghaiHasNoDST(t *testing.T) {
	cal := Default().Calendar
	for _, month := range []time.Month{time.January, time.March, time.July, time.November} {
		got := cal.Add(in(time.UTC, 2027, month, 1, 0, 0), mn) // 08:00 in Shanghai, a Friday or a Monday
		if _, off := got.Zone(); off != 8*3600 {
			t.Errorf("%v: offset %d, want +08:00", month, off)
		}
		if got.Hour() != 9 || got.Minute() != 1 {
			t.Errorf("%v: got %v, want 09:01", month, got)
		}
	}
}

func TestAlways(t *testing.T) {
	cal := Always(mustLoc(t, "America/New_York"))
	start := time.Date(2027, 3, 13, 12, 0, 0, 0, cal.Location())
	if got := cal.Add(start, 24*h); !got.Equal(start.Add(24*h)) || got.Hour() != 13 {
		t.Errorf("Add over spring forward = %v, want 24h later at 13:00", got)
	}
	if got := cal.Between(start, start.Add(100*h)); got != 100*h {
		t.Errorf("Between = %v, want 100h", got)
	}
	// 12h into Saturday, so 12h into the 23-hour Sunday: 13:00 by the clock.
	if got := cal.AddDays(start, 1); !got.Equal(start.Add(24 * h)) {
		t.Errorf("AddDays over a 23-hour day = %v, want %v", got, start.Add(24*h))
	}
}

func TestNewCalendarErrors(t *testing.T) {
	loc := time.UTC
	tests := []struct {
		name     string
		loc      *time.Location
		week     Week
		holidays []Date
		workdays []Workday
		want     string
	}{
		{"no zone", nil, weekdays(officeDay), nil, nil, "no time zone"},
		{"no working time", loc, Week{}, nil, nil, ErrNoWorkingTime.Error()},
		{"overlap", loc, Week{time.Monday: {{9 * h, 12 * h}, {11 * h, 13 * h}}}, nil, nil, "monday: shifts 09:00-12:00 and 11:00-13:00 overlap"},
		{"inverted", loc, Week{time.Tuesday: {{12 * h, 9 * h}}}, nil, nil, "tuesday: shift 12:00-09:00: ends before it starts"},
		{"empty shift", loc, Week{time.Tuesday: {{9 * h, 9 * h}}}, nil, nil, "ends before it starts"},
		{"past midnight", loc, Week{time.Friday: {{22 * h, 26 * h}}}, nil, nil, "outside 00:00-24:00"},
		{"bad holiday", loc, weekdays(officeDay), []Date{{2027, 2, 30}}, nil, "holiday 2027-02-30: no such date"},
		{"holiday twice", loc, weekdays(officeDay), []Date{{2027, 1, 1}, {2027, 1, 1}}, nil, "listed twice"},
		{"holiday and workday", loc, weekdays(officeDay), []Date{{2027, 1, 2}}, []Workday{{Date{2027, 1, 2}, officeDay}}, "already listed"},
		{"workday without shifts", loc, weekdays(officeDay), nil, []Workday{{Date: Date{2027, 1, 2}}}, "workday 2027-01-02: no shifts"},
		{"workday overlap", loc, weekdays(officeDay), nil, []Workday{{Date{2027, 1, 2}, []Shift{{9 * h, 12 * h}, {9 * h, 10 * h}}}}, "overlap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewCalendar("x", tt.loc, tt.week, tt.holidays, tt.workdays)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := NewCalendar("x", loc, Week{}, nil, nil); !errors.Is(err, ErrNoWorkingTime) {
		t.Errorf("err = %v, want ErrNoWorkingTime", err)
	}
}

// TestEmptiedCalendarTerminates: holidays covering every working day for six
// years must not make Add or AddDays loop forever.
func TestEmptiedCalendarTerminates(t *testing.T) {
	var holidays []Date
	for d := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC); d.Year() < 2033; d = d.AddDate(0, 0, 7) {
		holidays = append(holidays, Date{d.Year(), d.Month(), d.Day()}) // every Monday
	}
	cal := mustCalendar(t, time.UTC, Week{time.Monday: officeDay}, holidays, nil)
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, got := range map[string]time.Time{"Add": cal.Add(start, h), "AddDays": cal.AddDays(start, 1)} {
		if got.Before(start.AddDate(5, 0, 0)) || got.After(start.AddDate(6, 0, 0)) {
			t.Errorf("%s = %v, want the search to stop about five years on", name, got)
		}
	}
}

// TestZoneName checks the zone label shown beside customer-facing times.
func TestZoneName(t *testing.T) {
	at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	newYork, _ := time.LoadLocation("America/New_York")
	for loc, want := range map[*time.Location]string{
		shanghai(t).Location(): "Asia/Shanghai (UTC+8)",
		kolkata:                "Asia/Kolkata (UTC+5:30)",
		newYork:                "America/New_York (UTC-5)",
		time.UTC:               "UTC",
	} {
		if got := Always(loc).ZoneName(at); got != want {
			t.Errorf("ZoneName in %v = %q, want %q", loc, got, want)
		}
	}
}
