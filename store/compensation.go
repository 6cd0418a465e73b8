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

// CompensationKind is what a complaining customer is given.
type CompensationKind string

// Compensation kinds. A coupon and a refund carry a value; a letter and
// an upgrade may.
const (
	ApologyLetter  CompensationKind = "apology_letter"
	Coupon         CompensationKind = "coupon"
	ServiceUpgrade CompensationKind = "service_upgrade"
	Refund         CompensationKind = "refund"
)

// ParseCompensationKind accepts the kinds, with - or space for _.
func ParseCompensationKind(s string) (CompensationKind, error) {
	k := CompensationKind(strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(strings.TrimSpace(s))))
	switch k {
	case ApologyLetter, Coupon, ServiceUpgrade, Refund:
		return k, nil
	}
	return "", invalid("compensation kind %q: want apology_letter, coupon, service_upgrade or refund", s)
}

// Compensation states.
const (
	CompensationPending  = "pending"  // above the limit: waits for a supervisor
	CompensationApproved = "approved" // within the limit, or approved
)

// Events of compensation.
const (
	EvCompensated          = "compensated"           // After: kind, value and state
	EvCompensationApproved = "compensation_approved" // After: kind and value
)

// MaxCompensationValue bounds a compensation's value.
const MaxCompensationValue = 1_000_000_000

// DefaultCompensationLimit is the value above which a compensation needs
// a supervisor's approval.
const DefaultCompensationLimit = 200

// WithCompensationLimit sets the value above which compensation needs a
// supervisor's approval.
func WithCompensationLimit(v int64) Option { return func(s *Store) { s.compLimit = v } }

// Compensation is what a complaint was given.
type Compensation struct {
	ID         int64
	TicketID   int64
	Kind       CompensationKind
	Value      int64
	Text       string
	State      string
	RecordedBy string
	RecordedAt time.Time
	ApprovedBy string
	ApprovedAt time.Time
}

// Describe is the compensation in a few words, for events and replies.
func (c Compensation) Describe(lang string) string {
	v := strconv.FormatInt(c.Value, 10)
	if lang == "zh" {
		name := map[CompensationKind]string{ApologyLetter: "致歉信", Coupon: "优惠券", ServiceUpgrade: "服务升级", Refund: "退款"}[c.Kind]
		if c.Value > 0 {
			return name + "（" + v + "）"
		}
		return name
	}
	name := map[CompensationKind]string{ApologyLetter: "an apology letter", Coupon: "a coupon", ServiceUpgrade: "a service upgrade", Refund: "a refund"}[c.Kind]
	if c.Value > 0 {
		return name + " of " + v
	}
	return name
}

// Compensate records compensation on a complaint at the version read; the
// owner or a supervisor may. Above the desk's limit it waits for a
// supervisor's approval, unless a supervisor records it.
func (s *Store) Compensate(ctx context.Context, actor string, id, version int64, kind CompensationKind, value int64, text string) (domain.Ticket, Compensation, error) {
	kind, err := ParseCompensationKind(string(kind))
	if err != nil {
		return domain.Ticket{}, Compensation{}, err
	}
	switch {
	case value < 0 || value > MaxCompensationValue:
		return domain.Ticket{}, Compensation{}, invalid("value: %d, want 0 to %d", value, MaxCompensationValue)
	case value == 0 && (kind == Coupon || kind == Refund):
		return domain.Ticket{}, Compensation{}, invalid("a %s needs a value (--value)", kind)
	}
	if text, err = s.requireText("text", text); err != nil {
		return domain.Ticket{}, Compensation{}, err
	}
	c := Compensation{Kind: kind, Value: value, Text: text, State: CompensationApproved}
	t, err := s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if err := mayWork(a, t, "compensate"); err != nil {
			return nil, err
		}
		if t.Category != domain.Complaint {
			return nil, invalid("%s is a %s, not a complaint: only complaints get compensation", t.Key(), t.Category)
		}
		now := s.now()
		c.TicketID, c.RecordedBy, c.RecordedAt = t.ID, a.Name, now
		if value > s.compLimit && !a.Role.Supervises() {
			c.State = CompensationPending
		} else {
			c.ApprovedBy, c.ApprovedAt = a.Name, now
		}
		var approvedAt any
		if c.State == CompensationApproved {
			approvedAt = ms(now)
		}
		id, err := tx.insertID(ctx, "id", `INSERT INTO compensations (ticket_id, kind, value, text, state, recorded_by, recorded_at,
			approved_by, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, string(kind), value, text, c.State, a.Name, ms(now), nullString(c.ApprovedBy), approvedAt)
		if err != nil {
			return nil, err
		}
		c.ID = id
		return []change{{EvCompensated, "compensation", "", string(kind) + " " + strconv.FormatInt(value, 10) + " " + c.State}}, nil
	})
	return t, c, err
}

// ApproveCompensation approves the compensation waiting on a ticket, at
// the ticket's version read; supervisors only.
func (s *Store) ApproveCompensation(ctx context.Context, actor string, id, version int64) (domain.Ticket, Compensation, error) {
	var c Compensation
	t, err := s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if !a.Role.Supervises() {
			return nil, &ForbiddenError{Actor: a.Name, Action: "approve compensation on " + t.Key(), Reason: "only supervisors may"}
		}
		var err error
		c, err = scanCompensation(tx.QueryRowContext(ctx, "SELECT "+compensationCols+
			" FROM compensations WHERE ticket_id = ? AND state = 'pending' ORDER BY id DESC LIMIT 1", t.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, invalid("%s has no compensation waiting for approval", t.Key())
		} else if err != nil {
			return nil, err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, "UPDATE compensations SET state = 'approved', approved_by = ?, approved_at = ? WHERE id = ?",
			a.Name, ms(now), c.ID); err != nil {
			return nil, err
		}
		c.State, c.ApprovedBy, c.ApprovedAt = CompensationApproved, a.Name, now
		return []change{{EvCompensationApproved, "compensation", CompensationPending, string(c.Kind) + " " + strconv.FormatInt(c.Value, 10)}}, nil
	})
	return t, c, err
}

// PendingCompensation is compensation waiting for a supervisor, with what
// the approvals queue shows of its ticket.
type PendingCompensation struct {
	Compensation
	Title         string
	Priority      domain.Priority
	Owner         string
	TicketVersion int64 // the version to approve against
}

// Key is the ticket's key.
func (p PendingCompensation) Key() string { return domain.Key(p.TicketID) }

// PendingCompensations lists, oldest first and at most limit, the
// compensation waiting for a supervisor: per ticket the latest pending
// one, which is what ApproveCompensation approves (an older one is listed
// once that is approved).
func (s *Store) PendingCompensations(ctx context.Context, limit int) ([]PendingCompensation, error) {
	rows, err := s.query(ctx, `SELECT c.*, t.title, t.priority, coalesce(t.owner, ''), t.version
		FROM (SELECT `+compensationCols+` FROM compensations
			WHERE id IN (SELECT max(id) FROM compensations WHERE state = 'pending' GROUP BY ticket_id)) c
		JOIN tickets t ON t.id = c.ticket_id ORDER BY c.id LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PendingCompensation
	for rows.Next() {
		var p PendingCompensation
		var err error
		p.Compensation, err = scanCompensation(scanAlso{rows, []any{&p.Title, &p.Priority, &p.Owner, &p.TicketVersion}})
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Compensations lists a ticket's compensation, oldest first.
func (s *Store) Compensations(ctx context.Context, ticketID int64) ([]Compensation, error) {
	rows, err := s.query(ctx, "SELECT "+compensationCols+" FROM compensations WHERE ticket_id = ? ORDER BY id", ticketID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Compensation
	for rows.Next() {
		c, err := scanCompensation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const compensationCols = `id, ticket_id, kind, value, text, state, recorded_by, recorded_at, coalesce(approved_by, ''), coalesce(approved_at, 0)`

// scanAlso scans the columns after those its caller asks for into also.
type scanAlso struct {
	row  interface{ Scan(...any) error }
	also []any
}

func (s scanAlso) Scan(dest ...any) error { return s.row.Scan(append(dest, s.also...)...) }

func scanCompensation(row interface{ Scan(...any) error }) (Compensation, error) {
	var c Compensation
	var recorded, approved int64
	err := row.Scan(&c.ID, &c.TicketID, &c.Kind, &c.Value, &c.Text, &c.State, &c.RecordedBy, &recorded, &c.ApprovedBy, &approved)
	c.RecordedAt = time.UnixMilli(recorded)
	if approved != 0 {
		c.ApprovedAt = time.UnixMilli(approved)
	}
	return c, err
}

// approvedCompensation is what {compensation} says in a reply: the
// latest approved compensation of the ticket, "" when none.
func approvedCompensation(ctx context.Context, q rowQuerier, ticketID int64, lang string) (string, error) {
	c, err := scanCompensation(q.QueryRowContext(ctx, "SELECT "+compensationCols+
		" FROM compensations WHERE ticket_id = ? AND state = 'approved' ORDER BY id DESC LIMIT 1", ticketID))
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return c.Describe(lang), nil
}

// CompensationSum is the approved compensation of one kind, ticket
// category, channel and month (YYYY-MM in the desk's zone).
type CompensationSum struct {
	Kind     CompensationKind
	Category domain.Category
	Channel  domain.Channel
	Month    string
	Count    int
	Value    int64
}

// compensationSums sums the compensation approved for tickets f selects,
// recorded in f's range, by kind, category, channel and month.
func (s *Store) compensationSums(ctx context.Context, f ReportFilter) ([]CompensationSum, error) {
	q := `SELECT c.kind, t.category, t.channel, c.recorded_at, c.value FROM compensations c JOIN tickets t ON t.id = c.ticket_id
		WHERE c.state = 'approved' AND c.recorded_at >= ? AND c.recorded_at < ?`
	args := []any{ms(f.From), ms(f.To)}
	q, args = ticketFilter(q, args, f)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type key struct {
		kind     CompensationKind
		category domain.Category
		channel  domain.Channel
		month    string
	}
	at := map[key]int{}
	var out []CompensationSum
	loc := s.sla.Calendar.Location()
	for rows.Next() {
		var k key
		var when, value int64
		if err := rows.Scan(&k.kind, &k.category, &k.channel, &when, &value); err != nil {
			return nil, err
		}
		k.month = time.UnixMilli(when).In(loc).Format("2006-01")
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, CompensationSum{Kind: k.kind, Category: k.category, Channel: k.channel, Month: k.month})
		}
		out[i].Count++
		out[i].Value += value
	}
	return out, rows.Err()
}
