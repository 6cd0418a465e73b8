package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// openCard jumps to a card by key and waits for its detail.
func (h *harness) openCard(key string) {
	h.t.Helper()
	h.press(":")
	h.typeText(key)
	h.press("enter")
	if h.m.detail == nil || !h.m.detail.loaded {
		h.t.Fatalf("card %s did not open; screen:\n%s", key, h.view())
	}
}

func TestReplySendsAndShowsPendingDelivery(t *testing.T) {
	s := openStore(t)
	tk := seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 100, 30)
	h.openCard(tk[1].Key()) // App crashes when uploading photos (English)
	h.press("r")
	if !strings.Contains(h.view(), "acknowledgement") || !strings.Contains(h.view(), "blank reply") {
		t.Fatalf("template picker missing templates:\n%s", h.view())
	}
	h.press("1")
	ed, ok := h.m.layer.(*replyEditor)
	if !ok {
		t.Fatalf("reply editor did not open:\n%s", h.view())
	}
	if v := ed.text.Value(); !strings.HasPrefix(v, "Hello, ") || strings.Contains(v, "*") || !strings.Contains(v, tk[1].Key()) {
		t.Fatalf("draft not rendered for the ticket: %q", v)
	}
	h.press("ctrl+s")
	h.wantStatus("queued for delivery")
	if h.m.layer != nil {
		t.Fatal("editor still open after sending")
	}
	ctx := context.Background()
	reps, _ := s.Replies(ctx, tk[1].ID)
	ds, _ := s.Deliveries(ctx, tk[1].ID)
	if len(reps) != 1 || len(ds) != 1 || ds[0].State == store.DeliveryDelivered {
		t.Fatalf("replies %+v deliveries %+v", reps, ds)
	}
	// No worker, no webhook: the card shows the reply as not delivered.
	h.press("G")
	if v := h.view(); !strings.Contains(v, "Replies to the customer (1)") || !strings.Contains(v, "pending") {
		t.Fatalf("detail does not show the pending reply:\n%s", v)
	}
}

func TestReplyHeldOnConflictKeepsDraft(t *testing.T) {
	s := openStore(t)
	tk := seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 100, 30)
	h.openCard(tk[1].Key())
	h.press("r", "1")
	h.typeText(" Extra line.")
	draft := h.m.layer.(*replyEditor).text.Value()
	// Someone moves the card while the reply is being written.
	cur := h.ticket(tk[1].ID)
	if _, err := s.Move(context.Background(), "carol", cur.ID, cur.Version, domain.InProgress); err != nil {
		t.Fatal(err)
	}
	h.press("ctrl+s")
	ed, ok := h.m.layer.(*replyEditor)
	if !ok {
		t.Fatal("editor closed although the reply was held")
	}
	if ed.text.Value() != draft || !strings.Contains(ed.err, "Held, not sent") || !strings.Contains(ed.err, "carol") {
		t.Fatalf("draft %q err %q", ed.text.Value(), ed.err)
	}
	if reps, _ := s.Replies(context.Background(), tk[1].ID); len(reps) != 0 {
		t.Fatal("a held reply was sent")
	}
	h.press("ctrl+s") // read the change; send on the new version
	h.wantStatus("queued for delivery")
}

func TestResolveNeedsApprovalThenSupervisorApproves(t *testing.T) {
	s := openStore(t)
	tk := seed(t, s, fixtures)
	bob := newHarness(t, s, "bob", i18n.EN, 100, 30)
	bob.press("A")
	bob.wantStatus("for supervisors")
	bob.openCard(tk[5].Key()) // high priority, bob's, in progress
	bob.press("S")
	bob.typeText("Cleared the stale session; login works.")
	bob.press("ctrl+s")
	bob.wantStatus("sent for approval")
	if got := bob.ticket(tk[5].ID).Status; got != domain.InProgress {
		t.Fatalf("status %s before approval", got)
	}
	bob.press("G")
	if v := bob.view(); !strings.Contains(v, "waiting for a supervisor") {
		t.Fatalf("card does not show the pending approval:\n%s", v)
	}

	carol := newHarness(t, s, "carol", i18n.EN, 100, 30)
	carol.press("A")
	if v := carol.view(); !strings.Contains(v, tk[5].Key()) || !strings.Contains(v, "Cleared the stale") {
		t.Fatalf("approval queue:\n%s", v)
	}
	// y shows the card beside the proposed solution first.
	carol.press("y")
	v := carol.view()
	for _, want := range []string{"Approve the solution of " + tk[5].Key() + " and resolve it?", "无法登录账户", "换了网络也一样", "Proposed solution · bob", "Cleared the stale session; login works.", "y approve · b send back"} {
		if !strings.Contains(v, want) {
			t.Fatalf("preview lacks %q:\n%s", want, v)
		}
	}
	if got := carol.ticket(tk[5].ID).Status; got != domain.InProgress {
		t.Fatalf("the preview approved already: %s", got)
	}
	carol.press("esc")
	carol.wantStatus("cancelled")
	if _, ok := carol.m.screen.(*approvalScreen); !ok || carol.m.layer != nil {
		t.Fatalf("esc did not go back to the queue:\n%s", carol.view())
	}
	carol.press("y", "y")
	carol.wantStatus("approved")
	if got := carol.ticket(tk[5].ID).Status; got != domain.Resolved {
		t.Fatalf("status %s after approval", got)
	}
}

// Compensation above the limit waits in the approvals queue after the
// solutions, and the supervisor approves it with the same key.
func TestCompensationApprovedFromTheApprovalsQueue(t *testing.T) {
	s := openStore(t)
	tk := seed(t, s, fixtures)
	ctx := context.Background()
	cur := tk[5] // high priority, bob's, in progress: its solution waits too
	if _, _, err := s.Resolve(ctx, "bob", cur.ID, cur.Version, "Cleared the stale session."); err != nil {
		t.Fatal(err)
	}
	c, err := s.CreateTicket(ctx, "bob", store.NewTicket{Title: "Rude on the hotline", Channel: domain.Hotline,
		Category: domain.Complaint, Priority: domain.Medium, CustomerName: "刘洋"})
	if err != nil {
		t.Fatal(err)
	}
	if c, err = s.Move(ctx, "bob", c.ID, c.Version, domain.InProgress); err != nil {
		t.Fatal(err)
	}
	if _, _, err = s.Compensate(ctx, "bob", c.ID, c.Version, store.Refund, 500, "refund the membership fee"); err != nil {
		t.Fatal(err)
	}

	carol := newHarness(t, s, "carol", i18n.EN, 120, 30)
	carol.press("A")
	v := carol.view()
	sol, comp := strings.Index(v, "Cleared the stale"), strings.Index(v, "compensation: a refund of 500")
	if sol < 0 || comp < sol || !strings.Contains(v, c.Key()) || !strings.Contains(v, "Approvals (2)") {
		t.Fatalf("approval queue:\n%s", v)
	}
	carol.press("j")
	if v := carol.view(); strings.Contains(v, "send back") {
		t.Fatalf("a compensation row offers send back:\n%s", v)
	}
	carol.press("y")
	if v := carol.view(); !strings.Contains(v, "Approve the compensation on "+c.Key()+"?") || !strings.Contains(v, "refund the membership fee") || strings.Contains(v, "send back") {
		t.Fatalf("compensation preview:\n%s", v)
	}
	carol.press("y")
	carol.wantStatus(c.Key() + ": a refund of 500 approved")
	cs, err := s.Compensations(ctx, c.ID)
	if err != nil || len(cs) != 1 || cs[0].State != store.CompensationApproved || cs[0].ApprovedBy != "carol" {
		t.Fatalf("compensation %+v %v", cs, err)
	}
	if got := carol.ticket(cur.ID).Status; got != domain.InProgress {
		t.Fatalf("the solution was approved too: %s", got)
	}
	if v := carol.view(); strings.Contains(v, "compensation:") || !strings.Contains(v, "Approvals (1)") {
		t.Fatalf("queue after approving:\n%s", v)
	}
}

func TestMoveToResolvedAsksForSummary(t *testing.T) {
	s := openStore(t)
	tk := seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 100, 30)
	h.openCard(tk[7].Key()) // alice's, in progress, medium
	h.press("m", "4")
	if _, ok := h.m.layer.(*form); !ok {
		t.Fatalf("moving to resolved did not ask for a summary:\n%s", h.view())
	}
	h.press("ctrl+s")
	if f := h.m.layer.(*form); !strings.Contains(f.f.Err(), "summary") {
		t.Fatalf("empty summary accepted: %q", f.f.Err())
	}
	h.typeText("Engineer replaced the roller.")
	h.press("ctrl+s")
	h.wantStatus("resolved")
	if got := h.ticket(tk[7].ID); got.Status != domain.Resolved || got.Solution != "Engineer replaced the roller." {
		t.Fatalf("ticket %s %q", got.Status, got.Solution)
	}
}

func TestLowScoreReopensAndQueuesFollowUp(t *testing.T) {
	s := openStore(t)
	tk := seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 100, 30)
	h.openCard(tk[11].Key()) // resolved
	h.press("C")
	h.press("ctrl+s")
	if f := h.m.layer.(*form); !strings.Contains(f.f.Err(), "four ratings") {
		t.Fatalf("missing ratings accepted: %q", f.f.Err())
	}
	for range 4 { // 2 on every rating
		h.press("right", "right", "tab")
	}
	h.typeText("Still no invoice.")
	h.press("ctrl+s")
	h.wantStatus("reopened")
	h.wantStatus("follow-up queue")
	if got := h.ticket(tk[11].ID).Status; got != domain.InProgress {
		t.Fatalf("status %s", got)
	}
	h.press("esc", "A", "tab")
	if v := h.view(); !strings.Contains(v, "Follow-ups (1)") || !strings.Contains(v, "not satisfied") {
		t.Fatalf("follow-up tab:\n%s", v)
	}
	h.press("y")
	h.typeText("Called back, invoice sent.")
	h.press("enter")
	h.wantStatus("closed")
	if fs, _ := s.FollowUps(context.Background(), true, 10); len(fs) != 0 {
		t.Fatalf("follow-up still open: %+v", fs)
	}
}

func TestSurveyLinkNeedsBaseAndShowsLink(t *testing.T) {
	s := openStore(t)
	tk := seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 100, 30)
	h.openCard(tk[11].Key())
	h.press("V")
	h.wantStatus("--base-url")
	h2 := startHarness(t, s, Options{Desk: s, Me: agent(t, s, "alice"), Lang: i18n.EN, SurveyBase: "https://help.example.com"}, 100, 30)
	h2.openCard(tk[11].Key())
	h2.press("V")
	h2.wantStatus("https://help.example.com/survey/")
}
