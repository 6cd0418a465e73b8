package sla

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// benchNow is the instant the benchmarks evaluate at: Wednesday 17 March
// 2027, 15:00 in Shanghai.
var benchNow = time.Date(2027, 3, 17, 7, 0, 0, 0, time.UTC)

// BenchmarkDeadline evaluates one ticket's clocks on the default calendar.
func BenchmarkDeadline(b *testing.B) {
	cfg := Default()
	for _, prio := range priorities {
		b.Run("priority="+prio, func(b *testing.B) {
			created := benchNow.Add(-50 * time.Hour)
			h := History{Created: created, Priority: prio, Category: "malfunction",
				FirstResponse: created.Add(40 * time.Minute),
				Changes:       []Change{{At: created.Add(30 * time.Minute), Status: "in_progress"}}}
			for b.Loop() {
				Evaluate(h, cfg.Policies, cfg.Calendar, benchNow)
			}
		})
	}
}

// syntheticTickets makes n open tickets created over the 15 days before
// benchNow, from a fixed seed: a mix of priorities, replies, updates, status
// changes, reopens and priority changes.
func syntheticTickets(n int) []History {
	r := rand.New(rand.NewPCG(42, 1042))
	categories := []string{"product suggestion", "service complaint", "malfunction", "usage question", "logistics", "pricing", "other"}
	changes := make([]Change, 0, 2*n)
	tickets := make([]History, n)
	for i := range tickets {
		created := benchNow.Add(-time.Duration(r.Int64N(int64(15 * 24 * time.Hour))))
		age := benchNow.Sub(created)
		at := func(share float64) time.Time { return created.Add(time.Duration(float64(age) * share)) }
		h := History{Created: created, Category: categories[r.IntN(len(categories))]}
		switch p := r.IntN(10); {
		case p < 2:
			h.Priority = High
		case p < 7:
			h.Priority = Medium
		default:
			h.Priority = Low
		}
		if r.IntN(10) < 6 {
			h.FirstResponse = at(0.1)
		}
		if r.IntN(20) == 0 {
			h.Updates = []time.Time{at(0.3), at(0.6)}
		}
		first := len(changes)
		switch k := r.IntN(10); {
		case k < 5:
			changes = append(changes, Change{At: at(0.05), Status: "in_progress"})
		case k < 6: // resolved, then reopened
			changes = append(changes, Change{At: at(0.4), Status: "resolved"}, Change{At: at(0.7), Status: "in_progress"})
		case k < 7:
			changes = append(changes, Change{At: at(0.2), Priority: High})
		}
		h.Changes = changes[first:len(changes):len(changes)]
		tickets[i] = h
	}
	return tickets
}

// BenchmarkSweep evaluates every open ticket, as a board refresh or the
// breach scanner would. ns/op is the time of one whole sweep.
func BenchmarkSweep(b *testing.B) {
	cfg := Default()
	for _, n := range []int{1_000_000} {
		b.Run(fmt.Sprintf("tickets=%d", n), func(b *testing.B) {
			tickets := syntheticTickets(n)
			sweeps, breached := 0, 0
			for b.Loop() {
				breached = 0
				for i := range tickets {
					if Nearest(Evaluate(tickets[i], cfg.Policies, cfg.Calendar, benchNow)).State == Breached {
						breached++
					}
				}
				sweeps++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(sweeps*n), "ns/ticket")
			b.ReportMetric(float64(breached)/float64(n), "breached/ticket")
		})
	}
}

// BenchmarkDeadlineAged evaluates the clocks of a ticket received two
// years before now, as an import of old feedback does for each row.
func BenchmarkDeadlineAged(b *testing.B) {
	cfg := Default()
	created := benchNow.Add(-2 * 365 * 24 * time.Hour)
	h := History{Created: created, Priority: Medium, Category: "malfunction"}
	for b.Loop() {
		Evaluate(h, cfg.Policies, cfg.Calendar, benchNow)
	}
}
