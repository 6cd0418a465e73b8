package store

import (
	"context"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func TestResolveNeedsSummaryNotMove(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := working(t, s, "no signal", domain.Medium)
		_, err := s.Move(ctx, "bob", tk.ID, tk.Version, domain.Resolved)
		wantErr(t, err, ErrInvalid, "resolve with a solution summary: loopdesk ticket resolve FB-1001 --summary")
		_, _, err = s.Resolve(ctx, "bob", tk.ID, tk.Version, "  ")
		wantErr(t, err, ErrInvalid, "summary: must not be empty")
		_, _, err = s.Resolve(ctx, "cy", tk.ID, tk.Version, "fixed")
		wantErr(t, err, ErrForbidden, "belongs to bob")
		tk, pending, err := s.Resolve(ctx, "bob", tk.ID, tk.Version, "replaced the SIM card")
		if err != nil || pending || tk.Status != domain.Resolved || tk.Solution != "replaced the SIM card" || tk.ResolvedAt.IsZero() {
			t.Fatalf("resolve: %+v %v %v", tk, pending, err)
		}
		if got := kinds(t, s, tk.ID); !strings.HasSuffix(got, "edited:solution moved:status") {
			t.Fatalf("timeline %s", got)
		}
		pend := mustCreate(t, s, "still pending")
		_, _, err = s.Resolve(ctx, "ada", pend.ID, pend.Version, "x")
		wantErr(t, err, ErrInvalid, "cannot move from pending to resolved")
	})
}

func TestHighPriorityNeedsApproval(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := working(t, s, "支付失败", domain.High)
		tk, pending, err := s.Resolve(ctx, "bob", tk.ID, tk.Version, "重置了支付通道")
		if err != nil || !pending || tk.Status != domain.InProgress || tk.Solution != "" {
			t.Fatalf("agent resolving high: %+v %v %v", tk, pending, err)
		}
		// A second try replaces the summary waiting; still one request.
		tk, _, _ = s.Resolve(ctx, "bob", tk.ID, tk.Version, "重置了支付通道并退款")
		queue, err := s.Approvals(ctx)
		if err != nil || len(queue) != 1 || queue[0].Summary != "重置了支付通道并退款" || queue[0].TicketVersion != tk.Version ||
			queue[0].RequestedBy != "bob" || queue[0].Key() != tk.Key() || queue[0].Priority != domain.High {
			t.Fatalf("approval queue %+v %v", queue, err)
		}
		_, err = s.Approve(ctx, "bob", tk.ID, tk.Version)
		wantErr(t, err, ErrForbidden, "needs the supervisor role")
		_, err = s.Approve(ctx, "sam", tk.ID, tk.Version-1)
		wantErr(t, err, ErrConflict, "approval_requested")
		tk, err = s.Approve(ctx, "sam", tk.ID, tk.Version)
		if err != nil || tk.Status != domain.Resolved || tk.Solution != "重置了支付通道并退款" {
			t.Fatalf("approve: %+v %v", tk, err)
		}
		if q, _ := s.Approvals(ctx); len(q) != 0 {
			t.Fatalf("queue after approval: %+v", q)
		}
		if a, err := s.LatestApproval(ctx, tk.ID); err != nil || a.State != ApprovalApproved || a.DecidedBy != "sam" {
			t.Fatalf("latest approval %+v %v", a, err)
		}
		_, err = s.Approve(ctx, "sam", tk.ID, tk.Version)
		wantErr(t, err, ErrInvalid, "no solution waiting for approval")
	})
}

func TestRejectSolution(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := working(t, s, "Server down", domain.High)
		tk, _ = s.Move(ctx, "bob", tk.ID, tk.Version, domain.Testing)
		tk, _, _ = s.Resolve(ctx, "bob", tk.ID, tk.Version, "restarted it")
		_, err := s.RejectSolution(ctx, "sam", tk.ID, tk.Version, "")
		wantErr(t, err, ErrInvalid, "reason: must not be empty")
		_, err = s.RejectSolution(ctx, "cy", tk.ID, tk.Version, "no")
		wantErr(t, err, ErrForbidden, "supervisor")
		tk, err = s.RejectSolution(ctx, "sam", tk.ID, tk.Version, "find the root cause first")
		if err != nil || tk.Status != domain.InProgress {
			t.Fatalf("reject: %+v %v", tk, err)
		}
		a, _ := s.LatestApproval(ctx, tk.ID)
		if a.State != ApprovalRejected || a.Reason != "find the root cause first" {
			t.Fatalf("rejected request %+v", a)
		}
		if got := kinds(t, s, tk.ID); !strings.HasSuffix(got, "approval_requested:solution solution_rejected:solution moved:status") {
			t.Fatalf("timeline %s", got)
		}
		// A supervisor's own resolve is its approval, and is on record.
		tk, pending, err := s.Resolve(ctx, "sam", tk.ID, tk.Version, "patched the kernel")
		if err != nil || pending || tk.Status != domain.Resolved {
			t.Fatalf("supervisor resolve: %+v %v %v", tk, pending, err)
		}
		if a, _ := s.LatestApproval(ctx, tk.ID); a.State != ApprovalApproved || a.RequestedBy != "sam" || a.Summary != "patched the kernel" {
			t.Fatalf("self-approval not recorded: %+v", a)
		}
	})
}
