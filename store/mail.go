package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Event kinds of the e-mail channel.
const (
	// EvMailThreaded: a message joined the ticket's mail thread (the one
	// that opened it, or a duplicate); After is the masked sender.
	EvMailThreaded = "mail_threaded"
	// EvCustomerMail: the customer answered by e-mail; the message is
	// on the card as a note by CustomerActor. After is an excerpt.
	EvCustomerMail = "customer_mail"
)

// FollowUpCustomerMail puts a finished ticket the customer wrote back
// about on the supervisors' queue, like a reopen by hand.
const FollowUpCustomerMail = "customer_mail"

// MaxMessageIDBytes bounds a Message-ID the store keeps; RFC 5322 lines
// are at most 998 bytes, and a longer id is not a real client's.
const MaxMessageIDBytes = 998

// Attachment is what is kept of an attached file: its metadata only.
type Attachment struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Size      int64  `json:"size"`                // decoded bytes, up to the cap
	Truncated bool   `json:"truncated,omitempty"` // larger than the cap; Size is the cap
}

// MaxAddressBytes bounds an e-mail address the store seals (RFC 5321
// paths are at most 256 bytes).
const MaxAddressBytes = 256

// sealReplyTo is the purpose the address to answer is sealed for.
const sealReplyTo = "mail reply-to"

// MailMessage is one message of a ticket's mail thread.
type MailMessage struct {
	ID        int64
	TicketID  int64
	Inbound   bool
	MessageID string // without angle brackets
	// SenderAddr is an inbound message's From address as written. The
	// store never keeps it in clear: it becomes SenderHash (the same
	// keyed hash as a ticket's customer e-mail), SenderMasked, and the
	// sealed address replies are mailed to.
	SenderAddr   string
	SenderHash   string // hex keyed hash of the normalised address
	SenderMasked string // e.g. "j***@example.com"
	ReplyID      int64  // outbound: the reply it carries
	Subject      string
	Body         string // the new text
	Quoted       string // the quoted history below it
	Attachments  []Attachment
	At           time.Time

	replyTo []byte // the sealed address, set by checkMail
}

// checkMail cleans and bounds a message before it is written.
func (s *Store) checkMail(m *MailMessage) error {
	m.MessageID = strings.TrimSpace(m.MessageID)
	if m.MessageID == "" || len(m.MessageID) > MaxMessageIDBytes {
		return invalid("message id: must be 1–%d bytes", MaxMessageIDBytes)
	}
	m.Subject, m.Body, m.Quoted = cleanText(m.Subject), cleanText(m.Body), cleanText(m.Quoted)
	m.Subject = cutRunes(m.Subject, s.limit.TitleRunes)
	if len(m.Body)+len(m.Quoted) > s.limit.BodyBytes {
		return invalid("mail body: %d bytes, at most %d", len(m.Body)+len(m.Quoted), s.limit.BodyBytes)
	}
	if m.SenderAddr != "" {
		addr := normAddr(m.SenderAddr)
		m.SenderAddr = ""
		if h := s.keys.Email(addr); h != nil && len(addr) <= MaxAddressBytes {
			m.SenderHash, m.SenderMasked = hex.EncodeToString(h), maskEmail(addr)
			m.replyTo = s.keys.Seal(sealReplyTo, []byte(addr), h)
		}
	}
	return nil
}

// normAddr is the form two spellings of an address share.
func normAddr(addr string) string {
	return domain.NormalizeEmail(strings.Trim(strings.TrimSpace(addr), "<>"))
}

// maskEmail is how the card shows an address: "w***@example.cn".
func maskEmail(addr string) string {
	local, host, _ := strings.Cut(addr, "@")
	r := []rune(local)
	if len(r) == 0 {
		return "***@" + host
	}
	return string(r[0]) + "***@" + host
}

// senderHash is the hex keyed hash a thread keeps of an address; "" when
// it is not one.
func (s *Store) senderHash(addr string) string {
	h := s.keys.Email(normAddr(addr))
	if h == nil {
		return ""
	}
	return hex.EncodeToString(h)
}

// insertMail writes m's row; a message id already there writes nothing
// and reports false.
func (s *Store) insertMail(ctx context.Context, tx *wtx, m MailMessage) (bool, error) {
	att, err := json.Marshal(m.Attachments)
	if err != nil {
		return false, err
	}
	if m.Attachments == nil {
		att = []byte("[]")
	}
	dir := "out"
	if m.Inbound {
		dir = "in"
	}
	at := m.At
	if at.IsZero() {
		at = s.now()
	}
	var replyID any
	if m.ReplyID != 0 {
		replyID = m.ReplyID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO mail_messages (ticket_id, direction, message_id, sender_hash,
		sender_masked, subject, body, quoted, attachments, at, reply_to, reply_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`,
		m.TicketID, dir, m.MessageID, m.SenderHash, m.SenderMasked, m.Subject, m.Body, m.Quoted, string(att), ms(at),
		nullBytes(m.replyTo), replyID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecordMail threads a message onto the ticket intake made (or linked it
// to) from it, so answers to it find the ticket. Recording the same
// message id again changes nothing, so a retried delivery is harmless.
func (s *Store) RecordMail(ctx context.Context, actor string, m MailMessage) error {
	if err := s.checkMail(&m); err != nil {
		return err
	}
	return s.write(ctx, func(tx *wtx) error {
		if err := intakeActor(ctx, tx, actor); err != nil {
			return err
		}
		if _, err := loadTicket(ctx, tx, m.TicketID); err != nil {
			return err
		}
		added, err := s.insertMail(ctx, tx, m)
		if err != nil || !added {
			return err
		}
		return s.event(ctx, tx, m.TicketID, actor, EvMailThreaded, "mail", "", m.SenderMasked)
	})
}

// MailAppend is what AppendCustomerMail did.
type MailAppend struct {
	Ticket   domain.Ticket
	Repeat   bool // the message id was already on the thread: nothing changed
	Reopened bool
}

// AppendCustomerMail adds the customer's e-mail answer to its ticket in
// one transaction through the same apply path as every ticket change:
// the message joins the thread, its new text becomes a note by
// CustomerActor (so the card shows it), and a resolved or closed ticket
// is reopened and queued for the supervisors' follow-up. actor is the
// intake channel the mail came in on.
func (s *Store) AppendCustomerMail(ctx context.Context, actor string, m MailMessage) (MailAppend, error) {
	m.Inbound = true
	if err := s.checkMail(&m); err != nil {
		return MailAppend{}, err
	}
	note := m.Body
	if note == "" {
		note = "(" + strconv.Itoa(len(m.Attachments)) + " attachments, no text)"
	}
	note = cutBytes(note, s.limit.NoteBytes)
	var out MailAppend
	err := s.write(ctx, func(tx *wtx) error {
		if err := intakeActor(ctx, tx, actor); err != nil {
			return err
		}
		added, err := s.insertMail(ctx, tx, m)
		if err != nil {
			return err
		}
		if !added {
			out.Repeat = true
			out.Ticket, err = loadTicket(ctx, tx, m.TicketID)
			return err
		}
		out.Ticket, err = s.actAs(ctx, tx, actor, m.TicketID, func(t *domain.Ticket) ([]change, error) {
			if _, err := tx.ExecContext(ctx, "INSERT INTO notes (ticket_id, author, body, created_at) VALUES (?, ?, ?, ?)",
				t.ID, CustomerActor, note, ms(s.now())); err != nil {
				return nil, err
			}
			t.Notes++
			changes := []change{{EvCustomerMail, "mail", m.SenderMasked, eventExcerpt(note)}}
			if c, ok, err := answered(ctx, tx, t.ID, "e-mail reply"); err != nil {
				return nil, err
			} else if ok {
				changes = append(changes, c)
			}
			if domain.IsReopen(t.Status, domain.InProgress) {
				out.Reopened = true
				changes = append(changes, setStatus(t, domain.InProgress, s.now()),
					change{EvReopenReason, "reason", "", "customer wrote back by e-mail"})
				c, err := s.addFollowUp(ctx, tx, t.ID, FollowUpCustomerMail, eventExcerpt(note), 0)
				if err != nil {
					return nil, err
				}
				changes = append(changes, c)
			}
			return changes, nil
		})
		return err
	})
	return out, err
}

// cutBytes shortens s to at most n bytes; a character cut in half is
// invalid UTF-8 and dropped.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// MailThreadOf finds the ticket whose thread holds one of ids (the
// In-Reply-To and References of an answer, newest first): 0 when none.
func (s *Store) MailThreadOf(ctx context.Context, ids []string) (int64, error) {
	for _, id := range ids {
		if id == "" || len(id) > MaxMessageIDBytes {
			continue
		}
		var ticket int64
		err := s.queryRow(ctx, "SELECT ticket_id FROM mail_messages WHERE message_id = ?", id).Scan(&ticket)
		if err == nil {
			return ticket, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
	}
	return 0, nil
}

// MailSenderKnown says whether a message from addr is already on the
// ticket's thread: an answer that names the ticket only by its key in the
// subject is trusted only from someone on the thread.
func (s *Store) MailSenderKnown(ctx context.Context, ticket int64, addr string) (bool, error) {
	senderHash := s.senderHash(addr)
	if senderHash == "" {
		return false, nil
	}
	var n int
	err := s.queryRow(ctx, `SELECT count(*) FROM mail_messages WHERE ticket_id = ? AND direction = 'in'
		AND sender_hash = ?`, ticket, senderHash).Scan(&n)
	return n > 0, err
}

// MailOwn says whether id is the Message-ID of a message the desk sent:
// one coming back in is a loop.
func (s *Store) MailOwn(ctx context.Context, id string) (bool, error) {
	var n int
	err := s.queryRow(ctx, "SELECT count(*) FROM mail_messages WHERE message_id = ? AND direction = 'out'", id).Scan(&n)
	return n > 0, err
}

// MailThread lists a ticket's mail thread, oldest first.
func (s *Store) MailThread(ctx context.Context, ticket int64) ([]MailMessage, error) {
	rows, err := s.query(ctx, `SELECT id, ticket_id, direction, message_id, sender_hash, sender_masked, subject,
		body, quoted, attachments, at, coalesce(reply_id, 0) FROM mail_messages WHERE ticket_id = ? ORDER BY id`, ticket)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MailMessage
	for rows.Next() {
		var m MailMessage
		var dir, att string
		var at int64
		if err := rows.Scan(&m.ID, &m.TicketID, &dir, &m.MessageID, &m.SenderHash, &m.SenderMasked, &m.Subject,
			&m.Body, &m.Quoted, &att, &at, &m.ReplyID); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(att), &m.Attachments); err != nil {
			return nil, err
		}
		m.Inbound, m.At = dir == "in", time.UnixMilli(at)
		out = append(out, m)
	}
	return out, rows.Err()
}
