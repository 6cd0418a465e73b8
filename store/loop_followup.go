package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Follow-up reasons: why a ticket is on the supervisors' queue.
const (
	FollowUpNotSatisfied = "not_satisfied" // the customer was not satisfied: reopened and escalated
	FollowUpLowScore     = "low_score"     // satisfied overall, but some score was 3 or less
	FollowUpReopened     = "reopened"      // reopened by hand, with a reason
)

// addFollowUp queues a ticket for the supervisors and returns its event.
func (s *Store) addFollowUp(ctx context.Context, tx *wtx, ticketID int64, reason, detail string, satID int64) (change, error) {
	var sat any
	if satID != 0 {
		sat = satID
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO follow_ups (ticket_id, reason, detail, satisfaction_id, created_at) VALUES (?, ?, ?, ?, ?)",
		ticketID, reason, detail, sat, ms(s.now()))
	return change{EvFollowUp, reason, "", eventExcerpt(detail)}, err
}

// Reopen takes a resolved or closed ticket back into in progress with a
// reason (the customer called back): the reopen count goes up and the
// ticket goes on the supervisors' follow-up queue. Like Move, reopening
// an unassigned card assigns it to whoever reopens it.
func (s *Store) Reopen(ctx context.Context, actor string, id, version int64, reason string) (domain.Ticket, error) {
	reason, err := s.requireText("reason", reason)
	if err != nil {
		return domain.Ticket{}, err
	}
	return s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if !domain.IsReopen(t.Status, domain.InProgress) {
			return nil, invalid("%s is %s: only a resolved or closed ticket is reopened", t.Key(), t.Status)
		}
		var changes []change
		if t.Owner == "" {
			changes = append(changes, change{domain.EvAssigned, "owner", "", a.Name})
			t.Owner = a.Name
		} else if err := mayWork(a, t, "reopen"); err != nil {
			return nil, err
		}
		changes = append(changes, setStatus(t, domain.InProgress, s.now()), change{EvReopenReason, "reason", "", reason})
		c, err := s.addFollowUp(ctx, tx, t.ID, FollowUpReopened, reason, 0)
		return append(changes, c), err
	})
}

// FollowUp is an entry of the supervisors' follow-up queue.
type FollowUp struct {
	ID       int64
	TicketID int64
	Title    string
	Priority domain.Priority
	Owner    string
	Reason   string // FollowUpNotSatisfied, FollowUpLowScore or FollowUpReopened
	Detail   string // the low ratings and comment, or the reopen reason
	At       time.Time
	DoneBy   string
	DoneAt   time.Time // zero while open
	Note     string
}

// Key is the ticket's key.
func (f FollowUp) Key() string { return domain.Key(f.TicketID) }

// FollowUps lists the follow-up queue, oldest first: open entries only,
// or all when openOnly is false; at most limit.
func (s *Store) FollowUps(ctx context.Context, openOnly bool, limit int) ([]FollowUp, error) {
	where := "f.done_at IS NULL"
	if !openOnly {
		where = "1 = 1"
	}
	rows, err := s.query(ctx, `SELECT f.id, f.ticket_id, t.title, t.priority, coalesce(t.owner, ''), f.reason, f.detail,
		f.created_at, coalesce(f.done_by, ''), f.done_at, f.note
		FROM follow_ups f JOIN tickets t ON t.id = f.ticket_id WHERE `+where+` ORDER BY f.id LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FollowUp
	for rows.Next() {
		var f FollowUp
		var at int64
		var done sql.NullInt64
		if err := rows.Scan(&f.ID, &f.TicketID, &f.Title, &f.Priority, &f.Owner, &f.Reason, &f.Detail, &at, &f.DoneBy, &done, &f.Note); err != nil {
			return nil, err
		}
		f.At, f.DoneAt = time.UnixMilli(at), fromMS(done)
		out = append(out, f)
	}
	return out, rows.Err()
}

// CloseFollowUp takes an entry off the follow-up queue with what was done
// (note may be empty); only supervisors may.
func (s *Store) CloseFollowUp(ctx context.Context, actor string, followUpID int64, note string) error {
	note = domain.MaskNumbers(cleanText(note)) // "called back on …": masked as on intake
	if len(note) > s.limit.NoteBytes {
		return invalid("note: %d bytes, at most %d", len(note), s.limit.NoteBytes)
	}
	return s.write(ctx, func(tx *wtx) error {
		a, err := actorIn(ctx, tx, actor)
		if err != nil {
			return err
		}
		if err := requireSupervisor(a, "close follow-ups"); err != nil {
			return err
		}
		var ticketID int64
		var reason string
		err = tx.QueryRowContext(ctx, "SELECT ticket_id, reason FROM follow_ups WHERE id = ? AND done_at IS NULL", followUpID).Scan(&ticketID, &reason)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(fmt.Sprintf("open follow-up %d", followUpID))
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE follow_ups SET done_by = ?, done_at = ?, note = ? WHERE id = ?",
			a.Name, ms(s.now()), note, followUpID); err != nil {
			return err
		}
		return s.event(ctx, tx, ticketID, a.Name, EvFollowUpDone, reason, "", eventExcerpt(note))
	})
}
