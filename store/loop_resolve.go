package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Approval request states.
const (
	ApprovalPending  = "pending"
	ApprovalApproved = "approved"
	ApprovalRejected = "rejected"
)

// Approval is a proposed solution of a high-priority ticket and the
// supervisor's decision on it.
type Approval struct {
	ID            int64
	TicketID      int64
	Title         string
	Priority      domain.Priority
	Owner         string
	TicketVersion int64 // the version to approve or reject against
	Summary       string
	State         string // ApprovalPending, ApprovalApproved or ApprovalRejected
	RequestedBy   string
	RequestedAt   time.Time
	DecidedBy     string
	DecidedAt     time.Time
	Reason        string // why it was sent back
}

// Key is the ticket's key.
func (a Approval) Key() string { return domain.Key(a.TicketID) }

// errResolveByMove is Move's answer to a move into resolved: resolving
// records a solution summary and, for high priority, needs approval.
func errResolveByMove(id int64) error {
	return invalid("resolve with a solution summary: loopdesk ticket resolve %s --summary ...", domain.Key(id))
}

// Resolve moves a ticket to resolved with its solution summary (required).
// A high-priority solution needs a supervisor's approval first: when an
// agent resolves one, Resolve files an approval request instead (or
// replaces the summary of the one waiting), the ticket keeps its column,
// and pending is true. A supervisor's own resolve is its approval.
func (s *Store) Resolve(ctx context.Context, actor string, id, version int64, summary string) (t domain.Ticket, pending bool, err error) {
	summary, err = s.requireText("summary", summary)
	if err != nil {
		return domain.Ticket{}, false, err
	}
	t, err = s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if err := mayWork(a, t, "resolve"); err != nil {
			return nil, err
		}
		if err := domain.CheckMove(t.Status, domain.Resolved); err != nil {
			return nil, invalid("%s: %v", t.Key(), err)
		}
		changes, waits, err := s.resolveWithApproval(ctx, tx, a, t, summary)
		pending = waits
		return changes, err
	})
	return t, pending, err
}

// resolveWithApproval resolves t with summary inside a mutation, by the
// rule for high priority: a supervisor's resolve is recorded as their
// approval (closing any request an agent filed, so the approval history
// is complete); an agent's files an approval request instead (or replaces
// the summary of the one waiting), t keeps its column and pending is true.
func (s *Store) resolveWithApproval(ctx context.Context, tx *wtx, a domain.Agent, t *domain.Ticket, summary string) (changes []change, pending bool, err error) {
	now := ms(s.now())
	if t.Priority == domain.High && !a.Role.Supervises() {
		res, err := tx.ExecContext(ctx, "UPDATE approvals SET summary = ?, requested_by = ?, requested_at = ? WHERE ticket_id = ? AND state = 'pending'",
			summary, a.Name, now, t.ID)
		if err != nil {
			return nil, false, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.ExecContext(ctx, "INSERT INTO approvals (ticket_id, summary, state, requested_by, requested_at) VALUES (?, ?, 'pending', ?, ?)",
				t.ID, summary, a.Name, now); err != nil {
				return nil, false, err
			}
		}
		return []change{{EvApprovalRequested, "solution", "", summary}}, true, nil
	}
	if t.Priority == domain.High {
		res, err := tx.ExecContext(ctx, "UPDATE approvals SET state = 'approved', summary = ?, decided_by = ?, decided_at = ? WHERE ticket_id = ? AND state = 'pending'",
			summary, a.Name, now, t.ID)
		if err != nil {
			return nil, false, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO approvals (ticket_id, summary, state, requested_by, requested_at, decided_by, decided_at)
				VALUES (?, ?, 'approved', ?, ?, ?, ?)`, t.ID, summary, a.Name, now, a.Name, now); err != nil {
				return nil, false, err
			}
		}
		changes = append(changes, change{EvApproved, "solution", "", a.Name})
	}
	return append(changes, s.solve(t, summary)...), false, nil
}

// solve records the solution and moves t to resolved.
func (s *Store) solve(t *domain.Ticket, summary string) []change {
	var changes []change
	if summary != t.Solution {
		changes = append(changes, change{domain.EvEdited, "solution", t.Solution, summary})
		t.Solution = summary
	}
	return append(changes, setStatus(t, domain.Resolved, s.now()))
}

// pendingApproval reads the request waiting on a ticket inside tx.
func pendingApproval(ctx context.Context, tx *wtx, t *domain.Ticket) (id int64, summary, by string, err error) {
	err = tx.QueryRowContext(ctx, "SELECT id, summary, requested_by FROM approvals WHERE ticket_id = ? AND state = 'pending'", t.ID).
		Scan(&id, &summary, &by)
	if errors.Is(err, sql.ErrNoRows) {
		err = invalid("%s has no solution waiting for approval", t.Key())
	}
	return id, summary, by, err
}

// Approve accepts the solution waiting on a ticket and resolves the ticket
// with it; only supervisors may.
func (s *Store) Approve(ctx context.Context, actor string, id, version int64) (domain.Ticket, error) {
	return s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if err := requireSupervisor(a, "approve solutions"); err != nil {
			return nil, err
		}
		reqID, summary, by, err := pendingApproval(ctx, tx, t)
		if err != nil {
			return nil, err
		}
		if err := domain.CheckMove(t.Status, domain.Resolved); err != nil {
			return nil, invalid("%s: %v", t.Key(), err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE approvals SET state = 'approved', decided_by = ?, decided_at = ? WHERE id = ?",
			a.Name, ms(s.now()), reqID); err != nil {
			return nil, err
		}
		return append([]change{{EvApproved, "solution", "", by}}, s.solve(t, summary)...), nil
	})
}

// RejectSolution sends the solution waiting on a ticket back with a reason
// (required); a ticket in testing goes back to in progress. Only
// supervisors may.
func (s *Store) RejectSolution(ctx context.Context, actor string, id, version int64, reason string) (domain.Ticket, error) {
	reason, err := s.requireText("reason", reason)
	if err != nil {
		return domain.Ticket{}, err
	}
	return s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if err := requireSupervisor(a, "reject solutions"); err != nil {
			return nil, err
		}
		reqID, _, _, err := pendingApproval(ctx, tx, t)
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE approvals SET state = 'rejected', decided_by = ?, decided_at = ?, reason = ? WHERE id = ?",
			a.Name, ms(s.now()), reason, reqID); err != nil {
			return nil, err
		}
		changes := []change{{EvSolutionRejected, "solution", "", reason}}
		if t.Status == domain.Testing {
			changes = append(changes, setStatus(t, domain.InProgress, s.now()))
		}
		return changes, nil
	})
}

const approvalCols = `a.id, a.ticket_id, t.title, t.priority, coalesce(t.owner, ''), t.version, a.summary, a.state,
	a.requested_by, a.requested_at, coalesce(a.decided_by, ''), a.decided_at, a.reason`

func scanApproval(row interface{ Scan(...any) error }) (Approval, error) {
	var a Approval
	var req int64
	var dec sql.NullInt64
	err := row.Scan(&a.ID, &a.TicketID, &a.Title, &a.Priority, &a.Owner, &a.TicketVersion, &a.Summary, &a.State,
		&a.RequestedBy, &req, &a.DecidedBy, &dec, &a.Reason)
	a.RequestedAt, a.DecidedAt = time.UnixMilli(req), fromMS(dec)
	return a, err
}

// Approvals is the supervisors' approval queue: solutions waiting for a
// decision, oldest first.
func (s *Store) Approvals(ctx context.Context) ([]Approval, error) {
	rows, err := s.query(ctx, "SELECT "+approvalCols+" FROM approvals a JOIN tickets t ON t.id = a.ticket_id WHERE a.state = 'pending' ORDER BY a.id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Approval
	for rows.Next() {
		a, err := scanApproval(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// LatestApproval is a ticket's most recent approval request, whatever its
// state (ErrNotFound when there was none): what the card shows.
func (s *Store) LatestApproval(ctx context.Context, ticketID int64) (Approval, error) {
	a, err := scanApproval(s.queryRow(ctx, "SELECT "+approvalCols+" FROM approvals a JOIN tickets t ON t.id = a.ticket_id WHERE a.ticket_id = ? ORDER BY a.id DESC LIMIT 1", ticketID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, notFound("approval request of " + domain.Key(ticketID))
	}
	return a, err
}
