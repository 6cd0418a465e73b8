package tui

import (
	"context"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/store"
)

func TestEmergencyBannerAtLoadAndOnFeed(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	if strings.Contains(h.view(), "EMERGENCY") {
		t.Fatal("banner without an emergency")
	}
	before := h.m.capacity()
	h.send(feedMsg{batch: live.Batch{Events: []domain.Event{{Kind: domain.EvEmergency, Before: "2.5", After: "31"}}}, ok: true})
	v := h.view()
	if !strings.Contains(v, "EMERGENCY: 31 negative in the last hour (usually 2.5/h)") {
		t.Fatalf("no banner after the event:\n%s", v)
	}
	if lines := strings.Split(v, "\n"); len(lines) != 24 {
		t.Fatalf("screen is %d lines, want 24", len(lines))
	}
	if h.m.capacity() >= before && before > 1 {
		t.Errorf("board kept %d rows under the banner", h.m.capacity())
	}
	h.press("!")
	if strings.Contains(h.view(), "EMERGENCY") {
		t.Fatal("banner stays after dismissing")
	}

	if _, _, err := s.RaiseEmergency(context.Background(), store.Emergency{LastHour: 12, Baseline: 1, Multiple: 3}); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, s, "bob", i18n.ZH, 80, 24)
	if v := h2.view(); !strings.Contains(v, "紧急：最近一小时 12 条负面反馈") {
		t.Fatalf("no banner at load:\n%s", v)
	}
}

func TestNewTicketSuggestionsFollowTypingAndFillSelectors(t *testing.T) {
	s := openStore(t)
	in, err := intake.New(s, intake.Config{})
	if err != nil {
		t.Fatal(err)
	}
	h := startHarness(t, s, Options{Desk: s, Me: agent(t, s, "alice"), Lang: i18n.EN, Intake: in}, 80, 24)
	h.press("n")
	if !strings.Contains(h.view(), "Type a title or description") {
		t.Fatalf("no empty hint:\n%s", h.view())
	}
	h.typeText("App crash")
	first := h.view()
	if !strings.Contains(first, "Suggested (ctrl+t accepts):") {
		t.Fatalf("no suggestion while typing:\n%s", first)
	}
	// The suggestion says how sure it is and which words drove it.
	if r := h.m.layer.(*form).suggest.res; r.CategoryScore == 0 || len(r.Reasons) == 0 ||
		!strings.Contains(first, strconv.FormatFloat(r.CategoryScore, 'f', 2, 64)+" ["+r.Reasons[0]) {
		t.Fatalf("no confidence and reasons for %+v:\n%s", r, first)
	}
	h.typeText(", payment failed, I want a refund, very angry")
	if h.view() == first {
		t.Fatal("suggestion did not change as the title grew")
	}
	f := h.m.layer.(*form)
	want := f.suggest.res
	h.send(tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl})
	if got := f.val("category"); got != want.Category {
		t.Errorf("category %q, want %q", got, want.Category)
	}
	if got := f.val("priority"); got != want.Priority {
		t.Errorf("priority %q, want %q", got, want.Priority)
	}
	// Saved, the ticket keeps what triage suggested for it.
	h.press("ctrl+s")
	h.wantStatus("FB-")
	sg, ok, err := s.TicketSuggestion(context.Background(), 1)
	if err != nil || !ok || string(sg.Category) != want.Category || sg.Confidence != want.CategoryScore || !sg.Stated {
		t.Fatalf("recorded suggestion %+v %v %v, want %+v", sg, ok, err, want)
	}
}

func TestRejectedRestoreCreatesTicket(t *testing.T) {
	s := openStore(t)
	in, err := intake.New(s, intake.Config{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := in.Submit(context.Background(), "alice", []intake.Item{{NewTicket: store.NewTicket{Title: "asdf", Channel: domain.WebForm}}})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Reason == "" {
		t.Fatalf("item not rejected: %+v", res[0])
	}
	h := newHarness(t, s, "bob", i18n.EN, 80, 24)
	h.press("X")
	if v := h.view(); !strings.Contains(v, "Rejected feedback (1)") || !strings.Contains(v, "asdf") {
		t.Fatalf("rejected list:\n%s", v)
	}
	h.press("enter")
	if !strings.Contains(h.view(), res[0].Reason) {
		t.Fatalf("item view lacks the reason:\n%s", h.view())
	}
	h.press("r", "y")
	h.wantStatus("Restored as FB-")
	if v := h.view(); !strings.Contains(v, "No rejected feedback.") {
		t.Fatalf("list not refreshed:\n%s", v)
	}
	if items, _ := s.Rejected(context.Background(), 10, 0); len(items) != 0 {
		t.Fatalf("%d items still rejected", len(items))
	}
}

func TestKnowledgeBaseFindsPromotedArticle(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	h.openCard("FB-1014")
	if h.m.detail.ticket.Status != domain.Closed {
		t.Fatalf("FB-1014 is %s", h.m.detail.ticket.Status)
	}
	h.press("P", "ctrl+s")
	h.wantStatus("added from FB-1014")
	h.press("esc", "K", "/")
	title := h.ticket(14).Title
	h.typeText(strings.Fields(title)[0])
	h.press("enter")
	v := h.view()
	if !strings.Contains(v, "Knowledge base") || !strings.Contains(v, title[:min(len(title), 10)]) {
		t.Fatalf("article not found:\n%s", v)
	}
	h.press("enter")
	if !strings.Contains(h.view(), "Solution") {
		t.Fatalf("article not open:\n%s", h.view())
	}
}

func TestMentionBadgeCountsAndClears(t *testing.T) {
	s := openStore(t)
	tk := seed(t, s, fixtures)[0]
	if _, err := s.AddNote(context.Background(), "bob", tk.ID, tk.Version, "@alice please check"); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	if !strings.Contains(h.view(), "@1 unread") {
		t.Fatalf("no badge:\n%s", h.view())
	}
	h.press("@")
	if v := h.view(); !strings.Contains(v, "Mentions (1 unread)") || !strings.Contains(v, tk.Key()) {
		t.Fatalf("mentions list:\n%s", v)
	}
	h.press("enter")
	if h.m.detail == nil || h.m.detail.id != tk.ID {
		t.Fatal("enter did not open the ticket")
	}
	if strings.Contains(h.view(), "unread") {
		t.Fatalf("badge stays after opening:\n%s", h.view())
	}
}
