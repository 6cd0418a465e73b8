package store

import (
	"context"
	"sort"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// TriageMonth is how triage's category suggestions for one category fared
// with the tickets received in one month (the desk's time zone).
type TriageMonth struct {
	Month     time.Time // the first instant of the month
	Suggested domain.Category
	Judged    int // tickets an agent worked or re-categorised
	Corrected int // of those, now in another category
}

// Accuracy is the share of judged suggestions agents kept.
func (m TriageMonth) Accuracy() float64 { return ratio(m.Judged-m.Corrected, m.Judged) }

// Correction is how often agents moved tickets from the suggested
// category to another.
type Correction struct {
	From, To domain.Category
	N        int
}

// TriageAccuracy is the triage-accuracy section of a report.
type TriageAccuracy struct {
	Months      []TriageMonth // by month, then category
	Corrections []Correction  // most frequent first
}

// TriageAccuracy counts, for tickets received in [from, to), what triage
// suggested and what agents kept or changed it to. It reads the audit
// trail: the suggestion is the before of the ticket's first "edited"
// event on field "category" (the category it was created with), or its
// category now when none was edited; the agents' verdict is the category
// now. A suggestion counts once an agent judged it: the ticket left
// pending, was answered, or was re-categorised. Linked duplicates are
// another ticket's feedback, and a category that came with the item
// (stated by an import or the agent's form) was no suggestion: both are
// left out. It reads the tickets
// received in the range (an index on received_at), so ask for months, not
// years.
func (s *Store) TriageAccuracy(ctx context.Context, from, to time.Time) (TriageAccuracy, error) {
	rows, err := s.query(ctx, `SELECT t.received_at, t.category, t.status, t.first_response_at IS NOT NULL,
		(SELECT e.before FROM events e WHERE e.ticket_id = t.id AND e.kind = ? AND e.field = 'category' ORDER BY e.seq LIMIT 1)
		FROM tickets t WHERE t.received_at >= ? AND t.received_at < ? AND t.duplicate_of IS NULL
		AND NOT EXISTS (SELECT 1 FROM triage_suggestions s WHERE s.ticket_id = t.id AND s.stated = 1)`,
		domain.EvEdited, ms(from), ms(to))
	if err != nil {
		return TriageAccuracy{}, err
	}
	defer rows.Close()
	loc := s.sla.Calendar.Location()
	type key struct {
		month int64
		cat   domain.Category
	}
	months := map[key]*TriageMonth{}
	fixes := map[[2]domain.Category]int{}
	for rows.Next() {
		var received int64
		var now, status string
		var answered bool
		var first *string
		if err := rows.Scan(&received, &now, &status, &answered, &first); err != nil {
			return TriageAccuracy{}, err
		}
		suggested := now
		if first != nil {
			suggested = *first
		}
		if first == nil && status == string(domain.Pending) && !answered {
			continue // nobody has looked at it yet
		}
		t := time.UnixMilli(received).In(loc)
		start := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc)
		k := key{start.Unix(), domain.Category(suggested)}
		m := months[k]
		if m == nil {
			m = &TriageMonth{Month: start, Suggested: k.cat}
			months[k] = m
		}
		m.Judged++
		if now != suggested {
			m.Corrected++
			fixes[[2]domain.Category{k.cat, domain.Category(now)}]++
		}
	}
	if err := rows.Err(); err != nil {
		return TriageAccuracy{}, err
	}
	var a TriageAccuracy
	for _, m := range months {
		a.Months = append(a.Months, *m)
	}
	sort.Slice(a.Months, func(i, j int) bool {
		x, y := a.Months[i], a.Months[j]
		if !x.Month.Equal(y.Month) {
			return x.Month.Before(y.Month)
		}
		return x.Suggested < y.Suggested
	})
	for f, n := range fixes {
		a.Corrections = append(a.Corrections, Correction{From: f[0], To: f[1], N: n})
	}
	sort.Slice(a.Corrections, func(i, j int) bool {
		x, y := a.Corrections[i], a.Corrections[j]
		if x.N != y.N {
			return x.N > y.N
		}
		if x.From != y.From {
			return x.From < y.From
		}
		return x.To < y.To
	})
	return a, nil
}
