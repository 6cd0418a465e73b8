// Package learn connects the learned triage model to the desk: it trains a
// model on the store's confirmed history, stores it as a new version,
// loads the newest one, and retrains in the background as agents confirm
// more tickets.
package learn

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/triage"
	"github.com/loopdesk/loopdesk/store"
)

// MaxExamples bounds the history one training reads: the newest this many
// confirmed tickets (about 100 MB of text at most; a desk's vocabulary
// drifts, and old history matters less).
const MaxExamples = 200_000

// Examples turns the store's confirmed history into training examples.
func Examples(history []store.TriageExample) []triage.Example {
	out := make([]triage.Example, len(history))
	for i, h := range history {
		out[i] = triage.Example{
			Input:        triage.Input{Title: h.Title, Body: h.Body, Channel: h.Channel, Product: h.Product},
			Category:     string(h.Category),
			Sentiment:    h.Sentiment,
			Invalid:      h.Invalid,
			InvalidKnown: true,
		}
	}
	return out
}

// Train trains a model on the desk's confirmed history plus extra
// labelled examples (an imported labelled file; may be nil), blended with
// rules, stores it as the next version as actor and returns it.
func Train(ctx context.Context, s *store.Store, actor string, rules *triage.Rules, extra []triage.Example) (*triage.Model, store.TriageModel, error) {
	history, err := s.TriageExamples(ctx, MaxExamples)
	if err != nil {
		return nil, store.TriageModel{}, err
	}
	examples := append(Examples(history), extra...)
	m := triage.Train(examples, rules)
	data, err := triage.MarshalModel(m)
	if err != nil {
		return nil, store.TriageModel{}, err
	}
	hdr, err := s.SaveTriageModel(ctx, actor, len(examples), data)
	if err != nil {
		return nil, hdr, err
	}
	m.Version = hdr.Version
	return m, hdr, nil
}

// Load returns the newest stored model, or nil when none was trained.
func Load(ctx context.Context, s *store.Store) (*triage.Model, error) {
	hdr, data, ok, err := s.LatestTriageModel(ctx)
	if err != nil || !ok {
		return nil, err
	}
	m, err := triage.UnmarshalModel(data)
	if err != nil {
		return nil, fmt.Errorf("model %d: %w", hdr.Version, err)
	}
	m.Version = hdr.Version
	return m, nil
}

// Background retraining.
const (
	// DefaultEvery is how many newly confirmed tickets make a new model.
	DefaultEvery = 200
	// DefaultCheck is how often the count is looked at.
	DefaultCheck = 10 * time.Minute
	// Actor is who the background trainer acts as in the audit log.
	Actor = domain.SystemActor
)

// Retrainer retrains the desk's model in the background.
type Retrainer struct {
	Store *store.Store
	Rules *triage.Rules
	Ref   *triage.ModelRef // the model intake uses, swapped after each training
	Every int              // newly confirmed tickets per training; 0: DefaultEvery
	Check time.Duration    // 0: DefaultCheck
	Log   *slog.Logger
}

// Run checks every Check whether Every tickets were confirmed since the
// model in use was trained, and then trains and swaps in a new one, until
// ctx ends. Training reads through the store's readers and writes once,
// so writers wait only for the final insert.
func (r *Retrainer) Run(ctx context.Context) {
	every, check := r.Every, r.Check
	if every <= 0 {
		every = DefaultEvery
	}
	if check <= 0 {
		check = DefaultCheck
	}
	log := r.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	tick := time.NewTicker(check)
	defer tick.Stop()
	for {
		if err := r.once(ctx, every); err != nil && ctx.Err() == nil {
			log.Warn("triage: retraining failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// once trains when enough new confirmations arrived.
func (r *Retrainer) once(ctx context.Context, every int) error {
	n, err := r.Store.ConfirmedCount(ctx)
	if err != nil {
		return err
	}
	hdr, _, ok, err := r.Store.LatestTriageModel(ctx)
	if err != nil {
		return err
	}
	if ok && n-hdr.Examples < every || !ok && n < every {
		return nil
	}
	m, _, err := Train(ctx, r.Store, Actor, r.Rules, nil)
	if err != nil {
		return err
	}
	r.Ref.Store(m)
	return nil
}
