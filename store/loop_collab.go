package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// mentionRE finds @name where name follows the agent-name rules. The
// character before "@" must not belong to a word, an address or a path,
// so "ops@example.com" mentions nobody; Chinese text may run right up to
// it ("请@bob看看").
var mentionRE = regexp.MustCompile(`(?i)(?:^|[^a-z0-9_.@/-])@([a-z_][a-z0-9_.-]{0,31})`)

// parseMentions lists the agent names a note mentions, once each, in order.
func parseMentions(body string) []string {
	var names []string
	for _, m := range mentionRE.FindAllStringSubmatch(body, -1) {
		// "@bob." ends a sentence; names never end in '.' or '-' there.
		name := strings.TrimRight(strings.ToLower(m[1]), ".-")
		if name != "" && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// notifyMentions records, inside AddNote's transaction, one unread mention
// for every active agent the note (just inserted: noteID) names, its author
// aside. Names that are not agents are plain text.
func (s *Store) notifyMentions(ctx context.Context, tx *wtx, noteID, ticketID int64, author, body string) error {
	names := parseMentions(body)
	if len(names) == 0 {
		return nil
	}
	for _, name := range names {
		if name == author {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO mentions (agent, ticket_id, note_id, author, at)
			SELECT name, ?, ?, ?, ? FROM agents WHERE name = ? AND active = 1`, ticketID, noteID, author, ms(s.now()), name); err != nil {
			return err
		}
	}
	return nil
}

// Mention is an @mention of an agent in a note.
type Mention struct {
	ID       int64
	TicketID int64
	Title    string // the ticket's
	NoteID   int64
	Note     string // the note's text
	Author   string
	At       time.Time
	ReadAt   time.Time // zero while unread
}

// Key is the ticket's key.
func (m Mention) Key() string { return domain.Key(m.TicketID) }

// Mentions lists the mentions of agent, newest first, at most limit;
// unreadOnly leaves out those already read.
func (s *Store) Mentions(ctx context.Context, agent string, unreadOnly bool, limit int) ([]Mention, error) {
	where := "m.agent = ?"
	if unreadOnly {
		where += " AND m.read_at IS NULL"
	}
	rows, err := s.query(ctx, `SELECT m.id, m.ticket_id, t.title, m.note_id, n.body, m.author, m.at, m.read_at
		FROM mentions m JOIN tickets t ON t.id = m.ticket_id JOIN notes n ON n.id = m.note_id
		WHERE `+where+` ORDER BY m.id DESC LIMIT ?`, agent, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Mention
	for rows.Next() {
		var m Mention
		var at int64
		var read sql.NullInt64
		if err := rows.Scan(&m.ID, &m.TicketID, &m.Title, &m.NoteID, &m.Note, &m.Author, &at, &read); err != nil {
			return nil, err
		}
		m.At, m.ReadAt = time.UnixMilli(at), fromMS(read)
		out = append(out, m)
	}
	return out, rows.Err()
}

// UnreadMentions counts agent's unread mentions: the board's badge.
func (s *Store) UnreadMentions(ctx context.Context, agent string) (int, error) {
	var n int
	err := s.queryRow(ctx, "SELECT count(*) FROM mentions WHERE agent = ? AND read_at IS NULL", agent).Scan(&n)
	return n, err
}

// MarkMentionsRead marks agent's unread mentions on a ticket read (all of
// them when ticketID is 0) and returns how many.
func (s *Store) MarkMentionsRead(ctx context.Context, agent string, ticketID int64) (int, error) {
	var n int64
	err := s.write(ctx, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, "UPDATE mentions SET read_at = ? WHERE agent = ? AND read_at IS NULL AND (? = 0 OR ticket_id = ?)",
			ms(s.now()), agent, ticketID, ticketID)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// Merge folds a duplicate ticket into its survivor, both version-checked
// in one transaction: the duplicate is closed with duplicate_of set, any
// solution waiting for its approval is withdrawn, and both get a merged
// event (the survivor's version goes up too, so whoever has it open sees
// the merge). Tickets earlier merged into the duplicate now count as
// merged into the survivor. Events are append-only, so the duplicate's
// history "joins" the survivor's through MergedTimeline and MergedNotes.
// The actor must be allowed to work both cards.
func (s *Store) Merge(ctx context.Context, actor string, survivorID, survivorVersion, dupID, dupVersion int64) (survivor, dup domain.Ticket, err error) {
	if survivorID == dupID {
		return survivor, dup, invalid("a ticket cannot be merged into itself")
	}
	dup, err = s.mutate(ctx, actor, dupID, dupVersion, func(tx *wtx, a domain.Agent, d *domain.Ticket) ([]change, error) {
		if d.DuplicateOf != 0 {
			return nil, invalid("%s is already merged into %s", d.Key(), domain.Key(d.DuplicateOf))
		}
		if err := mayWork(a, d, "merge"); err != nil {
			return nil, err
		}
		sv, err := scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketCols+" FROM tickets WHERE id = ?", survivorID))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, notFound("ticket " + domain.Key(survivorID))
		} else if err != nil {
			return nil, err
		}
		if sv.Version != survivorVersion {
			return nil, conflict(ctx, tx, sv, survivorVersion)
		}
		if sv.DuplicateOf != 0 {
			return nil, invalid("%s is itself merged into %s: merge into that one", sv.Key(), domain.Key(sv.DuplicateOf))
		}
		if err := mayWork(a, &sv, "merge into"); err != nil {
			return nil, err
		}
		now := ms(s.now())
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"UPDATE tickets SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?", []any{now, sv.ID, sv.Version}},
			{"INSERT INTO merges (duplicate_id, survivor_id, merged_by, merged_at) VALUES (?, ?, ?, ?)", []any{d.ID, sv.ID, a.Name, now}},
			{"UPDATE merges SET survivor_id = ? WHERE survivor_id = ?", []any{sv.ID, d.ID}},
			// saveTicket leaves duplicate_of alone: it is set once, here.
			{"UPDATE tickets SET duplicate_of = ? WHERE id = ?", []any{sv.ID, d.ID}},
			{"UPDATE approvals SET state = 'rejected', decided_by = ?, decided_at = ?, reason = ? WHERE ticket_id = ? AND state = 'pending'",
				[]any{a.Name, now, "merged into " + sv.Key(), d.ID}},
		} {
			if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
				return nil, err
			}
		}
		if err := s.event(ctx, tx, sv.ID, a.Name, EvMerged, "from", "", d.Key()); err != nil {
			return nil, err
		}
		changes := []change{{EvMerged, "into", "", sv.Key()}}
		if d.Status != domain.Closed {
			changes = append(changes, setStatus(d, domain.Closed, s.now()))
		}
		return changes, nil
	})
	if err != nil {
		return survivor, dup, err
	}
	survivor, err = s.Ticket(ctx, survivorID)
	return survivor, dup, err
}

// mergedIDs is the SQL for a ticket and those merged into it.
const mergedIDs = "ticket_id = ? OR ticket_id IN (SELECT duplicate_id FROM merges WHERE survivor_id = ?)"

// MergedTimeline is a ticket's timeline with the events of every ticket
// merged into it, in the order they happened (Event.TicketID tells them
// apart).
func (s *Store) MergedTimeline(ctx context.Context, id int64) ([]domain.Event, error) {
	return s.events(ctx, "SELECT "+eventCols+" FROM events WHERE "+mergedIDs+" ORDER BY seq", id, id)
}

// MergedNotes is a ticket's internal notes with those of every ticket
// merged into it, oldest first.
func (s *Store) MergedNotes(ctx context.Context, id int64) ([]domain.Note, error) {
	return s.notes(ctx, "SELECT id, ticket_id, author, body, created_at FROM notes WHERE "+mergedIDs+" ORDER BY id", id, id)
}

// Link records that two tickets are related (either way round); any agent
// may. Each ticket gets a linked event; linking twice is ErrDuplicate.
func (s *Store) Link(ctx context.Context, actor string, a, b int64) error {
	if a == b {
		return invalid("a ticket cannot be linked to itself")
	}
	lo, hi := min(a, b), max(a, b)
	return s.write(ctx, func(tx *wtx) error {
		if _, err := actorIn(ctx, tx, actor); err != nil {
			return err
		}
		for _, id := range []int64{lo, hi} {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM tickets WHERE id = ?", id).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return notFound("ticket " + domain.Key(id))
			}
		}
		res, err := tx.ExecContext(ctx, "INSERT INTO ticket_links (a, b, linked_by, linked_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
			lo, hi, actor, ms(s.now()))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: %s and %s are already linked", ErrDuplicate, domain.Key(lo), domain.Key(hi))
		}
		if err := s.event(ctx, tx, lo, actor, EvLinked, "link", "", domain.Key(hi)); err != nil {
			return err
		}
		return s.event(ctx, tx, hi, actor, EvLinked, "link", "", domain.Key(lo))
	})
}

// Links lists the tickets linked to id (cards, without bodies), by key.
func (s *Store) Links(ctx context.Context, id int64) ([]domain.Ticket, error) {
	rows, err := s.query(ctx, "SELECT "+cardCols+` FROM tickets WHERE id IN
		(SELECT b FROM ticket_links WHERE a = ? UNION SELECT a FROM ticket_links WHERE b = ?) ORDER BY id`, id, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
