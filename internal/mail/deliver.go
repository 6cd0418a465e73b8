package mail

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/store"
)

// Outcomes of Deliver besides intake's (store.IngestOutcome strings:
// created, duplicate, repeat, rejected).
const (
	OutcomeAppended = "appended" // the customer's answer joined its ticket
	OutcomeReopened = "reopened" // … and reopened it
	OutcomeIgnored  = "ignored"  // automatic mail or a loop: nothing stored
)

// Result is what became of one message.
type Result struct {
	Outcome string
	Ticket  int64  // the ticket it opened, joined or repeats; 0 if none
	Reason  string // ignored or rejected: why
}

// ownIDPrefix starts the local part of every Message-ID the desk writes
// (store.PrepareMail), so its own mail coming back is recognised as a loop.
const ownIDPrefix = "loopdesk."

// keyRE finds a ticket key in a subject: "Re: [FB-1042] …".
var keyRE = regexp.MustCompile(`(?i)\bFB-(\d{4,18})\b`)

// Deliver handles one message as received from envelopeFrom (the MAIL
// FROM address; "" for a bounce). A malformed message is ErrMalformed and
// a field the store refuses is store.ErrInvalid (both permanent); any
// other error is the database's, and the sender should try again.
func (s *Server) Deliver(ctx context.Context, envelopeFrom string, raw []byte) (Result, error) {
	m, err := Parse(raw, s.cfg.Parse)
	if err != nil {
		return Result{}, err
	}
	if why, err := s.ignore(ctx, m, envelopeFrom); err != nil || why != "" {
		if err != nil {
			return Result{}, err
		}
		return Result{Outcome: OutcomeIgnored, Reason: why}, nil
	}
	msg := store.MailMessage{
		Inbound: true, MessageID: m.MessageID, SenderAddr: m.From.Addr,
		Subject: m.Subject, Body: m.Fresh, Quoted: m.Quoted, Attachments: m.Attachments, At: m.Date,
	}
	if msg.MessageID == "" || len(msg.MessageID) > store.MaxMessageIDBytes {
		// No usable id: name the message by its content, so a retried
		// delivery of the same bytes is still recognised.
		sum := sha256.Sum256(raw)
		msg.MessageID = "sha256." + hex.EncodeToString(sum[:16]) + "@" + s.cfg.Domain
	}
	if !m.Date.IsZero() && (m.Date.After(s.cfg.Store.Now()) || m.Date.Before(s.cfg.Store.Now().AddDate(0, 0, -30))) {
		msg.At = s.cfg.Store.Now() // a sender's clock is not to be trusted far
	}
	actor := store.ChannelActor(s.cfg.Channel)
	ticket, err := s.thread(ctx, m)
	if err != nil {
		return Result{}, err
	}
	if ticket != 0 {
		msg.TicketID = ticket
		res, err := s.cfg.Store.AppendCustomerMail(ctx, actor, msg)
		if err != nil {
			return Result{}, err
		}
		switch {
		case res.Repeat:
			return Result{Outcome: string(store.IngestRepeat), Ticket: ticket}, nil
		case res.Reopened:
			return Result{Outcome: OutcomeReopened, Ticket: ticket}, nil
		}
		return Result{Outcome: OutcomeAppended, Ticket: ticket}, nil
	}
	res, err := s.cfg.Intake.Submit(ctx, actor, []intake.Item{{NewTicket: store.NewTicket{
		ExternalID:   "mail:" + hashID(msg.MessageID),
		Title:        m.Subject,
		Body:         ticketBody(m),
		Channel:      domain.Email,
		CustomerName: senderName(m.From),
		// Hashed by the store, never kept: it finds the customer's other
		// tickets and duplicates, as a phone number does.
		CustomerEmail: normAddr(m.From.Addr),
		ReceivedAt:    msg.At,
	}}})
	if err != nil {
		return Result{}, err
	}
	r := res[0]
	out := Result{Outcome: string(r.Outcome), Ticket: r.Ticket, Reason: r.Reason}
	if r.Outcome == store.IngestRefused {
		return out, r.Err
	}
	if r.Ticket != 0 {
		msg.TicketID = r.Ticket
		if err := s.cfg.Store.RecordMail(ctx, actor, msg); err != nil {
			return out, err
		}
	}
	return out, nil
}

// ignore says why a message must not reach the desk, or "".
func (s *Server) ignore(ctx context.Context, m *Message, envelopeFrom string) (string, error) {
	switch {
	case m.Automatic != "":
		return m.Automatic, nil
	case bounceSender(envelopeFrom):
		return "bounce: null or mailer-daemon return path", nil
	case bounceSender(m.From.Addr):
		return "bounce: from " + normAddr(m.From.Addr), nil
	}
	own, err := s.own(ctx, m.MessageID)
	if own {
		return "loop: our own message", err
	}
	return "", err
}

// own says whether a Message-ID is one the desk wrote: a reply the
// outbox sent (recorded on its thread), or any id in the desk's form for
// this server's domain.
func (s *Server) own(ctx context.Context, id string) (bool, error) {
	lower := strings.ToLower(id)
	if !strings.HasPrefix(lower, ownIDPrefix) {
		return false, nil
	}
	if strings.HasSuffix(lower, "@"+strings.ToLower(s.cfg.Domain)) {
		return true, nil
	}
	return s.cfg.Store.MailOwn(ctx, id)
}

// normAddr is the form two spellings of one address share: trimmed and
// lower-cased (mail providers treat local parts case-insensitively).
func normAddr(addr string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(addr), "<>"))
}

// senderName is the name a ticket shows for the sender (the store masks
// it): the display name, else the address's local part.
func senderName(a Address) string {
	if a.Name != "" {
		return a.Name
	}
	local, _, _ := strings.Cut(normAddr(a.Addr), "@")
	return local
}

// thread finds the ticket a message answers: one whose thread holds a
// message it replies to (In-Reply-To, then References newest first), or
// the ticket its subject names when the sender is already on that
// ticket's thread (a key alone is easy to guess). 0 means a new topic.
func (s *Server) thread(ctx context.Context, m *Message) (int64, error) {
	ids := append(slices.Clone(m.InReplyTo), m.References...)
	slices.Reverse(ids[len(m.InReplyTo):])
	if t, err := s.cfg.Store.MailThreadOf(ctx, ids); err != nil || t != 0 {
		return t, err
	}
	for _, k := range keyRE.FindAllStringSubmatch(m.Subject, 3) {
		id, err := domain.ParseKey("FB-" + k[1])
		if err != nil {
			continue
		}
		if ok, err := s.cfg.Store.MailSenderKnown(ctx, id, m.From.Addr); err != nil || ok {
			return id, err
		}
	}
	return 0, nil
}

// ticketBody is the new text of a message with its attachments listed
// below it; the quoted history stays in the thread, not on the card.
func ticketBody(m *Message) string {
	var b strings.Builder
	b.WriteString(m.Fresh)
	for i, a := range m.Attachments {
		if i == 20 {
			fmt.Fprintf(&b, "\n[attachments] … and %d more", len(m.Attachments)-i)
			break
		}
		size := fmt.Sprintf("%d bytes", a.Size)
		if a.Truncated {
			size = "over " + size
		}
		fmt.Fprintf(&b, "\n[attachment] %s (%s, %s)", firstOf(a.Name, "unnamed"), a.Type, size)
	}
	return strings.TrimSpace(b.String())
}

// hashID shortens a Message-ID into a bounded external id.
func hashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:16])
}
