package report

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// SendFunc mails a composed message through the relay (the e-mail
// channel's mail.Sender.SendMessage).
type SendFunc func(ctx context.Context, r store.MailRelay, to []string, raw []byte) error

// ErrNoBriefRecipients is a desk where no active supervisor or admin has
// an e-mail address.
var ErrNoBriefRecipients = errors.New("no supervisor has an e-mail address: add one with `loopdesk agent add NAME --role supervisor --email ADDR`")

// briefRoute is where the brief goes: the relay and the supervisors.
func briefRoute(ctx context.Context, s *store.Store) (store.MailRelay, []string, error) {
	relay, ok, err := s.MailRelayConfig(ctx)
	if err != nil {
		return relay, nil, err
	}
	if !ok {
		return relay, nil, errors.New("no mail relay: set the e-mail channel's with `loopdesk channel set email --smtp-relay URL --from ADDR`")
	}
	to, err := s.BriefRecipients(ctx)
	if err == nil && len(to) == 0 {
		err = ErrNoBriefRecipients
	}
	return relay, to, err
}

// MailBrief mails today's brief to the supervisors through the e-mail
// channel's relay and returns how many it was sent to.
func MailBrief(ctx context.Context, s *store.Store, send SendFunc, lang i18n.Lang) (int, error) {
	relay, to, err := briefRoute(ctx, s)
	if err != nil {
		return 0, err
	}
	return len(to), mailBrief(ctx, s, send, lang, relay, to)
}

func mailBrief(ctx context.Context, s *store.Store, send SendFunc, lang i18n.Lang, relay store.MailRelay, to []string) error {
	d, err := GatherBrief(ctx, s)
	if err != nil {
		return err
	}
	raw, err := BriefMessage(relay.From, to, d, lang, s.Now())
	if err != nil {
		return err
	}
	return send(ctx, relay, to, raw)
}

// ParseBriefAt reads a --brief-at time of day, "HH:MM" (24-hour).
func ParseBriefAt(v string) (hour, minute int, err error) {
	t, err := time.Parse("15:04", v)
	if err != nil {
		return 0, 0, fmt.Errorf("--brief-at: want HH:MM (24-hour, the desk's time zone), got %q", v)
	}
	return t.Hour(), t.Minute(), nil
}

// BriefSchedule mails the brief once a day at a time of day in the desk's
// time zone. Each day is claimed in the store before it is mailed, so a
// restarted server, or a second one on the same file, does not mail it
// again; a failed send gives the claim back to be retried.
type BriefSchedule struct {
	Store        *store.Store
	Send         SendFunc
	Lang         i18n.Lang
	Hour, Minute int
	Log          *slog.Logger
}

// Tick mails today's brief when its time has come and nobody mailed it
// yet; sent says whether this call mailed it.
func (b BriefSchedule) Tick(ctx context.Context) (sent bool, err error) {
	now := b.Store.Now().In(b.Store.SLA().Calendar.Location())
	if now.Before(time.Date(now.Year(), now.Month(), now.Day(), b.Hour, b.Minute, 0, 0, now.Location())) {
		return false, nil
	}
	day := now.Format(time.DateOnly)
	relay, to, err := briefRoute(ctx, b.Store)
	if err != nil {
		return false, err
	}
	if ok, err := b.Store.ClaimBrief(ctx, day, len(to)); err != nil || !ok {
		return false, err
	}
	if err := mailBrief(ctx, b.Store, b.Send, b.Lang, relay, to); err != nil {
		if rerr := b.Store.ReleaseBrief(context.WithoutCancel(ctx), day, err); rerr != nil {
			return false, errors.Join(err, rerr)
		}
		return false, err
	}
	return true, nil
}

// Run ticks every interval until ctx ends, logging what happens; after
// a failure it waits retry before trying again.
func (b BriefSchedule) Run(ctx context.Context, interval, retry time.Duration) {
	for {
		wait := interval
		sent, err := b.Tick(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			b.Log.Error("daily brief not mailed", "err", err, "retry_in", retry)
			wait = retry
		case sent:
			b.Log.Info("daily brief mailed")
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}
