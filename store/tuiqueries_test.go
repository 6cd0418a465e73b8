package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func TestTeamLoad(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		var ts []domain.Ticket
		for i := range 6 {
			ts = append(ts, mustCreate(t, s, "t"+string(rune('a'+i))))
		}
		// bob: two in progress, one testing; cy: one in progress; one closed
		// card of cy's does not count; two stay unassigned.
		for _, tc := range []struct {
			i     int
			owner string
			path  []domain.Status
		}{
			{0, "bob", []domain.Status{domain.InProgress}},
			{1, "bob", []domain.Status{domain.InProgress}},
			{2, "bob", []domain.Status{domain.InProgress, domain.Testing}},
			{3, "cy", []domain.Status{domain.InProgress}},
		} {
			tk, err := s.Assign(ctx, "sam", ts[tc.i].ID, ts[tc.i].Version, tc.owner)
			if err != nil {
				t.Fatal(err)
			}
			for _, to := range tc.path {
				if tk, err = s.Move(ctx, "sam", tk.ID, tk.Version, to); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := s.RemoveAgent(ctx, "ada", "cy"); err != nil {
			t.Fatal(err)
		}
		load, err := s.TeamLoad(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, a := range load.Agents {
			order = append(order, a.Agent.Name)
		}
		// Most loaded first; idle active agents by name; cy was removed but
		// still holds a card, so shows.
		if got := strings.Join(order, " "); got != "bob cy ada sam" {
			t.Fatalf("order %s", got)
		}
		bob := load.Agents[0]
		if bob.Total != 3 || bob.Open[domain.InProgress] != 2 || bob.Open[domain.Testing] != 1 || bob.Open[domain.Pending] != 0 {
			t.Errorf("bob %+v", bob)
		}
		if cy := load.Agents[1]; cy.Agent.Active || cy.Total != 1 {
			t.Errorf("cy %+v", cy)
		}
		if n := load.Unassigned[domain.Pending]; n != 2 {
			t.Errorf("unassigned pending %d, want 2", n)
		}
	})
}

func TestEscalationQueueAndRoster(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		tk, err := s.CreateTicket(ctx, "bob", NewTicket{Title: "支付失败", Channel: domain.Hotline, Priority: domain.High})
		if err != nil {
			t.Fatal(err)
		}
		advance(now, 3*time.Hour)
		if _, err := s.SweepSLA(ctx); err != nil {
			t.Fatal(err)
		}
		q, err := s.EscalationQueue(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(q) != 1 || q[0].Ticket.ID != tk.ID || len(q[0].Breaches) != 1 {
			t.Fatalf("queue %+v", q)
		}
		if b := q[0].Breaches[0]; b.Clock != "first_response" || !b.Due.Equal(tk.Due) {
			t.Errorf("breach %+v, want first_response due %v", b, tk.Due)
		}
		cur, _ := s.Ticket(ctx, tk.ID)
		if _, err := s.AcknowledgeEscalation(ctx, "sam", cur.ID, cur.Version); err != nil {
			t.Fatal(err)
		}
		if q, _ := s.EscalationQueue(ctx, 10); len(q) != 0 {
			t.Errorf("acknowledged ticket still queued: %+v", q)
		}

		if err := s.AddAgentKey(ctx, "ada", "bob", "SHA256:x", "ssh-ed25519 AAAA x"); err != nil {
			t.Fatal(err)
		}
		roster, err := s.Roster(ctx)
		if err != nil {
			t.Fatal(err)
		}
		keys := map[string]int{}
		for _, e := range roster {
			keys[e.Agent.Name] = e.Keys
		}
		if len(roster) != 3 || keys["bob"] != 1 || keys["ada"] != 0 {
			t.Errorf("roster %+v", roster)
		}
	})
}
