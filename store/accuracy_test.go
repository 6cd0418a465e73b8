package store

import (
	"context"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// TestTriageAccuracyCountsKeptAndChangedCategories checks the suggestion
// is the category a ticket was created with, the verdict its category
// now, and that untouched pending tickets are not judged yet.
func TestTriageAccuracyCountsKeptAndChangedCategories(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		create := func(c domain.Category, received time.Time) domain.Ticket {
			tk, err := s.CreateTicket(ctx, "bob", NewTicket{Title: "t", Channel: domain.Email, Category: c, ReceivedAt: received})
			if err != nil {
				t.Fatal(err)
			}
			return tk
		}
		recat := func(tk domain.Ticket, to ...domain.Category) {
			for _, c := range to {
				var err error
				if tk, err = s.Update(ctx, "sam", tk.ID, tk.Version, Patch{Category: &c}); err != nil {
					t.Fatal(err)
				}
			}
		}
		nov := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
		oct := time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC)
		recat(create(domain.Pricing, nov), domain.Complaint)
		recat(create(domain.Pricing, nov), domain.Complaint)
		recat(create(domain.Pricing, nov), domain.Logistics, domain.Pricing) // changed back: kept
		kept := create(domain.Pricing, nov)
		if _, err := s.Move(ctx, "sam", kept.ID, kept.Version, domain.InProgress); err != nil {
			t.Fatal(err)
		}
		create(domain.Pricing, nov) // pending, untouched: not judged
		recat(create(domain.Malfunction, oct), domain.Question)
		// A category the item came with was no suggestion: its change is no correction.
		stated := create(domain.Pricing, nov)
		if _, err := s.w.ExecContext(ctx, `INSERT INTO triage_suggestions (ticket_id, model_version, category, confidence,
		sentiment, reasons, stated, review) VALUES (?, 0, 'pricing', 1, 'neutral', '', 1, 0)`, stated.ID); err != nil {
			t.Fatal(err)
		}
		recat(stated, domain.Complaint)
		advance(now, time.Hour)

		a, err := s.TriageAccuracy(ctx, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Months) != 2 {
			t.Fatalf("months: %+v", a.Months)
		}
		if m := a.Months[0]; m.Month.Month() != time.October || m.Suggested != domain.Malfunction || m.Judged != 1 || m.Corrected != 1 {
			t.Errorf("october: %+v", m)
		}
		if m := a.Months[1]; m.Suggested != domain.Pricing || m.Judged != 4 || m.Corrected != 2 || m.Accuracy() != 0.5 {
			t.Errorf("november pricing: %+v", m)
		}
		if len(a.Corrections) != 2 || a.Corrections[0] != (Correction{domain.Pricing, domain.Complaint, 2}) {
			t.Errorf("corrections: %+v", a.Corrections)
		}
	})
}
