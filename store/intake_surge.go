package store

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// EmergencyInterval is the least time between two emergencies: one banner
// an hour says it all; more would drown the boards.
const EmergencyInterval = time.Hour

// Emergency is a surge of negative feedback: LastHour negative items in
// the hour before At, against a usual Baseline per hour, which crossed
// Multiple times the baseline.
type Emergency struct {
	ID       int64
	At       time.Time
	LastHour int
	Baseline float64
	Multiple float64
}

// NegativeCount counts tickets with negative sentiment received in
// [from, to) (a zero to: no upper bound), stopping at limit (0: no limit)
// since a caller testing a threshold needs no more. It reads an index
// range, never the table.
func (s *Store) NegativeCount(ctx context.Context, from, to time.Time, limit int) (int, error) {
	upper, most := int64(math.MaxInt64), int64(math.MaxInt64)
	if !to.IsZero() {
		upper = ms(to)
	}
	if limit > 0 {
		most = int64(limit)
	}
	var n int
	err := s.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM tickets
		WHERE sentiment = 'negative' AND received_at >= ? AND received_at < ? LIMIT ?) AS capped`,
		ms(from), upper, most).Scan(&n)
	return n, err
}

// RaiseEmergency records e (its At is set to now) with an "emergency"
// event for every board to show, unless one was raised within the last
// EmergencyInterval: then it returns that one and false. The check and
// the write share a transaction, so processes racing on one file raise one.
//
// The event has no ticket; its Field is "negative_per_hour", Before the
// baseline per hour ("2.5") and After the last hour's count ("31").
func (s *Store) RaiseEmergency(ctx context.Context, e Emergency) (Emergency, bool, error) {
	raised := false
	err := s.write(ctx, func(tx *wtx) error {
		now := s.now()
		last, err := scanEmergency(tx.QueryRowContext(ctx, "SELECT "+emergencyCols+" FROM emergencies ORDER BY id DESC LIMIT 1"))
		switch {
		case err == nil && now.Sub(last.At) < EmergencyInterval:
			e = last
			return nil
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return err
		}
		e.At = now
		id, err := tx.insertID(ctx, "id", "INSERT INTO emergencies (at, last_hour, baseline, multiple) VALUES (?, ?, ?, ?)",
			ms(now), e.LastHour, e.Baseline, e.Multiple)
		if err != nil {
			return err
		}
		e.ID = id
		raised = true
		return s.event(ctx, tx, 0, domain.SystemActor, domain.EvEmergency, "negative_per_hour",
			strconv.FormatFloat(e.Baseline, 'f', 1, 64), strconv.Itoa(e.LastHour))
	})
	return e, raised && err == nil, err
}

// ActiveEmergency returns the emergency raised within the last
// EmergencyInterval, if any: a board opening mid-surge shows the banner
// too, not only boards that saw the event arrive.
func (s *Store) ActiveEmergency(ctx context.Context) (Emergency, bool, error) {
	e, err := scanEmergency(s.queryRow(ctx, "SELECT "+emergencyCols+" FROM emergencies WHERE at > ? ORDER BY id DESC LIMIT 1",
		ms(s.now().Add(-EmergencyInterval))))
	if errors.Is(err, sql.ErrNoRows) {
		return Emergency{}, false, nil
	}
	return e, err == nil, err
}

const emergencyCols = "id, at, last_hour, baseline, multiple"

func scanEmergency(row interface{ Scan(...any) error }) (Emergency, error) {
	var e Emergency
	var at int64
	err := row.Scan(&e.ID, &at, &e.LastHour, &e.Baseline, &e.Multiple)
	e.At = time.UnixMilli(at)
	return e, err
}
