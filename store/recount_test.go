package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// receivedDayRollups is every rollup count kept by the day received, one
// line per row and keyword, for comparing two states.
func receivedDayRollups(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	rows, err := s.r.Query(`SELECT day, channel, category, priority, team, created, negative, positive, done,
		fr_met, fr_breached, res_met, res_breached FROM daily_stats
		WHERE created + negative + positive + done + fr_met + fr_breached + res_met + res_breached > 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var day, prio, c, n, p, d, fm, fb, rm, rb int64
		var ch, cat, team string
		if err := rows.Scan(&day, &ch, &cat, &prio, &team, &c, &n, &p, &d, &fm, &fb, &rm, &rb); err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprint(day, ch, cat, prio, team, c, n, p, d, fm, fb, rm, rb)] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	krows, err := s.r.Query("SELECT day, keyword, n FROM keyword_stats WHERE n > 0")
	if err != nil {
		t.Fatal(err)
	}
	defer krows.Close()
	for krows.Next() {
		var day, n int64
		var k string
		if err := krows.Scan(&day, &k, &n); err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprint("kw", day, k, n)] = true
	}
	if err := krows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRecountMatchesTheMaintainedRollups: random work on tickets received
// over past days; recounting from the tickets gives exactly the rollups the
// store maintained, so the one-time recount of an old desk is the count a
// new desk keeps.
func TestRecountMatchesTheMaintainedRollups(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		rng := rand.New(rand.NewPCG(3, 4))
		var ids []int64
		for range 300 {
			advance(now, time.Duration(rng.IntN(90))*time.Minute)
			if len(ids) == 0 || rng.IntN(3) == 0 {
				tk, err := s.CreateTicket(ctx, "bob", NewTicket{Title: "t", Channel: domain.Channels[rng.IntN(8)],
					Category: domain.Categories[rng.IntN(7)], Priority: domain.Priority(rng.IntN(3)),
					Sentiment: []string{"negative", "neutral", "positive"}[rng.IntN(3)], Keywords: []string{"退款", "crash"}[:rng.IntN(3)],
					ReceivedAt: s.Now().Add(-time.Duration(rng.IntN(5*24)) * time.Hour)})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, tk.ID)
				continue
			}
			tk, _ := s.Ticket(ctx, ids[rng.IntN(len(ids))])
			switch rng.IntN(5) {
			case 4: // ada is an admin: her solutions need no approval
				_, _, _ = s.Resolve(ctx, "ada", tk.ID, tk.Version, "fixed")
			case 0, 1:
				targets := tk.Status.Targets()
				_, _ = s.Move(ctx, "ada", tk.ID, tk.Version, targets[rng.IntN(len(targets))])
			case 2:
				_, _ = s.Respond(ctx, "ada", tk.ID, tk.Version, "")
			case 3:
				if _, err := s.SweepSLA(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}
		maintained := receivedDayRollups(t, s)
		var days, frMet, frBreached, resMet, resBreached, done int
		if err := s.r.QueryRow(`SELECT count(DISTINCT day), sum(fr_met), sum(fr_breached), sum(res_met), sum(res_breached), sum(done)
		FROM daily_stats`).Scan(&days, &frMet, &frBreached, &resMet, &resBreached, &done); err != nil {
			t.Fatal(err)
		}
		if days < 5 || frMet == 0 || frBreached == 0 || resMet == 0 || resBreached == 0 || done == 0 {
			t.Fatalf("the walk left too little to compare: %d days, fr %d/%d, res %d/%d, done %d",
				days, frMet, frBreached, resMet, resBreached, done)
		}
		if err := s.RecountReceived(ctx); err != nil {
			t.Fatal(err)
		}
		recounted := receivedDayRollups(t, s)
		for k := range maintained {
			if !recounted[k] {
				t.Errorf("maintained %s, not recounted", k)
			}
		}
		for k := range recounted {
			if !maintained[k] {
				t.Errorf("recounted %s, not maintained", k)
			}
		}
	})
}

// TestOldDeskRecountedOnOpen: a desk whose rollups counted its tickets on
// the day they were created (imported), as before received_at counted, is
// recounted by day received when it is next opened after migration 0014.
func TestOldDeskRecountedOnOpen(t *testing.T) {
	s, _, path := slaStore(t)
	ctx := context.Background()
	received := s.Now().AddDate(0, 0, -20)
	var ids []int64
	for i := range 3 {
		tk, err := s.CreateTicket(ctx, "bob", NewTicket{Title: fmt.Sprint("old ", i), Channel: domain.Email,
			Keywords: []string{"退款"}, ReceivedAt: received})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	// The counts as the old code kept them: on the day of creation.
	err := s.write(ctx, func(tx *wtx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM daily_stats; DELETE FROM keyword_stats"); err != nil {
			return err
		}
		for _, id := range ids {
			tk, err := scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketCols+" FROM tickets WHERE id = ?", id))
			if err != nil {
				return err
			}
			tk.ReceivedAt = tk.CreatedAt
			if err := s.statsCreated(ctx, tx, tk); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO rollup_recount (reason) VALUES ('received_day')")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	day := func(s *Store, from time.Time) Report {
		t.Helper()
		r, err := s.Report(ctx, ReportFilter{From: from, To: from.AddDate(0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := day(s, received); r.Created != 0 {
		t.Fatalf("the old counts already by day received: %d", r.Created)
	}
	s.Close()

	s2, err := Open(ctx, path, WithClock(s.now))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	start := s2.dayStart(s2.dayOf(received))
	if r := day(s2, start); r.Created != 3 || len(r.Keywords) != 1 || r.Keywords[0].N != 3 {
		t.Fatalf("received day after the recount: %d received, keywords %+v", r.Created, r.Keywords)
	}
	if r := day(s2, s2.dayStart(s2.dayOf(s2.Now()))); r.Created != 0 {
		t.Fatalf("created day after the recount: %d received", r.Created)
	}
	var pending int
	if err := s2.r.QueryRow("SELECT count(*) FROM rollup_recount").Scan(&pending); err != nil || pending != 0 {
		t.Fatalf("recount still pending: %d %v", pending, err)
	}
}
