package store

import (
	"context"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// statDelta is one change to the daily rollup: the counters to add on the
// row of (day, the ticket's dimensions).
type statDelta struct {
	created, negative, positive, done, resolved, handlingMS, reopened int64
	frMet, frBreached, resMet, resBreached                            int64
	csatN, csatTime, csatEffect, csatAtt, csatOverall, csatLow        int64
}

// dayOf is the day number of t in the desk's time zone.
func (s *Store) dayOf(t time.Time) int64 {
	_, off := t.In(s.sla.Calendar.Location()).Zone()
	return (t.Unix() + int64(off)) / 86400
}

// dayStart is the first instant of day number d in the desk's time zone.
func (s *Store) dayStart(d int64) time.Time {
	loc := s.sla.Calendar.Location()
	y, m, dd := time.Unix(d*86400, 0).UTC().Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

// addStat upserts one rollup delta inside the caller's transaction, and
// the owner's share of it (resolutions, reopens, scores) into agent_stats.
func (s *Store) addStat(ctx context.Context, tx *wtx, at time.Time, t domain.Ticket, d statDelta) error {
	day := s.dayOf(at)
	_, err := tx.ExecContext(ctx, `INSERT INTO daily_stats (day, channel, category, priority, team,
		created, negative, positive, done, resolved, handling_ms, reopened, fr_met, fr_breached, res_met,
		res_breached, csat_n, csat_time, csat_effect, csat_att, csat_overall, csat_low)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (day, channel, category, priority, team) DO UPDATE SET
		created = daily_stats.created + excluded.created, negative = daily_stats.negative + excluded.negative,
		positive = daily_stats.positive + excluded.positive, done = daily_stats.done + excluded.done,
		resolved = daily_stats.resolved + excluded.resolved, handling_ms = daily_stats.handling_ms + excluded.handling_ms,
		reopened = daily_stats.reopened + excluded.reopened, fr_met = daily_stats.fr_met + excluded.fr_met,
		fr_breached = daily_stats.fr_breached + excluded.fr_breached, res_met = daily_stats.res_met + excluded.res_met,
		res_breached = daily_stats.res_breached + excluded.res_breached,
		csat_n = daily_stats.csat_n + excluded.csat_n, csat_time = daily_stats.csat_time + excluded.csat_time,
		csat_effect = daily_stats.csat_effect + excluded.csat_effect, csat_att = daily_stats.csat_att + excluded.csat_att,
		csat_overall = daily_stats.csat_overall + excluded.csat_overall, csat_low = daily_stats.csat_low + excluded.csat_low`,
		day, string(t.Channel), string(t.Category), int(t.Priority), t.Team,
		d.created, d.negative, d.positive, d.done, d.resolved, d.handlingMS, d.reopened, d.frMet, d.frBreached,
		d.resMet, d.resBreached, d.csatN, d.csatTime, d.csatEffect, d.csatAtt, d.csatOverall, d.csatLow)
	if err != nil || t.Owner == "" || (d.resolved == 0 && d.reopened == 0 && d.csatN == 0) {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO agent_stats (day, owner, resolved, handling_ms, reopened, csat_n, csat_overall)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day, owner) DO UPDATE SET
		resolved = agent_stats.resolved + excluded.resolved, handling_ms = agent_stats.handling_ms + excluded.handling_ms,
		reopened = agent_stats.reopened + excluded.reopened, csat_n = agent_stats.csat_n + excluded.csat_n,
		csat_overall = agent_stats.csat_overall + excluded.csat_overall`,
		day, t.Owner, d.resolved, d.handlingMS, d.reopened, d.csatN, d.csatOverall)
	return err
}

// addLoad moves one card in the open-cards-per-agent counts.
func addLoad(ctx context.Context, tx *wtx, owner string, st domain.Status, delta int) error {
	if !st.Open() {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO agent_load (owner, status, n) VALUES (?, ?, ?)
		ON CONFLICT (owner, status) DO UPDATE SET n = agent_load.n + excluded.n`, owner, string(st), delta)
	return err
}

// moveLoad moves a card in the open-cards-per-agent counts from its owner
// and column before to those after, which differ: one statement for both
// rows, as a move's every statement is a round trip on PostgreSQL.
func moveLoad(ctx context.Context, tx *wtx, before, after domain.Ticket) error {
	var rows []string
	var args []any
	for _, r := range []struct {
		t     domain.Ticket
		delta int
	}{{before, -1}, {after, 1}} {
		if r.t.Status.Open() {
			rows = append(rows, "(?, ?, ?)")
			args = append(args, r.t.Owner, string(r.t.Status), r.delta)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO agent_load (owner, status, n) VALUES `+strings.Join(rows, ", ")+`
		ON CONFLICT (owner, status) DO UPDATE SET n = agent_load.n + excluded.n`, args...)
	return err
}

// statsCreated records a new ticket in the rollups.
func (s *Store) statsCreated(ctx context.Context, tx *wtx, t domain.Ticket) error {
	d := statDelta{created: 1}
	switch t.Sentiment {
	case "negative":
		d.negative = 1
	case "positive":
		d.positive = 1
	}
	if !t.Status.Open() {
		d.done = 1
	}
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
	return addLoad(ctx, tx, t.Owner, t.Status, 1)
}

// statsChanged records what a mutation changed: status moves (resolutions,
// reopens, done) and owner changes (load).
func (s *Store) statsChanged(ctx context.Context, tx *wtx, before, after domain.Ticket, now time.Time) error {
	if before.Status != after.Status || before.Owner != after.Owner {
		if err := moveLoad(ctx, tx, before, after); err != nil {
			return err
		}
	}
	if before.FirstResponseAt.IsZero() && !after.FirstResponseAt.IsZero() &&
		(before.DueFirstResponse.IsZero() || !after.FirstResponseAt.After(before.DueFirstResponse)) {
		// In time; a late first response is counted by the breach sweep.
		if err := s.addStat(ctx, tx, after.ReceivedAt, after, statDelta{frMet: 1}); err != nil {
			return err
		}
	}
	if before.Status == after.Status {
		return nil
	}
	if after.Status == domain.Resolved || (after.Status == domain.Closed && before.Status != domain.Resolved) {
		d := statDelta{resolved: 1, handlingMS: now.Sub(after.ReceivedAt).Milliseconds()}
		if err := s.addStat(ctx, tx, now, after, d); err != nil {
			return err
		}
	}
	switch {
	case before.Status.Open() && !after.Status.Open():
		d := statDelta{done: 1}
		if met, err := resolutionMet(ctx, tx, after.ID); err != nil {
			return err
		} else if met {
			d.resMet = 1
		}
		return s.addStat(ctx, tx, after.ReceivedAt, after, d)
	case !before.Status.Open() && after.Status.Open():
		if err := s.addStat(ctx, tx, now, after, statDelta{reopened: 1}); err != nil {
			return err
		}
		// The clock cannot breach while the ticket is resolved or closed, so
		// "no breach now" is exactly "counted as met when it was done".
		d := statDelta{done: -1}
		if met, err := resolutionMet(ctx, tx, after.ID); err != nil {
			return err
		} else if met {
			d.resMet = -1
		}
		return s.addStat(ctx, tx, after.ReceivedAt, after, d)
	}
	return nil
}

// resolutionMet reports whether the ticket's resolution clock has no
// recorded breach.
func resolutionMet(ctx context.Context, tx *wtx, id int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sla_breaches WHERE ticket_id = ? AND clock = 'resolution'", id).Scan(&n)
	return n == 0, err
}

// statsCreatedID records the ticket just inserted with id.
func (s *Store) statsCreatedID(ctx context.Context, tx *wtx, id int64) error {
	t, err := scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketCols+" FROM tickets WHERE id = ?", id))
	if err != nil {
		return err
	}
	return s.statsCreated(ctx, tx, t)
}

// statsHistoric records a ticket loaded with its past as if its steps had
// happened then: created as pending, then each move.
func (s *Store) statsHistoric(ctx context.Context, tx *wtx, id int64, steps []Step) error {
	final, err := scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketCols+" FROM tickets WHERE id = ?", id))
	if err != nil {
		return err
	}
	cur := final
	cur.Status, cur.Owner, cur.FirstResponseAt = domain.Pending, "", time.Time{}
	if err := s.statsCreated(ctx, tx, cur); err != nil {
		return err
	}
	for i, st := range steps {
		next := cur
		next.Status, next.Owner = st.To, final.Owner
		if i == 0 {
			next.FirstResponseAt = final.FirstResponseAt
		}
		if err := s.statsChanged(ctx, tx, cur, next, st.At); err != nil {
			return err
		}
		cur = next
	}
	return nil
}
