package live

import (
	"context"
	"log/slog"
	"time"
)

// Sweeper is the part of the store that records missed SLA deadlines.
type Sweeper interface {
	SweepSLA(ctx context.Context) (int, error)
}

// RunSweeper records SLA breaches every interval until ctx ends. The
// process that leads the desk's upkeep runs it (RunLeading); the store
// makes each breach count once however many sweep.
func RunSweeper(ctx context.Context, s Sweeper, interval time.Duration, log *slog.Logger) {
	log = orDiscard(log)
	every(ctx, interval, func() {
		if n, err := s.SweepSLA(ctx); err != nil && ctx.Err() == nil {
			log.Warn("SLA sweep failed", "err", err)
		} else if n > 0 {
			log.Info("SLA breaches recorded", "count", n)
		}
	})
}

// SearchMerger is the part of the store that keeps its search index in
// one piece (store.MergeSearch).
type SearchMerger interface {
	MergeSearch(ctx context.Context) (bool, error)
}

// RunSearchMerge merges the search index every interval until ctx ends,
// when writes have left it in enough pieces to slow searches down (the
// store decides; most intervals it only looks).
func RunSearchMerge(ctx context.Context, s SearchMerger, interval time.Duration, log *slog.Logger) {
	log = orDiscard(log)
	every(ctx, interval, func() {
		if merged, err := s.MergeSearch(ctx); err != nil && ctx.Err() == nil {
			log.Warn("search index merge failed", "err", err)
		} else if merged {
			log.Info("search index merged")
		}
	})
}

// every runs step at once, then every interval until ctx ends.
func every(ctx context.Context, interval time.Duration, step func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		step()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// orDiscard is log, or a logger that drops everything when log is nil.
func orDiscard(log *slog.Logger) *slog.Logger {
	if log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return log
}

// Leader grants the desk's upkeep to one process at a time (store.Lead):
// the lead's context ends when it is lost; the function gives it up.
type Leader interface {
	Lead(ctx context.Context) (context.Context, context.CancelFunc, error)
}

// RunLeading runs upkeep whenever this process leads the desk, until ctx
// ends: upkeep must return when its context ends (the lead lost), and
// this process then waits to lead again. Several nodes on one database
// so sweep, deliver and close once, not once per node.
func RunLeading(ctx context.Context, l Leader, log *slog.Logger, upkeep func(context.Context)) {
	log = orDiscard(log)
	for {
		lctx, giveUp, err := l.Lead(ctx)
		if err != nil { // ctx ended
			return
		}
		upkeep(lctx)
		giveUp()
		if ctx.Err() != nil {
			return
		}
		log.Warn("lost the lead of the desk's upkeep (SLA sweeps, deliveries); waiting to lead again")
	}
}
