package demo

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

func TestSeedSpreadsOverTheBoard(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Login(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	if err := Seed(ctx, s, "me", Options{N: 300, Seed: 7, Now: FixtureEpoch}, nil); err != nil {
		t.Fatal(err)
	}
	counts, _ := s.Counts(ctx)
	total := 0
	for _, st := range domain.Statuses {
		if counts[st] == 0 {
			t.Errorf("no demo tickets in %s", st)
		}
		total += counts[st]
	}
	if total != 300 {
		t.Fatalf("seeded %d tickets", total)
	}
	seen := map[domain.Channel]bool{}
	for _, h := range Tickets(Options{N: 300, Seed: 7, Now: FixtureEpoch}) {
		seen[h.Channel] = true
		if h.CustomerPhone == "" || h.Title == "" {
			t.Fatalf("incomplete ticket %+v", h)
		}
	}
	if len(seen) != len(domain.Channels) {
		t.Fatalf("channels covered: %v", seen)
	}
	if got, _ := s.Ticket(ctx, 1); len(got.Customer.Phone4) != 4 {
		t.Fatalf("phone not reduced to 4 digits: %q", got.Customer.Phone4)
	}
}

// The acting user may be one of the demo agents: on a fresh desk they log
// in first and become its admin, and seeding must neither fail on them nor
// take their admin role away.
func TestSeedAsADemoAgent(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	me, err := s.Login(ctx, "li.wei")
	if err != nil {
		t.Fatal(err)
	}
	if err := Seed(ctx, s, me.Name, Options{N: 20, Seed: 7, Now: FixtureEpoch}, nil); err != nil {
		t.Fatal(err)
	}
	agents, err := s.Agents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(agents) != len(Agents) {
		t.Errorf("%d agents after seeding, want %d", len(agents), len(Agents))
	}
	for _, a := range agents {
		if a.Name == "li.wei" && a.Role != domain.RoleAdmin {
			t.Errorf("li.wei is %s after seeding, want admin", a.Role)
		}
	}
}
