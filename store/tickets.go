package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/sla"
)

// Limits bound what one ticket may hold, so a pasted log file or a hostile
// import cannot bloat the board.
type Limits struct {
	TitleRunes int
	BodyBytes  int
	NoteBytes  int
	FieldRunes int // customer, product, order number, ...
}

// DefaultLimits are generous for people and tight for abuse.
var DefaultLimits = Limits{TitleRunes: 200, BodyBytes: 64 << 10, NoteBytes: 16 << 10, FieldRunes: 100}

// NewTicket is what intake knows about a new piece of feedback. Customer
// name and phone arrive raw and are masked before they are stored; of the
// full phone, name, e-mail and WeChat id only keyed hashes are kept.
type NewTicket struct {
	ExternalID    string
	Title         string
	Body          string
	Channel       domain.Channel
	Category      domain.Category
	Priority      domain.Priority
	Team          string // "" routes by category
	Owner         string
	CustomerName  string
	CustomerPhone string
	// CustomerEmail and CustomerWeChat identify the customer; only their
	// keyed hashes are stored.
	CustomerEmail  string
	CustomerWeChat string
	CustomerTier   domain.Tier
	Industry       string
	Product        string
	ProductVer     string
	OrderNo        string
	ReceivedAt     time.Time // zero means now

	Sentiment      string
	SentimentScore float64
	Keywords       []string
	Tags           []string
	PriorityReason string // why this priority, e.g. "high: 支付失败 + VIP"

	// Suggestion is what triage proposed for the item, recorded with the
	// new ticket (which model version suggested what).
	Suggestion *Suggestion

	// hashes identify the customer; normalize sets them from the raw
	// fields, a rejected item carries them to the ticket it becomes.
	hashes domain.CustomerHashes
}

// ticketCols is every column, in the order scanTicket reads them; cardCols
// leaves the body out for board pages, which never show it.
const (
	ticketColsTail = `channel, category, priority, status, coalesce(team, ''), coalesce(owner, ''),
	customer_name, customer_phone4, customer_tier, industry, product, product_version, order_no,
	sentiment, sentiment_score, keywords, tags, received_at, created_at, updated_at,
	first_response_at, resolved_at, closed_at, reopen_count, solution, coalesce(duplicate_of, 0),
	note_count, version, due_at, due_clock, due_business, risk_at, due_first_response, due_update,
	due_resolution, escalated, priority_reason, duplicate_count`
	ticketCols = "id, coalesce(external_id, ''), title, body, " + ticketColsTail
	cardCols   = "id, coalesce(external_id, ''), title, '', " + ticketColsTail
)

func scanTicket(row interface{ Scan(...any) error }) (domain.Ticket, error) {
	var t domain.Ticket
	var channel, category, status, tier, keywords, tags string
	var received, created, updated int64
	var first, resolved, closed, dueFR, dueUpd, dueRes sql.NullInt64
	var due, risk int64
	err := row.Scan(&t.ID, &t.ExternalID, &t.Title, &t.Body, &channel, &category, &t.Priority, &status,
		&t.Team, &t.Owner, &t.Customer.Name, &t.Customer.Phone4, &tier, &t.Customer.Industry,
		&t.Product, &t.ProductVer, &t.OrderNo, &t.Sentiment, &t.SentimentScore, &keywords, &tags,
		&received, &created, &updated, &first, &resolved, &closed, &t.ReopenCount, &t.Solution,
		&t.DuplicateOf, &t.Notes, &t.Version, &due, &t.DueClock, &t.DueBusiness, &risk, &dueFR, &dueUpd,
		&dueRes, &t.Escalated, &t.PriorityReason, &t.Duplicates)
	if err != nil {
		return t, err
	}
	t.Channel, t.Category, t.Status = domain.Channel(channel), domain.Category(category), domain.Status(status)
	t.Customer.Tier = domain.Tier(tier)
	t.Keywords, t.Tags = splitList(keywords), splitList(tags)
	t.ReceivedAt, t.CreatedAt, t.UpdatedAt = time.UnixMilli(received), time.UnixMilli(created), time.UnixMilli(updated)
	t.FirstResponseAt, t.ResolvedAt, t.ClosedAt = fromMS(first), fromMS(resolved), fromMS(closed)
	t.Due, t.RiskAt = fromDue(due), fromDue(risk)
	t.DueFirstResponse, t.DueUpdate, t.DueResolution = fromMS(dueFR), fromMS(dueUpd), fromMS(dueRes)
	return t, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func joinList(items []string) string {
	clean := make([]string, 0, len(items))
	for _, it := range items {
		it = strings.TrimSpace(strings.ReplaceAll(it, ",", " "))
		if it != "" {
			clean = append(clean, it)
		}
	}
	return strings.Join(clean, ",")
}

// Ticket reads one ticket with its body.
func (s *Store) Ticket(ctx context.Context, id int64) (domain.Ticket, error) {
	t, err := scanTicket(s.queryRow(ctx, "SELECT "+ticketCols+" FROM tickets WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, notFound("ticket " + domain.Key(id))
	}
	return t, err
}

// TicketByKey reads one ticket by its human key ("FB-1042").
func (s *Store) TicketByKey(ctx context.Context, key string) (domain.Ticket, error) {
	id, err := domain.ParseKey(key)
	if err != nil {
		return domain.Ticket{}, invalid("%v", err)
	}
	return s.Ticket(ctx, id)
}

// cleanText makes customer text valid UTF-8 and trims it; display code
// sanitises further, storage keeps what the customer wrote.
// cleanText is customer text as stored: invalid UTF-8 and NUL (which
// PostgreSQL's text cannot hold) become U+FFFD on both engines, so the same
// item is accepted, and reads back, the same everywhere.
func cleanText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD"))
}

func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}

// normalize validates and completes a new ticket: it is the one gate
// through which every intake path passes, so masking happens here.
func (s *Store) normalize(in NewTicket) (NewTicket, error) {
	// Mask before a title is taken from the body.
	in.Title, in.Body = domain.MaskNumbers(cleanText(in.Title)), domain.MaskNumbers(cleanText(in.Body))
	if in.Title == "" {
		first, _, _ := strings.Cut(in.Body, "\n")
		in.Title = cutRunes(strings.TrimSpace(first), 80)
	}
	if in.Title == "" {
		return in, invalid("title: a ticket needs a title or a body")
	}
	if n := utf8.RuneCountInString(in.Title); n > s.limit.TitleRunes {
		return in, invalid("title: %d characters, at most %d", n, s.limit.TitleRunes)
	}
	if len(in.Body) > s.limit.BodyBytes {
		return in, invalid("body: %d bytes, at most %d", len(in.Body), s.limit.BodyBytes)
	}
	if !in.Channel.Valid() {
		return in, invalid("channel: %q is not a channel id (want one of %s)", in.Channel, domain.JoinIDs(domain.Channels))
	}
	if in.Category == "" {
		in.Category = domain.Other
	}
	if !in.Category.Valid() {
		return in, invalid("category: %q is not a category id (want one of %s)", in.Category, domain.JoinIDs(domain.Categories))
	}
	if !in.Priority.Valid() {
		return in, invalid("priority: %v is not high, medium or low", in.Priority)
	}
	tier, err := domain.ParseTier(string(in.CustomerTier))
	if err != nil {
		return in, invalid("tier: %v", err)
	}
	in.CustomerTier = tier
	if err := domain.CheckReceived(in.ReceivedAt, s.now()); err != nil {
		return in, invalid("received_at: %v", err)
	}
	phone4, err := domain.PhoneLast4(in.CustomerPhone)
	if err != nil {
		return in, invalid("phone: %v", err)
	}
	for name, v := range map[string]*string{"e-mail": &in.CustomerEmail, "wechat": &in.CustomerWeChat} {
		if n := utf8.RuneCountInString(*v); n > s.limit.FieldRunes {
			return in, invalid("%s: %d characters, at most %d", name, n, s.limit.FieldRunes)
		}
	}
	in.hashes = s.customerHashes(in)
	// From here on only the masked forms and the hashes remain.
	in.CustomerPhone, in.CustomerEmail, in.CustomerWeChat = phone4, "", ""
	in.CustomerName = domain.MaskName(cleanText(in.CustomerName))
	for name, v := range map[string]*string{"customer": &in.CustomerName, "industry": &in.Industry,
		"product": &in.Product, "version": &in.ProductVer, "order number": &in.OrderNo, "external id": &in.ExternalID} {
		*v = cleanText(*v)
		if n := utf8.RuneCountInString(*v); n > s.limit.FieldRunes {
			return in, invalid("%s: %d characters, at most %d", name, n, s.limit.FieldRunes)
		}
	}
	if in.Team == "" {
		in.Team = domain.DefaultTeam(in.Category)
	}
	if in.Sentiment == "" {
		in.Sentiment = "neutral"
	}
	return in, nil
}

// CreateTicket stores new feedback as a pending ticket (or in progress when
// it already has an owner). A repeated external id returns the existing
// ticket with ErrDuplicate, so re-running an import is safe.
func (s *Store) CreateTicket(ctx context.Context, actor string, in NewTicket) (domain.Ticket, error) {
	in, err := s.normalize(in)
	if err != nil {
		return domain.Ticket{}, err
	}
	var id int64
	err = s.write(ctx, func(tx *wtx) error {
		var err error
		if id, err = s.insertTicket(ctx, tx, actor, in); err != nil {
			return err
		}
		return s.formSuggestion(ctx, tx, id, actor, in)
	})
	if err != nil {
		if errors.Is(err, ErrDuplicate) && id != 0 {
			t, gerr := s.Ticket(ctx, id)
			if gerr != nil {
				return t, gerr
			}
			return t, err
		}
		return domain.Ticket{}, err
	}
	return s.Ticket(ctx, id)
}

// insertTicket runs inside a write transaction; on a duplicate external id
// it returns the existing id with ErrDuplicate.
func (s *Store) insertTicket(ctx context.Context, tx *wtx, actor string, in NewTicket) (int64, error) {
	if _, err := actorIn(ctx, tx, actor); err != nil {
		return 0, err
	}
	return s.addTicket(ctx, tx, actor, in)
}

// addTicket is insertTicket for a caller that has checked the actor
// (intake: an agent or an intake channel).
func (s *Store) addTicket(ctx context.Context, tx *wtx, actor string, in NewTicket) (int64, error) {
	if in.ExternalID != "" {
		var existing int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM tickets WHERE external_id = ?", in.ExternalID).Scan(&existing)
		if err == nil {
			return existing, fmt.Errorf("%w: external id %q is already %s", ErrDuplicate, in.ExternalID, domain.Key(existing))
		} else if !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
	}
	if err := checkTeam(ctx, tx, in.Team); err != nil {
		return 0, err
	}
	// A new ticket is pending even with an owner: work starts when the
	// owner moves it.
	status := domain.Pending
	if in.Owner != "" {
		owner, err := actorIn(ctx, tx, in.Owner)
		if err != nil {
			return 0, invalid("owner: %s is not an active agent", in.Owner)
		}
		in.Owner = owner.Name
	}
	now := s.now()
	received := in.ReceivedAt
	if received.IsZero() {
		received = now
	}
	var extID any
	if in.ExternalID != "" {
		extID = in.ExternalID
	}
	var owner any
	if in.Owner != "" {
		owner = in.Owner
	}
	id, err := tx.insertID(ctx, "id", `INSERT INTO tickets (external_id, title, body, channel, category, priority, status,
		team, owner, customer_name, customer_phone4, customer_tier, industry, product, product_version, order_no,
		sentiment, sentiment_score, keywords, tags, received_at, created_at, updated_at, priority_reason, `+hashCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append([]any{extID, in.Title, in.Body, string(in.Channel), string(in.Category), int(in.Priority), string(status),
			in.Team, owner, in.CustomerName, in.CustomerPhone, string(in.CustomerTier), in.Industry, in.Product,
			in.ProductVer, in.OrderNo, in.Sentiment, in.SentimentScore, joinList(in.Keywords), joinList(in.Tags),
			ms(received), ms(now), ms(now), in.PriorityReason}, hashArgs(in.hashes)...)...)
	if err != nil {
		return 0, err
	}
	if err := bumpCount(ctx, tx, status, 1); err != nil {
		return 0, err
	}
	if err := s.event(ctx, tx, id, actor, domain.EvCreated, "status", "", string(status)); err != nil {
		return 0, err
	}
	h := sla.History{Created: received, Priority: in.Priority.String(), Category: string(in.Category)}
	if in.Owner != "" {
		if err := s.event(ctx, tx, id, actor, domain.EvAssigned, "owner", "", in.Owner); err != nil {
			return 0, err
		}
	}
	if err := saveDeadlines(ctx, tx, id, s.computeDeadlines(h, now, false)); err != nil {
		return 0, err
	}
	return id, s.statsCreatedID(ctx, tx, id)
}

func bumpCount(ctx context.Context, tx *wtx, st domain.Status, delta int) error {
	_, err := tx.ExecContext(ctx, "UPDATE column_counts SET n = n + ? WHERE status = ?", delta, string(st))
	return err
}

// moveCount moves one card from column from to column to in the counts:
// one statement, as a move's every statement is a round trip on PostgreSQL.
func moveCount(ctx context.Context, tx *wtx, from, to domain.Status) error {
	_, err := tx.ExecContext(ctx, "UPDATE column_counts SET n = n + CASE status WHEN ? THEN 1 ELSE -1 END WHERE status IN (?, ?)",
		string(to), string(from), string(to))
	return err
}

// write runs fn in one transaction that is the desk's only writer while
// it lasts: BEGIN IMMEDIATE on SQLite, the desk's advisory lock on
// PostgreSQL (writerConn). A PostgreSQL transaction that fails to
// serialize is run again, up to writeAttempts times, so fn must only
// change state through tx and the variables it sets.
func (s *Store) write(ctx context.Context, fn func(*wtx) error) error {
	for attempt := 1; ; attempt++ {
		err := s.writeOnce(ctx, fn)
		if err == nil || attempt == writeAttempts || !retryable(err) {
			return err
		}
	}
}

// writeAttempts bounds the retries of a transaction that failed to
// serialize.
const writeAttempts = 5

func (s *Store) writeOnce(ctx context.Context, fn func(*wtx) error) error {
	sqltx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx := &wtx{Tx: sqltx, shared: &s.writes}
	if err := fn(tx); err != nil {
		_ = tx.Rollback() // fn's error is the one that matters
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	// The connection is free again: prepare what this transaction met
	// for the first time, for every transaction after it. A failure
	// only means the next one parses again.
	for _, q := range tx.missed {
		_, _ = s.writes.get(context.WithoutCancel(ctx), q) //nolint:sqlclosecheck // kept in the cache for later transactions
	}
	return nil
}

// event appends one audit entry inside the caller's transaction.
func (s *Store) event(ctx context.Context, tx *wtx, ticketID int64, actor, kind, field, before, after string) error {
	return s.versionEvent(ctx, tx, ticketID, 0, actor, kind, field, before, after)
}

// versionEvent is event for a change that made the ticket's version
// (0: none), which Undo reads back.
func (s *Store) versionEvent(ctx context.Context, tx *wtx, ticketID, version int64, actor, kind, field, before, after string) error {
	var tid, ver any
	if ticketID != 0 {
		tid = ticketID
	}
	if version != 0 {
		ver = version
	}
	return insertOne(ctx, tx, eventInserts, tid, actor, ms(s.now()), kind, field, before, after, ver)
}

var eventInserts = newMultiInsert("events", "ticket_id, actor, at, kind, field, before, after, version")
