package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/sla"
)

// BatchResult is the outcome of one item of a batch: its ticket id, or why
// it was not created (ErrInvalid, ErrDuplicate with the existing id).
type BatchResult struct {
	ID  int64
	Err error
}

// CreateBatch creates many tickets in one transaction (imports: one fsync
// per batch instead of per row). A bad or duplicate item is reported in
// its result and does not stop the others; only a database failure fails
// the batch, and then nothing of it is kept.
func (s *Store) CreateBatch(ctx context.Context, actor string, items []NewTicket) ([]BatchResult, error) {
	results := make([]BatchResult, len(items))
	err := s.write(ctx, func(tx *wtx) error {
		for i, in := range items {
			in, err := s.normalize(in)
			if err != nil {
				results[i].Err = err
				continue
			}
			id, err := s.insertTicket(ctx, tx, actor, in)
			results[i] = BatchResult{ID: id, Err: err}
			if err != nil && !errors.Is(err, ErrDuplicate) && !errors.Is(err, ErrInvalid) {
				return err
			}
		}
		return nil
	})
	return results, err
}

// Step is one past move of a historic ticket.
type Step struct {
	At    time.Time
	Actor string
	To    domain.Status
}

// Historic is a ticket with a past: demo data and benchmark fixtures, and
// migrations from another help desk. Its steps become real events, so the
// timeline and the change feed stay truthful.
type Historic struct {
	NewTicket
	CreatedAt time.Time
	Steps     []Step
	// FirstResponse is when the customer first heard from the desk, when
	// the old system recorded it; zero means the first move to in progress.
	FirstResponse time.Time
}

// LoadHistoric inserts tickets with their histories in one transaction.
// Every step must be an allowed transition; the owner (if any) must exist.
func (s *Store) LoadHistoric(ctx context.Context, actor string, items []Historic) error {
	return s.write(ctx, func(tx *wtx) error {
		if _, err := actorIn(ctx, tx, actor); err != nil {
			return err
		}
		for i, h := range items {
			if _, err := s.loadOne(ctx, tx, actor, h); err != nil {
				return fmt.Errorf("item %d: %w", i, err)
			}
		}
		return nil
	})
}

// ImportHistoric loads tickets migrated from another help desk with their
// pasts in one transaction, like LoadHistoric, but item by item: an
// external id already loaded is ErrDuplicate (so a re-run repeats
// nothing), a bad item is ErrInvalid, and neither stops the others. Owners
// that are not agents yet are added inactive (they can be activated with
// agent add); the result lists them.
func (s *Store) ImportHistoric(ctx context.Context, actor string, items []Historic) ([]BatchResult, []string, error) {
	results := make([]BatchResult, len(items))
	var added []string
	err := s.write(ctx, func(tx *wtx) error {
		if err := requireRole(ctx, tx, actor, "import history", domain.RoleSupervisor); err != nil {
			return err
		}
		added = added[:0]
		for i, h := range items {
			if h.ExternalID != "" {
				var existing int64
				err := tx.QueryRowContext(ctx, "SELECT id FROM tickets WHERE external_id = ?", h.ExternalID).Scan(&existing)
				if err == nil {
					results[i] = BatchResult{ID: existing, Err: fmt.Errorf("%w: external id %q is already %s", ErrDuplicate, h.ExternalID, domain.Key(existing))}
					continue
				} else if !errors.Is(err, sql.ErrNoRows) {
					return err
				}
			}
			if h.Owner != "" {
				created, err := s.ensureInactiveAgent(ctx, tx, actor, h.Owner)
				if errors.Is(err, ErrInvalid) {
					results[i].Err = err
					continue
				} else if err != nil {
					return err
				}
				if created {
					added = append(added, h.Owner)
				}
			}
			id, err := s.loadOne(ctx, tx, actor, h)
			results[i] = BatchResult{ID: id, Err: err}
			if err != nil && !errors.Is(err, ErrInvalid) {
				return err
			}
		}
		return nil
	})
	return results, added, err
}

// ensureInactiveAgent adds name as an inactive agent unless it exists.
func (s *Store) ensureInactiveAgent(ctx context.Context, tx *wtx, actor, name string) (bool, error) {
	if err := ValidAgentName(name); err != nil {
		return false, err
	}
	var one int
	err := tx.QueryRowContext(ctx, "SELECT 1 FROM agents WHERE name = ?", name).Scan(&one)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO agents (name, display_name, role, team, active, created_at) VALUES (?, ?, ?, NULL, 0, ?)",
		name, name, string(domain.RoleAgent), ms(s.now())); err != nil {
		return false, err
	}
	return true, s.event(ctx, tx, 0, actor, domain.EvAgentAdded, "agent", "", name+" (agent, inactive: migrated owner)")
}

// loadOne inserts one historic ticket and returns its id; an item that
// cannot be loaded is an ErrInvalid before anything is written.
func (s *Store) loadOne(ctx context.Context, tx *wtx, actor string, h Historic) (int64, error) {
	id, err := s.loadHistoric(ctx, tx, actor, h)
	var te *domain.TransitionError
	if errors.As(err, &te) {
		err = invalid("status: %v", te)
	}
	return id, err
}

func (s *Store) loadHistoric(ctx context.Context, tx *wtx, actor string, h Historic) (int64, error) {
	in, err := s.normalize(h.NewTicket)
	if err != nil {
		return 0, err
	}
	status, last := domain.Pending, h.CreatedAt
	var resolved, closed, firstResp any
	if !h.FirstResponse.IsZero() {
		if h.FirstResponse.Before(h.CreatedAt) || h.FirstResponse.After(s.now().Add(domain.MaxClockSkew)) {
			return 0, invalid("first response %s is before the ticket or in the future", h.FirstResponse.Format(time.RFC3339))
		}
		firstResp = ms(h.FirstResponse)
	}
	reopens := 0
	for _, st := range h.Steps {
		if err := domain.CheckMove(status, st.To); err != nil {
			return 0, err
		}
		if st.At.Before(last) {
			return 0, invalid("steps out of order")
		}
		if domain.IsReopen(status, st.To) {
			reopens++
			resolved, closed = nil, nil
		}
		if status == domain.Pending && st.To == domain.InProgress && firstResp == nil {
			firstResp = ms(st.At)
		}
		switch st.To {
		case domain.Resolved:
			resolved = ms(st.At)
		case domain.Closed:
			closed = ms(st.At)
		}
		status, last = st.To, st.At
	}
	var owner, extID any
	if in.Owner != "" {
		owner = in.Owner
	}
	if in.ExternalID != "" {
		extID = in.ExternalID
	}
	received := in.ReceivedAt
	if received.IsZero() {
		received = h.CreatedAt
	}
	id, err := tx.insertID(ctx, "id", `INSERT INTO tickets (external_id, title, body, channel, category, priority, status,
		team, owner, customer_name, customer_phone4, customer_tier, industry, product, product_version, order_no,
		sentiment, sentiment_score, keywords, tags, received_at, created_at, updated_at, first_response_at,
		resolved_at, closed_at, reopen_count, version, priority_reason, `+hashCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append([]any{extID, in.Title, in.Body, string(in.Channel), string(in.Category), int(in.Priority), string(status),
			in.Team, owner, in.CustomerName, in.CustomerPhone, string(in.CustomerTier), in.Industry, in.Product,
			in.ProductVer, in.OrderNo, in.Sentiment, in.SentimentScore, joinList(in.Keywords), joinList(in.Tags),
			ms(received), ms(h.CreatedAt), ms(last), firstResp, resolved, closed, reopens, 1 + len(h.Steps),
			in.PriorityReason}, hashArgs(in.hashes)...)...)
	if err != nil {
		return 0, err
	}
	if err := bumpCount(ctx, tx, status, 1); err != nil {
		return 0, err
	}
	ins := func(at time.Time, who, kind, field, before, after string) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO events (ticket_id, actor, at, kind, field, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
			id, who, ms(at), kind, field, before, after)
		return err
	}
	if err := ins(h.CreatedAt, actor, domain.EvCreated, "status", "", string(domain.Pending)); err != nil {
		return 0, err
	}
	hist := sla.History{Created: received, Priority: in.Priority.String(), Category: string(in.Category)}
	if firstResp != nil {
		hist.FirstResponse = time.UnixMilli(firstResp.(int64))
	}
	prev := domain.Pending
	for i, st := range h.Steps {
		hist.Changes = append(hist.Changes, sla.Change{At: st.At, Status: string(st.To)})
		kind := domain.EvMoved
		if domain.IsReopen(prev, st.To) {
			kind = domain.EvReopened
		}
		if err := ins(st.At, st.Actor, kind, "status", string(prev), string(st.To)); err != nil {
			return 0, err
		}
		if i == 0 && in.Owner != "" {
			if err := ins(st.At, st.Actor, domain.EvAssigned, "owner", "", in.Owner); err != nil {
				return 0, err
			}
		}
		prev = st.To
	}
	if err := saveDeadlines(ctx, tx, id, s.computeDeadlines(hist, s.now(), false)); err != nil {
		return 0, err
	}
	if err := s.pastBreaches(ctx, tx, id, hist, ins); err != nil {
		return 0, err
	}
	return id, s.statsHistoric(ctx, tx, id, h.Steps)
}

// pastBreaches records the clocks a loaded ticket missed and stopped in
// its past, at the moment they were missed, so reports of those days count
// them. It flags nothing: escalating finished work helps nobody. Clocks
// still running are left to the sweep, which records and escalates them
// (computeDeadlines set check_at to their missed deadline).
func (s *Store) pastBreaches(ctx context.Context, tx *wtx, id int64, h sla.History,
	event func(at time.Time, who, kind, field, before, after string) error) error {
	var t domain.Ticket
	for _, c := range sla.Evaluate(h, s.sla.Policies, s.sla.Calendar, s.now()) {
		if c.State != sla.Breached || c.Running() {
			continue
		}
		if t.ID == 0 {
			var err error
			if t, err = scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketCols+" FROM tickets WHERE id = ?", id)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sla_breaches (ticket_id, clock, due_at, breached_at, priority)
			VALUES (?, ?, ?, ?, ?)`, id, c.Kind.String(), ms(c.Due), ms(c.Due), int(t.Priority)); err != nil {
			return err
		}
		if err := event(c.Due, domain.SystemActor, domain.EvBreached, c.Kind.String(), "", c.Due.UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		var d statDelta
		switch c.Kind {
		case sla.FirstResponse:
			d.frBreached = 1
		case sla.Resolution:
			d.resBreached = 1
		}
		if err := s.addStat(ctx, tx, t.ReceivedAt, t, d); err != nil {
			return err
		}
	}
	return nil
}
