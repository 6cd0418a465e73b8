package sla

import (
	"math"
	"strings"
	"testing"
	"time"
)

// Edges an independent oracle found: ancient starts, targets past the
// horizon, and make-up workdays the clocks skip.

func TestBetweenSaturates(t *testing.T) {
	sh := mustLoc(t, "Asia/Shanghai")
	office := mustCalendar(t, sh, weekdays(officeDay), nil, nil)
	now := in(sh, 2026, 3, 2, 9, 30)
	max := time.Duration(math.MaxInt64)
	tests := []struct {
		name  string
		cal   *Calendar
		from  time.Time
		want  time.Duration // -1: positive and below max
		exact bool
	}{
		{"zero start, 24x7", Always(sh), time.Time{}, max, true},
		{"zero start, office hours", office, time.Time{}, max, true},
		{"year 1, office hours", office, in(sh, 1, 1, 1, 0, 0), max, true},
		{"year 1000, office hours", office, in(sh, 1000, 1, 1, 0, 0), -1, false},
		{"year 1900, office hours", office, in(sh, 1900, 1, 1, 0, 0), -1, false},
		{"one day", office, in(sh, 2026, 2, 27, 9, 30), 7*h + 30*mn, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cal.Between(tt.from, now)
			switch {
			case got < 0:
				t.Fatalf("Between = %v: negative", got)
			case tt.exact && got != tt.want:
				t.Fatalf("Between = %v, want %v", got, tt.want)
			case !tt.exact && (got == 0 || got == max):
				t.Fatalf("Between = %v, want a count below the maximum", got)
			}
		})
	}
}

func TestEvaluateSaturates(t *testing.T) {
	sh := mustLoc(t, "Asia/Shanghai")
	office := mustCalendar(t, sh, weekdays(officeDay), nil, nil)
	now := in(sh, 2026, 3, 2, 9, 30)
	ancient := in(sh, 1000, 1, 1, 0, 0)
	tests := []struct {
		name string
		cal  *Calendar
		h    History
	}{
		{"zero start", office, History{Priority: High}},
		{"zero start, 24x7", Always(sh), History{Priority: High}},
		{"ancient start", office, History{Created: ancient, Priority: Medium}},
		// Two open spans, each near the maximum on its own.
		{"reopened after centuries, 24x7", Always(sh), History{Priority: Low, Changes: []Change{
			{At: in(sh, 1000, 1, 1, 0, 0), Status: "resolved"},
			{At: in(sh, 1800, 1, 1, 0, 0), Status: "in_progress"},
		}}},
		{"reopened after centuries", office, History{Created: ancient, Priority: Low, Changes: []Change{
			{At: in(sh, 1500, 1, 1, 0, 0), Status: "resolved"},
			{At: in(sh, 1501, 1, 1, 0, 0), Status: "in_progress"},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := Evaluate(tt.h, DefaultPolicies(), tt.cal, now)
			for _, c := range cs {
				if c.State == None {
					continue
				}
				if c.Elapsed < 0 || c.Remaining > 0 || c.Used < 1 || c.State != Breached {
					t.Errorf("%v: elapsed %v remaining %v used %v state %v; want saturated and breached", c.Kind, c.Elapsed, c.Remaining, c.Used, c.State)
				}
			}
		})
	}
}

// TestMakeUpDayInDSTGap: a make-up workday whose only hours are skipped by
// the clocks has no working minute, so it is no business day.
func TestMakeUpDayInDSTGap(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	week := weekdays([]Shift{{9 * h, 17 * h}})
	// Clocks go from 02:00 to 03:00 on Sunday 8 March 2026.
	gap := mustCalendar(t, ny, week, nil, []Workday{{Date{2026, 3, 8}, []Shift{{2 * h, 3 * h}}}})
	half := mustCalendar(t, ny, week, nil, []Workday{{Date{2026, 3, 8}, []Shift{{2 * h, 3*h + 30*mn}}}})
	tests := []struct {
		name  string
		cal   *Calendar
		start time.Time
		n     int
		want  time.Time
	}{
		{"from Saturday, gap day skipped", gap, in(ny, 2026, 3, 7, 10, 0), 1, in(ny, 2026, 3, 9, 17, 0)},
		{"from Friday 10:00, gap day skipped", gap, in(ny, 2026, 3, 6, 10, 0), 1, in(ny, 2026, 3, 9, 10, 0)},
		{"two days from Friday 10:00", gap, in(ny, 2026, 3, 6, 10, 0), 2, in(ny, 2026, 3, 10, 10, 0)},
		{"from Saturday, half an hour left counts", half, in(ny, 2026, 3, 7, 10, 0), 1, in(ny, 2026, 3, 8, 3, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.AddDays(tt.start, tt.n); !got.Equal(tt.want) {
				t.Errorf("AddDays(%v, %d) = %v, want %v", tt.start, tt.n, got, tt.want)
			}
		})
	}
}

func TestTargetBeyondHorizonRefused(t *testing.T) {
	const cal = "[calendars.cn]\ntimezone = \"Asia/Shanghai\"\nmonday = [\"09:00-18:00\"]\nholidays = [2027-01-04]\n"
	tests := []struct {
		name, text string
		want       []string // each must appear in the error; none: it loads
	}{
		{"business days, default calendar", "[policies.low]\nresolution = \"2000 business days\"\n", []string{"line 2", "policies.low.resolution", "calendar default holds 1294 business days", "5-year horizon"}},
		{"business days within", "[policies.low]\nresolution = \"1294 business days\"\n", nil},
		{"business time", "[policies.medium]\n\nupdate = \"10000h business\"\n", []string{"line 3", "policies.medium.update", "calendar default holds 9712h"}},
		{"business time within", "[policies.medium]\nupdate = \"9712h business\"\n", nil},
		{"calendar time", "[policies.high]\nfirst_response = \"1900d\"\n", []string{"line 2", "policies.high.first_response", "longer than the SLA engine's 5-year horizon"}},
		{"calendar time within", "[policies.high]\nfirst_response = \"1830d\"\n", nil},
		{"category target", "[policies.low.category.pricing]\nresolution = \"300 business days\"\n" + cal, []string{"line 2", "policies.low.category.pricing.resolution", "calendar cn holds 257 business days"}},
		{"one day a week, holiday counted", cal + "[policies.low]\nresolution = \"257 business days\"\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(tt.text))
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want == nil:
				return
			case err == nil:
				t.Fatal("loaded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestHorizonCapacityIsReached: a target the configuration accepts comes
// due, from any start, before the engine stops counting.
func TestHorizonCapacityIsReached(t *testing.T) {
	sh := mustLoc(t, "Asia/Shanghai")
	cal := mustCalendar(t, sh, Week{time.Monday: {{9 * h, 18 * h}}}, []Date{{2027, 1, 4}, {2028, 1, 3}}, nil)
	days, work := cal.capacity()
	for _, start := range []time.Time{in(sh, 2026, 12, 28, 12, 0), in(sh, 2026, 12, 29, 0, 0), in(sh, 2027, 1, 3, 23, 0)} {
		end := start.AddDate(0, 0, horizonDays)
		if got := cal.AddDays(start, days); !got.Before(end) {
			t.Errorf("%d business days from %v come due at %v, past the horizon", days, start, got)
		}
		if got := cal.Add(start, work); !got.Before(end) {
			t.Errorf("%v of business time from %v comes due at %v, past the horizon", work, start, got)
		}
	}
}
