package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Notes lists a ticket's internal notes, oldest first.
func (s *Store) Notes(ctx context.Context, ticketID int64) ([]domain.Note, error) {
	return s.notes(ctx, "SELECT id, ticket_id, author, body, created_at FROM notes WHERE ticket_id = ? ORDER BY id", ticketID)
}

func (s *Store) notes(ctx context.Context, query string, args ...any) ([]domain.Note, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Note
	for rows.Next() {
		var n domain.Note
		var at int64
		if err := rows.Scan(&n.ID, &n.TicketID, &n.Author, &n.Body, &at); err != nil {
			return nil, err
		}
		n.At = time.UnixMilli(at)
		out = append(out, n)
	}
	return out, rows.Err()
}

// ids runs a query of ticket ids (the sweeps' work lists).
func (s *Store) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Timeline lists every event of a ticket, oldest first: its audit trail.
func (s *Store) Timeline(ctx context.Context, ticketID int64) ([]domain.Event, error) {
	return s.events(ctx, "SELECT "+eventCols+" FROM events WHERE ticket_id = ? ORDER BY seq", ticketID)
}

// LatestSeq is the newest event's sequence number (0 on an empty log).
// max() of an INTEGER PRIMARY KEY is one b-tree step, cheap to poll.
func (s *Store) LatestSeq(ctx context.Context) (int64, error) {
	var seq sql.NullInt64
	err := s.queryRow(ctx, "SELECT max(seq) FROM events").Scan(&seq)
	return seq.Int64, err
}

// EventsAfter reads the change feed: events with seq > after, oldest first.
func (s *Store) EventsAfter(ctx context.Context, after int64, limit int) ([]domain.Event, error) {
	return s.events(ctx, "SELECT "+eventCols+" FROM events WHERE seq > ? ORDER BY seq LIMIT ?", after, limit)
}

const eventCols = "seq, coalesce(ticket_id, 0), actor, at, kind, field, before, after"

func (s *Store) events(ctx context.Context, query string, args ...any) ([]domain.Event, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanEvents(rows)
}

func scanEvents(rows *sql.Rows) ([]domain.Event, error) {
	var out []domain.Event
	for rows.Next() {
		var e domain.Event
		var at int64
		if err := rows.Scan(&e.Seq, &e.TicketID, &e.Actor, &at, &e.Kind, &e.Field, &e.Before, &e.After); err != nil {
			return nil, err
		}
		e.At = time.UnixMilli(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
