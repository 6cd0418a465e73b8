package store

import (
	"context"
	"crypto/rand"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Draft is a reply as an agent sends it.
type Draft struct {
	// Text is the reply (placeholders allowed, see Placeholders); empty
	// sends the template's body as it is.
	Text string
	// Template names the template the text came from ("" for free text).
	Template string
	// Lang is the template's language, zh or en; "" is the customer's
	// (ReplyLang).
	Lang string
	// SurveyBase is the public address of the HTTP server that serves
	// survey links (https://support.example.com); needed only when the
	// text uses {survey_link}.
	SurveyBase string
	// SurveyTTL is how long a survey link made for this reply stays open
	// (0: DefaultSurveyTTL).
	SurveyTTL time.Duration
}

// CustomerReply is a customer-visible reply; see Deliveries for how its
// delivery went.
type CustomerReply struct {
	ID       int64
	TicketID int64
	Author   string
	Body     string
	Template string
	Lang     string
	At       time.Time
}

// Reply sends a customer-visible reply, in one transaction: the rendered
// text is recorded (apart from internal notes), queued in the outbox for
// the delivery worker, and counts as a response for the SLA (the first one
// stops the first-response clock, later ones are progress updates).
//
// version is the version the agent opened the reply form on: if anything
// changed since (a reply, a move, a reassignment, a note) the reply is not
// sent and the *ConflictError names the change.
func (s *Store) Reply(ctx context.Context, actor string, id, version int64, d Draft) (domain.Ticket, CustomerReply, error) {
	if d.Text == "" && d.Template == "" {
		return domain.Ticket{}, CustomerReply{}, invalid("reply: write a text or pick a template")
	}
	if d.Lang != "" {
		if err := checkLang(d.Lang); err != nil {
			return domain.Ticket{}, CustomerReply{}, err
		}
	}
	var r CustomerReply
	t, err := s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		if err := mayWork(a, t, "reply to"); err != nil {
			return nil, err
		}
		var changes []change
		var err error
		r, changes, err = s.queueReply(ctx, tx, a, t, d, nil)
		return changes, err
	})
	if err != nil {
		return t, CustomerReply{}, err
	}
	return t, r, nil
}

// Replies lists a ticket's customer-visible replies, oldest first.
func (s *Store) Replies(ctx context.Context, ticketID int64) ([]CustomerReply, error) {
	rows, err := s.query(ctx, "SELECT id, ticket_id, author, body, template, lang, created_at FROM replies WHERE ticket_id = ? ORDER BY id", ticketID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CustomerReply
	for rows.Next() {
		var r CustomerReply
		var at int64
		if err := rows.Scan(&r.ID, &r.TicketID, &r.Author, &r.Body, &r.Template, &r.Lang, &at); err != nil {
			return nil, err
		}
		r.At = time.UnixMilli(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// queueReply renders d for t as a inside the caller's mutation: the reply
// is recorded, queued in the outbox and counts as a response. vars
// overrides placeholder values (a problem's summary and release). It
// returns the changes the mutation makes.
func (s *Store) queueReply(ctx context.Context, tx *wtx, a domain.Agent, t *domain.Ticket, d Draft, vars map[string]string) (CustomerReply, []change, error) {
	lang := d.Lang
	if lang == "" {
		lang = ReplyLang(*t)
	}
	body := d.Text
	if body == "" {
		tpl, err := loadTemplate(ctx, tx, d.Template, lang)
		if err != nil {
			return CustomerReply{}, nil, err
		}
		body = tpl.Body
	}
	all, err := s.replyVars(ctx, tx, *t, a, lang)
	if err != nil {
		return CustomerReply{}, nil, err
	}
	for k, v := range vars {
		all[k] = v
	}
	var changes []change
	text, err := renderLookup(body, "{", func(name string) (string, bool, error) {
		if name != "survey_link" {
			v, ok := all[name]
			return v, ok, nil
		}
		if link, ok := all[name]; ok { // used twice: one link
			return link, true, nil
		}
		if d.SurveyBase == "" {
			return "", false, invalid("the reply has {survey_link}: give the public address of the survey server (--base-url or LOOPDESK_BASE_URL)")
		}
		token, expires, err := s.newSurveyToken(ctx, tx, a.Name, t.ID, d.SurveyTTL)
		if err != nil {
			return "", false, err
		}
		all[name] = SurveyLink(d.SurveyBase, token)
		changes = append(changes, change{EvSurveyLink, "survey", "", eventTime(expires)})
		return all[name], true, nil
	})
	if err != nil {
		return CustomerReply{}, nil, err
	}
	if text, err = s.requireText("reply", text); err != nil {
		return CustomerReply{}, nil, err
	}
	now := s.now()
	replyID, err := tx.insertID(ctx, "id", "INSERT INTO replies (ticket_id, author, body, template, lang, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		t.ID, a.Name, text, d.Template, lang, ms(now))
	if err != nil {
		return CustomerReply{}, nil, err
	}
	// The idempotency key travels with every attempt, so a receiver
	// can drop the copy a retry after a lost response sends again.
	if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (reply_id, ticket_id, channel, state, next_at, idempotency_key)
		VALUES (?, ?, ?, 'queued', ?, ?)`, replyID, t.ID, string(t.Channel), ms(now), "loopdesk-"+rand.Text()); err != nil {
		return CustomerReply{}, nil, err
	}
	if t.FirstResponseAt.IsZero() {
		t.FirstResponseAt = now
	}
	r := CustomerReply{ID: replyID, TicketID: t.ID, Author: a.Name, Body: text, Template: d.Template, Lang: lang, At: now}
	return r, append([]change{{domain.EvResponded, "reply", "", eventExcerpt(text)}}, changes...), nil
}
