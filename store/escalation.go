package store

import (
	"context"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/sla"
)

// Respond records that the customer heard from the desk (an acknowledgement
// by phone, a reply): it stops the first-response clock the first time and
// counts as a progress update after that.
func (s *Store) Respond(ctx context.Context, actor string, id, version int64, how string) (domain.Ticket, error) {
	how = cleanText(how)
	if how == "" {
		how = "acknowledged"
	}
	return s.mutate(ctx, actor, id, version, func(_ *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if !t.Status.Open() {
			return nil, invalid("%s is %s: reopen it before responding", t.Key(), t.Status)
		}
		if t.FirstResponseAt.IsZero() {
			t.FirstResponseAt = s.now()
		}
		return []change{{domain.EvResponded, "response", "", how}}, nil
	})
}

// SweepSLA records missed deadlines: for each ticket whose next check time
// has passed, every clock that is now breached gets one sla_breached event
// (the sla_breaches key makes that exactly once, whichever process sweeps)
// and the ticket is flagged escalated. It returns the breaches recorded.
// Boards and servers call it periodically wherever the file is writable.
func (s *Store) SweepSLA(ctx context.Context) (int, error) {
	now := s.now()
	ids, err := s.ids(ctx, "SELECT id FROM tickets WHERE check_at <= ? ORDER BY check_at LIMIT 500", ms(now))
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	recorded := 0
	err = s.write(ctx, func(tx *wtx) error {
		for _, id := range ids {
			n, err := s.sweepOne(ctx, tx, id, now)
			if err != nil {
				return err
			}
			recorded += n
		}
		return nil
	})
	return recorded, err
}

func (s *Store) sweepOne(ctx context.Context, tx *wtx, id int64, now time.Time) (int, error) {
	t, err := scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketCols+" FROM tickets WHERE id = ?", id))
	if err != nil {
		return 0, err
	}
	events, err := s.eventsIn(ctx, tx, id)
	if err != nil {
		return 0, err
	}
	h := historyOf(t, events, nil, now)
	clocks := sla.Evaluate(h, s.sla.Policies, s.sla.Calendar, now)
	recorded := 0
	for _, c := range clocks {
		if c.State != sla.Breached {
			continue
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO sla_breaches (ticket_id, clock, due_at, breached_at, priority)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, id, c.Kind.String(), ms(c.Due), ms(now), int(t.Priority))
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // recorded before, by us or another process
		}
		if err := s.event(ctx, tx, id, domain.SystemActor, domain.EvBreached, c.Kind.String(), "", c.Due.UTC().Format(time.RFC3339)); err != nil {
			return 0, err
		}
		var d statDelta
		switch c.Kind {
		case sla.FirstResponse:
			d.frBreached = 1
		case sla.Resolution:
			d.resBreached = 1
		}
		if err := s.addStat(ctx, tx, t.ReceivedAt, t, d); err != nil {
			return 0, err
		}
		recorded++
	}
	if recorded > 0 {
		// The card changed (it is flagged now): bump the version so an agent
		// acting on the old card learns about the escalation.
		if _, err := tx.ExecContext(ctx, "UPDATE tickets SET escalated = 1, version = version + 1, updated_at = ? WHERE id = ?", ms(now), id); err != nil {
			return 0, err
		}
	}
	return recorded, saveDeadlines(ctx, tx, id, s.computeDeadlines(h, now, true))
}

// Escalations lists escalated tickets for the supervisors' queue, most
// urgent first.
func (s *Store) Escalations(ctx context.Context, limit int) ([]domain.Ticket, error) {
	rows, err := s.query(ctx, "SELECT "+cardCols+" FROM tickets WHERE escalated = 1 ORDER BY priority, id LIMIT ?", limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// AcknowledgeEscalation takes a ticket off the escalation queue; only
// supervisors may. The breach stays on record for the reports.
func (s *Store) AcknowledgeEscalation(ctx context.Context, actor string, id, version int64) (domain.Ticket, error) {
	return s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if !a.Role.Supervises() {
			return nil, &ForbiddenError{Actor: a.Name, Action: "acknowledge escalations", Reason: "needs the supervisor role"}
		}
		if !t.Escalated {
			return nil, invalid("%s is not escalated", t.Key())
		}
		if _, err := tx.ExecContext(ctx, "UPDATE sla_breaches SET acknowledged_by = ?, acknowledged_at = ? WHERE ticket_id = ? AND acknowledged_at IS NULL",
			a.Name, ms(s.now()), t.ID); err != nil {
			return nil, err
		}
		t.Escalated = false
		return []change{{domain.EvEscalationOK, "escalated", "yes", "no"}}, nil
	})
}

// Attainment is how one priority's clock fared for tickets created in a
// range.
type Attainment struct {
	Priority domain.Priority
	Clock    string // first_response or resolution
	Met      int
	Breached int
	Open     int // still running (neither met nor missed yet)
}

// SLAAttainment counts, per priority, first-response and resolution
// clocks met, breached and still open for tickets received in [from, to).
// Breaches come from the breach log, so a clock missed and later stopped
// still counts as breached.
func (s *Store) SLAAttainment(ctx context.Context, from, to time.Time) ([]Attainment, error) {
	const q = `SELECT t.priority,
		sum(CASE WHEN EXISTS (SELECT 1 FROM sla_breaches b WHERE b.ticket_id = t.id AND b.clock = 'first_response') THEN 1 ELSE 0 END),
		sum(CASE WHEN NOT EXISTS (SELECT 1 FROM sla_breaches b WHERE b.ticket_id = t.id AND b.clock = 'first_response')
			AND t.first_response_at IS NOT NULL THEN 1 ELSE 0 END),
		sum(CASE WHEN EXISTS (SELECT 1 FROM sla_breaches b WHERE b.ticket_id = t.id AND b.clock = 'resolution') THEN 1 ELSE 0 END),
		sum(CASE WHEN NOT EXISTS (SELECT 1 FROM sla_breaches b WHERE b.ticket_id = t.id AND b.clock = 'resolution')
			AND t.status IN ('resolved', 'closed') THEN 1 ELSE 0 END),
		count(*)
		FROM tickets t WHERE t.received_at >= ? AND t.received_at < ? GROUP BY t.priority ORDER BY t.priority`
	rows, err := s.r.QueryContext(ctx, q, ms(from), ms(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attainment
	for rows.Next() {
		var p domain.Priority
		var frB, frM, resB, resM, total int
		if err := rows.Scan(&p, &frB, &frM, &resB, &resM, &total); err != nil {
			return nil, err
		}
		out = append(out,
			Attainment{Priority: p, Clock: "first_response", Met: frM, Breached: frB, Open: total - frM - frB},
			Attainment{Priority: p, Clock: "resolution", Met: resM, Breached: resB, Open: total - resM - resB})
	}
	return out, rows.Err()
}
