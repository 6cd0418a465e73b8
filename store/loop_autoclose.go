package store

import (
	"context"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/sla"
)

// DefaultConfirmWindow is how long a resolved ticket waits for the
// customer's confirmation before AutoClose closes it.
const DefaultConfirmWindow = 7 * 24 * time.Hour

// AutoClose closes resolved tickets whose customer did not answer within
// window (0: DefaultConfirmWindow) of the resolution, as the system actor,
// with an auto_closed event saying so. It returns how many it closed;
// call it periodically wherever the database is writable (every process
// may: a ticket closes once).
func (s *Store) AutoClose(ctx context.Context, window time.Duration) (int, error) {
	if window <= 0 {
		window = DefaultConfirmWindow
	}
	cutoff := s.now().Add(-window)
	ids, err := s.ids(ctx, "SELECT id FROM tickets WHERE status = 'resolved' AND resolved_at <= ? ORDER BY resolved_at LIMIT 500", ms(cutoff))
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	closed := 0
	err = s.write(ctx, func(tx *wtx) error {
		for _, id := range ids {
			_, err := s.actAs(ctx, tx, domain.SystemActor, id, func(t *domain.Ticket) ([]change, error) {
				// Re-checked in the transaction: the customer may have
				// answered, or an agent reopened it, since the read.
				if t.Status != domain.Resolved || t.ResolvedAt.After(cutoff) {
					return nil, nil
				}
				closed++
				return []change{setStatus(t, domain.Closed, s.now()),
					{EvAutoClosed, "confirmation", "", "no answer within " + sla.FormatDuration(window)}}, nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return closed, nil
}
