package learn

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/triage"
	"github.com/loopdesk/loopdesk/store"
)

// TestRetrainerTrainsOnConfirmations: the background trainer waits for
// enough confirmed tickets, then stores a new version and swaps it in;
// Load reads back the same model.
func TestRetrainerTrainsOnConfirmations(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	ref := &triage.ModelRef{}
	r := &Retrainer{Store: s, Ref: ref}
	ingest := func(ext, body string, cat domain.Category) {
		_, err := s.Ingest(ctx, "ada", []store.Arrival{{NewTicket: store.NewTicket{ExternalID: ext, Title: body, Channel: domain.WeChat,
			Category: cat, Priority: domain.Medium, Suggestion: &store.Suggestion{Category: cat, Stated: true}}}}, store.DuplicateRule{})
		if err != nil {
			t.Fatal(err)
		}
	}
	ingest("a", "快递还没到", domain.Logistics)
	if err := r.once(ctx, 3); err != nil || ref.Load() != nil {
		t.Fatalf("trained on too little: %v %v", ref.Load(), err)
	}
	ingest("b", "App 闪退", domain.Malfunction)
	ingest("c", "退款没到账", domain.Pricing)
	if err := r.once(ctx, 3); err != nil || ref.Load() == nil || ref.Load().Version != 1 {
		t.Fatalf("no model after 3 confirmations: %v", err)
	}
	if err := r.once(ctx, 3); err != nil || ref.Load().Version != 1 {
		t.Fatalf("retrained without new confirmations: %v", err)
	}
	m, err := Load(ctx, s)
	if err != nil || m == nil || m.Version != 1 {
		t.Fatalf("load %+v %v", m, err)
	}
	if c, _, _ := m.Examples(); c != 3 {
		t.Fatalf("category examples %d, want 3", c)
	}
}
