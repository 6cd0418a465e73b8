package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
)

// WaitSummary is the time tickets spent waiting for the customer, counted
// apart from the time the desk worked them: waits begun in a report's
// range, how many ended with the customer's answer, how many went
// unanswered until the ticket was resolved, and how long they lasted (a
// wait still running counts up to now).
type WaitSummary struct {
	Waits      int
	Answered   int
	Unanswered int // ended by resolving the ticket (by an agent or the sweep)
	Open       int // still waiting
	Total      time.Duration
	Longest    time.Duration
}

// Average is the mean length of a wait.
func (w WaitSummary) Average() time.Duration {
	if w.Waits == 0 {
		return 0
	}
	return w.Total / time.Duration(w.Waits)
}

// ticketFilter narrows a query over tickets t to those f selects (the
// agent filter is the ticket's owner).
func ticketFilter(q string, args []any, f ReportFilter) (string, []any) {
	if f.Team != "" {
		q, args = q+" AND t.team = ?", append(args, f.Team)
	}
	if f.Channel != "" {
		q, args = q+" AND t.channel = ?", append(args, string(f.Channel))
	}
	if f.Category != "" {
		q, args = q+" AND t.category = ?", append(args, string(f.Category))
	}
	if f.Priority != nil {
		q, args = q+" AND t.priority = ?", append(args, int(*f.Priority))
	}
	if f.Agent != "" {
		q, args = q+" AND t.owner = ?", append(args, f.Agent)
	}
	return q, args
}

// waitSummary sums the waits begun in f's range on the tickets f selects
// (the agent filter is the ticket's owner). Each wait ends at the first
// later event that answers it or resolves the ticket.
func (s *Store) waitSummary(ctx context.Context, f ReportFilter) (WaitSummary, error) {
	q := `SELECT w.at, (SELECT x.at || ':' || x.kind FROM events x WHERE x.ticket_id = w.ticket_id AND x.seq > w.seq
			AND (x.kind IN ('wait_ended', 'wait_expired')
				OR (x.kind IN ('moved', 'reopened') AND x.field = 'status' AND x.after IN ('resolved', 'closed')))
			ORDER BY x.seq LIMIT 1)
		FROM events w JOIN tickets t ON t.id = w.ticket_id
		WHERE w.kind = 'waiting' AND w.at >= ? AND w.at < ?`
	q, args := ticketFilter(q, []any{ms(f.From), ms(f.To)}, f)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return WaitSummary{}, err
	}
	defer rows.Close()
	var w WaitSummary
	now := ms(s.now())
	for rows.Next() {
		var began int64
		var end sql.NullString
		if err := rows.Scan(&began, &end); err != nil {
			return w, err
		}
		w.Waits++
		until, kind := now, ""
		if end.Valid { // "at:kind": one subquery gives both
			at, k, _ := strings.Cut(end.String, ":")
			if until, err = strconv.ParseInt(at, 10, 64); err != nil {
				return w, err
			}
			kind = k
		}
		switch kind {
		case "":
			w.Open++
		case EvWaitEnded:
			w.Answered++
		default:
			w.Unanswered++
		}
		d := time.Duration(until-began) * time.Millisecond
		w.Total += d
		w.Longest = max(w.Longest, d)
	}
	return w, rows.Err()
}
