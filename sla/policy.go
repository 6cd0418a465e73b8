package sla

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// The priorities a policy can be set for.
const (
	High   = "high"
	Medium = "medium"
	Low    = "low"
)

// priorities lists the known priorities, most urgent first.
var priorities = []string{High, Medium, Low}

// DefaultAtRisk is the share of a target after which a running clock is at
// risk.
const DefaultAtRisk = 0.75

// Target is how long a clock may run. It counts in one of three units:
//
//   - calendar time (Business false): Duration of elapsed time, nights and
//     weekends included — "acknowledge within 2 hours";
//   - business time (Business true): Duration of working time on the
//     calendar — "8 working hours";
//   - business days (Days > 0): Days whole working days, due at the same
//     point of the working day Days working days later (see
//     Calendar.AddDays) — "resolve within 5 business days". Days counts
//     working days rather than Days × a day's hours so that short days,
//     such as a half-day make-up workday, still count as one day.
//
// Days, when set, takes precedence over Duration. The zero Target means no
// target: the clock does not run.
type Target struct {
	Duration time.Duration
	Business bool
	Days     int
}

// IsZero reports whether the target is unset.
func (t Target) IsZero() bool { return t.Days <= 0 && t.Duration <= 0 }

// String formats the target the way the configuration file writes it:
// "2h", "8h business", "5 business days" or "none".
func (t Target) String() string {
	switch {
	case t.Days == 1:
		return "1 business day"
	case t.Days > 0:
		return fmt.Sprintf("%d business days", t.Days)
	case t.Duration <= 0:
		return "none"
	case t.Business:
		return durationText(t.Duration) + " business"
	}
	return durationText(t.Duration)
}

// durationText writes d with whole units only: "2h", "1h30m", "48h"; a
// whole number of days from three on is written in days, "10d".
func durationText(d time.Duration) string {
	const day = 24 * time.Hour
	if d >= 3*day && d%day == 0 {
		return fmt.Sprintf("%dd", d/day)
	}
	var b strings.Builder
	for _, u := range []struct {
		size time.Duration
		unit string
	}{{time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if q := d / u.size; q > 0 {
			fmt.Fprintf(&b, "%d%s", q, u.unit)
			d -= q * u.size
		}
	}
	if d > 0 || b.Len() == 0 {
		b.WriteString(d.String())
	}
	return b.String()
}

// parseTarget reads a target written as "2h", "1h30m", "2d", "16h business",
// "5 business days", "1 business day" or "none".
func parseTarget(s string) (Target, error) {
	f := strings.Fields(strings.ToLower(s))
	switch {
	case len(f) == 1 && (f[0] == "none" || f[0] == "0"):
		return Target{}, nil
	case len(f) == 1:
		d, err := ParseDuration(f[0])
		return Target{Duration: d}, err
	case len(f) == 2 && f[1] == "business":
		d, err := ParseDuration(f[0])
		return Target{Duration: d, Business: true}, err
	case len(f) == 3 && f[1] == "business" && (f[2] == "days" || f[2] == "day"):
		n, ok := wholeNumber(f[0])
		if !ok || n == 0 {
			return Target{}, fmt.Errorf("target %q: %q is not a positive whole number of days", s, f[0])
		}
		return Target{Days: n}, nil
	}
	return Target{}, fmt.Errorf(`target %q: want a duration ("2h", "1h30m", "2d"), "<duration> business", "<n> business days" or "none"`, s)
}

// ParseDuration is time.ParseDuration plus a leading whole-days part ("2d",
// "1d12h"), refusing negative and zero values.
func ParseDuration(s string) (time.Duration, error) {
	rest := s
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		n, ok := wholeNumber(s[:i])
		if !ok {
			return 0, fmt.Errorf("duration %q: bad day count", s)
		}
		days = time.Duration(n) * 24 * time.Hour
		rest = s[i+1:]
	}
	var d time.Duration
	if rest != "" {
		var err error
		if d, err = time.ParseDuration(rest); err != nil {
			return 0, fmt.Errorf("duration %q: %w", s, err)
		}
	}
	switch {
	case strings.HasPrefix(s, "-") || d < 0:
		return 0, fmt.Errorf("duration %q: negative", s)
	case d > math.MaxInt64-days:
		return 0, fmt.Errorf("duration %q: too long", s)
	case days+d == 0:
		return 0, fmt.Errorf(`duration %q: zero (write "none" for no target)`, s)
	}
	return days + d, nil
}

// wholeNumber parses a non-negative integer of at most four digits: enough
// for any target, and 9999 days still fit a Duration.
func wholeNumber(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// Policy holds the targets of one priority (optionally narrowed to one
// category). Update is the cadence of progress updates or workarounds; zero
// means the ticket needs none.
type Policy struct {
	FirstResponse Target
	Update        Target
	Resolution    Target
}

// PolicyKey names a per-category override.
type PolicyKey struct {
	Priority string
	Category string
}

// Policies is the set of policies in force. Keys are lower case; Lookup
// normalizes its arguments to match.
type Policies struct {
	// ByPriority holds the policy of each priority.
	ByPriority map[string]Policy
	// ByCategory holds overrides for a priority within one category.
	ByCategory map[PolicyKey]Policy
	// AtRisk is the share of a target (0–1] after which a running clock is
	// at risk; zero means DefaultAtRisk.
	AtRisk float64
}

// DefaultPolicies returns the built-in policies, from the feedback-handling
// guidelines the product follows:
//
//	high    acknowledge 2h,  progress update every 24h, resolve 24h
//	medium  acknowledge 24h, no update cadence,        resolve 5 business days
//	low     acknowledge 48h, no update cadence,        resolve 10 business days
//
// Hour targets count calendar time: a high-priority ticket raised at 17:55 on
// a Friday is acknowledged within two hours, not on Monday morning. Day
// targets count business days on the active calendar.
func DefaultPolicies() Policies {
	return Policies{
		ByPriority: map[string]Policy{
			High: {
				FirstResponse: Target{Duration: 2 * time.Hour},
				Update:        Target{Duration: 24 * time.Hour},
				Resolution:    Target{Duration: 24 * time.Hour},
			},
			Medium: {
				FirstResponse: Target{Duration: 24 * time.Hour},
				Resolution:    Target{Days: 5},
			},
			Low: {
				FirstResponse: Target{Duration: 48 * time.Hour},
				Resolution:    Target{Days: 10},
			},
		},
		AtRisk: DefaultAtRisk,
	}
}

// Lookup returns the policy for a priority and category: the category
// override if there is one, else the priority's policy. An unknown priority
// gets the zero Policy, under which no clock runs.
func (p Policies) Lookup(priority, category string) Policy {
	priority, category = normalizeName(priority), normalizeName(category)
	if pol, ok := p.ByCategory[PolicyKey{priority, category}]; ok {
		return pol
	}
	return p.ByPriority[priority]
}

// threshold returns the at-risk share in force.
func (p Policies) threshold() float64 {
	if p.AtRisk > 0 {
		return p.AtRisk
	}
	return DefaultAtRisk
}

func normalizeName(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
