package store

// Problems and requests (migration 0012): a problem is a bug behind many
// tickets, a request one feature many customers ask for. Tickets are
// linked to at most one problem; the problem's impact (distinct customers,
// VIPs, channels, first and last report) and the priority that follows
// from it are computed from the linked tickets whenever it is read. Bulk
// resolve, decline and plan are in problem_notify.go.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// ProblemKind says whether a problem is a bug or a feature request.
type ProblemKind string

// Problem kinds.
const (
	KindBug     ProblemKind = "bug"
	KindRequest ProblemKind = "request"
)

// ParseProblemKind accepts bug or request.
func ParseProblemKind(s string) (ProblemKind, error) {
	switch k := ProblemKind(strings.ToLower(strings.TrimSpace(s))); k {
	case KindBug, KindRequest:
		return k, nil
	}
	return "", invalid("kind %q: want bug or request", s)
}

// ProblemStatus is where a problem stands.
type ProblemStatus string

// Problem statuses. A bug ends fixed, a request shipped; either may be
// declined; a request may be planned for a release first.
const (
	ProblemOpen       ProblemStatus = "open"
	ProblemInProgress ProblemStatus = "in_progress"
	ProblemFixed      ProblemStatus = "fixed"
	ProblemShipped    ProblemStatus = "shipped"
	ProblemDeclined   ProblemStatus = "declined"
	ProblemPlanned    ProblemStatus = "planned"
)

// Done reports whether the problem is settled (fixed, shipped or declined).
func (s ProblemStatus) Done() bool {
	return s == ProblemFixed || s == ProblemShipped || s == ProblemDeclined
}

// Event kinds of problems. Events about a problem carry its id in
// events.problem_id; link events also carry the ticket's.
const (
	EvProblemCreated  = "problem_created"  // After: the title
	EvProblemLinked   = "problem_linked"   // on the ticket; After: the problem key
	EvProblemUnlinked = "problem_unlinked" // on the ticket; Before: the problem key
	EvProblemStatus   = "problem_status"   // Before → After: the statuses
	EvProblemNotice   = "problem_notice"   // on the ticket; Field: the problem key, After: what the customer was told
	EvProblemRerun    = "problem_rerun"    // a bulk action run again to settle the tickets left; Field: the action
)

// MaxLinkBatch bounds how many tickets one link or unlink names.
const MaxLinkBatch = 500

// ProblemKey is a problem's human key, e.g. "PB-12".
func ProblemKey(id int64) string { return "PB-" + strconv.FormatInt(id, 10) }

// ParseProblemKey turns "PB-12" (any case, or just "12") into a row id.
func ParseProblemKey(s string) (int64, error) {
	t := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "PB-")
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, invalid("not a problem key: %q (want e.g. PB-12)", s)
	}
	return n, nil
}

// Problem is a problem or request with its linked tickets and impact.
type Problem struct {
	ID         int64
	Kind       ProblemKind
	Title      string
	Body       string
	Status     ProblemStatus
	Owner      string
	Team       string
	Release    string // target release of a planned request
	Resolution string // the fix summary or the reason for declining
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Version    int64

	Tickets []LinkedTicket // oldest report first
	Impact  Impact
}

// Key is the problem's key.
func (p Problem) Key() string { return ProblemKey(p.ID) }

// LinkedTicket is what a problem shows of one linked ticket.
type LinkedTicket struct {
	ID         int64
	Title      string
	Status     domain.Status
	Priority   domain.Priority
	Channel    domain.Channel
	Customer   domain.Customer
	Owner      string
	ReceivedAt time.Time
	Version    int64
	AtRisk     bool // open and its nearest deadline is at risk or missed
	Customer1  int  // index of its customer among the problem's distinct customers
	hashes     domain.CustomerHashes
}

// Key is the ticket's key.
func (l LinkedTicket) Key() string { return domain.Key(l.ID) }

// Open reports whether the ticket is still being worked.
func (l LinkedTicket) Open() bool { return l.Status != domain.Resolved && l.Status != domain.Closed }

// Impact is how far a problem reaches, and the priority that follows.
type Impact struct {
	Tickets     int
	OpenTickets int
	Customers   int // distinct customers (by keyed hashes; a ticket without any is its own customer)
	VIPs        int // of those, VIP customers
	Channels    []domain.Channel
	FirstReport time.Time
	LastReport  time.Time
	AtRisk      int // open tickets whose SLA is at risk or breached
	Priority    domain.Priority
	Reason      string // why that priority, e.g. "high: 23 customers ≥ 20"
}

// ImpactRules turn impact into priority: high from HighCustomers distinct
// customers or (if VIPHigh) any VIP among them, medium from
// MediumCustomers, low below.
type ImpactRules struct {
	HighCustomers   int
	MediumCustomers int
	VIPHigh         bool
}

// DefaultImpactRules: 20 customers or any VIP make a problem high, 5
// medium.
var DefaultImpactRules = ImpactRules{HighCustomers: 20, MediumCustomers: 5, VIPHigh: true}

// WithImpactRules sets the rules that give problems their priority.
func WithImpactRules(r ImpactRules) Option { return func(s *Store) { s.impact = r } }

// Priority applies the rules to impact, with the reason.
func (r ImpactRules) Priority(im Impact) (domain.Priority, string) {
	switch {
	case r.HighCustomers > 0 && im.Customers >= r.HighCustomers:
		return domain.High, fmt.Sprintf("high: %d customers ≥ %d", im.Customers, r.HighCustomers)
	case r.VIPHigh && im.VIPs > 0:
		return domain.High, fmt.Sprintf("high: %d VIP customer(s)", im.VIPs)
	case r.MediumCustomers > 0 && im.Customers >= r.MediumCustomers:
		return domain.Medium, fmt.Sprintf("medium: %d customers ≥ %d", im.Customers, r.MediumCustomers)
	}
	return domain.Low, fmt.Sprintf("low: %d customer(s) < %d", im.Customers, max(r.MediumCustomers, 1))
}

// NewProblem is a problem as an agent files it.
type NewProblem struct {
	Kind  ProblemKind
	Title string
	Body  string
	Owner string // "" is the creator
	Team  string // "" is tech support for a bug, product for a request
}

// CreateProblem files a problem or request; any agent may.
func (s *Store) CreateProblem(ctx context.Context, actor string, in NewProblem) (Problem, error) {
	kind, err := ParseProblemKind(string(in.Kind))
	if err != nil {
		return Problem{}, err
	}
	title := cleanText(in.Title)
	if title == "" {
		return Problem{}, invalid("title: must not be empty")
	}
	if n := utf8.RuneCountInString(title); n > s.limit.TitleRunes {
		return Problem{}, invalid("title: %d characters, at most %d", n, s.limit.TitleRunes)
	}
	body := cleanText(in.Body)
	if len(body) > s.limit.BodyBytes {
		return Problem{}, invalid("body: %d bytes, at most %d", len(body), s.limit.BodyBytes)
	}
	team := in.Team
	if team == "" {
		team = map[ProblemKind]string{KindBug: "tech_support", KindRequest: "product"}[kind]
	}
	if err := s.checkTeamRead(ctx, team); err != nil {
		return Problem{}, err
	}
	var id int64
	err = s.write(ctx, func(tx *wtx) error {
		a, err := actorIn(ctx, tx, actor)
		if err != nil {
			return err
		}
		owner := in.Owner
		if owner == "" {
			owner = a.Name
		} else if _, err := actorIn(ctx, tx, owner); err != nil {
			return invalid("owner: %s is not an active agent", owner)
		}
		now := ms(s.now())
		id, err = tx.insertID(ctx, "id", `INSERT INTO problems (kind, title, body, status, owner, team, created_by, created_at, updated_at)
			VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?)`, string(kind), title, body, owner, team, a.Name, now, now)
		if err != nil {
			return err
		}
		return s.problemEvent(ctx, tx, id, 0, a.Name, EvProblemCreated, string(kind), "", eventExcerpt(title))
	})
	if err != nil {
		return Problem{}, err
	}
	return s.Problem(ctx, id)
}

// problemEvent appends an audit entry about a problem (and a ticket, when
// ticketID is not 0) inside the caller's transaction.
func (s *Store) problemEvent(ctx context.Context, tx *wtx, problemID, ticketID int64, actor, kind, field, before, after string) error {
	var tid any
	if ticketID != 0 {
		tid = ticketID
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO events (ticket_id, problem_id, actor, at, kind, field, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		tid, problemID, actor, ms(s.now()), kind, field, before, after)
	return err
}

// ProblemEvents is a problem's audit trail, oldest first.
func (s *Store) ProblemEvents(ctx context.Context, problemID int64) ([]domain.Event, error) {
	return s.events(ctx, "SELECT "+eventCols+" FROM events WHERE problem_id = ? ORDER BY seq", problemID)
}

const problemCols = `id, kind, title, body, status, coalesce(owner, ''), coalesce(team, ''), release, resolution,
	created_by, created_at, updated_at, version`

func scanProblem(row interface{ Scan(...any) error }) (Problem, error) {
	var p Problem
	var created, updated int64
	err := row.Scan(&p.ID, &p.Kind, &p.Title, &p.Body, &p.Status, &p.Owner, &p.Team, &p.Release, &p.Resolution,
		&p.CreatedBy, &created, &updated, &p.Version)
	p.CreatedAt, p.UpdatedAt = time.UnixMilli(created), time.UnixMilli(updated)
	return p, err
}

// Problem reads one problem with its linked tickets and impact.
func (s *Store) Problem(ctx context.Context, id int64) (Problem, error) {
	p, err := scanProblem(s.queryRow(ctx, "SELECT "+problemCols+" FROM problems WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, notFound("problem " + ProblemKey(id))
	}
	if err != nil {
		return p, err
	}
	ps := []Problem{p}
	if err := s.fillProblems(ctx, ps); err != nil {
		return p, err
	}
	return ps[0], nil
}

// ProblemByKey reads a problem by its key (PB-12).
func (s *Store) ProblemByKey(ctx context.Context, key string) (Problem, error) {
	id, err := ParseProblemKey(key)
	if err != nil {
		return Problem{}, err
	}
	return s.Problem(ctx, id)
}

// ProblemQuery selects problems to list.
type ProblemQuery struct {
	Kind ProblemKind // "" for both
	Open bool        // only those not yet fixed, shipped or declined
}

// MaxProblems bounds a problem list.
const MaxProblems = 1000

// Problems lists problems with their impact, ranked: by priority, then
// affected customers, then tickets at SLA risk, then age (oldest first).
func (s *Store) Problems(ctx context.Context, q ProblemQuery) ([]Problem, error) {
	rows, err := s.query(ctx, "SELECT "+problemCols+` FROM problems
		WHERE (? = '' OR kind = ?) AND (? = 0 OR status NOT IN ('fixed', 'shipped', 'declined')) ORDER BY id LIMIT ?`,
		string(q.Kind), string(q.Kind), q.Open, MaxProblems)
	if err != nil {
		return nil, err
	}
	out, err := scanAll(rows, func(rows *sql.Rows) (Problem, error) { return scanProblem(rows) })
	if err != nil {
		return nil, err
	}
	if err := s.fillProblems(ctx, out); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return rankBefore(out[i], out[j]) })
	return out, nil
}

func rankBefore(a, b Problem) bool {
	ia, ib := a.Impact, b.Impact
	switch {
	case ia.Priority != ib.Priority:
		return ia.Priority < ib.Priority
	case ia.Customers != ib.Customers:
		return ia.Customers > ib.Customers
	case ia.AtRisk != ib.AtRisk:
		return ia.AtRisk > ib.AtRisk
	}
	return a.CreatedAt.Before(b.CreatedAt)
}

// VIPWeight is how many customers one VIP counts for on the roadmap.
const VIPWeight = 5

// RoadmapScore ranks a request on the roadmap: requesting customers, each
// VIP counting VIPWeight; ties go to the older request.
func (p Problem) RoadmapScore() int { return p.Impact.Customers + (VIPWeight-1)*p.Impact.VIPs }

// Roadmap lists open and planned requests, most wanted first: by
// RoadmapScore, then age (oldest first).
func (s *Store) Roadmap(ctx context.Context) ([]Problem, error) {
	ps, err := s.Problems(ctx, ProblemQuery{Kind: KindRequest, Open: true})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if a, b := ps[i].RoadmapScore(), ps[j].RoadmapScore(); a != b {
			return a > b
		}
		return ps[i].CreatedAt.Before(ps[j].CreatedAt)
	})
	return ps, nil
}

// fillProblems reads the linked tickets of ps and computes their impact.
func (s *Store) fillProblems(ctx context.Context, ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	at := make(map[int64]int, len(ps))
	for i, p := range ps {
		at[p.ID] = i
	}
	q := `SELECT pt.problem_id, t.id, t.title, t.status, t.priority, t.channel, t.customer_name, t.customer_phone4,
		t.customer_tier, coalesce(t.owner, ''), t.received_at, t.version, t.risk_at, ` + hashCols + `
		FROM problem_tickets pt JOIN tickets t ON t.id = pt.ticket_id`
	var args []any
	if len(ps) == 1 {
		q += " WHERE pt.problem_id = ?"
		args = append(args, ps[0].ID)
	}
	rows, err := s.query(ctx, q+" ORDER BY t.received_at, t.id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	now := ms(s.now())
	for rows.Next() {
		var pid, received, risk int64
		var l LinkedTicket
		dest := []any{&pid, &l.ID, &l.Title, &l.Status, &l.Priority, &l.Channel, &l.Customer.Name, &l.Customer.Phone4,
			&l.Customer.Tier, &l.Owner, &received, &l.Version, &risk}
		if err := rows.Scan(append(dest, hashDests(&l.hashes)...)...); err != nil {
			return err
		}
		l.ReceivedAt = time.UnixMilli(received)
		l.AtRisk = l.Open() && risk <= now
		if i, ok := at[pid]; ok {
			ps[i].Tickets = append(ps[i].Tickets, l)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range ps {
		ps[i].Impact = s.impactOf(ps[i].Tickets)
	}
	return nil
}

// impactOf counts what tickets reach and sets each one's Customer1.
func (s *Store) impactOf(ts []LinkedTicket) Impact {
	im := Impact{Tickets: len(ts)}
	groups := groupCustomers(ts)
	vip := map[int]bool{}
	channels := map[domain.Channel]bool{}
	for i, t := range ts {
		ts[i].Customer1 = groups[i]
		im.Customers = max(im.Customers, groups[i]+1)
		if t.Customer.Tier == domain.TierVIP {
			vip[groups[i]] = true
		}
		if !channels[t.Channel] {
			channels[t.Channel] = true
			im.Channels = append(im.Channels, t.Channel)
		}
		if t.Open() {
			im.OpenTickets++
			if t.AtRisk {
				im.AtRisk++
			}
		}
		if im.FirstReport.IsZero() || t.ReceivedAt.Before(im.FirstReport) {
			im.FirstReport = t.ReceivedAt
		}
		if t.ReceivedAt.After(im.LastReport) {
			im.LastReport = t.ReceivedAt
		}
	}
	im.VIPs = len(vip)
	rules := s.impact
	im.Priority, im.Reason = rules.Priority(im)
	return im
}

// groupCustomers numbers the distinct customers of ts (0, 1, …, in order
// of first appearance) and returns each ticket's. Two tickets are one
// customer when domain.SameCustomer says so of the tickets' hashes and
// of the group's first ticket; a ticket without any hash is a customer of
// its own (the desk cannot tell who called).
func groupCustomers(ts []LinkedTicket) []int {
	out := make([]int, len(ts))
	var firsts []domain.CustomerHashes // each group's first ticket
	byHash := map[string][]int{}       // hash → groups holding it
	for i, t := range ts {
		h := t.hashes
		g := -1
		if h.Any() {
		search:
			for _, k := range hashKeys(h) {
				for _, cand := range byHash[k] {
					if domain.SameCustomer(firsts[cand], h) {
						g = cand
						break search
					}
				}
			}
		}
		if g < 0 {
			g = len(firsts)
			firsts = append(firsts, h)
			for _, k := range hashKeys(h) {
				byHash[k] = append(byHash[k], g)
			}
		}
		out[i] = g
	}
	return out
}

// hashKeys are the identifying hashes of h as map keys, kind-tagged.
func hashKeys(h domain.CustomerHashes) []string {
	var out []string
	for _, p := range []struct {
		tag string
		b   []byte
	}{{"p", h.Phone}, {"e", h.Email}, {"w", h.WeChat}} {
		if p.b != nil {
			out = append(out, p.tag+string(p.b))
		}
	}
	return out
}

// problemChange is one change a problem's event records; ticket is the
// ticket it concerns (0 for the problem itself).
type problemChange struct {
	ticket                     int64
	kind, field, before, after string
}

// changeProblem is the one path a problem's own row changes: BEGIN
// IMMEDIATE, load, compare versions, apply fn, write the row with
// version+1 and one event per change, commit.
func (s *Store) changeProblem(ctx context.Context, actorName string, id, version int64,
	fn func(tx *wtx, a domain.Agent, p *Problem) ([]problemChange, error)) error {
	return s.write(ctx, func(tx *wtx) error {
		a, err := actorIn(ctx, tx, actorName)
		if err != nil {
			return err
		}
		cur, err := scanProblem(tx.QueryRowContext(ctx, "SELECT "+problemCols+" FROM problems WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("problem " + ProblemKey(id))
		} else if err != nil {
			return err
		}
		if cur.Version != version {
			return s.problemConflict(ctx, tx, cur, version)
		}
		next := cur
		changes, err := fn(tx, a, &next)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			return invalid("nothing to change")
		}
		res, err := tx.ExecContext(ctx, `UPDATE problems SET status = ?, owner = ?, team = ?, release = ?, resolution = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			string(next.Status), next.Owner, next.Team, next.Release, next.Resolution, ms(s.now()), id, version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return &ConflictError{Key: cur.Key(), Expected: version}
		}
		for _, c := range changes {
			if err := s.problemEvent(ctx, tx, id, c.ticket, a.Name, c.kind, c.field, c.before, c.after); err != nil {
				return err
			}
		}
		return nil
	})
}

// problemConflict is the *ConflictError of a stale problem version.
func (s *Store) problemConflict(ctx context.Context, tx *wtx, cur Problem, expected int64) error {
	ce := &ConflictError{Key: cur.Key(), Expected: expected, Current: cur.Version}
	var kind, field, before, after string
	err := tx.QueryRowContext(ctx, "SELECT actor, kind, field, before, after FROM events WHERE problem_id = ? ORDER BY seq DESC LIMIT 1",
		cur.ID).Scan(&ce.By, &kind, &field, &before, &after)
	if err == nil {
		ce.What = describe(kind, field, before, after)
	}
	return ce
}

// mayManage is the rule for a problem's bulk actions: its owner or a
// supervisor. Linking the tickets is what hands them to the problem, so
// its owner may resolve cards other agents hold.
func mayManage(a domain.Agent, p *Problem, action string) error {
	if a.Role.Supervises() || p.Owner == a.Name {
		return nil
	}
	return &ForbiddenError{Actor: a.Name, Action: action + " " + p.Key(), Reason: "only its owner (" + p.Owner + ") or a supervisor may"}
}

// LinkTickets links tickets to a problem at the version the caller read,
// in one transaction with one event per ticket. A ticket already linked
// to another problem is refused, naming it; any agent may link.
func (s *Store) LinkTickets(ctx context.Context, actor string, problemID, version int64, ticketIDs []int64) (Problem, error) {
	ids, err := linkBatch(ticketIDs)
	if err != nil {
		return Problem{}, err
	}
	err = s.changeProblem(ctx, actor, problemID, version, func(tx *wtx, a domain.Agent, p *Problem) ([]problemChange, error) {
		var changes []problemChange
		for _, id := range ids {
			if _, err := loadTicket(ctx, tx, id); err != nil {
				return nil, err
			}
			var other int64
			err := tx.QueryRowContext(ctx, "SELECT problem_id FROM problem_tickets WHERE ticket_id = ?", id).Scan(&other)
			switch {
			case err == nil && other == p.ID:
				return nil, invalid("%s is already linked to %s", domain.Key(id), p.Key())
			case err == nil:
				return nil, invalid("%s is linked to %s: unlink it there first", domain.Key(id), ProblemKey(other))
			case !errors.Is(err, sql.ErrNoRows):
				return nil, err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO problem_tickets (ticket_id, problem_id, linked_by, linked_at) VALUES (?, ?, ?, ?)",
				id, p.ID, a.Name, ms(s.now())); err != nil {
				return nil, err
			}
			changes = append(changes, problemChange{kind: EvProblemLinked, field: "problem", after: p.Key(), ticket: id})
		}
		return changes, nil
	})
	if err != nil {
		return Problem{}, err
	}
	return s.Problem(ctx, problemID)
}

// UnlinkTickets takes tickets off a problem, like LinkTickets.
func (s *Store) UnlinkTickets(ctx context.Context, actor string, problemID, version int64, ticketIDs []int64) (Problem, error) {
	ids, err := linkBatch(ticketIDs)
	if err != nil {
		return Problem{}, err
	}
	err = s.changeProblem(ctx, actor, problemID, version, func(tx *wtx, a domain.Agent, p *Problem) ([]problemChange, error) {
		var changes []problemChange
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, "DELETE FROM problem_tickets WHERE ticket_id = ? AND problem_id = ?", id, p.ID)
			if err != nil {
				return nil, err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil, invalid("%s is not linked to %s", domain.Key(id), p.Key())
			}
			changes = append(changes, problemChange{kind: EvProblemUnlinked, field: "problem", before: p.Key(), ticket: id})
		}
		return changes, nil
	})
	if err != nil {
		return Problem{}, err
	}
	return s.Problem(ctx, problemID)
}

// linkBatch checks and de-duplicates the tickets a link names.
func linkBatch(ids []int64) ([]int64, error) {
	if len(ids) == 0 {
		return nil, invalid("name at least one ticket")
	}
	if len(ids) > MaxLinkBatch {
		return nil, invalid("%d tickets at once, at most %d", len(ids), MaxLinkBatch)
	}
	seen := make(map[int64]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

// ProblemOf is the problem a ticket is linked to (0 when none): what its
// card shows.
func (s *Store) ProblemOf(ctx context.Context, ticketID int64) (int64, error) {
	var id int64
	err := s.queryRow(ctx, "SELECT problem_id FROM problem_tickets WHERE ticket_id = ?", ticketID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}
