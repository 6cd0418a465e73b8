package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func TestScoreSatisfiedCloses(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := resolved(t, s, "wifi drops")
		tk, err := s.Score(ctx, "bob", tk.ID, tk.Version, Scores{Timeliness: 5, Effectiveness: 4, Attitude: 5, Overall: 4, Comment: "thanks"})
		if err != nil || tk.Status != domain.Closed || tk.Solution != "replaced the router" || tk.ClosedAt.IsZero() {
			t.Fatalf("satisfied: %+v %v", tk, err)
		}
		if fu, _ := s.FollowUps(ctx, true, 10); len(fu) != 0 {
			t.Fatalf("follow-up for a happy customer: %+v", fu)
		}
		sat, _ := s.SatisfactionOf(ctx, tk.ID)
		if len(sat) != 1 || sat[0].Source != SourceAgent || sat[0].RecordedBy != "bob" || sat[0].Comment != "thanks" {
			t.Fatalf("satisfaction %+v", sat)
		}
	})
}

func TestScoreNotSatisfiedReopensAndEscalates(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := resolved(t, s, "wifi drops")
		tk, err := s.Score(ctx, "bob", tk.ID, tk.Version, Scores{Timeliness: 4, Effectiveness: 1, Attitude: 4, Overall: 2, Comment: "still drops"})
		if err != nil || tk.Status != domain.InProgress || tk.ReopenCount != 1 || !tk.ResolvedAt.IsZero() {
			t.Fatalf("not satisfied: %+v %v", tk, err)
		}
		if tk.Escalated {
			t.Fatal("the SLA's escalated flag was used for a low score")
		}
		fu, _ := s.FollowUps(ctx, true, 10)
		if len(fu) != 1 || fu[0].Reason != FollowUpNotSatisfied || fu[0].Detail != "effectiveness 1, overall 2: still drops" || fu[0].Owner != "bob" {
			t.Fatalf("follow-ups %+v", fu)
		}
		if got := kinds(t, s, tk.ID); !strings.HasSuffix(got, "scored:satisfaction reopened:status follow_up:not_satisfied") {
			t.Fatalf("timeline %s", got)
		}
		wantErr(t, s.CloseFollowUp(ctx, "bob", fu[0].ID, "called back"), ErrForbidden, "supervisor")
		if err := s.CloseFollowUp(ctx, "sam", fu[0].ID, "called back, engineer sent"); err != nil {
			t.Fatal(err)
		}
		if open, _ := s.FollowUps(ctx, true, 10); len(open) != 0 {
			t.Fatalf("still open: %+v", open)
		}
		if all, _ := s.FollowUps(ctx, false, 10); len(all) != 1 || all[0].DoneBy != "sam" || all[0].Note != "called back, engineer sent" {
			t.Fatalf("closed follow-up %+v", all)
		}
		wantErr(t, s.CloseFollowUp(ctx, "sam", fu[0].ID, ""), ErrNotFound, "open follow-up")
	})
}

func TestAnyLowScoreIsFollowedUp(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := resolved(t, s, "rude courier")
		tk, err := s.Score(ctx, "bob", tk.ID, tk.Version, Scores{Timeliness: 5, Effectiveness: 5, Attitude: 3, Overall: 4})
		if err != nil || tk.Status != domain.Closed {
			t.Fatalf("satisfied overall: %+v %v", tk, err)
		}
		fu, _ := s.FollowUps(ctx, true, 10)
		if len(fu) != 1 || fu[0].Reason != FollowUpLowScore || fu[0].Detail != "attitude 3" {
			t.Fatalf("follow-ups %+v", fu)
		}
	})
}

func TestScoreRules(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		open := working(t, s, "open", domain.Low)
		ok := Scores{Timeliness: 5, Effectiveness: 5, Attitude: 5, Overall: 5}
		_, err := s.Score(ctx, "bob", open.ID, open.Version, ok)
		wantErr(t, err, ErrInvalid, "only a resolved or closed ticket is scored")
		tk := resolved(t, s, "done")
		_, err = s.Score(ctx, "cy", tk.ID, tk.Version, ok)
		wantErr(t, err, ErrForbidden, "belongs to bob")
		bad := ok
		bad.Attitude = 6
		_, err = s.Score(ctx, "bob", tk.ID, tk.Version, bad)
		wantErr(t, err, ErrInvalid, "attitude: 6, want 1 to 5")
		bad = ok
		bad.Source = "email"
		_, err = s.Score(ctx, "bob", tk.ID, tk.Version, bad)
		wantErr(t, err, ErrInvalid, "source")
		bad = ok
		bad.Comment = strings.Repeat("好", MaxCommentRunes+1)
		_, err = s.Score(ctx, "bob", tk.ID, tk.Version, bad)
		wantErr(t, err, ErrInvalid, "comment")
	})
}

func TestReopenWithReason(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := resolved(t, s, "printer jam")
		_, err := s.Reopen(ctx, "bob", tk.ID, tk.Version, "")
		wantErr(t, err, ErrInvalid, "reason")
		tk, err = s.Reopen(ctx, "bob", tk.ID, tk.Version, "customer called: jams again")
		if err != nil || tk.Status != domain.InProgress || tk.ReopenCount != 1 {
			t.Fatalf("reopen: %+v %v", tk, err)
		}
		if fu, _ := s.FollowUps(ctx, true, 10); len(fu) != 1 || fu[0].Reason != FollowUpReopened || fu[0].Detail != "customer called: jams again" {
			t.Fatalf("follow-ups %+v", fu)
		}
		_, err = s.Reopen(ctx, "bob", tk.ID, tk.Version, "again")
		wantErr(t, err, ErrInvalid, "only a resolved or closed ticket is reopened")
	})
}

func TestAutoCloseAfterWindow(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now := loopStore(t)
		ctx := context.Background()
		quiet := resolved(t, s, "quiet customer")
		answered := resolved(t, s, "answering customer")
		answered, err := s.Score(ctx, "bob", answered.ID, answered.Version, Scores{Timeliness: 2, Effectiveness: 2, Attitude: 2, Overall: 2})
		if err != nil {
			t.Fatal(err)
		}
		now.Add((6 * 24 * time.Hour).Milliseconds())
		if n, err := s.AutoClose(ctx, 0); err != nil || n != 0 {
			t.Fatalf("closed %d before the window (%v)", n, err)
		}
		now.Add((24*time.Hour + time.Minute).Milliseconds())
		if n, err := s.AutoClose(ctx, 0); err != nil || n != 1 {
			t.Fatalf("closed %d after the window (%v)", n, err)
		}
		tk, _ := s.Ticket(ctx, quiet.ID)
		if tk.Status != domain.Closed || tk.Solution != "replaced the router" || tk.Version != quiet.Version+1 {
			t.Fatalf("auto-closed ticket %+v", tk)
		}
		evs, _ := s.Timeline(ctx, tk.ID)
		last := evs[len(evs)-1]
		if last.Kind != EvAutoClosed || last.Actor != domain.SystemActor || last.After != "no answer within 7d" {
			t.Fatalf("last event %+v", last)
		}
		if got, _ := s.Ticket(ctx, answered.ID); got.Status != domain.InProgress {
			t.Fatalf("a reopened ticket was auto-closed: %s", got.Status)
		}
		if n, _ := s.AutoClose(ctx, 0); n != 0 {
			t.Fatalf("closed again: %d", n)
		}
		counts, _ := s.Counts(ctx)
		if counts[domain.Closed] != 1 || counts[domain.Resolved] != 0 {
			t.Fatalf("column counts %v", counts)
		}
		// A shorter window is honoured.
		short := resolved(t, s, "short window")
		now.Add((2 * time.Hour).Milliseconds())
		if n, _ := s.AutoClose(ctx, time.Hour); n != 1 {
			t.Fatalf("1h window closed %d", n)
		}
		if got, _ := s.Ticket(ctx, short.ID); got.Status != domain.Closed {
			t.Fatal("short window")
		}
	})
}
