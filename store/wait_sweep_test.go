package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func TestSweepWaitsRemindsOnceThenResolves(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now := loopStore(t)
		ctx := context.Background()
		sweep := func(wantReminded, wantResolved int) {
			t.Helper()
			r, d, err := s.SweepWaits(ctx)
			if err != nil || r != wantReminded || d != wantResolved {
				t.Fatalf("sweep: %d reminded, %d resolved, %v; want %d, %d", r, d, err, wantReminded, wantResolved)
			}
		}
		silent := working(t, s, "app shows error 42", domain.Medium)
		silent, err := s.StartWait(ctx, "bob", silent.ID, silent.Version, "which app version do you run?")
		if err != nil {
			t.Fatal(err)
		}
		answers := working(t, s, "sync fails", domain.Medium)
		if answers, err = s.StartWait(ctx, "bob", answers.ID, answers.Version, "which phone?"); err != nil {
			t.Fatal(err)
		}
		advance(now, 47*time.Hour)
		sweep(0, 0)
		if _, err := s.EndWait(ctx, "bob", answers.ID, answers.Version, "phoned back: Pixel 8"); err != nil {
			t.Fatal(err)
		}
		advance(now, 2*time.Hour)
		sweep(1, 0)
		rs, err := s.Replies(ctx, silent.ID)
		if err != nil || len(rs) != 1 || rs[0].Template != "wait_reminder" || !strings.Contains(rs[0].Body, "which app version do you run?") {
			t.Fatalf("reminder %+v %v", rs, err)
		}
		if rs, _ := s.Replies(ctx, answers.ID); len(rs) != 0 {
			t.Fatalf("the customer who answered was reminded: %+v", rs)
		}
		sweep(0, 0) // once per wait

		advance(now, 5*24*time.Hour)
		sweep(0, 1)
		tk, _ := s.Ticket(ctx, silent.ID)
		if tk.Status != domain.Resolved || !strings.Contains(tk.Solution, "within 7d") || !strings.Contains(tk.Solution, "which app version") {
			t.Fatalf("after the window: %s, solution %q", tk.Status, tk.Solution)
		}
		evs, _ := s.Timeline(ctx, silent.ID)
		var expired bool
		for _, e := range evs {
			expired = expired || (e.Kind == EvWaitExpired && e.Actor == domain.SystemActor)
		}
		if !expired {
			t.Fatal("no wait_expired event by the system")
		}
		if _, ok, _ := s.Waiting(ctx, silent.ID); ok {
			t.Fatal("the resolved ticket still waits")
		}
		sweep(0, 0)
	})
}

func TestSweepWaitsFollowsTheWindows(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now := loopStore(t)
		WithWaitWindows(WaitWindows{Remind: 0, Resolve: 24 * time.Hour})(s)
		ctx := context.Background()
		tk := working(t, s, "printer jams", domain.Low)
		if _, err := s.StartWait(ctx, "bob", tk.ID, tk.Version, "which tray?"); err != nil {
			t.Fatal(err)
		}
		advance(now, 25*time.Hour)
		if r, d, err := s.SweepWaits(ctx); err != nil || r != 0 || d != 1 {
			t.Fatalf("no reminder window, resolve after a day: %d reminded, %d resolved, %v", r, d, err)
		}
	})
}

func TestDuplicateMessageEndsTheWait(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		res, err := s.Ingest(ctx, "bob", []Arrival{arrival("w1", "APP闪退")}, dupRule)
		if err != nil {
			t.Fatal(err)
		}
		tk, _ := s.Ticket(ctx, res[0].Ticket)
		if _, err := s.StartWait(ctx, "sam", tk.ID, tk.Version, "哪个版本？"); err != nil {
			t.Fatal(err)
		}
		advance(now, time.Hour)
		if res, err = s.Ingest(ctx, "bob", []Arrival{arrival("w2", "APP闪退")}, dupRule); err != nil || res[0].Outcome != IngestLinked {
			t.Fatalf("the customer's second message: %+v %v", res, err)
		}
		if _, ok, _ := s.Waiting(ctx, tk.ID); ok {
			t.Fatal("a new message from the customer did not end the wait")
		}
		evs, _ := s.Timeline(ctx, tk.ID)
		if e := evs[len(evs)-1]; e.Kind != EvWaitEnded || e.Before != "哪个版本？" || !strings.Contains(e.After, "wechat") {
			t.Fatalf("last event %+v, want the wait ended by the new message", e)
		}
	})
}

func TestReportCountsWaitingApart(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now := loopStore(t)
		ctx := context.Background()
		from := s.Now()
		a := working(t, s, "answered", domain.Medium)
		a, _ = s.StartWait(ctx, "bob", a.ID, a.Version, "which version?")
		b := working(t, s, "still waiting", domain.Medium)
		if _, err := s.StartWait(ctx, "bob", b.ID, b.Version, "which phone?"); err != nil {
			t.Fatal(err)
		}
		advance(now, 3*time.Hour)
		if _, err := s.EndWait(ctx, "bob", a.ID, a.Version, "e-mailed back"); err != nil {
			t.Fatal(err)
		}
		advance(now, time.Hour)
		r, err := s.Report(ctx, ReportFilter{From: from, To: s.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		w := r.Waiting
		if w.Waits != 2 || w.Answered != 1 || w.Open != 1 || w.Total != 7*time.Hour || w.Longest != 4*time.Hour {
			t.Fatalf("waiting %+v, want 2 waits (3h answered, 4h open)", w)
		}
		if r, _ := s.Report(ctx, ReportFilter{From: from, To: s.Now(), Channel: domain.Email}); r.Waiting.Waits != 0 {
			t.Fatalf("the channel filter let %d waits of web-form tickets through", r.Waiting.Waits)
		}
	})
}
