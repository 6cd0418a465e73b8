package store

import (
	"context"
	"math"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/sla"
)

// noDue is the stored "no deadline": the largest time, so ordering by due
// needs no NULL handling.
const noDue = math.MaxInt64

func fromDue(v int64) time.Time {
	if v == noDue {
		return time.Time{}
	}
	return time.UnixMilli(v)
}

// WithSLA sets the SLA policies and calendar (default: sla.Default()).
func WithSLA(cfg *sla.Config) Option { return func(s *Store) { s.sla = cfg } }

// SLA is the configuration in force.
func (s *Store) SLA() *sla.Config { return s.sla }

// Zone is the desk's one time zone, its SLA calendar's: every time a
// customer is promised or a card shows is in it, whatever zone the
// server runs in.
func (s *Store) Zone() *time.Location { return s.sla.Calendar.Location() }

// ZoneName names the desk's zone as shown beside a time at instant at:
// "Asia/Shanghai (UTC+8)".
func (s *Store) ZoneName(at time.Time) string { return s.sla.Calendar.ZoneName(at) }

// deadlines is what the store keeps of a ticket's clocks.
type deadlines struct {
	due, risk, check int64
	clock            string
	business         bool
	perClock         [3]any // due per sla.Kind, or nil
}

// computeDeadlines evaluates the clocks at now and derives the stored
// columns: the nearest deadline, when it turns at risk, and when the sweep
// must next look: the earliest running deadline — missed ones included
// (a ticket loaded or changed past its deadline must be swept once to have
// the breach recorded) unless swept says the sweep has just recorded them.
func (s *Store) computeDeadlines(h sla.History, now time.Time, swept bool) deadlines {
	cfg := s.sla
	clocks := sla.Evaluate(h, cfg.Policies, cfg.Calendar, now)
	d := deadlines{due: noDue, risk: noDue, check: noDue}
	for i, c := range clocks {
		if c.State != sla.None && !c.Due.IsZero() {
			d.perClock[i] = ms(c.Due)
		}
		if c.Running() && (!swept || c.State != sla.Breached) && ms(c.Due) < d.check {
			d.check = ms(c.Due)
		}
	}
	if n := sla.Nearest(clocks); n.Running() {
		d.due, d.clock, d.business = ms(n.Due), n.Kind.String(), n.Target.Business || n.Target.Days > 0
		d.risk = ms(s.riskAt(h, n.Kind, now, n))
	}
	return d
}

// riskAt finds when clock k reaches the at-risk share, by bisection over
// [now, due]: Used only grows while a clock runs, and a minute's precision
// is plenty for a colour on a card.
func (s *Store) riskAt(h sla.History, k sla.Kind, now time.Time, c sla.Clock) time.Time {
	cfg := s.sla
	threshold := cfg.Policies.AtRisk
	if threshold == 0 {
		threshold = sla.DefaultAtRisk
	}
	if c.Used >= threshold || c.State == sla.Breached {
		return now
	}
	lo, hi := now, c.Due
	for hi.Sub(lo) > time.Minute {
		mid := lo.Add(hi.Sub(lo) / 2)
		if sla.Evaluate(h, cfg.Policies, cfg.Calendar, mid)[k].Used >= threshold {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// history rebuilds a ticket's SLA history from its events (plus changes
// not yet written), so a priority change recomputes deadlines from the
// ticket's past, not from now. The clocks start when the customer spoke
// (received_at), not when the row was stored.
func historyOf(t domain.Ticket, events []domain.Event, pending []change, now time.Time) sla.History {
	h := sla.History{Created: t.ReceivedAt, Priority: t.Priority.String(), Category: string(t.Category), FirstResponse: t.FirstResponseAt}
	firstPrio, firstCat := true, true
	add := func(at time.Time, kind, field, before, after string) {
		switch {
		case kind == domain.EvMoved || kind == domain.EvReopened:
			h.Changes = append(h.Changes, sla.Change{At: at, Status: after})
		case kind == domain.EvEdited && field == "priority":
			if firstPrio {
				h.Priority, firstPrio = before, false
			}
			h.Changes = append(h.Changes, sla.Change{At: at, Priority: after})
		case kind == domain.EvEdited && field == "category":
			if firstCat {
				h.Category, firstCat = before, false
			}
			h.Changes = append(h.Changes, sla.Change{At: at, Category: after})
		case kind == domain.EvResponded:
			h.Updates = append(h.Updates, at)
		case kind == EvWaiting:
			h.Changes = append(h.Changes, sla.Change{At: at, Wait: sla.WaitStart})
		case kind == EvWaitEnded:
			h.Changes = append(h.Changes, sla.Change{At: at, Wait: sla.WaitEnd})
		}
	}
	for _, e := range events {
		add(e.At, e.Kind, e.Field, e.Before, e.After)
	}
	for _, c := range pending {
		add(now, c.kind, c.field, c.before, c.after)
	}
	return h
}

func (s *Store) eventsIn(ctx context.Context, tx *wtx, ticketID int64) ([]domain.Event, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+eventCols+" FROM events WHERE ticket_id = ? ORDER BY seq", ticketID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanEvents(rows)
}

// saveDeadlines writes the SLA columns of one ticket.
func saveDeadlines(ctx context.Context, tx *wtx, id int64, d deadlines) error {
	_, err := tx.ExecContext(ctx, "UPDATE tickets SET "+deadlineSets+" WHERE id = ?", append(d.args(), id)...)
	return err
}

// deadlineSets assigns the SLA columns the values of deadlines.args.
const deadlineSets = `due_at = ?, due_clock = ?, due_business = ?, risk_at = ?,
		check_at = ?, due_first_response = ?, due_update = ?, due_resolution = ?`

func (d deadlines) args() []any {
	return []any{d.due, d.clock, d.business, d.risk, d.check, d.perClock[sla.FirstResponse], d.perClock[sla.Update],
		d.perClock[sla.Resolution]}
}

// refreshedDeadlines recomputes a ticket's deadlines inside tx, with the
// changes pending that its events do not hold yet.
func (s *Store) refreshedDeadlines(ctx context.Context, tx *wtx, t domain.Ticket, pending []change) (deadlines, error) {
	events, err := s.eventsIn(ctx, tx, t.ID)
	if err != nil {
		return deadlines{}, err
	}
	now := s.now()
	return s.computeDeadlines(historyOf(t, events, pending, now), now, false), nil
}

// Deadline is what a card shows of its nearest clock at a given instant.
type Deadline struct {
	Clock     string // first_response, update or resolution; "" when none runs
	Due       time.Time
	State     sla.State // OK, AtRisk or Breached (None when no clock runs)
	Remaining time.Duration
	Business  bool // Remaining counts working time only
}

// Short is the remaining ("2h13m") or overdue ("-45m") time.
func (d Deadline) Short() string {
	if d.State == sla.None {
		return ""
	}
	return sla.FormatDuration(d.Remaining)
}

// DeadlineOf reads a card's nearest deadline at now from its stored
// columns: no history needed, so a board page costs nothing extra.
func (s *Store) DeadlineOf(t domain.Ticket, now time.Time) Deadline {
	if t.Due.IsZero() {
		return Deadline{}
	}
	d := Deadline{Clock: t.DueClock, Due: t.Due, State: sla.OK, Business: t.DueBusiness}
	switch {
	case !now.Before(t.Due):
		d.State = sla.Breached
	case !t.RiskAt.IsZero() && !now.Before(t.RiskAt):
		d.State = sla.AtRisk
	}
	cal := s.sla.Calendar
	switch {
	case !t.DueBusiness:
		d.Remaining = t.Due.Sub(now)
	case d.State == sla.Breached:
		d.Remaining = -cal.Between(t.Due, now)
	default:
		d.Remaining = cal.Between(now, t.Due)
	}
	return d
}

// Clocks evaluates every clock of a ticket now, for the card detail.
func (s *Store) Clocks(ctx context.Context, t domain.Ticket) (sla.Clocks, error) {
	events, err := s.Timeline(ctx, t.ID)
	if err != nil {
		return sla.Clocks{}, err
	}
	now := s.now()
	return sla.Evaluate(historyOf(t, events, nil, now), s.sla.Policies, s.sla.Calendar, now), nil
}
