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

// RunSweeper records SLA breaches every interval until ctx ends. Every
// process with the database open for writing runs one; the store makes
// each breach count once however many sweep.
func RunSweeper(ctx context.Context, s Sweeper, interval time.Duration, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.SweepSLA(ctx); err != nil && ctx.Err() == nil {
			log.Warn("SLA sweep failed", "err", err)
		} else if n > 0 {
			log.Info("SLA breaches recorded", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
