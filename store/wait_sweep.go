package store

import (
	"context"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/sla"
)

// Events of the wait sweep.
const (
	EvWaitReminded = "wait_reminded" // After: the question the customer was reminded of
	EvWaitExpired  = "wait_expired"  // Before: the question; After: why the ticket was resolved
)

// WaitWindows say when SweepWaits reminds the customer of a ticket
// waiting for an answer, and when it resolves the ticket unanswered.
type WaitWindows struct {
	Remind  time.Duration // 0: never remind
	Resolve time.Duration // 0: never resolve
}

// DefaultWaitWindows: a reminder after two days, resolved after seven.
var DefaultWaitWindows = WaitWindows{Remind: 48 * time.Hour, Resolve: 7 * 24 * time.Hour}

// WithWaitWindows sets when waiting tickets are reminded and resolved.
func WithWaitWindows(w WaitWindows) Option { return func(s *Store) { s.waits = w } }

// maxWaitSweep bounds the waits one sweep settles; the next takes the rest.
const maxWaitSweep = 500

// SweepWaits settles the waits for the customer that went unanswered: a
// wait older than the reminder window gets one reminder (the
// wait_reminder template, through the customer's channel, queued in the
// outbox); one older than the resolve window is resolved by the system
// with the reason stated in the solution. Each ticket is one audited
// change re-checked in the transaction, so a customer who answered
// meanwhile is left alone; call it periodically wherever the database is
// writable.
func (s *Store) SweepWaits(ctx context.Context) (reminded, resolved int, err error) {
	w := s.waits
	first := w.Remind
	if first <= 0 || (w.Resolve > 0 && w.Resolve < first) {
		first = w.Resolve
	}
	if first <= 0 {
		return 0, 0, nil
	}
	now := s.now()
	ids, err := s.ids(ctx, `SELECT e.ticket_id FROM events e JOIN tickets t ON t.id = e.ticket_id
		WHERE e.kind = 'waiting' AND e.at <= ? AND t.status NOT IN ('resolved', 'closed')
		GROUP BY e.ticket_id ORDER BY min(e.at) LIMIT ?`,
		ms(now.Add(-first)), maxWaitSweep)
	if err != nil || len(ids) == 0 {
		return 0, 0, err
	}
	system := domain.Agent{Name: domain.SystemActor}
	err = s.write(ctx, func(tx *wtx) error {
		for _, id := range ids {
			_, err := s.actAs(ctx, tx, domain.SystemActor, id, func(t *domain.Ticket) ([]change, error) {
				wt, ok, err := waitIn(ctx, tx, t.ID)
				if err != nil || !ok {
					return nil, err // answered or resolved since the read
				}
				waited := now.Sub(wt.Since)
				if w.Resolve > 0 && waited >= w.Resolve {
					resolved++
					why := "no answer from the customer within " + sla.FormatDuration(w.Resolve)
					summary := "No answer from the customer within " + sla.FormatDuration(w.Resolve) + " to: " + wt.Reason
					if ReplyLang(*t) == "zh" {
						summary = "客户在 " + i18n.ZH.Duration(w.Resolve) + " 内未答复：" + wt.Reason
					}
					return append([]change{{EvWaitExpired, "waiting", wt.Reason, why}}, s.solve(t, summary)...), nil
				}
				if w.Remind <= 0 || waited < w.Remind {
					return nil, nil
				}
				var told int
				if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM events WHERE ticket_id = ? AND kind = ? AND at >= ?",
					t.ID, EvWaitReminded, ms(wt.Since)).Scan(&told); err != nil || told > 0 {
					return nil, err
				}
				_, changes, err := s.queueReply(ctx, tx, system, t, Draft{Template: "wait_reminder"}, nil)
				if err != nil {
					return nil, err
				}
				reminded++
				return append(changes, change{EvWaitReminded, "waiting", "", wt.Reason}), nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return reminded, resolved, nil
}
