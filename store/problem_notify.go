package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Outcomes of a bulk action for one linked ticket.
const (
	OutcomeResolved = "resolved"           // resolved with the summary; its customer was told
	OutcomeNotified = "notified"           // was already resolved or closed (or stays open): told, not changed
	OutcomeApproval = "approval_requested" // high priority: the solution waits for a supervisor; not told yet
	OutcomeSame     = "same_customer"      // its customer was told through another ticket of the problem
	OutcomeAlready  = "already_notified"   // an earlier run told this ticket's customer
	OutcomeConflict = "conflict"           // changed since the caller read the problem: left alone
	OutcomeFailed   = "failed"             // refused (e.g. unlinked meanwhile); Err says why
)

// TicketOutcome is what a bulk action did with one linked ticket.
type TicketOutcome struct {
	TicketID int64
	Result   string // Outcome*
	ReplyID  int64  // the notice queued in the outbox, 0 if none
	SameAs   int64  // for OutcomeSame: the ticket whose notice reached the customer
	Err      error  // for OutcomeConflict and OutcomeFailed
}

// Key is the ticket's key.
func (o TicketOutcome) Key() string { return domain.Key(o.TicketID) }

// BulkResult is a bulk action's effect: the problem after it, and what
// happened to each linked ticket.
type BulkResult struct {
	Problem Problem
	Tickets []TicketOutcome
}

// Count is how many tickets ended with result.
func (b BulkResult) Count(result string) int {
	n := 0
	for _, o := range b.Tickets {
		if o.Result == result {
			n++
		}
	}
	return n
}

// Notify is how a bulk action's notices are sent.
type Notify struct {
	// SurveyBase is the public address of the survey server: the
	// resolution template gives each customer a survey link of their own.
	SurveyBase string
	SurveyTTL  time.Duration // 0: DefaultSurveyTTL
}

// bulk describes one bulk action.
type bulk struct {
	action  string        // for messages: resolve, decline, plan
	status  ProblemStatus // the problem's status after it
	notice  string        // problem_notices.kind
	detail  string        // problem_notices.detail (the release of a plan)
	resolve bool          // open tickets are resolved with summary
	summary string        // {summary}: the fix or the reason
	release string        // {release}
	opened  string        // template for a ticket the action resolves
	done    string        // template for every other ticket
}

// ResolveProblem marks a problem fixed (a request shipped) with summary
// and settles every linked ticket, each in its own audited change at the
// version seen (the problem as the caller read it; tickets linked since
// are taken at their current version): an open ticket is resolved with
// the summary and its customer gets the resolution template with a survey
// link of their own; a ticket already resolved or closed is not reopened,
// its customer gets the problem_fixed notice. Each customer is told once,
// through the customer's own channel (the outbox), however many of their
// tickets are linked and however often the action is retried. A ticket
// changed since it was read is reported as a conflict and left alone; run
// it again to settle what is left. High-priority tickets need approval:
// resolved by a supervisor the problem approves them, by its owner they
// get an approval request and are told once a later run finds them
// resolved.
func (s *Store) ResolveProblem(ctx context.Context, actor string, seen Problem, summary string, n Notify) (BulkResult, error) {
	summary, err := s.requireText("summary", summary)
	if err != nil {
		return BulkResult{}, err
	}
	if n.SurveyBase == "" {
		for _, lang := range []string{"zh", "en"} {
			tpl, err := loadTemplate(ctx, s.r, "resolution", lang)
			if err != nil {
				return BulkResult{}, err
			}
			if strings.Contains(tpl.Body, "{survey_link}") {
				return BulkResult{}, invalid("the resolution template gives each customer a survey link: give the public address of the survey server (--base-url or LOOPDESK_BASE_URL)")
			}
		}
	}
	status := ProblemFixed
	if seen.Kind == KindRequest {
		status = ProblemShipped
	}
	return s.settle(ctx, actor, seen, n, bulk{action: "resolve", status: status, notice: "fixed", resolve: true,
		summary: summary, opened: "resolution", done: "problem_fixed"})
}

// DeclineProblem declines a problem or request with a reason: every open
// linked ticket is resolved with the reason and every requester is told
// it (problem_declined), as ResolveProblem does.
func (s *Store) DeclineProblem(ctx context.Context, actor string, seen Problem, reason string, n Notify) (BulkResult, error) {
	reason, err := s.requireText("reason", reason)
	if err != nil {
		return BulkResult{}, err
	}
	return s.settle(ctx, actor, seen, n, bulk{action: "decline", status: ProblemDeclined, notice: "declined", resolve: true,
		summary: reason, opened: "problem_declined", done: "problem_declined"})
}

// PlanProblem puts a request on the roadmap for a release and tells every
// requester (problem_planned); the tickets stay where they are. Planning
// for another release tells them again.
func (s *Store) PlanProblem(ctx context.Context, actor string, seen Problem, release string, n Notify) (BulkResult, error) {
	release, err := s.requireText("release", release)
	if err != nil {
		return BulkResult{}, err
	}
	if len(release) > 40 {
		return BulkResult{}, invalid("release: %d bytes, at most 40", len(release))
	}
	if seen.Kind != KindRequest {
		return BulkResult{}, invalid("%s is a bug: only requests are planned for a release", seen.Key())
	}
	return s.settle(ctx, actor, seen, n, bulk{action: "plan", status: ProblemPlanned, notice: "planned", detail: release,
		release: release, opened: "problem_planned", done: "problem_planned"})
}

// settle runs a bulk action: the problem's own change, then one change per
// linked ticket.
func (s *Store) settle(ctx context.Context, actor string, seen Problem, n Notify, b bulk) (BulkResult, error) {
	err := s.changeProblem(ctx, actor, seen.ID, seen.Version, func(_ *wtx, a domain.Agent, p *Problem) ([]problemChange, error) {
		if err := mayManage(a, p, b.action); err != nil {
			return nil, err
		}
		if p.Status.Done() && p.Status != b.status {
			return nil, invalid("%s is already %s", p.Key(), p.Status)
		}
		var changes []problemChange
		if p.Status != b.status {
			changes = append(changes, problemChange{kind: EvProblemStatus, field: "status", before: string(p.Status), after: string(b.status)})
			p.Status = b.status
		}
		if b.resolve && p.Resolution != b.summary {
			changes = append(changes, problemChange{kind: domain.EvEdited, field: "resolution", before: p.Resolution, after: b.summary})
			p.Resolution = b.summary
		}
		if b.release != "" && p.Release != b.release {
			changes = append(changes, problemChange{kind: domain.EvEdited, field: "release", before: p.Release, after: b.release})
			p.Release = b.release
		}
		if len(changes) == 0 { // a retry: settle the tickets left over
			changes = append(changes, problemChange{kind: EvProblemRerun, field: b.action})
		}
		return changes, nil
	})
	if err != nil {
		return BulkResult{}, err
	}
	p, err := s.Problem(ctx, seen.ID)
	if err != nil {
		return BulkResult{}, err
	}
	versions := make(map[int64]int64, len(seen.Tickets))
	for _, t := range seen.Tickets {
		versions[t.ID] = t.Version
	}
	members := map[int][]int64{} // customer → their tickets
	for _, t := range p.Tickets {
		members[t.Customer1] = append(members[t.Customer1], t.ID)
	}
	res := BulkResult{Tickets: make([]TicketOutcome, 0, len(p.Tickets))}
	for _, t := range p.Tickets {
		v, ok := versions[t.ID]
		if !ok {
			v = t.Version
		}
		o, err := s.settleTicket(ctx, actor, p, t.ID, v, members[t.Customer1], n, b)
		if err != nil {
			return res, err
		}
		res.Tickets = append(res.Tickets, o)
	}
	res.Problem, err = s.Problem(ctx, seen.ID)
	return res, err
}

// settleTicket applies a bulk action to one ticket in its own mutation.
// Only a failure to reach the database is returned as an error; what the
// ticket refused is its outcome.
func (s *Store) settleTicket(ctx context.Context, actor string, p Problem, id, version int64, sameCustomer []int64, n Notify, b bulk) (TicketOutcome, error) {
	o := TicketOutcome{TicketID: id}
	var told int
	if err := s.queryRow(ctx, "SELECT count(*) FROM problem_notices WHERE problem_id = ? AND ticket_id = ? AND kind = ? AND detail = ?",
		p.ID, id, b.notice, b.detail).Scan(&told); err != nil {
		return o, err
	}
	if told > 0 {
		o.Result = OutcomeAlready
		return o, nil
	}
	_, err := s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		var linked int64
		if err := tx.QueryRowContext(ctx, "SELECT problem_id FROM problem_tickets WHERE ticket_id = ?", id).Scan(&linked); err != nil || linked != p.ID {
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, err
			}
			return nil, invalid("%s is no longer linked to %s", t.Key(), p.Key())
		}
		var changes []change
		tpl := b.done
		o.Result = OutcomeNotified
		if b.resolve && t.Status != domain.Resolved && t.Status != domain.Closed {
			if t.Status == domain.Pending { // the problem's work was the work
				changes = append(changes, setStatus(t, domain.InProgress, s.now()))
			}
			solved, pending, err := s.resolveWithApproval(ctx, tx, a, t, b.summary)
			if err != nil {
				return nil, err
			}
			changes = append(changes, solved...)
			if pending { // told once approved and resolved, by a later run
				o.Result = OutcomeApproval
				return changes, nil
			}
			tpl, o.Result = b.opened, OutcomeResolved
		}
		sameAs, err := s.toldAlready(ctx, tx, p.ID, b, sameCustomer)
		if err != nil {
			return nil, err
		}
		var reply any
		what := b.notice
		if b.detail != "" {
			what += " " + b.detail
		}
		if sameAs != 0 {
			o.SameAs = sameAs
			if o.Result == OutcomeNotified {
				o.Result = OutcomeSame
			}
			what += ": customer told on " + domain.Key(sameAs)
		} else {
			r, sent, err := s.queueReply(ctx, tx, a, t, Draft{Template: tpl, SurveyBase: n.SurveyBase, SurveyTTL: n.SurveyTTL},
				map[string]string{"summary": b.summary, "release": b.release})
			if err != nil {
				return nil, err
			}
			changes = append(changes, sent...)
			o.ReplyID, reply = r.ID, r.ID
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO problem_notices (problem_id, ticket_id, kind, detail, reply_id, at) VALUES (?, ?, ?, ?, ?, ?)",
			p.ID, t.ID, b.notice, b.detail, reply, ms(s.now())); err != nil {
			return nil, err
		}
		return append(changes, change{EvProblemNotice, p.Key(), "", what}), nil
	})
	var ce *ConflictError
	switch {
	case errors.As(err, &ce):
		o.Result, o.Err, o.ReplyID = OutcomeConflict, err, 0
	case errors.Is(err, ErrInvalid) || errors.Is(err, ErrForbidden) || errors.Is(err, ErrNotFound):
		o.Result, o.Err, o.ReplyID = OutcomeFailed, err, 0
	case err != nil:
		return o, err
	}
	return o, nil
}

// toldAlready finds a ticket of the same customer whose notice of this
// kind went out (0 when none did).
func (s *Store) toldAlready(ctx context.Context, tx *wtx, problemID int64, b bulk, tickets []int64) (int64, error) {
	for _, id := range tickets {
		var reply sql.NullInt64
		err := tx.QueryRowContext(ctx, "SELECT reply_id FROM problem_notices WHERE problem_id = ? AND ticket_id = ? AND kind = ? AND detail = ?",
			problemID, id, b.notice, b.detail).Scan(&reply)
		switch {
		case err == nil && reply.Valid:
			return id, nil
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return 0, err
		}
	}
	return 0, nil
}
