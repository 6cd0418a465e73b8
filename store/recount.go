package store

import (
	"context"
	"database/sql"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// EvRollupsRecounted is the desk event RecountReceived leaves.
const EvRollupsRecounted = "rollups_recounted"

// recountPage is how many tickets the recount holds in memory at once.
const recountPage = 5000

// recountPending runs RecountReceived once if migration 0014 asked for it.
func (s *Store) recountPending(ctx context.Context) error {
	var n int
	if err := s.w.QueryRowContext(ctx, "SELECT count(*) FROM rollup_recount").Scan(&n); err != nil || n == 0 {
		return err
	}
	return s.RecountReceived(ctx)
}

// RecountReceived rebuilds the rollup counts kept by the day a ticket was
// received (received, negative, positive, done, first-response and
// resolution met/breached, keywords) from the tickets and their recorded
// breaches, in one transaction. Counts kept by the day something happened
// (resolutions, reopens, scores) are left as they are. Each ticket counts
// under its dimensions now, which is what the maintained rollups give for
// any ticket whose channel, category, priority and team never changed.
func (s *Store) RecountReceived(ctx context.Context) error {
	return s.write(ctx, func(tx *wtx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE daily_stats SET created = 0, negative = 0, positive = 0, done = 0,
			fr_met = 0, fr_breached = 0, res_met = 0, res_breached = 0`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM keyword_stats"); err != nil {
			return err
		}
		for after := int64(0); ; {
			page, err := recountTickets(ctx, tx, after)
			if err != nil {
				return err
			}
			if len(page) == 0 {
				break
			}
			for _, r := range page {
				if err := s.recountOne(ctx, tx, r); err != nil {
					return err
				}
			}
			after = page[len(page)-1].t.ID
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM daily_stats WHERE created = 0 AND negative = 0 AND positive = 0
			AND done = 0 AND resolved = 0 AND handling_ms = 0 AND reopened = 0 AND fr_met = 0 AND fr_breached = 0
			AND res_met = 0 AND res_breached = 0 AND csat_n = 0`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM rollup_recount"); err != nil {
			return err
		}
		return s.event(ctx, tx, 0, domain.SystemActor, EvRollupsRecounted, "daily_stats", "", "by day received")
	})
}

// recounted is a ticket and which of its clocks have a recorded breach.
type recounted struct {
	t                     domain.Ticket
	frBreached, resBreach bool
}

// recountTickets reads the page of tickets after id, with their breaches.
func recountTickets(ctx context.Context, tx *wtx, after int64) ([]recounted, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+ticketCols+`,
		EXISTS (SELECT 1 FROM sla_breaches b WHERE b.ticket_id = tickets.id AND b.clock = 'first_response'),
		EXISTS (SELECT 1 FROM sla_breaches b WHERE b.ticket_id = tickets.id AND b.clock = 'resolution')
		FROM tickets WHERE id > ? ORDER BY id LIMIT ?`, after, recountPage)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recounted
	for rows.Next() {
		var r recounted
		t, err := scanTicket(breachScanner{rows, &r.frBreached, &r.resBreach})
		if err != nil {
			return nil, err
		}
		r.t = t
		out = append(out, r)
	}
	return out, rows.Err()
}

// breachScanner appends the two breach flags to scanTicket's columns.
type breachScanner struct {
	rows    *sql.Rows
	fr, res *bool
}

func (b breachScanner) Scan(dest ...any) error { return b.rows.Scan(append(dest, b.fr, b.res)...) }

// recountOne adds one ticket's received-day counts, as statsCreated,
// statsChanged and the breach sweep add them while it lives.
func (s *Store) recountOne(ctx context.Context, tx *wtx, r recounted) error {
	t := r.t
	d := statDelta{created: 1}
	switch t.Sentiment {
	case "negative":
		d.negative = 1
	case "positive":
		d.positive = 1
	}
	if !t.Status.Open() {
		d.done = 1
		if !r.resBreach {
			d.resMet = 1
		}
	}
	if !t.FirstResponseAt.IsZero() && (t.DueFirstResponse.IsZero() || !t.FirstResponseAt.After(t.DueFirstResponse)) {
		d.frMet = 1
	}
	if r.frBreached {
		d.frBreached = 1
	}
	if r.resBreach {
		d.resBreached = 1
	}
	t.Owner = "" // agent_stats hold nothing counted by the day received
	if err := s.addStat(ctx, tx, t.ReceivedAt, t, d); err != nil {
		return err
	}
	day := s.dayOf(t.ReceivedAt)
	for _, k := range t.Keywords {
		if _, err := tx.ExecContext(ctx, `INSERT INTO keyword_stats (day, keyword, n) VALUES (?, ?, 1)
			ON CONFLICT (day, keyword) DO UPDATE SET n = keyword_stats.n + 1`, day, k); err != nil {
			return err
		}
	}
	return nil
}
