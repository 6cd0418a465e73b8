package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// seedTriage brings in three items triage was unsure of (they wait in
// the triage queue) and returns their ids.
func seedTriage(t testing.TB, s *store.Store) []int64 {
	t.Helper()
	var out []int64
	for _, it := range []struct {
		title string
		cat   domain.Category
		conf  float64
		words []string
	}{
		{"快递三天没动了，订单 SO-5531", domain.Logistics, 0.41, []string{"快递", "没动"}},
		{"App keeps asking me to log in again", domain.Question, 0.38, []string{"log", "again"}},
		{"价格和宣传的不一样", domain.Pricing, 0.44, []string{"价格"}},
	} {
		a := store.Arrival{NewTicket: store.NewTicket{Title: it.title, Body: it.title, Channel: domain.WeChat, Category: it.cat,
			Priority: domain.Medium, Suggestion: &store.Suggestion{Category: it.cat, Confidence: it.conf, Sentiment: "negative", Reasons: it.words, Review: true}}}
		res, err := s.Ingest(context.Background(), "alice", []store.Arrival{a}, store.DuplicateRule{})
		if err != nil || res[0].Outcome != store.IngestCreated {
			t.Fatalf("ingest %q: %+v %v", it.title, res, err)
		}
		out = append(out, res[0].Ticket)
	}
	return out
}

// TestTriageReview: I opens the review with each ticket's suggestion,
// confidence and words; y keeps the suggestion (recorded, off the list),
// c corrects the category with a picker (a triage_corrected event, off
// the list); an agent is refused before the picker opens on a card that
// is not theirs.
func TestTriageReview(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	ids := seedTriage(t, s)
	h := newHarness(t, s, "carol", i18n.EN, 120, 40)
	h.press("I")
	v := h.view()
	for _, want := range []string{"Triage review (3)", "Logistics 41%", "快递, 没动", "快递三天没动了", "Question 38%", "y keep the suggestion"} {
		if !strings.Contains(v, want) {
			t.Fatalf("review lacks %q:\n%s", want, v)
		}
	}
	h.press("y")
	h.wantStatus("category Logistics confirmed")
	if e := lastEvent(t, s, ids[0]); e.Kind != store.EvTriageConfirmed || e.Actor != "carol" {
		t.Errorf("last event %+v, want carol's confirmation", e)
	}
	if v := h.view(); strings.Contains(v, "快递三天没动了") || !strings.Contains(v, "Triage review (2)") {
		t.Fatalf("the confirmed ticket is still listed:\n%s", v)
	}

	h.press("c") // the question → malfunction
	if !strings.Contains(h.view(), "(suggested)") {
		t.Fatalf("c does not open the category picker:\n%s", h.view())
	}
	h.typeText("malf")
	h.press("enter")
	h.wantStatus("category corrected to Malfunction")
	if got := h.ticket(ids[1]); got.Category != domain.Malfunction {
		t.Errorf("category %s after the correction", got.Category)
	}
	evs, err := s.Timeline(context.Background(), ids[1])
	if err != nil {
		t.Fatal(err)
	}
	corrected := false
	for _, e := range evs {
		corrected = corrected || e.Kind == store.EvTriageCorrected && e.Before == "question" && e.After == "malfunction" && e.Actor == "carol"
	}
	if !corrected {
		t.Errorf("no triage_corrected event: %+v", evs)
	}
	if v := h.view(); !strings.Contains(v, "Triage review (1)") {
		t.Fatalf("the corrected ticket is still listed:\n%s", v)
	}

	bob := newHarness(t, s, "bob", i18n.ZH, 80, 24)
	bob.press("I", "c")
	if bob.m.layer != nil {
		t.Fatalf("the picker opened for an agent on an unassigned card:\n%s", bob.view())
	}
	bob.wantStatus("未分配")
}

// TestTriageReviewMarksMany: marked rows keep their suggestions with one
// y and one report.
func TestTriageReviewMarksMany(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	ids := seedTriage(t, s)
	h := newHarness(t, s, "carol", i18n.ZH, 120, 40)
	h.press("I", "space", "space", "y")
	h.wantStatus("已采用 2 张工单的建议分类")
	for _, id := range ids[:2] {
		if e := lastEvent(t, s, id); e.Kind != store.EvTriageConfirmed {
			t.Errorf("%d: last event %+v", id, e)
		}
	}
	if e := lastEvent(t, s, ids[2]); e.Kind == store.EvTriageConfirmed {
		t.Error("the unmarked ticket was confirmed too")
	}
	if v := h.view(); !strings.Contains(v, "分类复核（1）") || strings.Contains(v, "已标记") {
		t.Fatalf("after the bulk keep:\n%s", v)
	}
}
