package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Waiting on the customer: an agent who needs the customer's
// clarification marks the ticket waiting, and its resolution clock pauses
// (sla.WaitStart) until the customer answers or the ticket is resolved.
// The state is read from the events, so no column can disagree with the
// clocks.
const (
	EvWaiting   = "waiting"    // After: what the agent asked the customer
	EvWaitEnded = "wait_ended" // Before: the question; After: how the customer answered
)

// Wait is a ticket's wait for the customer.
type Wait struct {
	Reason string
	Since  time.Time
	By     string
}

// StartWait marks an open ticket as waiting for the customer with the
// question asked (required); the owner or a supervisor may.
func (s *Store) StartWait(ctx context.Context, actor string, id, version int64, reason string) (domain.Ticket, error) {
	reason, err := s.requireText("reason", reason)
	if err != nil {
		return domain.Ticket{}, err
	}
	return s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if err := mayWork(a, t, "wait on the customer for"); err != nil {
			return nil, err
		}
		if t.Status == domain.Resolved || t.Status == domain.Closed {
			return nil, invalid("%s is %s: only open tickets wait for the customer", t.Key(), t.Status)
		}
		if w, ok, err := waitIn(ctx, tx, t.ID); err != nil {
			return nil, err
		} else if ok {
			return nil, invalid("%s already waits for the customer (since %s: %s)", t.Key(), eventTime(w.Since), w.Reason)
		}
		return []change{{EvWaiting, "waiting", "", reason}}, nil
	})
}

// EndWait records the customer's answer (how: "phoned back", "e-mail
// reply") and resumes the clock; any agent may record an answer.
func (s *Store) EndWait(ctx context.Context, actor string, id, version int64, how string) (domain.Ticket, error) {
	how, err := s.requireText("answer", how)
	if err != nil {
		return domain.Ticket{}, err
	}
	return s.mutate(ctx, actor, id, version, func(tx *wtx, _ domain.Agent, t *domain.Ticket) ([]change, error) {
		c, ok, err := answered(ctx, tx, t.ID, how)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, invalid("%s does not wait for the customer", t.Key())
		}
		return []change{c}, nil
	})
}

// Waiting is the ticket's wait for the customer, if it waits: what the
// card shows.
func (s *Store) Waiting(ctx context.Context, ticketID int64) (Wait, bool, error) {
	return waitFrom(s.queryRow(ctx, waitQuery, ticketID))
}

// The latest event that starts or ends a wait; resolving or closing ends one.
const waitQuery = `SELECT kind, after, at, actor FROM events WHERE ticket_id = ? AND (kind IN ('waiting', 'wait_ended')
	OR (kind IN ('moved', 'reopened') AND field = 'status' AND after IN ('resolved', 'closed'))) ORDER BY seq DESC LIMIT 1`

func waitIn(ctx context.Context, tx *wtx, ticketID int64) (Wait, bool, error) {
	return waitFrom(tx.QueryRowContext(ctx, waitQuery, ticketID))
}

func waitFrom(row *sql.Row) (Wait, bool, error) {
	var kind string
	var at int64
	var w Wait
	err := row.Scan(&kind, &w.Reason, &at, &w.By)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && kind != EvWaiting) {
		return Wait{}, false, nil
	}
	if err != nil {
		return Wait{}, false, err
	}
	w.Since = time.UnixMilli(at)
	return w, true, nil
}

// answered is the change that ends a ticket's wait when the customer
// answers through a channel (how: "e-mail reply"), inside the
// transaction that records the answer; ok is false when it does not wait.
func answered(ctx context.Context, tx *wtx, ticketID int64, how string) (change, bool, error) {
	w, ok, err := waitIn(ctx, tx, ticketID)
	if err != nil || !ok {
		return change{}, false, err
	}
	return change{EvWaitEnded, "waiting", w.Reason, how}, true, nil
}

// maxWaitBatch bounds the tickets one Waits call reads: more than a board
// shows at once.
const maxWaitBatch = 1000

// Waits is the wait of each of the tickets ids that waits for the
// customer (at most maxWaitBatch): what the board shows on its cards. The
// tickets that ever waited are found first, so a board where nobody
// waits costs one small read.
func (s *Store) Waits(ctx context.Context, ids []int64) (map[int64]Wait, error) {
	if len(ids) > maxWaitBatch {
		return nil, invalid("%d tickets at once, at most %d", len(ids), maxWaitBatch)
	}
	out := map[int64]Wait{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	ever, err := s.ids(ctx, "SELECT DISTINCT ticket_id FROM events WHERE kind = 'waiting' AND ticket_id IN (?"+
		strings.Repeat(", ?", len(ids)-1)+")", args...)
	if err != nil {
		return nil, err
	}
	for _, id := range ever {
		w, ok, err := s.Waiting(ctx, id)
		if err != nil {
			return nil, err
		}
		if ok {
			out[id] = w
		}
	}
	return out, nil
}
