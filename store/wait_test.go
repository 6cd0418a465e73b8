package store

import (
	"context"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func TestWaitPausesResolutionClock(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now := loopStore(t)
		ctx := context.Background()
		tk := working(t, s, "app shows error 42", domain.Medium)
		_, err := s.StartWait(ctx, "cy", tk.ID, tk.Version, "which version?")
		wantErr(t, err, ErrForbidden, "belongs to bob")
		due := tk.DueResolution
		advance(now, time.Hour)
		tk, err = s.StartWait(ctx, "bob", tk.ID, tk.Version, "which app version do you run?")
		if err != nil {
			t.Fatal(err)
		}
		asked := s.Now()
		if w, ok, err := s.Waiting(ctx, tk.ID); err != nil || !ok || w.Reason != "which app version do you run?" || w.By != "bob" || !w.Since.Equal(asked) {
			t.Fatalf("waiting %+v %v %v", w, ok, err)
		}
		if tk.DueClock == "resolution" || !tk.DueResolution.Equal(due) {
			t.Fatalf("resolution clock still the nearest running one: %s, due %v (was %v)", tk.DueClock, tk.DueResolution, due)
		}
		_, err = s.StartWait(ctx, "bob", tk.ID, tk.Version, "again")
		wantErr(t, err, ErrInvalid, "already waits for the customer")

		advance(now, 26*time.Hour) // the customer calls back the next day
		tk, err = s.EndWait(ctx, "cy", tk.ID, tk.Version, "phoned back: version 5.3.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.Waiting(ctx, tk.ID); ok {
			t.Fatal("still waiting after the answer")
		}
		// The deadline moved later by exactly the paused span, counted as the
		// clock counts (business time).
		cal := s.SLA().Calendar
		if paused, moved := cal.Between(asked, s.Now()), cal.Between(due, tk.DueResolution); paused == 0 || paused != moved {
			t.Fatalf("paused %v of business time, deadline moved %v (%v → %v)", paused, moved, due, tk.DueResolution)
		}
		_, err = s.EndWait(ctx, "cy", tk.ID, tk.Version, "again")
		wantErr(t, err, ErrInvalid, "does not wait")

		// Resolving ends a wait: a reopened ticket runs again.
		tk, _ = s.StartWait(ctx, "bob", tk.ID, tk.Version, "still there?")
		tk, _, err = s.Resolve(ctx, "bob", tk.ID, tk.Version, "updated to 5.3.2")
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.Waiting(ctx, tk.ID); ok {
			t.Fatal("a resolved ticket still waits")
		}
		_, err = s.StartWait(ctx, "bob", tk.ID, tk.Version, "?")
		wantErr(t, err, ErrInvalid, "only open tickets wait")
	})
}
