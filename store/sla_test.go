package store

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/sla"
)

// slaStore opens a desk whose clock the test moves.
func slaStore(t *testing.T) (*Store, *atomic.Int64, string) {
	t.Helper()
	ctx := context.Background()
	var now atomic.Int64
	now.Store(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC).UnixMilli()) // a Monday
	clock := func() time.Time { return time.UnixMilli(now.Load()) }
	path := testDB(t)
	s, err := Open(ctx, path, WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	for _, a := range []domain.Agent{{Name: "bob", Role: domain.RoleAgent}, {Name: "sam", Role: domain.RoleSupervisor}} {
		if err := s.AddAgent(ctx, "ada", a); err != nil {
			t.Fatal(err)
		}
	}
	return s, &now, path
}

func advance(now *atomic.Int64, d time.Duration) { now.Add(d.Milliseconds()) }

func TestBreachRecordedOnceAndEscalated(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, path := slaStore(t)
		ctx := context.Background()
		tk, err := s.CreateTicket(ctx, "bob", NewTicket{Title: "支付失败", Channel: domain.Hotline, Priority: domain.High})
		if err != nil {
			t.Fatal(err)
		}
		created := s.Now()
		if tk.DueClock != "first_response" || !tk.Due.Equal(created.Add(2*time.Hour)) {
			t.Fatalf("high priority: due %v (%s), want 2h after creation", tk.Due, tk.DueClock)
		}
		if d := s.DeadlineOf(tk, s.Now()); d.State != sla.OK || d.Remaining != 2*time.Hour {
			t.Fatalf("deadline now %+v", d)
		}
		advance(now, 100*time.Minute) // 83 % used
		if d := s.DeadlineOf(tk, s.Now()); d.State != sla.AtRisk {
			t.Fatalf("at 83%% want at risk, got %+v", d)
		}
		risky, _ := s.Page(ctx, PageQuery{Status: domain.Pending, Filter: Filter{AtRisk: true}})
		if len(risky) != 1 {
			t.Fatalf("at-risk filter found %d", len(risky))
		}
		if n, err := s.SweepSLA(ctx); err != nil || n != 0 {
			t.Fatalf("sweep before the deadline recorded %d, %v", n, err)
		}
		advance(now, 30*time.Minute)
		if n, err := s.SweepSLA(ctx); err != nil || n != 1 {
			t.Fatalf("sweep after the deadline: %d, %v", n, err)
		}
		// Another process sweeping the same file, and a second sweep here: nothing new.
		other, err := Open(ctx, path, WithClock(s.now))
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		for _, st := range []*Store{s, other} {
			if n, err := st.SweepSLA(ctx); err != nil || n != 0 {
				t.Fatalf("repeat sweep recorded %d, %v", n, err)
			}
		}
		tk, _ = s.Ticket(ctx, tk.ID)
		if !tk.Escalated || s.DeadlineOf(tk, s.Now()).State != sla.Breached || s.DeadlineOf(tk, s.Now()).Short() != "-10m" {
			t.Fatalf("after breach: %+v %+v", tk.Escalated, s.DeadlineOf(tk, s.Now()))
		}
		evs, _ := s.Timeline(ctx, tk.ID)
		breaches := 0
		for _, e := range evs {
			if e.Kind == domain.EvBreached {
				breaches++
				if e.Actor != domain.SystemActor || e.Field != "first_response" {
					t.Fatalf("breach event %+v", e)
				}
			}
		}
		if breaches != 1 {
			t.Fatalf("%d breach events", breaches)
		}
		queue, _ := s.Escalations(ctx, 10)
		if len(queue) != 1 {
			t.Fatalf("escalation queue %d", len(queue))
		}
		if _, err := s.AcknowledgeEscalation(ctx, "bob", tk.ID, tk.Version); !errors.Is(err, ErrForbidden) {
			t.Fatalf("agent acknowledged escalation: %v", err)
		}
		if tk, err = s.AcknowledgeEscalation(ctx, "sam", tk.ID, tk.Version); err != nil || tk.Escalated {
			t.Fatalf("ack: %v", err)
		}
		day := created.Truncate(24 * time.Hour)
		att, err := s.SLAAttainment(ctx, day, day.Add(24*time.Hour))
		if err != nil || len(att) != 2 || att[0].Breached != 1 || att[1].Open != 1 {
			t.Fatalf("attainment %+v %v", att, err)
		}
	})
}

func TestResponseStopsFirstResponseClock(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		tk, _ := s.CreateTicket(ctx, "bob", NewTicket{Title: "crash", Channel: domain.AppStore, Priority: domain.High})
		advance(now, time.Hour)
		tk, _ = s.Move(ctx, "bob", tk.ID, tk.Version, domain.InProgress)
		tk, err := s.Respond(ctx, "bob", tk.ID, tk.Version, "called the customer")
		if err != nil {
			t.Fatal(err)
		}
		if tk.FirstResponseAt.IsZero() || tk.DueClock == "first_response" {
			t.Fatalf("first response not stopped: %+v", tk)
		}
		clocks, _ := s.Clocks(ctx, tk)
		if clocks[sla.FirstResponse].State != sla.Met {
			t.Fatalf("first response clock %v", clocks[sla.FirstResponse].State)
		}
		advance(now, 3*time.Hour)
		if n, _ := s.SweepSLA(ctx); n != 0 {
			t.Fatalf("met clock breached: %d", n)
		}
	})
}

func TestPriorityChangeRecomputesFromHistory(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		tk, _ := s.CreateTicket(ctx, "bob", NewTicket{Title: "slow", Channel: domain.Email, Priority: domain.Low})
		created := s.Now()
		advance(now, time.Hour)
		hi := domain.High
		tk, err := s.Update(ctx, "sam", tk.ID, tk.Version, Patch{Priority: &hi})
		if err != nil {
			t.Fatal(err)
		}
		if !tk.DueFirstResponse.Equal(created.Add(2 * time.Hour)) {
			t.Fatalf("raised to high: first response due %v, want creation + 2h = %v", tk.DueFirstResponse, created.Add(2*time.Hour))
		}
	})
}

func TestPauseWhileResolvedAndReopen(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		tk, _ := s.CreateTicket(ctx, "bob", NewTicket{Title: "refund", Channel: domain.Email, Priority: domain.High})
		tk, _ = s.Move(ctx, "bob", tk.ID, tk.Version, domain.InProgress)
		tk, _ = s.Respond(ctx, "bob", tk.ID, tk.Version, "")
		before := tk.DueResolution
		advance(now, 2*time.Hour)
		// High priority: a supervisor's own resolve needs no further approval.
		tk, _, _ = s.Resolve(ctx, "sam", tk.ID, tk.Version, "refunded")
		advance(now, 48*time.Hour) // waiting on the customer: paused
		if n, _ := s.SweepSLA(ctx); n != 0 {
			t.Fatalf("paused clock breached (%d)", n)
		}
		tk, _ = s.Ticket(ctx, tk.ID)
		tk, err := s.Move(ctx, "bob", tk.ID, tk.Version, domain.InProgress)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := tk.DueResolution, before.Add(48*time.Hour); !got.Equal(want) {
			t.Fatalf("after reopen resolution due %v, want %v (moved by the paused span)", got, want)
		}
	})
}

func TestSortByDue(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		low, _ := s.CreateTicket(ctx, "bob", NewTicket{Title: "low", Channel: domain.Email, Priority: domain.Low})
		advance(now, time.Minute)
		high, _ := s.CreateTicket(ctx, "bob", NewTicket{Title: "high", Channel: domain.Email, Priority: domain.High})
		med, _ := s.CreateTicket(ctx, "bob", NewTicket{Title: "med", Channel: domain.Email, Priority: domain.Medium})
		page, _ := s.Page(ctx, PageQuery{Status: domain.Pending, ByDue: true, Limit: 10})
		if len(page) != 3 || page[0].ID != high.ID || page[1].ID != med.ID || page[2].ID != low.ID {
			t.Fatalf("by due: %v %v %v", page[0].Title, page[1].Title, page[2].Title)
		}
		c := CursorOf(page[0])
		rest, _ := s.Page(ctx, PageQuery{Status: domain.Pending, ByDue: true, Cursor: &c, Dir: After, Limit: 10})
		if len(rest) != 2 || rest[0].ID != med.ID {
			t.Fatalf("after cursor: %+v", rest)
		}
		c = CursorOf(page[2])
		up, _ := s.Page(ctx, PageQuery{Status: domain.Pending, ByDue: true, Cursor: &c, Dir: Before, Limit: 1})
		if len(up) != 1 || up[0].ID != med.ID {
			t.Fatalf("before cursor: %+v", up)
		}
	})
}

func TestHistoricBreachIsSweptOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _, _ := slaStore(t)
		ctx := context.Background()
		// A ticket imported with its past: received three days ago, never answered.
		err := s.LoadHistoric(ctx, "ada", []Historic{{
			NewTicket: NewTicket{Title: "old", Channel: domain.Email, Priority: domain.High},
			CreatedAt: s.Now().Add(-72 * time.Hour),
		}})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := s.SweepSLA(ctx); err != nil || n == 0 {
			t.Fatalf("historic breaches recorded: %d, %v", n, err)
		}
		if n, _ := s.SweepSLA(ctx); n != 0 {
			t.Fatalf("second sweep recorded %d more", n)
		}
		if q, _ := s.Escalations(ctx, 10); len(q) != 1 {
			t.Fatalf("escalation queue has %d", len(q))
		}
	})
}
