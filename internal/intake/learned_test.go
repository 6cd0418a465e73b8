package intake

import (
	"context"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/triage"
	"github.com/loopdesk/loopdesk/store"
)

// TestUnsureLearnedSuggestionsWaitForReview: with a learned model, an
// item it is unsure about goes to the triage queue at the service desk
// instead of being routed; every ticket records what was suggested and
// by which model; without a model nothing is queued.
func TestUnsureLearnedSuggestionsWaitForReview(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	m := triage.Train([]triage.Example{
		{Input: triage.Input{Body: "快递没到"}, Category: triage.CategoryLogistics},
		{Input: triage.Input{Body: "App 闪退"}, Category: triage.CategoryMalfunction},
	}, nil)
	m.Version = 7
	ref := &triage.ModelRef{}
	in, err := New(s, Config{Model: ref, ReviewThreshold: 0.99, RoundRobin: true})
	if err != nil {
		t.Fatal(err)
	}
	item := func(ext string) Item {
		return Item{NewTicket: store.NewTicket{ExternalID: ext, Title: "手表表带断了怎么办", Channel: domain.WeChat}}
	}
	submit := func(it Item) (store.Suggestion, domain.Ticket) {
		res, err := in.Submit(ctx, "ada", []Item{it})
		if err != nil || res[0].Outcome != store.IngestCreated {
			t.Fatalf("%+v %v", res, err)
		}
		sg, ok, err := s.TicketSuggestion(ctx, res[0].Ticket)
		if err != nil || !ok {
			t.Fatalf("no suggestion recorded: %v", err)
		}
		tk, _ := s.Ticket(ctx, res[0].Ticket)
		return sg, tk
	}
	if sg, _ := submit(item("rules")); sg.Review || sg.Model != 0 {
		t.Fatalf("queued without a model: %+v", sg)
	}
	ref.Store(m)
	sg, tk := submit(item("model"))
	if !sg.Review || sg.Model != 7 || sg.Stated || tk.Team != domain.DefaultTeam(domain.Other) || tk.Owner != "" {
		t.Fatalf("unsure suggestion routed: %+v, team %q owner %q", sg, tk.Team, tk.Owner)
	}
	stated := item("stated")
	stated.Category = domain.Question
	if sg, _ := submit(stated); sg.Review || !sg.Stated {
		t.Fatalf("a stated category was queued: %+v", sg)
	}
}
