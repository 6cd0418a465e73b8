package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Delivery states of a reply.
const (
	DeliveryQueued    = "queued"    // waiting for its (next) attempt
	DeliveryDelivered = "delivered" // the channel's webhook (or the mail relay) accepted it
	DeliveryFailed    = "failed"    // given up: retry with RetryDelivery
)

// SetChannelWebhook sets where replies to tickets from a channel are
// delivered (an http or https URL); "" removes it. Only admins may.
func (s *Store) SetChannelWebhook(ctx context.Context, actor string, ch domain.Channel, rawURL string) error {
	if !ch.Valid() {
		return invalid("channel: %q is not a channel id (want one of %s)", ch, domain.JoinIDs(domain.Channels))
	}
	rawURL = strings.TrimSpace(rawURL)
	if rawURL != "" {
		u, err := url.Parse(rawURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return invalid("webhook %q: want an http:// or https:// URL", rawURL)
		}
	}
	return s.write(ctx, func(tx *wtx) error {
		if err := requireRole(ctx, tx, actor, "set channel webhooks", domain.RoleAdmin); err != nil {
			return err
		}
		var before string
		if err := tx.QueryRowContext(ctx, "SELECT url FROM channel_webhooks WHERE channel = ?", string(ch)).Scan(&before); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var err error
		if rawURL == "" {
			_, err = tx.ExecContext(ctx, "DELETE FROM channel_webhooks WHERE channel = ?", string(ch))
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO channel_webhooks (channel, url, updated_by, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (channel) DO UPDATE SET url = excluded.url, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
				string(ch), rawURL, actor, ms(s.now()))
		}
		if err != nil {
			return err
		}
		return s.event(ctx, tx, 0, actor, EvWebhookChanged, string(ch), before, rawURL)
	})
}

// ChannelWebhooks lists the configured webhooks by channel.
func (s *Store) ChannelWebhooks(ctx context.Context) (map[domain.Channel]string, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT channel, url FROM channel_webhooks")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[domain.Channel]string{}
	for rows.Next() {
		var ch, u string
		if err := rows.Scan(&ch, &u); err != nil {
			return nil, err
		}
		out[domain.Channel(ch)] = u
	}
	return out, rows.Err()
}

// DeliveryJob is a claimed delivery: what the worker posts, and where.
type DeliveryJob struct {
	ReplyID        int64
	TicketID       int64
	ExternalID     string // the ticket's id in the channel, if it came with one
	Channel        domain.Channel
	Customer       string // masked name
	Text           string
	IdempotencyKey string
	URL            string // "" when the channel has no webhook
	Attempt        int    // this attempt's number, from 1
}

// TicketKey is the ticket's key.
func (j DeliveryJob) TicketKey() string { return domain.Key(j.TicketID) }

// ClaimDeliveries leases up to limit due deliveries to worker for lease
// (longer than one attempt can take). The lease is taken in a write
// transaction, so two workers — in this process or another — never hold
// the same delivery; a worker that dies loses its lease when it runs out
// and the delivery is tried again. onlyReply > 0 claims just that reply
// (if due).
func (s *Store) ClaimDeliveries(ctx context.Context, worker string, lease time.Duration, limit int, onlyReply int64) ([]DeliveryJob, error) {
	if worker == "" || lease <= 0 || limit <= 0 {
		return nil, invalid("claim: want a worker name, a lease and a limit")
	}
	// Every writing process polls this: look on a reader first, so an
	// idle desk never takes the write lock for nothing.
	var due int
	err := s.queryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM outbox WHERE state = 'queued' AND next_at <= ? LIMIT 1) AS due", ms(s.now())).Scan(&due)
	if err != nil || due == 0 {
		return nil, err
	}
	var jobs []DeliveryJob
	err = s.write(ctx, func(tx *wtx) error {
		now := ms(s.now())
		q := `SELECT o.reply_id, o.ticket_id, coalesce(t.external_id, ''), o.channel, t.customer_name, r.body,
			o.idempotency_key, coalesce(w.url, ''), o.attempts + 1
			FROM outbox o JOIN replies r ON r.id = o.reply_id JOIN tickets t ON t.id = o.ticket_id
			LEFT JOIN channel_webhooks w ON w.channel = o.channel
			WHERE o.state = 'queued' AND o.next_at <= ? AND (o.lease_until IS NULL OR o.lease_until <= ?)`
		args := []any{now, now}
		if onlyReply > 0 {
			q += " AND o.reply_id = ?"
			args = append(args, onlyReply)
		}
		rows, err := tx.QueryContext(ctx, q+" ORDER BY o.next_at LIMIT ?", append(args, limit)...)
		if err != nil {
			return err
		}
		jobs, err = scanAll(rows, func(rows *sql.Rows) (DeliveryJob, error) {
			var j DeliveryJob
			var ch string
			err := rows.Scan(&j.ReplyID, &j.TicketID, &j.ExternalID, &ch, &j.Customer, &j.Text, &j.IdempotencyKey, &j.URL, &j.Attempt)
			j.Channel = domain.Channel(ch)
			return j, err
		})
		if err != nil {
			return err
		}
		for _, j := range jobs {
			if _, err := tx.ExecContext(ctx, "UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE reply_id = ?",
				worker, now+lease.Milliseconds(), j.ReplyID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return jobs, nil
}

// Outcome is what came of one delivery attempt.
type Outcome struct {
	Status    int    // HTTP status, or the relay's SMTP code for mail; 0 when no response came back
	Err       string // "" when delivered
	Duration  time.Duration
	Delivered bool
	RetryAt   time.Time // when to try again; zero gives up (the delivery fails)
}

// ErrLeaseLost says a worker reported on a delivery it no longer holds:
// its lease ran out and another worker may have taken it.
var ErrLeaseLost = errors.New("delivery lease lost")

// RecordAttempt logs one attempt by worker and moves the delivery on:
// delivered, queued again at RetryAt, or failed. The attempt is logged
// even when the lease was lost (it happened), but then the delivery's
// state is the new holder's to change and ErrLeaseLost is returned.
// Reaching delivered or failed writes an event on the ticket.
func (s *Store) RecordAttempt(ctx context.Context, worker string, replyID int64, o Outcome) error {
	return s.write(ctx, func(tx *wtx) error {
		now := s.now()
		errText := eventExcerpt(strings.ToValidUTF8(o.Err, "\uFFFD"))
		if _, err := tx.ExecContext(ctx, "INSERT INTO delivery_attempts (reply_id, at, worker, status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
			replyID, ms(now), worker, o.Status, errText, o.Duration.Milliseconds()); err != nil {
			return err
		}
		var ticketID int64
		var channel string
		err := tx.QueryRowContext(ctx, "SELECT ticket_id, channel FROM outbox WHERE reply_id = ? AND state = 'queued' AND lease_owner = ?",
			replyID, worker).Scan(&ticketID, &channel)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("reply %d: %w", replyID, ErrLeaseLost)
		} else if err != nil {
			return err
		}
		state, next, delivered := DeliveryQueued, o.RetryAt, any(nil)
		switch {
		case o.Delivered:
			state, next, delivered = DeliveryDelivered, now, ms(now)
		case o.RetryAt.IsZero():
			state, next = DeliveryFailed, now
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = ?, attempts = attempts + 1, next_at = ?, lease_owner = NULL,
			lease_until = NULL, last_error = ?, delivered_at = ? WHERE reply_id = ?`, state, ms(next), errText, delivered, replyID); err != nil {
			return err
		}
		switch state {
		case DeliveryDelivered:
			return s.event(ctx, tx, ticketID, domain.SystemActor, EvDelivered, "reply", "", channel+" "+strconv.Itoa(o.Status))
		case DeliveryFailed:
			return s.event(ctx, tx, ticketID, domain.SystemActor, EvDeliveryFailed, "reply", "", errText)
		}
		return nil
	})
}

// Attempt is one logged delivery attempt.
type Attempt struct {
	At       time.Time
	Worker   string
	Status   int // HTTP status, or the relay's SMTP code for mail; 0 when none came back
	Error    string
	Duration time.Duration
}

// Delivery is where a reply's delivery stands, for the card.
type Delivery struct {
	ReplyID     int64
	TicketID    int64
	Channel     domain.Channel
	State       string // DeliveryQueued, DeliveryDelivered or DeliveryFailed
	Attempts    int
	NextAt      time.Time // when a queued delivery is tried next
	LastError   string
	DeliveredAt time.Time
	Log         []Attempt // oldest first
}

// Deliveries lists how each reply of a ticket was delivered, oldest
// reply first, with every attempt.
func (s *Store) Deliveries(ctx context.Context, ticketID int64) ([]Delivery, error) {
	rows, err := s.query(ctx, `SELECT reply_id, ticket_id, channel, state, attempts, next_at, last_error, delivered_at
		FROM outbox WHERE ticket_id = ? ORDER BY reply_id`, ticketID)
	if err != nil {
		return nil, err
	}
	out, err := scanAll(rows, func(rows *sql.Rows) (Delivery, error) {
		var d Delivery
		var ch string
		var next int64
		var delivered sql.NullInt64
		err := rows.Scan(&d.ReplyID, &d.TicketID, &ch, &d.State, &d.Attempts, &next, &d.LastError, &delivered)
		d.Channel, d.NextAt, d.DeliveredAt = domain.Channel(ch), time.UnixMilli(next), fromMS(delivered)
		return d, err
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Log, err = s.attempts(ctx, out[i].ReplyID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) attempts(ctx context.Context, replyID int64) ([]Attempt, error) {
	rows, err := s.query(ctx, "SELECT at, worker, status, error, duration_ms FROM delivery_attempts WHERE reply_id = ? ORDER BY id", replyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		var a Attempt
		var at, dur int64
		if err := rows.Scan(&at, &a.Worker, &a.Status, &a.Error, &dur); err != nil {
			return nil, err
		}
		a.At, a.Duration = time.UnixMilli(at), time.Duration(dur)*time.Millisecond
		out = append(out, a)
	}
	return out, rows.Err()
}

// RetryDelivery queues a failed delivery again, with a fresh set of
// attempts; agents who may work the card may.
func (s *Store) RetryDelivery(ctx context.Context, actor string, replyID int64) error {
	return s.write(ctx, func(tx *wtx) error {
		a, err := actorIn(ctx, tx, actor)
		if err != nil {
			return err
		}
		var ticketID int64
		var state string
		err = tx.QueryRowContext(ctx, "SELECT ticket_id, state FROM outbox WHERE reply_id = ?", replyID).Scan(&ticketID, &state)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(fmt.Sprintf("reply %d", replyID))
		} else if err != nil {
			return err
		}
		t, err := scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketCols+" FROM tickets WHERE id = ?", ticketID))
		if err != nil {
			return err
		}
		if err := mayWork(a, &t, "retry replies of"); err != nil {
			return err
		}
		if state != DeliveryFailed {
			return invalid("reply %d of %s is %s, not failed", replyID, t.Key(), state)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE outbox SET state = 'queued', attempts = 0, next_at = ?, lease_owner = NULL, lease_until = NULL WHERE reply_id = ?",
			ms(s.now()), replyID); err != nil {
			return err
		}
		return s.event(ctx, tx, ticketID, a.Name, EvDeliveryRetried, "reply", "", strconv.FormatInt(replyID, 10))
	})
}
