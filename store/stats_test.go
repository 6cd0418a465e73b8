package store

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// TestRollupsMatchTheTickets drives random work through the store and
// checks the maintained rollups against counts over the tickets table:
// the reports read only the rollups, so they must never drift.
func TestRollupsMatchTheTickets(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		rng := rand.New(rand.NewPCG(1, 2))
		actors := []string{"ada", "sam", "bob"}
		var ids []int64
		for step := range 400 {
			advance(now, time.Duration(rng.IntN(90))*time.Minute)
			if len(ids) == 0 || rng.IntN(4) == 0 {
				sent := []string{"negative", "neutral", "positive"}[rng.IntN(3)]
				tk, err := s.CreateTicket(ctx, "bob", NewTicket{Title: "t", Channel: domain.Channels[rng.IntN(8)],
					Category: domain.Categories[rng.IntN(7)], Priority: domain.Priority(rng.IntN(3)), Sentiment: sent,
					Keywords: []string{"退款", "crash"}[:rng.IntN(3)]})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, tk.ID)
				continue
			}
			tk, _ := s.Ticket(ctx, ids[rng.IntN(len(ids))])
			actor := actors[rng.IntN(len(actors))]
			switch rng.IntN(5) {
			case 0, 1:
				targets := tk.Status.Targets()
				_, _ = s.Move(ctx, actor, tk.ID, tk.Version, targets[rng.IntN(len(targets))]) // refusals are part of the walk
			case 2:
				_, _ = s.Assign(ctx, "sam", tk.ID, tk.Version, actors[rng.IntN(len(actors))])
			case 3:
				_, _ = s.Respond(ctx, actor, tk.ID, tk.Version, "")
			case 4:
				if _, err := s.SweepSLA(ctx); err != nil {
					t.Fatal(err)
				}
			}
			_ = step
		}
		if _, err := s.SweepSLA(ctx); err != nil {
			t.Fatal(err)
		}

		one := func(q string, args ...any) int {
			var n int
			if err := s.r.QueryRow(q, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		checks := []struct {
			name           string
			rollup, actual string
		}{
			{"created", "SELECT sum(created) FROM daily_stats", "SELECT count(*) FROM tickets"},
			{"done", "SELECT sum(done) FROM daily_stats", "SELECT count(*) FROM tickets WHERE status IN ('resolved','closed')"},
			{"negative", "SELECT sum(negative) FROM daily_stats", "SELECT count(*) FROM tickets WHERE sentiment = 'negative'"},
			{"reopened", "SELECT sum(reopened) FROM daily_stats", "SELECT coalesce(sum(reopen_count), 0) FROM tickets"},
			{"res_met", "SELECT sum(res_met) FROM daily_stats", `SELECT count(*) FROM tickets t WHERE status IN ('resolved','closed')
			AND NOT EXISTS (SELECT 1 FROM sla_breaches b WHERE b.ticket_id = t.id AND b.clock = 'resolution')`},
			{"res_breached", "SELECT sum(res_breached) FROM daily_stats", "SELECT count(*) FROM sla_breaches WHERE clock = 'resolution'"},
			{"fr_breached", "SELECT sum(fr_breached) FROM daily_stats", "SELECT count(*) FROM sla_breaches WHERE clock = 'first_response'"},
			{"fr_met", "SELECT sum(fr_met) FROM daily_stats", `SELECT count(*) FROM tickets t WHERE first_response_at IS NOT NULL
			AND first_response_at <= due_first_response
			AND NOT EXISTS (SELECT 1 FROM sla_breaches b WHERE b.ticket_id = t.id AND b.clock = 'first_response')`},
			{"load", "SELECT sum(n) FROM agent_load", "SELECT count(*) FROM tickets WHERE status IN ('pending','in_progress','testing')"},
			{"keywords", "SELECT sum(n) FROM keyword_stats", "SELECT coalesce(sum(length(keywords) - length(replace(keywords, ',', '')) + CASE WHEN keywords != '' THEN 1 ELSE 0 END), 0) FROM tickets"},
		}
		for _, c := range checks {
			if r, a := one(c.rollup), one(c.actual); r != a {
				t.Errorf("%s: rollup %d, tickets %d", c.name, r, a)
			}
		}
		load, _ := s.OwnerLoads(ctx)
		for _, l := range load {
			for st, n := range l.ByStatus {
				if a := one("SELECT count(*) FROM tickets WHERE coalesce(owner, '') = ? AND status = ?", l.Agent, string(st)); a != n {
					t.Errorf("load %q %s: %d, actual %d", l.Agent, st, n, a)
				}
			}
		}

		day := s.Now().Add(-60 * 24 * time.Hour)
		rep, err := s.Report(ctx, ReportFilter{From: day, To: s.Now().Add(24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != one("SELECT count(*) FROM tickets") || rep.Done != one("SELECT count(*) FROM tickets WHERE status IN ('resolved','closed')") {
			t.Fatalf("report totals %d/%d", rep.Created, rep.Done)
		}
		open := 0
		for _, b := range rep.BacklogByAge {
			open += b.N
		}
		if open != one("SELECT count(*) FROM tickets WHERE status IN ('pending','in_progress','testing')") {
			t.Fatalf("backlog by age sums to %d", open)
		}
		if len(rep.SLA) != 3 || len(rep.ByCategory) == 0 || rep.ByCategory[0].N < rep.ByCategory[len(rep.ByCategory)-1].N {
			t.Fatalf("report shape %+v", rep.ByCategory)
		}
	})
}
