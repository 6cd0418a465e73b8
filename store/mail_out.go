package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/mail"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// EvMailRelayChanged (desk-wide): the relay replies by e-mail leave
// through was set or removed; Before and After are its URL and sender.
const EvMailRelayChanged = "mail_relay_changed"

// ErrNoMailAddress says a reply on the email channel cannot be mailed:
// the desk has no address for the customer, because the ticket did not
// come in by mail (or came in before addresses were kept).
var ErrNoMailAddress = errors.New("no e-mail address for this customer: only a ticket that came in by mail can be answered by mail")

// MailRelay is the company's mail relay that replies on the email channel
// leave through. It holds no password: the sending process reads it from
// PasswordFile, or from its environment.
type MailRelay struct {
	URL          string // smtp://USER@HOST:PORT (STARTTLS when offered) or smtps://… (TLS)
	From         string // Support <support@example.com>
	PasswordFile string // absolute path of a 0600 file; "" for the environment
	UpdatedBy    string
	UpdatedAt    time.Time
}

// CheckRelay validates a relay's URL and sender as SetMailRelay does.
func CheckRelay(r MailRelay) error {
	u, err := url.Parse(strings.TrimSpace(r.URL))
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Opaque != "" {
		return invalid("mail relay %q: want smtp://USER@HOST:PORT or smtps://USER@HOST:PORT", r.URL)
	}
	if _, ok := u.User.Password(); ok {
		return invalid("mail relay: no password in the URL; give it in $LOOPDESK_SMTP_PASSWORD or a 0600 file (--smtp-password-file)")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return invalid("mail relay: port %q is not a port number", p)
		}
	}
	a, err := mail.ParseAddress(r.From)
	if err != nil || !strings.Contains(a.Address, "@") {
		return invalid("mail relay: sender %q is not an address like \"Support <support@example.com>\"", r.From)
	}
	if r.PasswordFile != "" && !filepath.IsAbs(r.PasswordFile) {
		return invalid("mail relay: password file %q must be an absolute path", r.PasswordFile)
	}
	return nil
}

// SetMailRelay sets the relay replies on the email channel are mailed
// through; an empty URL removes it (replies then go to the channel's
// webhook, if any). Only admins may.
func (s *Store) SetMailRelay(ctx context.Context, actor string, r MailRelay) error {
	r.URL, r.From = strings.TrimSpace(r.URL), strings.TrimSpace(r.From)
	if r.URL != "" {
		if err := CheckRelay(r); err != nil {
			return err
		}
	}
	return s.write(ctx, func(tx *wtx) error {
		if err := requireRole(ctx, tx, actor, "set the mail relay", domain.RoleAdmin); err != nil {
			return err
		}
		var before string
		old, ok, err := s.mailRelay(ctx, tx)
		if err != nil {
			return err
		}
		if !ok && r.URL == "" {
			return nil // nothing to remove
		}
		if ok {
			before = old.URL + " from " + old.From
		}
		after := ""
		if r.URL == "" {
			_, err = tx.ExecContext(ctx, "DELETE FROM mail_relay")
		} else {
			after = r.URL + " from " + r.From
			_, err = tx.ExecContext(ctx, `INSERT INTO mail_relay (id, url, from_addr, password_file, updated_by, updated_at)
				VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET url = excluded.url, from_addr = excluded.from_addr,
				password_file = excluded.password_file, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
				r.URL, r.From, r.PasswordFile, actor, ms(s.now()))
		}
		if err != nil {
			return err
		}
		return s.event(ctx, tx, 0, actor, EvMailRelayChanged, string(domain.Email), before, after)
	})
}

// MailRelayConfig is the relay set with SetMailRelay; false when none is.
func (s *Store) MailRelayConfig(ctx context.Context) (MailRelay, bool, error) {
	return s.mailRelay(ctx, s.r)
}

func (s *Store) mailRelay(ctx context.Context, q rowQuerier) (MailRelay, bool, error) {
	var r MailRelay
	var at int64
	err := q.QueryRowContext(ctx, "SELECT url, from_addr, password_file, updated_by, updated_at FROM mail_relay WHERE id = 1").
		Scan(&r.URL, &r.From, &r.PasswordFile, &r.UpdatedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	} else if err != nil {
		return r, false, err
	}
	r.UpdatedAt = time.UnixMilli(at)
	return r, true, nil
}

// MailOut is what mailing one reply takes.
type MailOut struct {
	Relay      MailRelay
	To         string   // the customer's address, unsealed for this send only
	MessageID  string   // the reply's own, the same on every attempt
	InReplyTo  string   // the customer's latest message
	References []string // the thread, oldest first
	Subject    string   // Re: [FB-1042] …
}

// maxReferences bounds the References a reply carries: the thread's
// first message and its latest ones are what clients thread by.
const maxReferences = 20

// msgIDRE is a Message-ID safe to write back into a header.
var msgIDRE = regexp.MustCompile(`^[!-;=?-~]{1,250}@[!-;=?-~]{1,250}$`)

// subjectPrefixRE strips what clients put before a subject ("Re:",
// "Fwd:", "回复：") and a ticket key already there.
var subjectPrefixRE = regexp.MustCompile(`^(?i)\s*((re|fw|fwd|aw|sv|回复|答复|转发)\s*[:：]\s*|\[FB-\d+\]\s*)+`)

// PrepareMail is what the delivery worker needs to mail the claimed reply
// j through the relay: nil when no relay is set (the channel's webhook, if
// any, is used). The first call threads the reply's message onto the
// ticket under a fresh Message-ID, so every attempt sends the same id and
// the customer's answer finds the ticket. It answers the customer's
// latest message, at the address sealed with it; ErrNoMailAddress when
// there is none.
func (s *Store) PrepareMail(ctx context.Context, j DeliveryJob) (*MailOut, error) {
	relay, ok, err := s.MailRelayConfig(ctx)
	if err != nil || !ok {
		return nil, err
	}
	out := &MailOut{Relay: relay}
	err = s.write(ctx, func(tx *wtx) error {
		rows, err := tx.QueryContext(ctx, `SELECT direction, message_id, sender_hash, reply_to, subject, coalesce(reply_id, 0)
			FROM mail_messages WHERE ticket_id = ? ORDER BY id`, j.TicketID)
		if err != nil {
			return err
		}
		type mailRow struct {
			dir, id, hash, subject string
			replyTo                []byte
			replyID                int64
		}
		thread, err := scanAll(rows, func(rows *sql.Rows) (mailRow, error) {
			var m mailRow
			return m, rows.Scan(&m.dir, &m.id, &m.hash, &m.replyTo, &m.subject, &m.replyID)
		})
		if err != nil {
			return err
		}
		var ids []string
		var sealed []byte
		var bind, firstSubject string
		for _, m := range thread {
			switch {
			case m.replyID == j.ReplyID:
				out.MessageID = m.id
				continue
			case m.dir == "in" && firstSubject == "":
				firstSubject = m.subject
			}
			if m.dir == "in" && m.replyTo != nil {
				sealed, bind, out.InReplyTo = m.replyTo, m.hash, m.id
			}
			if msgIDRE.MatchString(m.id) {
				ids = append(ids, m.id)
			}
		}
		if sealed == nil {
			return ErrNoMailAddress
		}
		h, err := hex.DecodeString(bind)
		if err != nil {
			return err
		}
		to, err := s.keys.Open(sealReplyTo, sealed, h)
		if err != nil {
			return err
		}
		out.To = string(to)
		if !msgIDRE.MatchString(out.InReplyTo) {
			out.InReplyTo = ""
		}
		if len(ids) > maxReferences {
			ids = append(ids[:1], ids[len(ids)-maxReferences+1:]...)
		}
		out.References = ids
		subject := strings.TrimSpace(subjectPrefixRE.ReplaceAllString(firstSubject, ""))
		if subject == "" {
			t, err := loadTicket(ctx, tx, j.TicketID)
			if err != nil {
				return err
			}
			subject = t.Title
		}
		out.Subject = cutRunes("Re: ["+j.TicketKey()+"] "+subject, s.limit.TitleRunes)
		if out.MessageID != "" {
			return nil
		}
		from, _ := mail.ParseAddress(relay.From) // checked when set
		_, host, _ := strings.Cut(from.Address, "@")
		out.MessageID = "loopdesk." + strconv.FormatInt(j.ReplyID, 10) + "." + strings.ToLower(rand.Text()[:16]) + "@" + host
		m := MailMessage{TicketID: j.TicketID, MessageID: out.MessageID, ReplyID: j.ReplyID, SenderMasked: from.Address,
			Subject: out.Subject, Body: j.Text}
		if err := s.checkMail(&m); err != nil {
			return err
		}
		if _, err := s.insertMail(ctx, tx, m); err != nil {
			return err
		}
		return s.event(ctx, tx, j.TicketID, domain.SystemActor, EvMailThreaded, "mail", "", "to "+maskEmail(out.To))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
