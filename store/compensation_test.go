package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// complaint is a complaint ticket bob works on.
func complaint(t *testing.T, s *Store) domain.Ticket {
	t.Helper()
	ctx := context.Background()
	tk, err := s.CreateTicket(ctx, "bob", NewTicket{Title: "rude on the hotline", Channel: domain.Hotline,
		Category: domain.Complaint, Priority: domain.Medium, CustomerName: "刘洋"})
	if err != nil {
		t.Fatal(err)
	}
	if tk, err = s.Move(ctx, "bob", tk.ID, tk.Version, domain.InProgress); err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestCompensationAboveTheLimitNeedsASupervisor(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now := loopStore(t)
		ctx := context.Background()
		tk := complaint(t, s)
		_, _, err := s.Compensate(ctx, "bob", tk.ID, tk.Version, Coupon, 0, "sorry")
		wantErr(t, err, ErrInvalid, "needs a value")
		_, _, err = s.Compensate(ctx, "bob", tk.ID, tk.Version, "voucher", 10, "sorry")
		wantErr(t, err, ErrInvalid, "compensation kind")
		other := working(t, s, "app crash", domain.Medium)
		_, _, err = s.Compensate(ctx, "bob", other.ID, other.Version, ApologyLetter, 0, "sorry")
		wantErr(t, err, ErrInvalid, "not a complaint")

		// Within the limit: approved at once.
		tk, c, err := s.Compensate(ctx, "bob", tk.ID, tk.Version, ApologyLetter, 0, "letter from the service manager")
		if err != nil || c.State != CompensationApproved || c.ApprovedBy != "bob" {
			t.Fatalf("letter: %+v %v", c, err)
		}
		// Above: pending until a supervisor approves, at the ticket's version.
		advance(now, time.Hour)
		tk, c, err = s.Compensate(ctx, "bob", tk.ID, tk.Version, Refund, 500, "refund the membership fee")
		if err != nil || c.State != CompensationPending || c.ApprovedBy != "" {
			t.Fatalf("refund: %+v %v", c, err)
		}
		_, _, err = s.ApproveCompensation(ctx, "bob", tk.ID, tk.Version)
		wantErr(t, err, ErrForbidden, "only supervisors")
		_, _, err = s.ApproveCompensation(ctx, "sam", tk.ID, tk.Version-1)
		wantErr(t, err, ErrConflict, "")
		tk, c, err = s.ApproveCompensation(ctx, "sam", tk.ID, tk.Version)
		if err != nil || c.State != CompensationApproved || c.ApprovedBy != "sam" || c.Value != 500 {
			t.Fatalf("approve: %+v %v", c, err)
		}
		_, _, err = s.ApproveCompensation(ctx, "sam", tk.ID, tk.Version)
		wantErr(t, err, ErrInvalid, "no compensation waiting")
		evs, _ := s.Timeline(ctx, tk.ID)
		if e := evs[len(evs)-1]; e.Kind != EvCompensationApproved || e.Actor != "sam" || e.After != "refund 500" {
			t.Fatalf("last event %+v", e)
		}
		// A supervisor's own compensation above the limit needs nobody else.
		if _, c, err = s.Compensate(ctx, "sam", tk.ID, tk.Version, Coupon, 300, "coupon"); err != nil || c.State != CompensationApproved {
			t.Fatalf("supervisor's coupon: %+v %v", c, err)
		}
		cs, err := s.Compensations(ctx, tk.ID)
		if err != nil || len(cs) != 3 {
			t.Fatalf("compensations %+v %v", cs, err)
		}
	})
}

func TestCompensationInRepliesAndReport(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := complaint(t, s)
		if err := s.SetTemplate(ctx, "ada", Template{Name: "apology", Lang: "en", Body: "Hello, we are sending you {compensation}."}); err != nil {
			t.Fatal(err)
		}
		text, err := s.DraftReply(ctx, "bob", tk.ID, "apology", "en")
		if err != nil || text != "Hello, we are sending you ." {
			t.Fatalf("before any compensation: %q %v", text, err)
		}
		tk, _, err = s.Compensate(ctx, "bob", tk.ID, tk.Version, Coupon, 50, "coupon for the next order")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err = s.Compensate(ctx, "bob", tk.ID, tk.Version, Refund, 900, "refund"); err != nil { // pending: not mentioned
			t.Fatal(err)
		}
		if text, _ := s.DraftReply(ctx, "bob", tk.ID, "apology", "en"); !strings.Contains(text, "a coupon of 50.") {
			t.Fatalf("reply %q does not mention the approved coupon", text)
		}
		r, err := s.Report(ctx, ReportFilter{From: s.Now().Add(-time.Hour), To: s.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Compensation) != 1 || r.Compensation[0].Kind != Coupon || r.Compensation[0].Category != domain.Complaint || r.Compensation[0].Channel != domain.Hotline ||
			r.Compensation[0].Value != 50 || r.Compensation[0].Count != 1 || r.Compensation[0].Month != s.Now().Format("2006-01") {
			t.Fatalf("report compensation %+v, want one approved hotline coupon of 50", r.Compensation)
		}
	})
}

// The queue lists per ticket the compensation ApproveCompensation would
// approve, then the one before it.
func TestPendingCompensationsListWhatApprovalApproves(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := complaint(t, s)
		other := complaint(t, s)
		tk, _, err := s.Compensate(ctx, "bob", tk.ID, tk.Version, Refund, 300, "refund the fee")
		if err != nil {
			t.Fatal(err)
		}
		if other, _, err = s.Compensate(ctx, "bob", other.ID, other.Version, Coupon, 50, "within the limit"); err != nil {
			t.Fatal(err)
		}
		if tk, _, err = s.Compensate(ctx, "bob", tk.ID, tk.Version, Coupon, 400, "and a coupon"); err != nil {
			t.Fatal(err)
		}
		ps, err := s.PendingCompensations(ctx, 10)
		if err != nil || len(ps) != 1 || ps[0].Kind != Coupon || ps[0].Value != 400 || ps[0].TicketVersion != tk.Version ||
			ps[0].Title != tk.Title || ps[0].Owner != "bob" || ps[0].Key() != tk.Key() {
			t.Fatalf("pending %+v %v", ps, err)
		}
		if _, _, err := s.ApproveCompensation(ctx, "sam", tk.ID, ps[0].TicketVersion); err != nil {
			t.Fatal(err)
		}
		if ps, err = s.PendingCompensations(ctx, 10); err != nil || len(ps) != 1 || ps[0].Kind != Refund || ps[0].Value != 300 {
			t.Fatalf("after approving the coupon %+v %v", ps, err)
		}
	})
}
