// Package outbox delivers customer replies. A Worker claims queued replies
// from the store under a lease (so two workers, in one process or several
// on the same database, never send the same reply at once), POSTs each to
// its channel's webhook as JSON with an Idempotency-Key header — or, on
// the email channel with a mail relay set, mails it through the relay
// (internal/mail) under a Message-ID that stays the same on every attempt
// — and records every attempt. Failures are retried with capped, jittered
// exponential back-off until MaxAttempts; a channel with no webhook, a
// webhook refusing the request (4xx), a relay refusing the mail (5xx) or
// a customer with no address to mail fails at once. A failed delivery
// stays visible on the card and is retried by hand (store.RetryDelivery).
//
// Every process that has the database open for writing runs one Worker.
// A worker that dies mid-send loses its lease when the lease runs out and
// another sends again; the idempotency key lets the receiver drop that copy.
package outbox

import (
	"context"
	crand "crypto/rand"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/loopdesk/loopdesk/internal/mail"
	"github.com/loopdesk/loopdesk/store"
)

// Store is the part of the store the worker uses; its clock (Now) is the
// worker's clock too, so leases, back-off and tests agree on the time.
type Store interface {
	Now() time.Time
	ClaimDeliveries(ctx context.Context, worker string, lease time.Duration, limit int, onlyReply int64) ([]store.DeliveryJob, error)
	RecordAttempt(ctx context.Context, worker string, replyID int64, o store.Outcome) error
	PrepareMail(ctx context.Context, j store.DeliveryJob) (*store.MailOut, error)
}

// Config tunes a Worker; zero values take the defaults.
type Config struct {
	Client         *http.Client  // default: no redirects, timeouts per attempt
	Mail           *mail.Sender  // mails email-channel replies (default: a Sender timing out at AttemptTimeout)
	AttemptTimeout time.Duration // one POST, response included (default 10s)
	Interval       time.Duration // how often Run looks for due replies (default 2s)
	Batch          int           // replies claimed at a time, sent in parallel (default 16)
	MaxAttempts    int           // attempts before a delivery fails (default 8)
	BaseDelay      time.Duration // wait after the first failure, doubling after each (default 10s)
	MaxDelay       time.Duration // longest wait between attempts (default 15m)
	// Jitter spreads a wait so receivers coming back up are not hit by
	// every sender at once (default: uniform in [d/2, d]).
	Jitter func(d time.Duration) time.Duration
	Name   string // worker name in the attempt log (default host/pid/random)
	Log    *slog.Logger
}

// Worker delivers queued replies.
type Worker struct {
	st   Store
	cfg  Config
	kick chan struct{}
}

// New makes a worker over st.
func New(st Store, cfg Config) *Worker {
	if cfg.AttemptTimeout <= 0 {
		cfg.AttemptTimeout = 10 * time.Second
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{
			// A webhook that redirects is misconfigured; following would
			// turn the POST into a GET and lose the reply.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	if cfg.Mail == nil {
		cfg.Mail = &mail.Sender{Timeout: cfg.AttemptTimeout}
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 2 * time.Second
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 16
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 8
	}
	if cfg.BaseDelay <= 0 {
		cfg.BaseDelay = 10 * time.Second
	}
	if cfg.MaxDelay <= 0 {
		cfg.MaxDelay = 15 * time.Minute
	}
	if cfg.Jitter == nil {
		cfg.Jitter = func(d time.Duration) time.Duration { return d/2 + rand.N(d/2+1) }
	}
	if cfg.Name == "" {
		host, _ := os.Hostname()
		cfg.Name = fmt.Sprintf("%s/%d/%s", host, os.Getpid(), crand.Text()[:6])
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Worker{st: st, cfg: cfg, kick: make(chan struct{}, 1)}
}

// Name is the worker's name in the attempt log.
func (w *Worker) Name() string { return w.cfg.Name }

// lease outlasts one attempt comfortably, so a slow webhook is never sent
// the same reply by a second worker while the first still waits.
func (w *Worker) lease() time.Duration { return 2*w.cfg.AttemptTimeout + 10*time.Second }

// Run delivers due replies every Interval (and at once after Kick) until
// ctx ends.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.cfg.Interval)
	defer t.Stop()
	for {
		if _, err := w.RunOnce(ctx); err != nil && ctx.Err() == nil {
			w.cfg.Log.Warn("outbox: delivery pass failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.kick:
		}
	}
}

// Kick makes Run look for due replies now (a reply was just sent from this
// process) instead of at its next tick.
func (w *Worker) Kick() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// RunOnce claims the replies due now (one batch) and delivers them,
// returning how many it attempted.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	return w.deliver(ctx, 0)
}

// Deliver attempts one reply now if it is due (the CLI, right after
// sending it); it reports whether an attempt was made.
func (w *Worker) Deliver(ctx context.Context, replyID int64) (bool, error) {
	n, err := w.deliver(ctx, replyID)
	return n > 0, err
}

func (w *Worker) deliver(ctx context.Context, onlyReply int64) (int, error) {
	jobs, err := w.st.ClaimDeliveries(ctx, w.cfg.Name, w.lease(), w.cfg.Batch, onlyReply)
	if err != nil || len(jobs) == 0 {
		return 0, err
	}
	var wg sync.WaitGroup
	errs := make([]error, len(jobs))
	for i, j := range jobs {
		wg.Go(func() {
			o := w.attempt(ctx, j)
			// Record even when ctx is ending: the attempt happened.
			errs[i] = w.st.RecordAttempt(context.WithoutCancel(ctx), w.cfg.Name, j.ReplyID, o)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return len(jobs), err
		}
	}
	return len(jobs), nil
}
