package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Where a score came from.
const (
	SourceAgent  = "agent"  // typed in by an agent during a call
	SourceSurvey = "survey" // the customer answered the survey link
)

// MaxCommentRunes bounds a satisfaction comment.
const MaxCommentRunes = 2000

// Scores is a satisfaction score: four ratings from 1 (worst) to 5.
type Scores struct {
	Timeliness, Effectiveness, Attitude, Overall int
	Comment                                      string
	Source                                       string // SourceAgent (default) or SourceSurvey
}

// Satisfied is the confirmation rule: an overall rating of 4 or 5 means
// the customer accepts the solution; 1–3 means they do not.
func (sc Scores) Satisfied() bool { return sc.Overall >= 4 }

// Low lists the ratings of 3 or less ("timeliness 2"): each puts the
// ticket on the supervisors' follow-up queue.
func (sc Scores) Low() []string {
	var low []string
	for _, r := range sc.ratings() {
		if r.v <= 3 {
			low = append(low, fmt.Sprintf("%s %d", r.name, r.v))
		}
	}
	return low
}

type rating struct {
	name string
	v    int
}

func (sc Scores) ratings() []rating {
	return []rating{{"timeliness", sc.Timeliness}, {"effectiveness", sc.Effectiveness}, {"attitude", sc.Attitude}, {"overall", sc.Overall}}
}

func (sc *Scores) validate() error {
	for _, r := range sc.ratings() {
		if r.v < 1 || r.v > 5 {
			return invalid("%s: %d, want 1 to 5", r.name, r.v)
		}
	}
	sc.Comment = domain.MaskNumbers(cleanText(sc.Comment)) // customer text, like a ticket's body
	if n := utf8.RuneCountInString(sc.Comment); n > MaxCommentRunes {
		return invalid("comment: %d characters, at most %d", n, MaxCommentRunes)
	}
	switch sc.Source {
	case "":
		sc.Source = SourceAgent
	case SourceAgent, SourceSurvey:
	default:
		return invalid("source %q: want agent or survey", sc.Source)
	}
	return nil
}

// Score records the customer's satisfaction with a resolved (or closed)
// ticket, entered by an agent who may work the card:
//   - satisfied (see Scores.Satisfied): a resolved ticket is closed, its
//     solution summary standing;
//   - not satisfied: the ticket is reopened into in progress (the reopen
//     count goes up) and escalated: it goes on the supervisors' follow-up
//     queue with an event (the tickets' escalated flag stays the SLA's);
//   - any rating of 3 or less puts it on the follow-up queue as well.
func (s *Store) Score(ctx context.Context, actor string, id, version int64, sc Scores) (domain.Ticket, error) {
	if err := sc.validate(); err != nil {
		return domain.Ticket{}, err
	}
	return s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if err := mayWork(a, t, "score"); err != nil {
			return nil, err
		}
		if t.Status.Open() {
			return nil, invalid("%s is %s: only a resolved or closed ticket is scored", t.Key(), t.Status)
		}
		return s.scoreChanges(ctx, tx, a.Name, t, sc)
	})
}

// scoreChanges records sc for t and applies the confirmation rules. A
// survey answered after the ticket was reopened some other way is kept
// and followed up, but moves nothing.
func (s *Store) scoreChanges(ctx context.Context, tx *wtx, by string, t *domain.Ticket, sc Scores) ([]change, error) {
	now := s.now()
	satID, err := tx.insertID(ctx, "id", `INSERT INTO satisfaction (ticket_id, timeliness, effectiveness, attitude, overall, comment, source, recorded_by, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, sc.Timeliness, sc.Effectiveness, sc.Attitude, sc.Overall, sc.Comment, sc.Source, by, ms(now))
	if err != nil {
		return nil, err
	}
	d := statDelta{csatN: 1, csatTime: int64(sc.Timeliness), csatEffect: int64(sc.Effectiveness), csatAtt: int64(sc.Attitude), csatOverall: int64(sc.Overall)}
	if len(sc.Low()) > 0 {
		d.csatLow = 1
	}
	if err := s.addStat(ctx, tx, now, *t, d); err != nil {
		return nil, err
	}
	changes := []change{{EvScored, "satisfaction", "", fmt.Sprintf("timeliness %d · effectiveness %d · attitude %d · overall %d (%s)",
		sc.Timeliness, sc.Effectiveness, sc.Attitude, sc.Overall, sc.Source)}}
	satisfied := sc.Satisfied()
	switch {
	case satisfied && t.Status == domain.Resolved:
		changes = append(changes, setStatus(t, domain.Closed, now))
	case !satisfied && !t.Status.Open():
		changes = append(changes, setStatus(t, domain.InProgress, now))
	}
	low := sc.Low()
	if len(low) == 0 {
		return changes, nil
	}
	reason := FollowUpLowScore
	if !satisfied {
		reason = FollowUpNotSatisfied
	}
	detail := strings.Join(low, ", ")
	if sc.Comment != "" {
		detail += ": " + sc.Comment
	}
	c, err := s.addFollowUp(ctx, tx, t.ID, reason, detail, satID)
	return append(changes, c), err
}

// Satisfaction is one recorded score.
type Satisfaction struct {
	ID       int64
	TicketID int64
	Scores
	RecordedBy string // the agent, or CustomerActor
	At         time.Time
}

// SatisfactionOf lists a ticket's scores, newest first.
func (s *Store) SatisfactionOf(ctx context.Context, ticketID int64) ([]Satisfaction, error) {
	rows, err := s.query(ctx, `SELECT id, ticket_id, timeliness, effectiveness, attitude, overall, comment, source, recorded_by, at
		FROM satisfaction WHERE ticket_id = ? ORDER BY id DESC`, ticketID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Satisfaction
	for rows.Next() {
		var v Satisfaction
		var at int64
		if err := rows.Scan(&v.ID, &v.TicketID, &v.Timeliness, &v.Effectiveness, &v.Attitude, &v.Overall, &v.Comment,
			&v.Source, &v.RecordedBy, &at); err != nil {
			return nil, err
		}
		v.At = time.UnixMilli(at)
		out = append(out, v)
	}
	return out, rows.Err()
}
