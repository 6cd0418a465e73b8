package intake

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/triage"
	"github.com/loopdesk/loopdesk/store"
)

// Config holds the intake settings. Zero fields take the defaults below.
type Config struct {
	Rules *triage.Rules // nil: triage.DefaultRules()
	// Model holds the desk's learned triage model, blended with Rules;
	// nil, or holding none, the rules decide alone.
	Model *triage.ModelRef
	// ReviewThreshold is the learned category confidence below which a
	// ticket goes to the triage queue instead of being routed; 0:
	// triage.DefaultReviewThreshold.
	ReviewThreshold float64

	// DuplicateWindow is how far apart (by received time) a customer's
	// near-identical feedback and their open ticket may be to be linked.
	DuplicateWindow time.Duration
	// DuplicateThreshold is the triage.Similarity at or above which two
	// texts count as the same feedback, in (0, 1].
	DuplicateThreshold float64

	// An emergency is raised when the negative feedback received in the
	// last hour exceeds SurgeMultiple × the hourly average of the week
	// before, and is at least SurgeMinCount (a quiet desk stays quiet).
	SurgeMultiple float64
	SurgeMinCount int

	// RoundRobin gives each new ticket to the next active agent of its
	// team in turn; off, tickets wait unassigned for someone to take them.
	RoundRobin bool

	Log *slog.Logger // emergencies and failed surge checks; nil: discard
}

// Defaults.
const (
	DefaultDuplicateWindow = 72 * time.Hour
	DefaultSurgeMultiple   = 3
	DefaultSurgeMinCount   = 10
)

// Intake triages and stores feedback. It is safe for concurrent use: one
// is shared by every HTTP request of a server.
type Intake struct {
	store *store.Store
	cfg   Config
	rule  store.DuplicateRule
	surge surgeWatch
}

// ItemID names an item that came without an external id by its content,
// keyed under the desk secret so contact details cannot be recovered from it.
func (in *Intake) ItemID(prefix string, parts ...string) string {
	return in.store.ItemID(prefix, parts...)
}

// New returns an Intake storing into s with cfg.
func New(s *store.Store, cfg Config) (*Intake, error) {
	if cfg.Rules == nil {
		cfg.Rules = triage.DefaultRules()
	}
	if cfg.DuplicateWindow == 0 {
		cfg.DuplicateWindow = DefaultDuplicateWindow
	}
	if cfg.DuplicateThreshold == 0 {
		cfg.DuplicateThreshold = triage.DefaultNearDuplicateThreshold
	}
	if cfg.SurgeMultiple == 0 {
		cfg.SurgeMultiple = DefaultSurgeMultiple
	}
	if cfg.ReviewThreshold == 0 {
		cfg.ReviewThreshold = triage.DefaultReviewThreshold
	}
	if cfg.SurgeMinCount == 0 {
		cfg.SurgeMinCount = DefaultSurgeMinCount
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	switch {
	case cfg.DuplicateWindow < 0:
		return nil, fmt.Errorf("duplicate window %v is negative", cfg.DuplicateWindow)
	case cfg.DuplicateWindow > store.MaxDuplicateWindow:
		return nil, fmt.Errorf("duplicate window %v is longer than %v", cfg.DuplicateWindow, store.MaxDuplicateWindow)
	case !(cfg.DuplicateThreshold > 0 && cfg.DuplicateThreshold <= 1):
		return nil, fmt.Errorf("duplicate threshold %v is outside (0, 1]", cfg.DuplicateThreshold)
	case !(cfg.SurgeMultiple > 0):
		return nil, fmt.Errorf("surge multiple %v must be positive", cfg.SurgeMultiple)
	case cfg.SurgeMinCount < 0:
		return nil, fmt.Errorf("surge minimum %d is negative", cfg.SurgeMinCount)
	}
	return &Intake{
		store: s,
		cfg:   cfg,
		rule:  store.DuplicateRule{Window: cfg.DuplicateWindow, Threshold: cfg.DuplicateThreshold, Similarity: triage.Similarity},
	}, nil
}

// Item is one piece of feedback from any channel. In the NewTicket, an
// empty Category or Team lets triage decide; Sentiment, SentimentScore,
// Keywords and PriorityReason are always triage's.
type Item struct {
	store.NewTicket
	// PriorityStated says NewTicket.Priority was chosen by the sender or
	// an agent; otherwise triage sets it. (Priority's zero value is High,
	// so "not given" has to be said.)
	PriorityStated bool
	// Confirmed says an agent entered the item and means it: triage never
	// rejects it as invalid (the form shows the warning beforehand).
	Confirmed bool
}

// Result is what became of one item.
type Result struct {
	store.IngestResult
	Reason string // IngestRejected: why triage found it invalid
}

// Submit triages items and stores them in one transaction (see
// store.Ingest), as actor: an agent, or store.ChannelActor of an intake
// channel. Results are in item order. After the commit it checks for a
// surge of negative feedback when the batch added any.
func (in *Intake) Submit(ctx context.Context, actor string, items []Item) ([]Result, error) {
	return in.submitPrepared(ctx, actor, in.prepare(items))
}

// prepared is a batch triaged and made ready to store (store.Prepare):
// all of it CPU work, which an import does on other cores while the
// writer stores the batch before.
type prepared struct {
	arrivals []store.Arrival
	ready    []store.Prepared
}

func (in *Intake) prepare(items []Item) prepared {
	p := prepared{arrivals: make([]store.Arrival, len(items)), ready: make([]store.Prepared, len(items))}
	for i, it := range items {
		p.arrivals[i] = in.arrival(it)
		p.ready[i] = in.store.Prepare(p.arrivals[i])
	}
	return p
}

// submitPrepared stores a prepared batch as Submit does.
func (in *Intake) submitPrepared(ctx context.Context, actor string, p prepared) ([]Result, error) {
	res, err := in.store.IngestPrepared(ctx, actor, p.ready, in.rule)
	if err != nil {
		return nil, err
	}
	out := make([]Result, len(res))
	negative := false
	for i, r := range res {
		out[i] = Result{IngestResult: r}
		switch r.Outcome {
		case store.IngestRejected:
			out[i].Reason = p.arrivals[i].Reject
		case store.IngestCreated:
			negative = negative || p.arrivals[i].Sentiment == triage.SentimentNegative
		}
	}
	if negative {
		in.checkSurge(ctx)
	}
	return out, nil
}

// Check validates an item's fields as Submit would store them, storing
// nothing; the error names the field. The HTTP API refuses a whole batch
// with it before committing any of it.
func (in *Intake) Check(it Item) error { return in.store.CheckTicket(it.NewTicket) }

// Suggest triages a draft for the new-ticket form's live suggestions:
// category, priority with its reason, team, sentiment, keywords, and
// whether it looks invalid.
func (in *Intake) Suggest(title, body string, ch domain.Channel, tier domain.Tier) triage.Result {
	return in.triage(triage.Input{Title: title, Body: body, Channel: string(ch), CustomerTier: string(tier)})
}

func (in *Intake) triage(t triage.Input) triage.Result {
	return triage.AnalyzeWith(t, in.cfg.Rules, in.cfg.Model.Load())
}

// arrival applies triage to an item.
func (in *Intake) arrival(it Item) store.Arrival {
	nt := it.NewTicket
	tr := in.triage(triage.Input{Title: nt.Title, Body: nt.Body, Channel: string(nt.Channel),
		CustomerTier: string(nt.CustomerTier), Product: nt.Product})
	a := store.Arrival{RoundRobin: in.cfg.RoundRobin}
	if tr.Invalid && !it.Confirmed {
		a.Reject = tr.InvalidReason
	}
	// triage only yields the identifiers domain parses.
	cat, _ := domain.ParseCategory(tr.Category)
	prio, _ := domain.ParsePriority(tr.Priority)
	nt.Suggestion = &store.Suggestion{Model: tr.Model, Category: cat, Confidence: tr.CategoryScore,
		Sentiment: tr.Sentiment, Reasons: tr.Reasons, Stated: nt.Category != ""}
	if nt.Category == "" {
		nt.Category = cat
		// A learned suggestion too unsure to route waits in the triage
		// queue at the service desk, unassigned.
		if tr.Model != 0 && tr.CategoryScore < in.cfg.ReviewThreshold {
			nt.Suggestion.Review, a.RoundRobin = true, false
			if nt.Team == "" {
				nt.Team = domain.DefaultTeam(domain.Other)
			}
		}
	}
	if nt.Team == "" {
		nt.Team = tr.Team
		if nt.Category != cat {
			// The stated category routes; triage's routing rules only
			// speak for the category triage chose.
			nt.Team = domain.DefaultTeam(nt.Category)
		}
	}
	nt.PriorityReason = tr.PriorityReason
	switch {
	case !it.PriorityStated:
		nt.Priority = prio
	case nt.Priority != prio:
		nt.PriorityReason = fmt.Sprintf("%s: stated (triage: %s)", nt.Priority, tr.PriorityReason)
	}
	nt.Sentiment, nt.SentimentScore, nt.Keywords = tr.Sentiment, tr.SentimentScore, tr.Keywords
	a.NewTicket = nt
	return a
}

// surgeWatch caches what the surge check may reuse between batches.
type surgeWatch struct {
	mu         sync.Mutex
	baseline   float64   // negative items per hour over the week before the last hour
	baselineAt time.Time // when baseline was counted
	quietUntil time.Time // an emergency is already up until then
}
