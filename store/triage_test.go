package store

import (
	"context"
	"errors"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// ingestSuggested brings one item in with a triage suggestion.
func ingestSuggested(t *testing.T, s *Store, ext, body string, cat domain.Category, sg Suggestion) int64 {
	t.Helper()
	a := Arrival{NewTicket: NewTicket{ExternalID: ext, Title: body, Body: body, Channel: domain.WeChat,
		Category: cat, Priority: domain.Medium, Suggestion: &sg}}
	res, err := s.Ingest(context.Background(), "bob", []Arrival{a}, DuplicateRule{})
	if err != nil || res[0].Outcome != IngestCreated {
		t.Fatalf("ingest %s: %+v %v", ext, res, err)
	}
	return res[0].Ticket
}

// TestTriageCorrectionIsAnEvent: an agent changing the category triage
// suggested writes who, from and to; changing a stated category, or one
// an agent already changed, is an ordinary edit.
func TestTriageCorrectionIsAnEvent(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		id := ingestSuggested(t, s, "c1", "快递三天没动了", domain.Question,
			Suggestion{Model: 4, Category: domain.Question, Confidence: 0.4, Sentiment: "negative", Reasons: []string{"快递", "没动"}, Review: true})
		sg, ok, err := s.TicketSuggestion(ctx, id)
		if err != nil || !ok || sg.Model != 4 || sg.Category != domain.Question || !sg.Review || len(sg.Reasons) != 2 {
			t.Fatalf("suggestion %+v %v %v", sg, ok, err)
		}
		if q, err := s.TriageQueue(ctx, 10); err != nil || len(q) != 1 || q[0].Ticket.ID != id {
			t.Fatalf("queue %+v %v", q, err)
		}
		logi := domain.Logistics
		tk, _ := s.Ticket(ctx, id)
		if _, err := s.Update(ctx, "sam", id, tk.Version, Patch{Category: &logi}); err != nil {
			t.Fatal(err)
		}
		other := domain.Other
		tk, _ = s.Ticket(ctx, id)
		if _, err := s.Update(ctx, "sam", id, tk.Version, Patch{Category: &other}); err != nil {
			t.Fatal(err)
		}
		evs, err := s.Timeline(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var corrections []domain.Event
		for _, e := range evs {
			if e.Kind == EvTriageCorrected {
				corrections = append(corrections, e)
			}
		}
		if len(corrections) != 1 || corrections[0].Actor != "sam" || corrections[0].Before != "question" || corrections[0].After != "logistics" {
			t.Fatalf("corrections %+v", corrections)
		}
		if q, err := s.TriageQueue(ctx, 10); err != nil || len(q) != 0 {
			t.Fatalf("a corrected ticket is still queued: %+v %v", q, err)
		}

		stated := ingestSuggested(t, s, "c2", "退款没到", domain.Pricing,
			Suggestion{Category: domain.Pricing, Confidence: 0.9, Sentiment: "negative", Stated: true})
		tk, _ = s.Ticket(ctx, stated)
		if _, err := s.Update(ctx, "sam", stated, tk.Version, Patch{Category: &logi}); err != nil {
			t.Fatal(err)
		}
		evs, _ = s.Timeline(ctx, stated)
		for _, e := range evs {
			if e.Kind == EvTriageCorrected {
				t.Fatalf("a stated category's edit counted as a correction: %+v", e)
			}
		}
	})
}

// TestFormSuggestionRecorded: a ticket an agent creates by hand keeps what
// triage suggested (model version, confidence, words) as a stated,
// confirmed category; choosing another category is a correction event.
func TestFormSuggestionRecorded(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		sg := Suggestion{Model: 3, Category: domain.Question, Confidence: 0.55, Sentiment: "negative", Reasons: []string{"快递"}, Stated: true}
		kept, err := s.CreateTicket(ctx, "sam", NewTicket{Title: "快递怎么查", Channel: domain.Hotline,
			Category: domain.Question, Priority: domain.Medium, Suggestion: &sg})
		if err != nil {
			t.Fatal(err)
		}
		changed, err := s.CreateTicket(ctx, "sam", NewTicket{Title: "快递三天没动了", Channel: domain.Hotline,
			Category: domain.Logistics, Priority: domain.Medium, Suggestion: &sg})
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range []domain.Ticket{kept, changed} {
			got, ok, err := s.TicketSuggestion(ctx, tk.ID)
			if err != nil || !ok || got.Model != 3 || got.Category != domain.Question || !got.Stated || len(got.Reasons) != 1 {
				t.Fatalf("%s: suggestion %+v %v %v", tk.Key(), got, ok, err)
			}
		}
		corrections := func(id int64) (out []domain.Event) {
			evs, err := s.Timeline(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range evs {
				if e.Kind == EvTriageCorrected {
					out = append(out, e)
				}
			}
			return out
		}
		if c := corrections(kept.ID); len(c) != 0 {
			t.Fatalf("kept suggestion counted as a correction: %+v", c)
		}
		if c := corrections(changed.ID); len(c) != 1 || c[0].Actor != "sam" || c[0].Field != "category" ||
			c[0].Before != "question" || c[0].After != "logistics" {
			t.Fatalf("corrections %+v", c)
		}
		if n, err := s.ConfirmedCount(ctx); err != nil || n != 2 {
			t.Fatalf("confirmed %d %v, want both hand-made tickets", n, err)
		}
	})
}

// TestConfirmedHistory: stated categories and worked tickets are
// confirmed; an untouched triaged ticket is not.
func TestConfirmedHistory(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		ingestSuggested(t, s, "h1", "发票怎么开", domain.Pricing, Suggestion{Category: domain.Pricing, Stated: true})
		untouched := ingestSuggested(t, s, "h2", "页面打不开", domain.Malfunction, Suggestion{Category: domain.Malfunction})
		worked := ingestSuggested(t, s, "h3", "闪退", domain.Malfunction, Suggestion{Category: domain.Malfunction})
		tk, _ := s.Ticket(ctx, worked)
		if _, err := s.Move(ctx, "bob", worked, tk.Version, domain.InProgress); err != nil {
			t.Fatal(err)
		}
		ex, err := s.TriageExamples(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := s.ConfirmedCount(ctx); err != nil || n != 2 || len(ex) != 2 {
			t.Fatalf("confirmed %d %v, examples %+v", n, err, ex)
		}
		for _, e := range ex {
			if e.Title == "页面打不开" {
				t.Fatalf("untouched ticket %d counted as confirmed", untouched)
			}
		}
	})
}

// TestTriageModelsAreVersioned: each save is a new version; only
// supervisors (or the system) train.
func TestTriageModelsAreVersioned(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		if _, _, ok, err := s.LatestTriageModel(ctx); ok || err != nil {
			t.Fatalf("a fresh desk has a model: %v %v", ok, err)
		}
		if _, err := s.SaveTriageModel(ctx, "bob", 1, []byte("{}")); err == nil {
			t.Fatal("an agent trained the desk's model")
		}
		for i, actor := range []string{"sam", domain.SystemActor} {
			m, err := s.SaveTriageModel(ctx, actor, 10+i, []byte{'a' + byte(i)})
			if err != nil || m.Version != int64(i+1) {
				t.Fatalf("save %d: %+v %v", i, m, err)
			}
		}
		m, data, ok, err := s.LatestTriageModel(ctx)
		if err != nil || !ok || m.Version != 2 || m.Examples != 11 || string(data) != "b" || m.Actor != domain.SystemActor {
			t.Fatalf("latest %+v %q %v %v", m, data, ok, err)
		}
	})
}

// TestSentimentCorrection: an agent setting the sentiment triage
// suggested to another is an edit and a correction, clears the machine's
// score, and the confirmed history carries the agent's sentiment; a value
// outside the three is refused.
func TestSentimentCorrection(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		id := ingestSuggested(t, s, "s1", "终于修好了，谢谢", domain.Other,
			Suggestion{Category: domain.Other, Confidence: 0.7, Sentiment: "neutral"})
		tk, _ := s.Ticket(ctx, id)
		bad := "angry"
		if _, err := s.Update(ctx, "sam", id, tk.Version, Patch{Sentiment: &bad}); err == nil {
			t.Fatal("sentiment \"angry\" accepted")
		}
		pos := "positive"
		tk, err := s.Update(ctx, "sam", id, tk.Version, Patch{Sentiment: &pos})
		if err != nil || tk.Sentiment != "positive" || tk.SentimentScore != 0 {
			t.Fatalf("update: %+v %v", tk, err)
		}
		evs, _ := s.Timeline(ctx, id)
		var edited, corrected bool
		for _, e := range evs {
			edited = edited || e.Kind == domain.EvEdited && e.Field == "sentiment" && e.After == "positive"
			corrected = corrected || e.Kind == EvTriageCorrected && e.Field == "sentiment" && e.Before == "neutral" && e.After == "positive" && e.Actor == "sam"
		}
		if !edited || !corrected {
			t.Fatalf("events %+v", evs)
		}
		if _, err := s.Move(ctx, "sam", id, tk.Version, domain.InProgress); err != nil {
			t.Fatal(err)
		}
		ex, err := s.TriageExamples(ctx, 10)
		if err != nil || len(ex) != 1 || ex[0].Sentiment != "positive" {
			t.Fatalf("examples %+v %v", ex, err)
		}
	})
}

// TestReviewFilter: the board's "needs triage review" filter shows the
// triage queue's tickets and no others.
func TestReviewFilter(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		unsure := ingestSuggested(t, s, "r1", "这个怎么弄", domain.Question, Suggestion{Category: domain.Question, Confidence: 0.3, Review: true})
		ingestSuggested(t, s, "r2", "快递丢了", domain.Logistics, Suggestion{Category: domain.Logistics, Confidence: 0.9})
		f := Filter{Review: true}
		if !f.Active() {
			t.Fatal("the review filter is not active")
		}
		page, err := s.Page(ctx, PageQuery{Status: domain.Pending, Filter: f})
		if err != nil || len(page) != 1 || page[0].ID != unsure {
			t.Fatalf("review page %+v %v", page, err)
		}
		q := domain.Question
		tk, _ := s.Ticket(ctx, unsure)
		title := "这个怎么弄？"
		if _, err := s.Update(ctx, "sam", unsure, tk.Version, Patch{Category: &q, Title: &title}); err != nil {
			t.Fatal(err)
		}
		if page, err := s.Page(ctx, PageQuery{Status: domain.Pending, Filter: f}); err != nil || len(page) != 1 {
			t.Fatalf("a ticket left in review by an edit that kept its category: %+v %v", page, err)
		}
		l := domain.Logistics
		tk, _ = s.Ticket(ctx, unsure)
		if _, err := s.Update(ctx, "sam", unsure, tk.Version, Patch{Category: &l}); err != nil {
			t.Fatal(err)
		}
		if page, err := s.Page(ctx, PageQuery{Status: domain.Pending, Filter: f}); err != nil || len(page) != 0 {
			t.Fatalf("a categorised ticket is still in review: %+v %v", page, err)
		}
	})
}

// TestConfirmTriage: accepting the suggestion in the triage review keeps
// the category, records who confirmed it, takes the ticket out of the
// queue and counts it as confirmed history; a second confirm, a stale
// version and an agent's confirm of someone else's card are refused.
func TestConfirmTriage(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		id := ingestSuggested(t, s, "k1", "快递三天没动了", domain.Logistics,
			Suggestion{Model: 2, Category: domain.Logistics, Confidence: 0.41, Sentiment: "negative", Reasons: []string{"快递"}, Review: true})
		before, err := s.ConfirmedCount(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tk, _ := s.Ticket(ctx, id)
		if _, err := s.ConfirmTriage(ctx, "bob", id, tk.Version); !errors.Is(err, ErrForbidden) {
			t.Errorf("an agent confirmed an unassigned card: %v", err)
		}
		if _, err := s.ConfirmTriage(ctx, "sam", id, tk.Version-1); !errors.Is(err, ErrConflict) {
			t.Errorf("stale confirm: %v", err)
		}
		after, err := s.ConfirmTriage(ctx, "sam", id, tk.Version)
		if err != nil {
			t.Fatal(err)
		}
		if after.Category != domain.Logistics || after.Version != tk.Version+1 {
			t.Errorf("after confirm: %s v%d", after.Category, after.Version)
		}
		evs, _ := s.Timeline(ctx, id)
		if e := evs[len(evs)-1]; e.Kind != EvTriageConfirmed || e.Actor != "sam" || e.After != "logistics" {
			t.Errorf("last event %+v", e)
		}
		if q, err := s.TriageQueue(ctx, 10); err != nil || len(q) != 0 {
			t.Errorf("a confirmed ticket is still queued: %+v %v", q, err)
		}
		if n, _ := s.ConfirmedCount(ctx); n != before+1 {
			t.Errorf("confirmed count %d → %d", before, n)
		}
		if _, err := s.ConfirmTriage(ctx, "sam", id, after.Version); !errors.Is(err, ErrInvalid) {
			t.Errorf("second confirm: %v", err)
		}
	})
}
