package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Learned triage: what the desk confirmed, the models trained on it, and
// what each ticket was suggested.

// Event kinds of learned triage.
const (
	// EvTriageCorrected is an agent changing a ticket's category or
	// sentiment away from what triage suggested: field "category" or
	// "sentiment", before the suggestion, after the agent's choice.
	EvTriageCorrected = "triage_corrected"
	// EvTriageTrained is a new model; After is its version.
	EvTriageTrained = "triage_trained"
	// EvTriageConfirmed is an agent accepting triage's suggested
	// category in the triage review: field "category", after the
	// category kept.
	EvTriageConfirmed = "triage_confirmed"
)

// rejectedSettle is how long a rejected item waits on the review list
// before its rejection counts as confirmed: agents restore what triage
// wrongly rejected within days.
const rejectedSettle = 7 * 24 * time.Hour

// Suggestion is what triage proposed for a new ticket.
type Suggestion struct {
	Model      int64 // the learned model's version, 0 for the rules alone
	Category   domain.Category
	Confidence float64
	Sentiment  string
	Reasons    []string
	// Stated says the item came with its category (an import file, an
	// agent's form): the category is confirmed from the start.
	Stated bool
	// Review puts the ticket in the triage queue: the suggestion was too
	// unsure to route it silently.
	Review bool
}

// saveSuggestion records s for a new ticket inside its transaction.
func saveSuggestion(ctx context.Context, tx *wtx, ticket int64, s *Suggestion) error {
	if s == nil {
		return nil
	}
	return insertOne(ctx, tx, suggestionInserts, suggestionValues(ticket, s)...)
}

var suggestionInserts = newMultiInsert("triage_suggestions",
	"ticket_id, model_version, category, confidence, sentiment, reasons, stated, review")

// suggestionValues is the row of suggestionInserts that records s.
func suggestionValues(ticket int64, s *Suggestion) []any {
	return []any{ticket, s.Model, string(s.Category), s.Confidence, s.Sentiment, joinList(s.Reasons), s.Stated, s.Review}
}

// formSuggestion records, for a ticket an agent created by hand, what
// triage suggested while they typed; choosing another category than the
// suggestion is a correction like a later edit (who, from, to).
func (s *Store) formSuggestion(ctx context.Context, tx *wtx, id int64, actor string, in NewTicket) error {
	sg := in.Suggestion
	if sg == nil {
		return nil
	}
	if err := saveSuggestion(ctx, tx, id, sg); err != nil {
		return err
	}
	if sg.Category == "" || sg.Category == in.Category {
		return nil
	}
	return s.event(ctx, tx, id, actor, EvTriageCorrected, "category", string(sg.Category), string(in.Category))
}

// TicketSuggestion reads what triage suggested for a ticket; ok is false
// for a ticket that arrived without one (created before learned triage,
// or by a path that does not triage).
func (s *Store) TicketSuggestion(ctx context.Context, id int64) (sg Suggestion, ok bool, err error) {
	var cat, reasons string
	err = s.queryRow(ctx, `SELECT model_version, category, confidence, sentiment, reasons, stated, review
		FROM triage_suggestions WHERE ticket_id = ?`, id).Scan(&sg.Model, &cat, &sg.Confidence, &sg.Sentiment, &reasons, &sg.Stated, &sg.Review)
	if errors.Is(err, sql.ErrNoRows) {
		return sg, false, nil
	}
	sg.Category, sg.Reasons = domain.Category(cat), splitList(reasons)
	return sg, err == nil, err
}

// correction is the event for an agent changing ticket's field
// ("category" or "sentiment") from before to after, when before was
// triage's suggestion and the item did not state its category.
func correction(ctx context.Context, tx *wtx, ticket int64, field, before, after string) (change, bool, error) {
	var suggested string
	err := tx.QueryRowContext(ctx, "SELECT "+field+" FROM triage_suggestions WHERE ticket_id = ? AND stated = 0", ticket).Scan(&suggested)
	if errors.Is(err, sql.ErrNoRows) || err == nil && suggested != before {
		return change{}, false, nil
	}
	if err != nil {
		return change{}, false, err
	}
	return change{EvTriageCorrected, field, before, after}, true, nil
}

// TriageExample is one confirmed piece of history to learn from.
type TriageExample struct {
	Title, Body, Channel, Product string
	Category                      domain.Category // "" for an invalid item
	Sentiment                     string          // "" for an invalid item
	Invalid                       bool
}

// confirmedWhere selects confirmed tickets (t joined with their
// suggestion s): the category came with the item, or an agent worked the
// ticket (moved it past pending, replied, resolved it) and so set or kept
// its category and sentiment (both are on the card and its edit form). Linked duplicates are another ticket's feedback.
const confirmedWhere = `t.duplicate_of IS NULL AND (s.stated = 1 OR s.confirmed = 1 OR t.status <> 'pending'
	OR t.first_response_at IS NOT NULL OR t.resolved_at IS NOT NULL)`

// ConfirmedCount counts the confirmed tickets (see TriageExamples); the
// background trainer compares it with the examples of the model in use.
func (s *Store) ConfirmedCount(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT count(*) FROM tickets t LEFT JOIN triage_suggestions s ON s.ticket_id = t.id
		WHERE `+confirmedWhere).Scan(&n)
	return n, err
}

// TriageExamples reads the desk's confirmed history, newest first, at most
// limit items: confirmed tickets with their current category and
// sentiment, and rejected
// items as invalid once they have waited a week on the review list
// unrestored (restored ones became tickets).
func (s *Store) TriageExamples(ctx context.Context, limit int) ([]TriageExample, error) {
	var out []TriageExample
	rows, err := s.query(ctx, `SELECT t.title, t.body, t.channel, t.product, t.category, t.sentiment
		FROM tickets t LEFT JOIN triage_suggestions s ON s.ticket_id = t.id
		WHERE `+confirmedWhere+` ORDER BY t.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var ex TriageExample
		var cat string
		if err := rows.Scan(&ex.Title, &ex.Body, &ex.Channel, &ex.Product, &cat, &ex.Sentiment); err != nil {
			return nil, err
		}
		ex.Category = domain.Category(cat)
		out = append(out, ex)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if room := limit - len(out); room > 0 {
		rej, err := s.query(ctx, `SELECT title, body, channel, product FROM rejected
			WHERE restored_at IS NULL AND created_at <= ? ORDER BY id DESC LIMIT ?`, ms(s.now().Add(-rejectedSettle)), room)
		if err != nil {
			return nil, err
		}
		defer rej.Close()
		for rej.Next() {
			ex := TriageExample{Invalid: true}
			if err := rej.Scan(&ex.Title, &ex.Body, &ex.Channel, &ex.Product); err != nil {
				return nil, err
			}
			out = append(out, ex)
		}
		return out, rej.Err()
	}
	return out, nil
}

// TriageModel is a stored model's header.
type TriageModel struct {
	Version   int64
	CreatedAt time.Time
	Actor     string
	Examples  int
}

// SaveTriageModel stores a trained model (triage.MarshalModel's bytes) as
// the next version, with an event, and returns its header. actor is a
// supervisor or domain.SystemActor (the background trainer).
func (s *Store) SaveTriageModel(ctx context.Context, actor string, examples int, model []byte) (TriageModel, error) {
	m := TriageModel{CreatedAt: s.now(), Actor: actor, Examples: examples}
	err := s.write(ctx, func(tx *wtx) error {
		// A model routes every ticket of the desk: supervisors train.
		if actor != domain.SystemActor {
			if err := requireRole(ctx, tx, actor, "train triage", domain.RoleSupervisor); err != nil {
				return err
			}
		}
		version, err := tx.insertID(ctx, "version", "INSERT INTO triage_models (created_at, actor, examples, model) VALUES (?, ?, ?, ?)",
			ms(m.CreatedAt), actor, examples, model)
		if err != nil {
			return err
		}
		m.Version = version
		return s.event(ctx, tx, 0, actor, EvTriageTrained, "model", "", strconv.FormatInt(m.Version, 10))
	})
	return m, err
}

// LatestTriageModel returns the newest model and its bytes; ok is false
// when none was ever trained.
func (s *Store) LatestTriageModel(ctx context.Context) (m TriageModel, model []byte, ok bool, err error) {
	var at int64
	err = s.queryRow(ctx, "SELECT version, created_at, actor, examples, model FROM triage_models ORDER BY version DESC LIMIT 1").
		Scan(&m.Version, &at, &m.Actor, &m.Examples, &model)
	if errors.Is(err, sql.ErrNoRows) {
		return m, nil, false, nil
	}
	m.CreatedAt = time.UnixMilli(at)
	return m, model, err == nil, err
}

// needsReview selects, from tickets, those in the triage queue: triage
// was too unsure to route them, they are still pending and no agent has
// set or accepted their category.
const needsReview = `id IN (SELECT ticket_id FROM triage_suggestions WHERE review = 1 AND confirmed = 0) AND status = 'pending'
	AND NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = tickets.id AND e.kind = 'edited' AND e.field = 'category')`

// QueuedTicket is a ticket waiting in the triage queue.
type QueuedTicket struct {
	Ticket     domain.Ticket
	Suggestion Suggestion
}

// TriageQueue lists the tickets triage was too unsure to route, still
// pending and with their category untouched by an agent, oldest first.
func (s *Store) TriageQueue(ctx context.Context, limit int) ([]QueuedTicket, error) {
	ids, err := s.ids(ctx, `SELECT id FROM tickets WHERE `+needsReview+` ORDER BY id LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	out := make([]QueuedTicket, 0, len(ids))
	for _, id := range ids {
		t, err := s.Ticket(ctx, id)
		if err != nil {
			return nil, err
		}
		sg, _, err := s.TicketSuggestion(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, QueuedTicket{Ticket: t, Suggestion: sg})
	}
	return out, nil
}

// ConfirmTriage accepts triage's suggested category for ticket id from
// the triage review, against the version the agent saw: the ticket
// leaves the triage queue, its category counts as confirmed, and a
// triage_confirmed event records who kept which category. The category
// is the ticket's own (an agent's change would have taken it out of the
// queue already); anyone who may edit the card may confirm it.
func (s *Store) ConfirmTriage(ctx context.Context, actor string, id, version int64) (domain.Ticket, error) {
	return s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if err := mayWork(a, t, "confirm the category of"); err != nil {
			return nil, err
		}
		res, err := tx.ExecContext(ctx, "UPDATE triage_suggestions SET confirmed = 1 WHERE ticket_id = ? AND review = 1 AND confirmed = 0", id)
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, err
		} else if n == 0 {
			return nil, invalid("%s is not waiting for triage review", t.Key())
		}
		return []change{{EvTriageConfirmed, "category", "", string(t.Category)}}, nil
	})
}
