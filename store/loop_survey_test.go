package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func TestSurveyTokenOneUseAndExpiry(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now := loopStore(t)
		ctx := context.Background()
		tk := resolved(t, s, "路由器断网")
		_, _, err := s.SurveyToken(ctx, "cy", tk.ID, 0)
		wantErr(t, err, ErrForbidden, "belongs to bob")
		token, expires, err := s.SurveyToken(ctx, "bob", tk.ID, 0)
		if err != nil || !expires.Equal(s.Now().Add(DefaultSurveyTTL)) || len(token) < 20 {
			t.Fatalf("token %q expires %v: %v", token, expires, err)
		}
		var raw, hashed int
		if err := s.r.QueryRow("SELECT count(*) FROM survey_tokens WHERE hash = ?", token).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if err := s.r.QueryRow("SELECT count(*) FROM survey_tokens WHERE hash = ?", hashToken(token)).Scan(&hashed); err != nil {
			t.Fatal(err)
		}
		if raw != 0 || hashed != 1 {
			t.Fatal("the raw token is in the database, or its hash is not")
		}
		v, err := s.SurveyByToken(ctx, token)
		if err != nil || v.TicketID != tk.ID || v.Lang != "zh" || v.Key() != tk.Key() {
			t.Fatalf("survey %+v %v", v, err)
		}
		low := Scores{Timeliness: 3, Effectiveness: 2, Attitude: 4, Overall: 2, Comment: "又断了"}
		got, err := s.SubmitSurvey(ctx, token, low)
		if err != nil || got.Status != domain.InProgress || got.ReopenCount != 1 {
			t.Fatalf("survey answer: %+v %v", got, err)
		}
		evs, _ := s.Timeline(ctx, tk.ID)
		if last := evs[len(evs)-1]; last.Actor != CustomerActor || last.Kind != EvFollowUp {
			t.Fatalf("last event %+v", last)
		}
		if sat, _ := s.SatisfactionOf(ctx, tk.ID); len(sat) != 1 || sat[0].Source != SourceSurvey || sat[0].RecordedBy != CustomerActor {
			t.Fatalf("satisfaction %+v", sat)
		}
		if _, err := s.SubmitSurvey(ctx, token, low); !errors.Is(err, ErrSurveyUsed) {
			t.Fatalf("second answer: %v", err)
		}
		if _, err := s.SurveyByToken(ctx, token); !errors.Is(err, ErrSurveyUsed) {
			t.Fatalf("used link: %v", err)
		}

		old, _, _ := s.SurveyToken(ctx, "bob", tk.ID, time.Hour)
		now.Add((time.Hour + time.Second).Milliseconds())
		if v, err := s.SurveyByToken(ctx, old); !errors.Is(err, ErrSurveyExpired) || v.Lang != "zh" {
			t.Fatalf("expired link: %+v %v", v, err)
		}
		if _, err := s.SubmitSurvey(ctx, old, low); !errors.Is(err, ErrSurveyExpired) {
			t.Fatalf("answer on an expired link: %v", err)
		}
		if _, err := s.SurveyByToken(ctx, "made-up"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown link: %v", err)
		}
		bad := low
		bad.Overall = 0
		if _, err := s.SubmitSurvey(ctx, "made-up", bad); !errors.Is(err, ErrInvalid) {
			t.Fatalf("invalid scores: %v", err)
		}
	})
}

// A late answer on a ticket reopened meanwhile is kept and followed up
// but moves nothing.
func TestSurveyAnsweredAfterReopen(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := resolved(t, s, "late answer")
		token, _, _ := s.SurveyToken(ctx, "bob", tk.ID, 0)
		tk, _ = s.Reopen(ctx, "bob", tk.ID, tk.Version, "called back")
		got, err := s.SubmitSurvey(ctx, token, Scores{Timeliness: 1, Effectiveness: 1, Attitude: 1, Overall: 1})
		if err != nil || got.Status != domain.InProgress || got.ReopenCount != 1 || got.Version != tk.Version+1 {
			t.Fatalf("late answer: %+v %v", got, err)
		}
		if fu, _ := s.FollowUps(ctx, true, 10); len(fu) != 2 {
			t.Fatalf("follow-ups %+v", fu)
		}
	})
}
