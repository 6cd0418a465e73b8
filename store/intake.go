package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Arrival is one item of feedback for Ingest, already triaged: its
// NewTicket carries the category, priority, team and sentiment to store.
type Arrival struct {
	NewTicket
	// Reject, when set, is why triage found the item invalid ("spam:
	// promotional link"): it goes to the rejected list, not the board.
	Reject string
	// RoundRobin gives a new ticket without an owner to the team's next
	// active agent in turn (the ticket stays pending until they start).
	RoundRobin bool
}

// DuplicateRule is how Ingest recognises a near-duplicate: feedback from
// the same customer (domain.SameCustomer over the keyed hashes of their
// full phone, e-mail and WeChat id; never by masked name or last digits,
// which different people share) whose text scores at least Threshold by
// Similarity against one of their open tickets received within Window.
type DuplicateRule struct {
	Window     time.Duration
	Threshold  float64
	Similarity func(a, b string) float64 // nil turns detection off
}

// MaxDuplicateWindow is the longest DuplicateRule.Window: a batch looks
// each contact up in every week of each item's window (contactProbes),
// so a window of years, chosen on the command line, would make millions
// of probes per batch. A month is far longer than anyone waits to write
// again about the same thing.
const MaxDuplicateWindow = 31 * 24 * time.Hour

// maxDuplicateCandidates bounds the open tickets one item is compared
// with, so a customer with a thousand open tickets cannot make intake slow.
const maxDuplicateCandidates = 20

// IngestOutcome is what Ingest did with one item.
type IngestOutcome string

// The outcomes of Ingest. The strings are what the HTTP API reports.
const (
	IngestCreated  IngestOutcome = "created"   // a new ticket
	IngestRepeat   IngestOutcome = "repeat"    // external id seen before; nothing changed
	IngestLinked   IngestOutcome = "duplicate" // linked to the customer's open ticket
	IngestRejected IngestOutcome = "rejected"  // kept in the rejected list
	IngestRefused  IngestOutcome = "invalid"   // the store refused a field (Err); nothing kept
)

// IngestResult is the outcome of one item of Ingest.
type IngestResult struct {
	Outcome IngestOutcome
	// Ticket is the ticket created, linked to, or holding the repeated
	// external id; 0 when there is none.
	Ticket int64
	// Rejected is the rejected-list entry of a rejected item, or of the
	// earlier rejected item a repeat matches.
	Rejected   int64
	Similarity float64 // IngestLinked: how alike the texts were
	Err        error   // IngestRefused: why, naming the field (ErrInvalid)
}

// channelActorPrefix marks actors that are intake channels rather than
// agents. Agent names cannot contain ':', so the two never collide.
const channelActorPrefix = "channel:"

// ChannelActor is the actor recorded for feedback an intake channel
// posted, e.g. "channel:website".
func ChannelActor(name string) string { return channelActorPrefix + name }

// Ingest stores triaged feedback in one transaction, item by item:
// an external id already known (as a ticket, a linked duplicate or a
// rejected item) is a repeat and changes nothing, so re-running an import
// or retrying a request is safe; a rejected item is kept in the rejected
// list; a near-duplicate per rule is linked to the customer's open ticket
// (a duplicates row, the ticket's count and version bumped, an event);
// anything else becomes a ticket. Items see the ones before them, so a
// file repeating itself links to its own earlier rows.
//
// actor is an active agent or ChannelActor of an existing channel. An item
// the store refuses (a field out of bounds) is reported in its result and
// does not stop the others; only a database failure fails the call, and
// then nothing of it is kept.
func (s *Store) Ingest(ctx context.Context, actor string, items []Arrival, rule DuplicateRule) ([]IngestResult, error) {
	prepared := make([]Prepared, len(items))
	for i, a := range items {
		prepared[i] = s.Prepare(a)
	}
	return s.IngestPrepared(ctx, actor, prepared, rule)
}

// CheckTicket validates a new ticket as Ingest and CreateTicket would,
// storing nothing: an API can refuse a whole batch before committing any
// of it. The error names the field (ErrInvalid).
func (s *Store) CheckTicket(in NewTicket) error {
	_, err := s.normalize(in)
	return err
}

// linkDuplicate records in as a repeat of ticket, with its own customer
// (masked name, last digits, hashes), so whoever sent it can still be
// called back: the count and version go up so open cards refresh and a
// stale edit is told. It is the customer writing again, so a wait for
// the customer's answer ends and the clock runs again.
func (s *Store) linkDuplicate(ctx context.Context, tx *wtx, actor string, ticket int64, score float64, in NewTicket) error {
	now := s.now()
	if _, err := tx.ExecContext(ctx, `INSERT INTO duplicates (ticket_id, external_id, channel, title, body, similarity,
		actor, received_at, created_at, customer_name, customer_phone4, customer_tier, `+hashCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append([]any{ticket, nullString(in.ExternalID), string(in.Channel), in.Title, in.Body, score, actor,
			ms(in.ReceivedAt), ms(now), in.CustomerName, in.CustomerPhone, string(in.CustomerTier)},
			hashArgs(in.hashes)...)...); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `UPDATE tickets SET duplicate_count = duplicate_count + 1, version = version + 1,
		updated_at = ? WHERE id = ? RETURNING duplicate_count`, ms(now), ticket).Scan(&n); err != nil {
		return err
	}
	if err := s.event(ctx, tx, ticket, actor, domain.EvDuplicateLinked, "duplicates", strconv.Itoa(n-1), strconv.Itoa(n)); err != nil {
		return err
	}
	_, err := s.actAs(ctx, tx, actor, ticket, func(t *domain.Ticket) ([]change, error) {
		c, ok, err := answered(ctx, tx, t.ID, "new message ("+string(in.Channel)+")")
		if err != nil || !ok {
			return nil, err
		}
		return []change{c}, nil
	})
	return err
}

// Duplicate is feedback linked to a ticket as a near-duplicate. It keeps
// its own customer: the same person by their contacts, but the masked
// name and last digits they gave this time are theirs to be called on.
type Duplicate struct {
	ID         int64
	Ticket     int64
	ExternalID string
	Channel    domain.Channel
	Title      string
	Body       string
	Similarity float64
	Actor      string // agent, or ChannelActor of the channel that posted it
	Customer   domain.Customer
	ReceivedAt time.Time
	CreatedAt  time.Time
}

// Duplicates lists the feedback linked to a ticket, oldest first.
func (s *Store) Duplicates(ctx context.Context, ticket int64) ([]Duplicate, error) {
	rows, err := s.query(ctx, `SELECT id, ticket_id, coalesce(external_id, ''), channel, title, body, similarity,
		actor, received_at, created_at, customer_name, customer_phone4, customer_tier
		FROM duplicates WHERE ticket_id = ? ORDER BY id`, ticket)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Duplicate
	for rows.Next() {
		var d Duplicate
		var ch, tier string
		var received, created int64
		if err := rows.Scan(&d.ID, &d.Ticket, &d.ExternalID, &ch, &d.Title, &d.Body, &d.Similarity, &d.Actor,
			&received, &created, &d.Customer.Name, &d.Customer.Phone4, &tier); err != nil {
			return nil, err
		}
		d.Channel, d.ReceivedAt, d.CreatedAt = domain.Channel(ch), time.UnixMilli(received), time.UnixMilli(created)
		d.Customer.Tier = domain.Tier(tier)
		out = append(out, d)
	}
	return out, rows.Err()
}

// intakeActor checks that actor may bring feedback in: an active agent,
// or an intake channel that still exists.
func intakeActor(ctx context.Context, tx *wtx, actor string) error {
	name, ok := strings.CutPrefix(actor, channelActorPrefix)
	if !ok {
		_, err := actorIn(ctx, tx, actor)
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM channels WHERE name = ?", name).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &ForbiddenError{Actor: actor, Action: "post feedback", Reason: "no such channel"}
	}
	return nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nextInTurn picks the team's next active agent after the one who got the
// last ticket (by name, wrapping around) and remembers the choice; "" when
// the team has no active agent.
func nextInTurn(ctx context.Context, tx *wtx, team string) (string, error) {
	var next string
	err := tx.QueryRowContext(ctx, `SELECT name FROM agents WHERE active = 1 AND team = ?
		ORDER BY name > coalesce((SELECT last_agent FROM team_rotation WHERE team = ?), '') DESC, name LIMIT 1`,
		team, team).Scan(&next)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO team_rotation (team, last_agent) VALUES (?, ?)
		ON CONFLICT (team) DO UPDATE SET last_agent = excluded.last_agent`, team, next)
	return next, err
}
