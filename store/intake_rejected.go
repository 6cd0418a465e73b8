package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// RejectedItem is feedback triage found invalid, kept for an agent to
// review. Item holds it as a ticket would have: the customer's name
// masked, CustomerPhone only the last four digits.
type RejectedItem struct {
	ID        int64
	Reason    string // "spam: promotional link", "no content: placeholder text", ...
	Actor     string // the agent, or ChannelActor of the channel, that sent it
	Item      NewTicket
	CreatedAt time.Time
	// Set once an agent restored the item as a ticket.
	RestoredTicket int64
	RestoredBy     string
	RestoredAt     time.Time
}

// reject keeps a normalised item in the rejected list, with an event so
// open review screens refresh.
func (s *Store) reject(ctx context.Context, tx *wtx, actor string, in NewTicket, reason string) (int64, error) {
	id, err := tx.insertID(ctx, "id", `INSERT INTO rejected (external_id, reason, actor, title, body, channel, category,
		priority, team, customer_name, customer_phone4, customer_tier, industry, product, product_version, order_no,
		received_at, created_at, `+hashCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append([]any{nullString(in.ExternalID), reason, actor, in.Title, in.Body, string(in.Channel), string(in.Category),
			int(in.Priority), in.Team, in.CustomerName, in.CustomerPhone, string(in.CustomerTier), in.Industry,
			in.Product, in.ProductVer, in.OrderNo, ms(in.ReceivedAt), ms(s.now())}, hashArgs(in.hashes)...)...)
	if err != nil {
		return 0, err
	}
	return id, s.event(ctx, tx, 0, actor, domain.EvIntakeRejected, "rejected", "", strconv.FormatInt(id, 10))
}

const rejectedCols = `id, reason, actor, coalesce(external_id, ''), title, body, channel, category, priority, team,
	customer_name, customer_phone4, customer_tier, industry, product, product_version, order_no, received_at,
	created_at, coalesce(restored_ticket, 0), coalesce(restored_by, ''), restored_at, ` + hashCols

func scanRejected(row interface{ Scan(...any) error }) (RejectedItem, error) {
	var r RejectedItem
	var ch, cat, tier string
	var received, created int64
	var restored sql.NullInt64
	in := &r.Item
	err := row.Scan(append([]any{&r.ID, &r.Reason, &r.Actor, &in.ExternalID, &in.Title, &in.Body, &ch, &cat,
		&in.Priority, &in.Team, &in.CustomerName, &in.CustomerPhone, &tier, &in.Industry, &in.Product, &in.ProductVer,
		&in.OrderNo, &received, &created, &r.RestoredTicket, &r.RestoredBy, &restored}, hashDests(&in.hashes)...)...)
	in.Channel, in.Category, in.CustomerTier = domain.Channel(ch), domain.Category(cat), domain.Tier(tier)
	in.ReceivedAt, r.CreatedAt, r.RestoredAt = time.UnixMilli(received), time.UnixMilli(created), fromMS(restored)
	return r, err
}

// Rejected lists rejected items still awaiting review (not restored),
// newest first, at most limit of them. Pass before = 0 for the first page
// and the last ID of a page for the next one (keyset: every page costs the
// same however long the list).
func (s *Store) Rejected(ctx context.Context, limit int, before int64) ([]RejectedItem, error) {
	if limit <= 0 {
		limit = 50
	}
	if before <= 0 {
		before = 1<<63 - 1
	}
	rows, err := s.query(ctx, "SELECT "+rejectedCols+` FROM rejected
		WHERE restored_at IS NULL AND id < ? ORDER BY id DESC LIMIT ?`, before, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RejectedItem
	for rows.Next() {
		r, err := scanRejected(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RejectedByID reads one rejected item, restored or not.
func (s *Store) RejectedByID(ctx context.Context, id int64) (RejectedItem, error) {
	r, err := scanRejected(s.queryRow(ctx, "SELECT "+rejectedCols+" FROM rejected WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound("rejected item " + strconv.FormatInt(id, 10))
	}
	return r, err
}

// RestoreRejected turns a rejected item into a ticket, as actor (any
// active agent: an agent judged the item real). In one transaction the
// ticket is created with its events plus a "restored" event naming the
// rejection reason, and the item is marked restored, so it leaves the
// review list. Restoring twice is refused.
func (s *Store) RestoreRejected(ctx context.Context, actor string, id int64) (domain.Ticket, error) {
	var ticket int64
	err := s.write(ctx, func(tx *wtx) error {
		if _, err := actorIn(ctx, tx, actor); err != nil {
			return err
		}
		r, err := scanRejected(tx.QueryRowContext(ctx, "SELECT "+rejectedCols+" FROM rejected WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("rejected item " + strconv.FormatInt(id, 10))
		} else if err != nil {
			return err
		}
		if r.RestoredTicket != 0 {
			return invalid("rejected item %d is already restored as %s", id, domain.Key(r.RestoredTicket))
		}
		in := r.Item
		if in.CustomerPhone != "" {
			in.CustomerPhone = "****" + in.CustomerPhone // the masked form PhoneLast4 accepts
		}
		in.PriorityReason = in.Priority.String() + ": restored by " + actor
		if in, err = s.normalize(in); err != nil {
			return err
		}
		if ticket, err = s.addTicket(ctx, tx, actor, in); err != nil {
			return err
		}
		if err := s.event(ctx, tx, ticket, actor, domain.EvIntakeRestored, "rejected", r.Reason, ""); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE rejected SET restored_ticket = ?, restored_by = ?, restored_at = ? WHERE id = ?",
			ticket, actor, ms(s.now()), id)
		return err
	})
	if err != nil {
		return domain.Ticket{}, err
	}
	return s.Ticket(ctx, ticket)
}
