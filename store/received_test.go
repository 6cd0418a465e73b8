package store

import (
	"context"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/sla"
)

// TestClocksStartAtReceived: a hotline call from 5 hours ago with a 2-hour
// first-response target arrives breached, is swept once and escalated.
func TestClocksStartAtReceived(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _, _ := slaStore(t)
		ctx := context.Background()
		received := s.Now().Add(-5 * time.Hour)
		tk, err := s.CreateTicket(ctx, "bob", NewTicket{Title: "打不开", Channel: domain.Hotline, Priority: domain.High, ReceivedAt: received})
		if err != nil {
			t.Fatal(err)
		}
		if tk.DueClock != "first_response" || !tk.Due.Equal(received.Add(2*time.Hour)) {
			t.Fatalf("due %v (%s), want 2h after received %v", tk.Due, tk.DueClock, received)
		}
		if d := s.DeadlineOf(tk, s.Now()); d.State != sla.Breached {
			t.Fatalf("deadline %+v, want breached on arrival", d)
		}
		if n, err := s.SweepSLA(ctx); err != nil || n != 1 {
			t.Fatalf("sweep recorded %d, %v; want 1", n, err)
		}
		if n, _ := s.SweepSLA(ctx); n != 0 {
			t.Fatalf("second sweep recorded %d more", n)
		}
		if q, _ := s.Escalations(ctx, 10); len(q) != 1 || q[0].ID != tk.ID {
			t.Fatalf("escalation queue %+v", q)
		}
	})
}

// TestHistoryCountsInItsOwnDays: tickets received on 2–3 November and
// loaded on the 20th count in the reports of 2–3 November (received,
// resolved on the day it happened, a late first response as breached),
// and not in the report of the 20th.
func TestHistoryCountsInItsOwnDays(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		loc := s.sla.Calendar.Location()
		nov := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, loc) }
		now.Store(nov(20, 10).UnixMilli())
		err := s.LoadHistoric(ctx, "ada", []Historic{
			{ // answered late (2h target, answered after 5h), resolved the next day
				NewTicket: NewTicket{ExternalID: "z-1", Title: "扣款失败", Channel: domain.Hotline, Priority: domain.High,
					Category: domain.Malfunction, Owner: "bob", ReceivedAt: nov(2, 10)},
				CreatedAt: nov(2, 10), FirstResponse: nov(2, 15),
				Steps: []Step{{At: nov(2, 16), Actor: "bob", To: domain.InProgress}, {At: nov(3, 9), Actor: "bob", To: domain.Resolved}},
			},
			{ // received on the 3rd, still open
				NewTicket: NewTicket{ExternalID: "z-2", Title: "建议增加夜间模式", Channel: domain.AppStore, Priority: domain.Low,
					Category: domain.Suggestion, ReceivedAt: nov(3, 11)},
				CreatedAt: nov(3, 11),
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.Report(ctx, ReportFilter{From: nov(2, 0), To: nov(4, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if r.Created != 2 || r.Resolved != 1 || r.Done != 1 {
			t.Fatalf("2–3 Nov: created %d resolved %d done %d; want 2, 1, 1", r.Created, r.Resolved, r.Done)
		}
		if len(r.Daily) != 2 || r.Daily[0].Created != 1 || r.Daily[0].Resolved != 0 || r.Daily[1].Created != 1 || r.Daily[1].Resolved != 1 {
			t.Fatalf("daily %+v", r.Daily)
		}
		var high SLARow
		for _, row := range r.SLA {
			if row.Priority == domain.High {
				high = row
			}
		}
		if high.FirstBreached != 1 || high.FirstMet != 0 || high.ResolveMet != 1 {
			t.Fatalf("high SLA %+v: want the late answer breached, the resolution met", high)
		}
		today, err := s.Report(ctx, ReportFilter{From: nov(20, 0), To: nov(21, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if today.Created != 0 || today.Resolved != 0 {
			t.Fatalf("the day of the import counts created %d resolved %d", today.Created, today.Resolved)
		}
		// The finished ticket's missed clock is on its timeline at the time it
		// was missed, and the escalation queue is not flooded with old work.
		tk, err := s.TicketByKey(ctx, "FB-1001")
		if err != nil {
			t.Fatal(err)
		}
		events, err := s.Timeline(ctx, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range events {
			if e.Kind == domain.EvBreached && e.Field == "first_response" && e.At.Equal(nov(2, 12)) {
				found = true
			}
		}
		if !found {
			t.Errorf("no first_response breach at 12:00 on 2 Nov in %+v", events)
		}
		if !tk.FirstResponseAt.Equal(nov(2, 15)) {
			t.Errorf("first response %v", tk.FirstResponseAt)
		}
		// The open one is swept (low: 48 h to answer, long gone) and escalated.
		if n, err := s.SweepSLA(ctx); err != nil || n == 0 {
			t.Fatalf("sweep %d, %v", n, err)
		}
		if q, _ := s.Escalations(ctx, 10); len(q) != 1 || q[0].ExternalID != "z-2" {
			t.Fatalf("escalations %+v", q)
		}
	})
}
