package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func TestBriefRecipientsAreSupervisorsWithAnAddress(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		for _, a := range []domain.Agent{
			{Name: "lee", Role: domain.RoleSupervisor, Email: "Lee Li <LEE@example.cn>"},
			{Name: "kim", Role: domain.RoleAgent, Email: "kim@example.cn"},
		} {
			if err := s.AddAgent(ctx, "ada", a); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AddAgent(ctx, "ada", domain.Agent{Name: "zed", Role: domain.RoleSupervisor, Email: "not an address"}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("bad address: %v", err)
		}
		got, err := s.BriefRecipients(ctx)
		if err != nil || !slices.Equal(got, []string{"LEE@example.cn"}) {
			t.Fatalf("recipients %v, %v", got, err)
		}
		if a, _ := s.Agent(ctx, "lee"); a.Email != "LEE@example.cn" {
			t.Fatalf("stored %q", a.Email)
		}
	})
}

func TestBriefIsClaimedOncePerDay(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		for i, want := range []bool{true, false} {
			if ok, err := s.ClaimBrief(ctx, "2026-11-24", 2); err != nil || ok != want {
				t.Fatalf("claim %d: %v %v", i, ok, err)
			}
		}
		if err := s.ReleaseBrief(ctx, "2026-11-24", errors.New("relay down")); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.ClaimBrief(ctx, "2026-11-24", 2); err != nil || !ok {
			t.Fatalf("after a failure the day is mailed again: %v %v", ok, err)
		}
	})
}
