package sla

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/table"
)

// Describe writes the calendars and policies in force, for people: it backs
// `loopdesk sla show`.
func (c *Config) Describe(w io.Writer) error {
	var b bytes.Buffer
	names := slices.Sorted(maps.Keys(c.Calendars))
	slices.SortStableFunc(names, func(a, b string) int { // active first
		return cmp.Compare(boolRank(c.Calendars[b] == c.Calendar), boolRank(c.Calendars[a] == c.Calendar))
	})
	for _, name := range names {
		cal := c.Calendars[name]
		active := ""
		if cal == c.Calendar {
			active = " (active)"
		}
		fmt.Fprintf(&b, "calendar %s%s\n", name, active)
		describeCalendar(&b, cal)
		b.WriteByte('\n')
	}
	describePolicies(&b, c.Policies)
	_, err := w.Write(b.Bytes())
	return err
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// mondayFirst is the order weekdays are listed in.
var mondayFirst = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

func describeCalendar(b *bytes.Buffer, cal *Calendar) {
	fmt.Fprintf(b, "  %-10s %s\n", "time zone", cal.loc)
	// Runs of consecutive weekdays with the same hours share a line.
	for i := 0; i < len(mondayFirst); {
		j := i + 1
		for j < len(mondayFirst) && slices.Equal(cal.week[mondayFirst[j]].shifts, cal.week[mondayFirst[i]].shifts) {
			j++
		}
		days := weekdayAbbr(mondayFirst[i])
		if j-i > 1 {
			days += "-" + weekdayAbbr(mondayFirst[j-1])
		}
		fmt.Fprintf(b, "  %-10s %s\n", days, planText(cal.week[mondayFirst[i]]))
		i = j
	}
	fmt.Fprintf(b, "  %-10s %s\n", "holidays", countText(len(cal.holidays)))
	for i := 0; i < len(cal.holidays); i += 6 {
		var row []string
		for _, d := range cal.holidays[i:min(i+6, len(cal.holidays))] {
			row = append(row, d.String())
		}
		fmt.Fprintf(b, "  %-10s %s\n", "", strings.Join(row, " "))
	}
	fmt.Fprintf(b, "  %-10s %s\n", "workdays", countText(len(cal.workdays)))
	for _, w := range cal.workdays {
		wd := time.Date(w.Date.Year, w.Date.Month, w.Date.Day, 0, 0, 0, 0, time.UTC).Weekday()
		fmt.Fprintf(b, "  %-10s %s %s  %s\n", "", w.Date, weekdayAbbr(wd), planText(planOf(w.Shifts)))
	}
}

func weekdayAbbr(wd time.Weekday) string { return wd.String()[:3] }

func countText(n int) string {
	if n == 0 {
		return "none"
	}
	return fmt.Sprint(n)
}

// planText writes a day's hours: "09:00-12:00 13:30-18:00 (7h30m)".
func planText(p dayPlan) string {
	if len(p.shifts) == 0 {
		return "closed"
	}
	var parts []string
	for _, s := range p.shifts {
		parts = append(parts, s.String())
	}
	return strings.Join(parts, " ") + " (" + durationText(p.length) + ")"
}

func describePolicies(b *bytes.Buffer, p Policies) {
	fmt.Fprintf(b, "policies (at risk from %g%% of a target used)\n", p.threshold()*100)
	tw := table.New(b)
	fmt.Fprintln(tw, "  PRIORITY\tCATEGORY\tFIRST RESPONSE\tUPDATE\tRESOLUTION")
	row := func(prio, category string, pol Policy) {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", prio, category, pol.FirstResponse, pol.Update, pol.Resolution)
	}
	order := func(a, b string) int {
		ia, ib := slices.Index(priorities, a), slices.Index(priorities, b)
		if ia < 0 {
			ia = len(priorities)
		}
		if ib < 0 {
			ib = len(priorities)
		}
		return cmp.Or(cmp.Compare(ia, ib), cmp.Compare(a, b))
	}
	for _, prio := range slices.SortedFunc(maps.Keys(p.ByPriority), order) {
		row(prio, "(any)", p.ByPriority[prio])
	}
	keys := slices.SortedFunc(maps.Keys(p.ByCategory), func(a, b PolicyKey) int {
		return cmp.Or(order(a.Priority, b.Priority), cmp.Compare(a.Category, b.Category))
	})
	for _, k := range keys {
		row(k.Priority, k.Category, p.ByCategory[k])
	}
	tw.Flush()
}
