package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// seedProblems files two bugs and two requests on the fixture desk: PB-1
// (a crash, FB-1002 and FB-1010), PB-2 (a login failure of two VIPs,
// FB-1006 and FB-1001, so it ranks first), PB-3 (dark mode, FB-1003) and
// PB-4 (an export nobody linked yet), filed days before epoch.
func seedProblems(t testing.TB, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	clock := clockOf(s)
	defer clock.set(epoch)
	for _, p := range []struct {
		kind    store.ProblemKind
		title   string
		tickets []int64
		days    int
	}{
		{store.KindBug, "App crashes when uploading photos", []int64{2, 10}, 3},
		{store.KindBug, "登录时验证码后一直转圈", []int64{6, 1}, 1},
		{store.KindRequest, "Dark mode / 深色模式", []int64{3}, 20},
		{store.KindRequest, "Export the order history to Excel", nil, 4},
	} {
		clock.set(epoch.Add(-time.Duration(p.days) * 24 * time.Hour))
		pb, err := s.CreateProblem(ctx, "alice", store.NewProblem{Kind: p.kind, Title: p.title})
		if err != nil {
			t.Fatal(err)
		}
		if p.tickets != nil {
			if _, err := s.LinkTickets(ctx, "alice", pb.ID, pb.Version, p.tickets); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func problemOf(t *testing.T, s *store.Store, id int64) int64 {
	t.Helper()
	pid, err := s.ProblemOf(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

func TestProblemScreenRanksAndOpens(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	seedProblems(t, s)
	h := newHarness(t, s, "carol", i18n.EN, 120, 40)
	h.press("B")
	ps, ok := h.m.screen.(*problemScreen)
	if !ok {
		t.Fatalf("B did not open the problems screen:\n%s", h.view())
	}
	if len(ps.bugs) != 2 || ps.bugs[0].Key() != "PB-2" {
		t.Fatalf("problems %v, want PB-2 (VIPs, high) first of two", keysOf(ps.bugs))
	}
	h.press("tab")
	if !ps.roadmap || len(ps.requests) != 2 || ps.requests[0].Key() != "PB-3" {
		t.Fatalf("roadmap %v, want PB-3 (one customer) before PB-4", keysOf(ps.requests))
	}
	if v := h.view(); !strings.Contains(v, "Dark mode") || strings.Contains(v, "App crashes") {
		t.Fatalf("the roadmap tab shows bugs or misses requests:\n%s", v)
	}
	h.press("tab", "enter")
	if ps.open == nil || ps.open.Key() != "PB-2" {
		t.Fatalf("enter did not open PB-2:\n%s", h.view())
	}
	if v := h.view(); !strings.Contains(v, "FB-1001") || !strings.Contains(v, "FB-1006") {
		t.Fatalf("the open problem does not list its tickets:\n%s", v)
	}
	want := ps.open.Tickets[1].ID
	h.press("j", "enter")
	if h.m.detail == nil || h.m.detail.id != want {
		t.Fatalf("enter on the second linked ticket did not open it (want %d):\n%s", want, h.view())
	}
	h.press("esc")
	if h.m.screen != ps || ps.open == nil {
		t.Fatalf("esc from the card did not land back on the open problem")
	}
	h.press("esc")
	if ps.open != nil || h.m.screen == nil {
		t.Fatalf("esc on the problem did not go back to the list")
	}
	h.press("esc")
	if h.m.screen != nil {
		t.Fatalf("esc on the list did not go back to the board")
	}
}

func keysOf(ps []store.Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Key()
	}
	return out
}

func TestLinkKeyPicksOrFilesAProblem(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	seedProblems(t, s)
	h := newHarness(t, s, "alice", i18n.EN, 120, 40)
	h.press("right", "j") // in progress, below FB-1006 (PB-2's)
	card := h.selected()
	if problemOf(t, s, card.ID) != 0 {
		t.Fatalf("%s is linked already; pick another fixture card", card.Key())
	}
	h.press("i")
	p, ok := h.m.layer.(*picker)
	if !ok || len(p.items) != 5 { // four open problems and "new problem…"
		t.Fatalf("i did not open the problem picker with 4+1 items:\n%s", h.view())
	}
	first := p.items[0].msg.(linkIntent).p.ID
	h.press("1")
	if got := problemOf(t, s, card.ID); got != first {
		t.Fatalf("after i 1 %s is linked to %d, want %d", card.Key(), got, first)
	}
	h.wantStatus("linked to " + store.ProblemKey(first))

	// A card linked already is refused with the reason, nothing changes.
	h.press("i", "2")
	if got := problemOf(t, s, card.ID); got != first {
		t.Fatalf("relinking moved %s to %d", card.Key(), got)
	}
	h.wantStatus("unlink it there first")

	// "new problem…", then the kind, then the title.
	h.press("j")
	other := h.selected()
	h.press("i", "5", "2")
	if _, ok := h.m.layer.(*prompt); !ok {
		t.Fatalf("new problem → request did not ask for a title:\n%s", h.view())
	}
	h.press("enter") // an empty title is refused in place
	if _, ok := h.m.layer.(*prompt); !ok {
		t.Fatalf("an empty title closed the prompt")
	}
	h.typeText("Offline mode")
	h.press("enter")
	pid := problemOf(t, s, other.ID)
	if pid == 0 {
		t.Fatalf("%s was not linked to a new problem:\n%s", other.Key(), h.view())
	}
	pb, err := s.Problem(context.Background(), pid)
	if err != nil || pb.Kind != store.KindRequest || pb.Title != "Offline mode" {
		t.Fatalf("new problem %+v, %v", pb, err)
	}
}

func TestLinkKeyLinksTheSelection(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	seedProblems(t, s)
	h := newHarness(t, s, "carol", i18n.EN, 120, 40)
	h.press("right", "j")
	a := h.selected()
	h.press("v", "j")
	b := h.selected()
	h.press("v", "i")
	if _, ok := h.m.layer.(*picker); !ok || !strings.Contains(h.view(), "2 cards") {
		t.Fatalf("i with two selected did not offer to link both:\n%s", h.view())
	}
	h.press("4") // PB-4, no tickets yet
	for _, c := range []domain.Ticket{a, b} {
		if got := problemOf(t, s, c.ID); got != 4 {
			t.Errorf("%s linked to %d, want PB-4", c.Key(), got)
		}
	}
	if len(h.m.marks) != 0 {
		t.Errorf("the linked cards stay selected: %v", h.m.marks)
	}
}

func TestResolveProblemFromTheScreen(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	seedProblems(t, s)
	h := startHarness(t, s, Options{Desk: s, Me: agent(t, s, "carol"), Lang: i18n.EN, SurveyBase: "https://support.example.com"}, 120, 40)
	h.press("B", "j", "S") // PB-1: FB-1002 (pending) and FB-1010 (testing)
	if _, ok := h.m.layer.(*prompt); !ok {
		t.Fatalf("S did not ask for the fix summary:\n%s", h.view())
	}
	h.typeText("Fixed in 5.3.2.")
	h.press("enter")
	if h.m.layer != nil {
		t.Fatalf("the prompt stayed after the resolve:\n%s", h.view())
	}
	pb, err := s.Problem(context.Background(), 1)
	if err != nil || pb.Status != store.ProblemFixed {
		t.Fatalf("PB-1 is %s (%v), want fixed", pb.Status, err)
	}
	for _, lt := range pb.Tickets {
		if lt.Open() && lt.Priority != domain.High {
			t.Errorf("%s is still %s", lt.Key(), lt.Status)
		}
	}
	h.wantStatus("PB-1 resolved:")
	if ps := h.m.screen.(*problemScreen); len(ps.bugs) != 1 {
		t.Errorf("the fixed problem is still listed: %v", keysOf(ps.bugs))
	}
}
