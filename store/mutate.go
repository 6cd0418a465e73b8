package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// change is one field of a ticket changed by a mutation; each becomes an
// event.
type change struct{ kind, field, before, after string }

// mutation edits a copy of the current ticket (checked for version and
// loaded inside the transaction) and lists what it changed.
// The transaction is there for mutations that write rows of their own
// (a note).
type mutation func(tx *wtx, actor domain.Agent, t *domain.Ticket) ([]change, error)

// mutate is the one path every ticket change takes: BEGIN IMMEDIATE, load,
// compare versions, apply, write the row with version+1 and the events,
// commit. A stale version changes nothing and returns a *ConflictError.
func (s *Store) mutate(ctx context.Context, actorName string, id, version int64, fn mutation) (domain.Ticket, error) {
	var after domain.Ticket
	err := s.write(ctx, func(tx *wtx) error {
		actor, cur, err := actorAndTicket(ctx, tx, actorName, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return conflict(ctx, tx, cur, version)
		}
		next := cur
		changes, err := fn(tx, actor, &next)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			return invalid("nothing to change")
		}
		after, err = s.apply(ctx, tx, actorName, cur, next, changes)
		return err
	})
	return after, err
}

// actorAndTicket reads the acting agent and the ticket in one statement
// (on PostgreSQL a statement is a round trip, a tenth of a move); when
// either is missing it asks again apart to say which.
func actorAndTicket(ctx context.Context, tx *wtx, actorName string, id int64) (domain.Agent, domain.Ticket, error) {
	var a domain.Agent
	row := tx.QueryRowContext(ctx, "SELECT * FROM (SELECT "+agentCols+" FROM agents WHERE name = ? AND active = 1) a, (SELECT "+
		ticketCols+" FROM tickets WHERE id = ?) t", actorName, id)
	t, err := scanTicket(pairRow{row, func(r rowScanner) (err error) {
		a, err = scanAgent(r)
		return err
	}})
	if errors.Is(err, sql.ErrNoRows) {
		if a, err = actorIn(ctx, tx, actorName); err != nil {
			return a, t, err
		}
		t, err = loadTicket(ctx, tx, id)
	}
	return a, t, err
}

// rowScanner is a row to Scan, as *sql.Row.
type rowScanner interface{ Scan(...any) error }

// pairRow is a row of two records side by side: scanning the second
// through it scans the first with first, which ends before the second's
// scan returns, so both scanners can finish their values after Scan.
type pairRow struct {
	row   rowScanner
	first func(rowScanner) error
}

func (p pairRow) Scan(second ...any) error {
	return p.first(scanFunc(func(first ...any) error { return p.row.Scan(append(first, second...)...) }))
}

// scanFunc is a function as a rowScanner.
type scanFunc func(...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// loadTicket reads a ticket inside a transaction.
func loadTicket(ctx context.Context, tx *wtx, id int64) (domain.Ticket, error) {
	t, err := scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketCols+" FROM tickets WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, notFound("ticket " + domain.Key(id))
	}
	return t, err
}

// apply writes a changed ticket and everything that follows from the
// change, inside the caller's transaction: the row with version+1, its
// SLA deadlines, the rollups, the column counts and one event per change.
// Every ticket change, by an agent (mutate), a customer or the system,
// goes through here.
func (s *Store) apply(ctx context.Context, tx *wtx, actor string, cur, next domain.Ticket, changes []change) (domain.Ticket, error) {
	next.Version = cur.Version + 1
	next.UpdatedAt = s.now()
	d, err := s.refreshedDeadlines(ctx, tx, next, changes)
	if err != nil {
		return cur, err
	}
	saved, err := s.saveTicket(ctx, tx, cur.Version, next, d)
	if err != nil {
		return cur, err
	}
	if err := s.statsChanged(ctx, tx, cur, next, next.UpdatedAt); err != nil {
		return cur, err
	}
	if next.Status != cur.Status {
		if err := moveCount(ctx, tx, cur.Status, next.Status); err != nil {
			return cur, err
		}
	}
	for _, c := range changes {
		if err := s.versionEvent(ctx, tx, cur.ID, next.Version, actor, c.kind, c.field, c.before, c.after); err != nil {
			return cur, err
		}
	}
	return saved, nil
}

func conflict(ctx context.Context, tx *wtx, cur domain.Ticket, expected int64) error {
	ce := &ConflictError{Key: cur.Key(), Expected: expected, Current: cur.Version}
	var kind, field, before, after string
	err := tx.QueryRowContext(ctx, "SELECT actor, kind, field, before, after FROM events WHERE ticket_id = ? ORDER BY seq DESC LIMIT 1",
		cur.ID).Scan(&ce.By, &kind, &field, &before, &after)
	if err == nil {
		ce.What = describe(kind, field, before, after)
	}
	return ce
}

// describe renders an event for conflict messages; the TUI has its own
// translated rendering for the timeline.
func describe(kind, field, before, after string) string {
	switch kind {
	case domain.EvNote:
		return "note added"
	case domain.EvEdited:
		return field + " edited"
	}
	if before == "" {
		return kind + " " + after
	}
	return kind + " " + before + " → " + after
}

// saveTicket writes t, changed from version oldVersion, with its
// deadlines d, and returns the row as stored (RETURNING: no read after).
func (s *Store) saveTicket(ctx context.Context, tx *wtx, oldVersion int64, t domain.Ticket, d deadlines) (domain.Ticket, error) {
	var owner any
	if t.Owner != "" {
		owner = t.Owner
	}
	saved, err := scanTicket(tx.QueryRowContext(ctx, `UPDATE tickets SET title = ?, body = ?, channel = ?, category = ?, priority = ?,
		status = ?, team = ?, owner = ?, product = ?, product_version = ?, order_no = ?, sentiment = ?, sentiment_score = ?, tags = ?,
		updated_at = ?, first_response_at = ?, resolved_at = ?, closed_at = ?, reopen_count = ?, solution = ?,
		note_count = ?, escalated = ?, version = ?, `+deadlineSets+`
		WHERE id = ? AND version = ? RETURNING `+ticketCols,
		append([]any{t.Title, t.Body, string(t.Channel), string(t.Category), int(t.Priority), string(t.Status), t.Team, owner,
			t.Product, t.ProductVer, t.OrderNo, t.Sentiment, t.SentimentScore, joinList(t.Tags), ms(t.UpdatedAt), nullMS(t.FirstResponseAt),
			nullMS(t.ResolvedAt), nullMS(t.ClosedAt), t.ReopenCount, t.Solution, t.Notes, t.Escalated, t.Version},
			append(d.args(), t.ID, oldVersion)...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return t, &ConflictError{Key: t.Key(), Expected: oldVersion}
	}
	return saved, err
}

// mayWork is the agent rule: supervisors and admins act on any card, an
// agent on cards they own.
func mayWork(a domain.Agent, t *domain.Ticket, action string) error {
	if a.Role.Supervises() || t.Owner == a.Name {
		return nil
	}
	reason := "it is not assigned to them"
	if t.Owner != "" {
		reason = "it belongs to " + t.Owner
	}
	return &ForbiddenError{Actor: a.Name, Action: action + " " + t.Key(), Reason: reason}
}

// Move changes a ticket's column along the allowed transitions. Starting
// work on an unassigned card assigns it to the mover; moving back from
// resolved or closed is a reopen and is counted.
func (s *Store) Move(ctx context.Context, actor string, id, version int64, to domain.Status) (domain.Ticket, error) {
	if to == domain.Resolved {
		return domain.Ticket{}, errResolveByMove(id) // summary and approval: see Resolve
	}
	return s.mutate(ctx, actor, id, version, func(_ *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if err := domain.CheckMove(t.Status, to); err != nil {
			return nil, invalid("%s: %v", t.Key(), err)
		}
		var changes []change
		takes := t.Owner == "" && to == domain.InProgress
		if !takes {
			if err := mayWork(a, t, "move"); err != nil {
				return nil, err
			}
		}
		changes = append(changes, setStatus(t, to, s.now()))
		if takes {
			changes = append(changes, change{domain.EvAssigned, "owner", "", a.Name})
			t.Owner = a.Name
		}
		return changes, nil
	})
}

// Assign gives a ticket to owner ("" unassigns). Agents may take an
// unassigned card or give up their own; reassigning anything else needs a
// supervisor.
func (s *Store) Assign(ctx context.Context, actor string, id, version int64, owner string) (domain.Ticket, error) {
	var target domain.Agent
	if owner != "" {
		var err error
		if target, err = s.Agent(ctx, owner); err != nil || !target.Active {
			return domain.Ticket{}, invalid("owner: %s is not an active agent", owner)
		}
	}
	return s.mutate(ctx, actor, id, version, func(_ *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if t.Owner == owner {
			if owner == "" {
				return nil, invalid("%s is already unassigned", t.Key())
			}
			return nil, invalid("%s is already assigned to %s", t.Key(), owner)
		}
		selfTake := owner == a.Name && t.Owner == ""
		release := owner == "" && t.Owner == a.Name
		if !a.Role.Supervises() && !selfTake && !release {
			reason := "only supervisors reassign cards"
			if t.Owner != "" && t.Owner != a.Name {
				reason = "it belongs to " + t.Owner + "; only supervisors reassign cards"
			}
			return nil, &ForbiddenError{Actor: a.Name, Action: "assign " + t.Key(), Reason: reason}
		}
		c := change{domain.EvAssigned, "owner", t.Owner, owner}
		t.Owner = owner
		return []change{c}, nil
	})
}

// Patch lists the fields an edit changes; nil leaves a field alone.
type Patch struct {
	Title, Body                  *string
	Channel                      *domain.Channel
	Category                     *domain.Category
	Priority                     *domain.Priority
	Team                         *string
	Product, ProductVer, OrderNo *string
	// Sentiment is an agent's reading of the customer's tone (negative,
	// neutral or positive); setting it clears triage's score.
	Sentiment *string
}

// Update edits ticket fields, one event per changed field.
func (s *Store) Update(ctx context.Context, actor string, id, version int64, p Patch) (domain.Ticket, error) {
	if p.Team != nil {
		if err := s.checkTeamRead(ctx, *p.Team); err != nil {
			return domain.Ticket{}, err
		}
	}
	return s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if err := mayWork(a, t, "edit"); err != nil {
			return nil, err
		}
		var changes []change
		set := func(field string, dst *string, v *string, maxRunes int) error {
			if v == nil {
				return nil
			}
			nv := cleanText(*v)
			if n := utf8.RuneCountInString(nv); maxRunes > 0 && n > maxRunes {
				return invalid("%s: %d characters, at most %d", field, n, maxRunes)
			}
			if nv != *dst {
				changes = append(changes, change{domain.EvEdited, field, *dst, nv})
				*dst = nv
			}
			return nil
		}
		if p.Title != nil && cleanText(*p.Title) == "" {
			return nil, invalid("title: must not be empty")
		}
		if p.Body != nil && len(*p.Body) > s.limit.BodyBytes {
			return nil, invalid("body: %d bytes, at most %d", len(*p.Body), s.limit.BodyBytes)
		}
		for _, f := range []struct {
			name string
			dst  *string
			v    *string
			max  int
		}{
			{"title", &t.Title, p.Title, s.limit.TitleRunes},
			{"body", &t.Body, p.Body, 0},
			{"team", &t.Team, p.Team, 0},
			{"product", &t.Product, p.Product, s.limit.FieldRunes},
			{"version", &t.ProductVer, p.ProductVer, s.limit.FieldRunes},
			{"order_no", &t.OrderNo, p.OrderNo, s.limit.FieldRunes},
		} {
			if err := set(f.name, f.dst, f.v, f.max); err != nil {
				return nil, err
			}
		}
		if p.Channel != nil && *p.Channel != t.Channel {
			if !p.Channel.Valid() {
				return nil, invalid("channel: %q is not a channel id (want one of %s)", *p.Channel, domain.JoinIDs(domain.Channels))
			}
			changes = append(changes, change{domain.EvEdited, "channel", string(t.Channel), string(*p.Channel)})
			t.Channel = *p.Channel
		}
		if p.Category != nil && *p.Category != t.Category {
			if !p.Category.Valid() {
				return nil, invalid("category: %q is not a category id (want one of %s)", *p.Category, domain.JoinIDs(domain.Categories))
			}
			changes = append(changes, change{domain.EvEdited, "category", string(t.Category), string(*p.Category)})
			if c, ok, err := correction(ctx, tx, t.ID, "category", string(t.Category), string(*p.Category)); err != nil {
				return nil, err
			} else if ok {
				changes = append(changes, c)
			}
			t.Category = *p.Category
		}
		if p.Sentiment != nil && *p.Sentiment != t.Sentiment {
			if id, ok := domain.ActiveVocabulary().Lookup(domain.KindSentiment, *p.Sentiment); !ok || id != *p.Sentiment {
				return nil, invalid("sentiment: %q is not negative, neutral or positive", *p.Sentiment)
			}
			changes = append(changes, change{domain.EvEdited, "sentiment", t.Sentiment, *p.Sentiment})
			if c, ok, err := correction(ctx, tx, t.ID, "sentiment", t.Sentiment, *p.Sentiment); err != nil {
				return nil, err
			} else if ok {
				changes = append(changes, c)
			}
			t.Sentiment, t.SentimentScore = *p.Sentiment, 0
		}
		if p.Priority != nil && *p.Priority != t.Priority {
			if !p.Priority.Valid() {
				return nil, invalid("priority: %v is not high, medium or low", *p.Priority)
			}
			changes = append(changes, change{domain.EvEdited, "priority", t.Priority.String(), p.Priority.String()})
			t.Priority = *p.Priority
		}
		return changes, nil
	})
}

func (s *Store) checkTeamRead(ctx context.Context, team string) error {
	var n int
	if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM teams WHERE name = ?", team).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return invalid("unknown team %q", team)
	}
	return nil
}

// AddNote appends an internal note. Any agent may note on any card; the
// note bumps the ticket's version so someone replying over a fresh note
// is told.
func (s *Store) AddNote(ctx context.Context, actor string, id, version int64, body string) (domain.Ticket, error) {
	// Agents paste what callers tell them: numbers are masked as on intake.
	body = domain.MaskNumbers(cleanText(body))
	if body == "" {
		return domain.Ticket{}, invalid("note: must not be empty")
	}
	if len(body) > s.limit.NoteBytes {
		return domain.Ticket{}, invalid("note: %d bytes, at most %d", len(body), s.limit.NoteBytes)
	}
	return s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		noteID, err := tx.insertID(ctx, "id", "INSERT INTO notes (ticket_id, author, body, created_at) VALUES (?, ?, ?, ?)",
			t.ID, a.Name, body, ms(s.now()))
		if err != nil {
			return nil, err
		}
		if err := s.notifyMentions(ctx, tx, noteID, t.ID, a.Name, body); err != nil {
			return nil, err
		}
		t.Notes++
		return []change{{domain.EvNote, "note", "", strconv.Itoa(t.Notes)}}, nil
	})
}
