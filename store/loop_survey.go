package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// DefaultSurveyTTL is how long a survey link stays open.
const DefaultSurveyTTL = 14 * 24 * time.Hour

// SurveyPath is where the HTTP server mounts the survey handler; a link
// is SurveyPath followed by the token.
const SurveyPath = "/survey/"

// Survey link states a customer may meet; test with errors.Is.
var (
	ErrSurveyUsed    = errors.New("this survey has already been answered")
	ErrSurveyExpired = errors.New("this survey link has expired")
)

// SurveyLink is the address of a survey: base (the server's public
// address) + SurveyPath + token.
func SurveyLink(base, token string) string {
	return strings.TrimRight(base, "/") + SurveyPath + token
}

// hashToken is what the database keeps of a token.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// newSurveyToken makes a one-use token for ticketID inside tx and keeps
// only its hash. ttl 0 means DefaultSurveyTTL.
func (s *Store) newSurveyToken(ctx context.Context, tx *wtx, actor string, ticketID int64, ttl time.Duration) (string, time.Time, error) {
	if ttl <= 0 {
		ttl = DefaultSurveyTTL
	}
	token := rand.Text() // 26 base32 characters, 130 random bits
	now := s.now()
	expires := now.Add(ttl)
	_, err := tx.ExecContext(ctx, "INSERT INTO survey_tokens (hash, ticket_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
		hashToken(token), ticketID, actor, ms(now), ms(expires))
	return token, expires, err
}

// SurveyToken makes a one-use survey link token for a ticket, valid for
// ttl (0: DefaultSurveyTTL); pass it to SurveyLink. Agents who may work
// the card may make one. Only the token's hash is stored: it cannot be
// shown again.
func (s *Store) SurveyToken(ctx context.Context, actor string, id int64, ttl time.Duration) (string, time.Time, error) {
	var token string
	var expires time.Time
	err := s.write(ctx, func(tx *wtx) error {
		a, err := actorIn(ctx, tx, actor)
		if err != nil {
			return err
		}
		t, err := scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketCols+" FROM tickets WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("ticket " + domain.Key(id))
		} else if err != nil {
			return err
		}
		if err := mayWork(a, &t, "send a survey for"); err != nil {
			return err
		}
		if token, expires, err = s.newSurveyToken(ctx, tx, actor, id, ttl); err != nil {
			return err
		}
		return s.event(ctx, tx, id, actor, EvSurveyLink, "survey", "", eventTime(expires))
	})
	return token, expires, err
}

// Survey is what a survey page shows before the customer answers.
type Survey struct {
	TicketID  int64
	Lang      string // the customer's language (ReplyLang), for a page with no preference
	ExpiresAt time.Time
}

// Key is the ticket's key.
func (v Survey) Key() string { return domain.Key(v.TicketID) }

// surveyOf checks a token: ErrNotFound when unknown, ErrSurveyUsed,
// ErrSurveyExpired.
func (s *Store) surveyOf(ctx context.Context, q rowQuerier, token string) (Survey, error) {
	var v Survey
	var expires int64
	var used sql.NullInt64
	var title, body string
	err := q.QueryRowContext(ctx, `SELECT k.ticket_id, k.expires_at, k.used_at, t.title, t.body
		FROM survey_tokens k JOIN tickets t ON t.id = k.ticket_id WHERE k.hash = ?`, hashToken(token)).
		Scan(&v.TicketID, &expires, &used, &title, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return v, notFound("survey")
	} else if err != nil {
		return v, err
	}
	v.ExpiresAt = time.UnixMilli(expires)
	v.Lang = ReplyLang(domain.Ticket{Title: title, Body: body})
	switch {
	case used.Valid:
		return v, ErrSurveyUsed
	case !s.now().Before(v.ExpiresAt):
		return v, ErrSurveyExpired
	}
	return v, nil
}

// SurveyByToken checks a survey link: the survey when it can still be
// answered, else ErrNotFound, ErrSurveyUsed or ErrSurveyExpired (with the
// survey, so the page can still speak the customer's language).
func (s *Store) SurveyByToken(ctx context.Context, token string) (Survey, error) {
	return s.surveyOf(ctx, s.r, token)
}

// SubmitSurvey records the customer's answer to a survey link, once: the
// token is spent in the same transaction that records the scores, which
// then close, reopen and queue the ticket for follow-up as Score does.
// The events name CustomerActor.
func (s *Store) SubmitSurvey(ctx context.Context, token string, sc Scores) (domain.Ticket, error) {
	sc.Source = SourceSurvey
	if err := sc.validate(); err != nil {
		return domain.Ticket{}, err
	}
	var t domain.Ticket
	err := s.write(ctx, func(tx *wtx) error {
		v, err := s.surveyOf(ctx, tx, token)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE survey_tokens SET used_at = ? WHERE hash = ?", ms(s.now()), hashToken(token)); err != nil {
			return err
		}
		t, err = s.actAs(ctx, tx, CustomerActor, v.TicketID, func(t *domain.Ticket) ([]change, error) {
			return s.scoreChanges(ctx, tx, CustomerActor, t, sc)
		})
		return err
	})
	return t, err
}
