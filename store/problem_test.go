package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// report files a ticket from a customer (phone, e-mail: either may be "").
func report(t *testing.T, s *Store, title, phone, email string, tier domain.Tier, ch domain.Channel) domain.Ticket {
	t.Helper()
	tk, err := s.CreateTicket(context.Background(), "bob", NewTicket{Title: title, Body: "details of " + title, Channel: ch,
		Category: domain.Malfunction, Priority: domain.Medium, CustomerName: "王小明", CustomerPhone: phone,
		CustomerEmail: email, CustomerTier: tier})
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func ids(ts ...domain.Ticket) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

func newBug(t *testing.T, s *Store, owner string) Problem {
	t.Helper()
	p, err := s.CreateProblem(context.Background(), owner, NewProblem{Kind: KindBug, Title: "App crashes on login", Body: "since 5.3.1"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestProblemLinkAndImpact(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now := loopStore(t)
		ctx := context.Background()
		p := newBug(t, s, "bob")
		if p.Key() != "PB-1" || p.Status != ProblemOpen || p.Owner != "bob" || p.Team != "tech_support" || p.Version != 1 {
			t.Fatalf("new problem %+v", p)
		}
		a1 := report(t, s, "crash", "13800138000", "", domain.TierNormal, domain.Hotline)
		advance(now, 3600e9)
		a2 := report(t, s, "crash again", "+86 138 0013 8000", "", domain.TierNormal, domain.WeChat) // the same customer
		b := report(t, s, "登录闪退", "", "vip@example.com", domain.TierVIP, domain.Email)
		c := report(t, s, "crash, no number", "", "", domain.TierNormal, domain.Hotline)

		_, err := s.LinkTickets(ctx, "cy", p.ID, p.Version+1, ids(a1))
		wantErr(t, err, ErrConflict, "PB-1 changed since")
		_, err = s.LinkTickets(ctx, "cy", p.ID, p.Version, nil)
		wantErr(t, err, ErrInvalid, "at least one ticket")
		p, err = s.LinkTickets(ctx, "cy", p.ID, p.Version, ids(a1, a2, b, c, a1))
		if err != nil {
			t.Fatal(err)
		}
		im := p.Impact
		if im.Tickets != 4 || im.Customers != 3 || im.VIPs != 1 || len(im.Channels) != 3 || im.OpenTickets != 4 ||
			!im.FirstReport.Equal(a1.ReceivedAt) || !im.LastReport.Equal(c.ReceivedAt) {
			t.Fatalf("impact %+v", im)
		}
		if im.Priority != domain.High || im.Reason != "high: 1 VIP customer(s)" || p.Version != 2 {
			t.Fatalf("priority %v %q version %d", im.Priority, im.Reason, p.Version)
		}
		if p.Tickets[0].Customer1 != p.Tickets[1].Customer1 || p.Tickets[0].Customer1 == p.Tickets[3].Customer1 {
			t.Fatalf("customers %+v", p.Tickets)
		}

		other, _ := s.CreateProblem(ctx, "cy", NewProblem{Kind: KindRequest, Title: "dark mode"})
		if other.Team != "product" {
			t.Fatalf("request team %q", other.Team)
		}
		_, err = s.LinkTickets(ctx, "cy", other.ID, other.Version, ids(b))
		wantErr(t, err, ErrInvalid, "FB-1003 is linked to PB-1: unlink it there first")
		_, err = s.UnlinkTickets(ctx, "cy", other.ID, other.Version, ids(b))
		wantErr(t, err, ErrInvalid, "FB-1003 is not linked to PB-2")
		p, err = s.UnlinkTickets(ctx, "cy", p.ID, p.Version, ids(b))
		if err != nil || p.Impact.Customers != 2 || p.Impact.VIPs != 0 || p.Impact.Priority != domain.Low {
			t.Fatalf("after unlink %+v %v", p.Impact, err)
		}
		if pid, err := s.ProblemOf(ctx, b.ID); err != nil || pid != 0 {
			t.Fatalf("unlinked ticket's problem %d %v", pid, err)
		}
		if pid, _ := s.ProblemOf(ctx, a1.ID); pid != p.ID {
			t.Fatalf("linked ticket's problem %d", pid)
		}
		evs, err := s.ProblemEvents(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var trail []string
		for _, e := range evs {
			trail = append(trail, fmt.Sprintf("%s:%s", e.Kind, domain.Key(e.TicketID)))
		}
		want := "problem_created:FB-1000 problem_linked:FB-1001 problem_linked:FB-1002 problem_linked:FB-1003 problem_linked:FB-1004 problem_unlinked:FB-1003"
		if got := strings.Join(trail, " "); got != want {
			t.Fatalf("trail\n got %s\nwant %s", got, want)
		}
		// The link is on the ticket's timeline too.
		if got := kinds(t, s, b.ID); !strings.HasSuffix(got, "problem_linked:problem problem_unlinked:problem") {
			t.Fatalf("ticket timeline %s", got)
		}
	})
}

func TestImpactRules(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		r := DefaultImpactRules
		for _, c := range []struct {
			im     Impact
			want   domain.Priority
			reason string
		}{
			{Impact{Customers: 20}, domain.High, "high: 20 customers ≥ 20"},
			{Impact{Customers: 19}, domain.Medium, "medium: 19 customers ≥ 5"},
			{Impact{Customers: 1, VIPs: 1}, domain.High, "high: 1 VIP customer(s)"},
			{Impact{Customers: 4}, domain.Low, "low: 4 customer(s) < 5"},
		} {
			if p, why := r.Priority(c.im); p != c.want || why != c.reason {
				t.Errorf("%+v: %v %q, want %v %q", c.im, p, why, c.want, c.reason)
			}
		}
		if p, _ := (ImpactRules{HighCustomers: 3}).Priority(Impact{Customers: 1, VIPs: 1}); p != domain.Low {
			t.Errorf("VIP rule off: %v", p)
		}
	})
}

// repliesOf counts each ticket's customer replies and returns them by ticket.
func repliesOf(t *testing.T, s *Store, tickets ...domain.Ticket) map[int64][]CustomerReply {
	t.Helper()
	out := map[int64][]CustomerReply{}
	for _, tk := range tickets {
		rs, err := s.Replies(context.Background(), tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[tk.ID] = rs
	}
	return out
}

func countEvents(t *testing.T, s *Store, id int64, kind, after string) int {
	t.Helper()
	evs, err := s.Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.Kind == kind && e.After == after {
			n++
		}
	}
	return n
}

func TestResolveProblemSettlesEveryTicketOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		p := newBug(t, s, "cy")
		mv := func(tk domain.Ticket, to domain.Status) domain.Ticket {
			t.Helper()
			tk, err := s.Move(ctx, "bob", tk.ID, tk.Version, to)
			if err != nil {
				t.Fatal(err)
			}
			return tk
		}
		a1 := mv(report(t, s, "crash", "13600136000", "", domain.TierNormal, domain.Hotline), domain.InProgress)
		a2 := report(t, s, "crash again", "13600136000", "", domain.TierNormal, domain.WeChat) // same customer, pending
		b := resolved(t, s, "crashed last week")                                               // another customer (张三丰)
		b, err := s.Move(ctx, "bob", b.ID, b.Version, domain.Closed)
		if err != nil {
			t.Fatal(err)
		}
		d := mv(report(t, s, "crash on iPad", "13900139000", "", domain.TierNormal, domain.Email), domain.InProgress)
		e := working(t, s, "VIP cannot log in", domain.High)
		p, err = s.LinkTickets(ctx, "cy", p.ID, p.Version, ids(a1, a2, b, d, e))
		if err != nil {
			t.Fatal(err)
		}
		seen := p
		// d changes after the owner read the problem: it must be reported, not overwritten.
		if _, err := s.AddNote(ctx, "bob", d.ID, d.Version, "customer sent a log"); err != nil {
			t.Fatal(err)
		}

		_, err = s.ResolveProblem(ctx, "bob", seen, "fixed in 5.3.2", Notify{SurveyBase: "https://desk.example"})
		wantErr(t, err, ErrForbidden, "only its owner (cy) or a supervisor")
		// No survey server: the resolution template cannot go out, nothing changes.
		_, err = s.ResolveProblem(ctx, "cy", seen, "fixed in 5.3.2", Notify{})
		wantErr(t, err, ErrInvalid, "survey server")
		if cur, _ := s.Problem(ctx, p.ID); cur.Status != ProblemOpen || cur.Version != seen.Version {
			t.Fatalf("problem changed by a refused resolve: %+v", cur)
		}
		// Read again (d's note now seen), then d changes once more.
		d, _ = s.Ticket(ctx, d.ID)
		if _, err := s.AddNote(ctx, "bob", d.ID, d.Version, "and a screenshot"); err != nil {
			t.Fatal(err)
		}
		res, err := s.ResolveProblem(ctx, "cy", seen, "fixed in 5.3.2", Notify{SurveyBase: "https://desk.example"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, o := range res.Tickets {
			got[o.Key()] = o.Result
		}
		want := map[string]string{a1.Key(): OutcomeResolved, a2.Key(): OutcomeResolved, b.Key(): OutcomeNotified,
			d.Key(): OutcomeConflict, e.Key(): OutcomeApproval}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("outcomes\n got %v\nwant %v", got, want)
		}
		for _, o := range res.Tickets {
			if o.TicketID == a2.ID && o.SameAs != a1.ID {
				t.Fatalf("a2 should be told through a1: %+v", o)
			}
			if o.TicketID == d.ID && !strings.Contains(o.Err.Error(), "note added by bob") {
				t.Fatalf("conflict %v", o.Err)
			}
		}
		if cur, _ := s.Ticket(ctx, d.ID); cur.Status != domain.InProgress || cur.Solution != "" {
			t.Fatalf("conflicting ticket was changed: %+v", cur)
		}
		if cur, _ := s.Ticket(ctx, b.ID); cur.Status != domain.Closed {
			t.Fatalf("closed ticket reopened: %s", cur.Status)
		}

		// Run again on a fresh read: only d is left; a supervisor approves e.
		seen, _ = s.Problem(ctx, p.ID)
		res, err = s.ResolveProblem(ctx, "sam", seen, "fixed in 5.3.2", Notify{SurveyBase: "https://desk.example"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Count(OutcomeResolved) != 2 || res.Count(OutcomeAlready) != 3 {
			t.Fatalf("second run %+v", res.Tickets)
		}
		if a, err := s.LatestApproval(ctx, e.ID); err != nil || a.State != ApprovalApproved || a.DecidedBy != "sam" {
			t.Fatalf("e's approval %+v %v", a, err)
		}

		// Every ticket resolved once, every customer told once.
		all := []domain.Ticket{a1, a2, b, d, e}
		for _, tk := range all {
			cur, _ := s.Ticket(ctx, tk.ID)
			if tk.ID != b.ID && (cur.Status != domain.Resolved || cur.Solution != "fixed in 5.3.2") {
				t.Fatalf("%s: %s %q", tk.Key(), cur.Status, cur.Solution)
			}
			if n := countEvents(t, s, tk.ID, domain.EvMoved, "resolved"); tk.ID != b.ID && n != 1 {
				t.Fatalf("%s resolved %d times", tk.Key(), n)
			}
		}
		// Three customers: a1 and a2; b and e (both 张三丰's number); d.
		replies := repliesOf(t, s, all...)
		if len(replies[a2.ID]) != 0 || len(replies[e.ID]) != 0 {
			t.Fatalf("the same customer told twice: %+v %+v", replies[a2.ID], replies[e.ID])
		}
		links := map[string]bool{}
		for _, tk := range []domain.Ticket{a1, d} {
			rs := replies[tk.ID]
			if len(rs) != 1 || rs[0].Template != "resolution" || !strings.Contains(rs[0].Body, "https://desk.example/survey/") {
				t.Fatalf("%s replies %+v", tk.Key(), rs)
			}
			links[rs[0].Body[strings.Index(rs[0].Body, "https://"):]] = true
		}
		if len(links) != 2 {
			t.Fatalf("survey links shared between customers: %v", links)
		}
		if rs := replies[b.ID]; len(rs) != 1 || rs[0].Template != "problem_fixed" || !strings.Contains(rs[0].Body, "fixed in 5.3.2") {
			t.Fatalf("closed ticket's notice %+v", rs)
		}
		// And a third run tells nobody again.
		seen, _ = s.Problem(ctx, p.ID)
		res, err = s.ResolveProblem(ctx, "sam", seen, "fixed in 5.3.2", Notify{SurveyBase: "https://desk.example"})
		if err != nil || res.Count(OutcomeAlready) != 5 {
			t.Fatalf("third run %+v %v", res.Tickets, err)
		}
	})
}

func TestDeclineAndPlanRequest(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		p, err := s.CreateProblem(ctx, "bob", NewProblem{Kind: KindRequest, Title: "Export to Excel"})
		if err != nil {
			t.Fatal(err)
		}
		a := working(t, s, "please add export", domain.Low)
		c := report(t, s, "export?", "13700137000", "", domain.TierNormal, domain.Email)
		if p, err = s.LinkTickets(ctx, "bob", p.ID, p.Version, ids(a, c)); err != nil {
			t.Fatal(err)
		}
		bug := newBug(t, s, "bob")
		_, err = s.PlanProblem(ctx, "bob", bug, "5.4", Notify{})
		wantErr(t, err, ErrInvalid, "PB-2 is a bug")

		res, err := s.PlanProblem(ctx, "bob", p, "5.4", Notify{})
		if err != nil || res.Count(OutcomeNotified) != 2 || res.Problem.Status != ProblemPlanned || res.Problem.Release != "5.4" {
			t.Fatalf("plan %+v %v", res, err)
		}
		rs := repliesOf(t, s, a, c)
		if len(rs[a.ID]) != 1 || !strings.Contains(rs[a.ID][0].Body, "release 5.4") {
			t.Fatalf("plan notice %+v", rs[a.ID])
		}
		if cur, _ := s.Ticket(ctx, a.ID); cur.Status != domain.InProgress {
			t.Fatalf("planning changed the ticket's column: %s", cur.Status)
		}

		res, err = s.DeclineProblem(ctx, "bob", res.Problem, "exports leak customer data", Notify{})
		if err != nil || res.Count(OutcomeResolved) != 2 || res.Problem.Status != ProblemDeclined {
			t.Fatalf("decline %+v %v", res, err)
		}
		rs = repliesOf(t, s, a, c)
		for _, tk := range []domain.Ticket{a, c} {
			last := rs[tk.ID][len(rs[tk.ID])-1]
			if last.Template != "problem_declined" || !strings.Contains(last.Body, "because: exports leak customer data") {
				t.Fatalf("%s decline notice %+v", tk.Key(), last)
			}
		}
		_, err = s.ResolveProblem(ctx, "bob", res.Problem, "shipped after all", Notify{SurveyBase: "https://desk.example"})
		wantErr(t, err, ErrInvalid, "PB-1 is already declined")
	})
}

// BenchmarkResolveProblem30 resolves a problem with 30 linked open
// tickets from 30 customers: 30 audited changes and 30 queued notices.
func BenchmarkResolveProblem30(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s := newTestStore(b)
		p, err := s.CreateProblem(ctx, "sam", NewProblem{Kind: KindBug, Title: "crash"})
		if err != nil {
			b.Fatal(err)
		}
		var tickets []int64
		for i := range 30 {
			tk, err := s.CreateTicket(ctx, "bob", NewTicket{Title: "crash", Channel: domain.Hotline, Category: domain.Malfunction,
				Priority: domain.Medium, CustomerName: "王小明", CustomerPhone: fmt.Sprintf("1380000%04d", i)})
			if err != nil {
				b.Fatal(err)
			}
			tickets = append(tickets, tk.ID)
		}
		if p, err = s.LinkTickets(ctx, "sam", p.ID, p.Version, tickets); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := s.ResolveProblem(ctx, "sam", p, "fixed in 5.3.2", Notify{SurveyBase: "https://desk.example"})
		if err != nil || res.Count(OutcomeResolved) != 30 {
			b.Fatalf("%v %v", res.Tickets, err)
		}
	}
}
