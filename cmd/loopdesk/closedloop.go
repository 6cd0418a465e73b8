package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/loopdesk/loopdesk/internal/outbox"
	"github.com/loopdesk/loopdesk/store"
)

// autoCloseInterval is how often a process with the database open looks
// for resolved tickets whose confirmation window has passed.
const autoCloseInterval = time.Minute

// runClosedLoop does the closed loop's background work until ctx ends:
// it delivers queued replies and closes resolved tickets nobody confirmed
// within store.DefaultConfirmWindow, and reminds or resolves the tickets
// waiting too long for the customer (store.SweepWaits). Every process with the database open
// for writing (board, serve) runs it; the store keeps two processes from
// sending or closing anything twice.
func runClosedLoop(ctx context.Context, s *store.Store, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	go outbox.New(s, outbox.Config{Log: log}).Run(ctx)
	t := time.NewTicker(autoCloseInterval)
	defer t.Stop()
	for {
		if n, err := s.AutoClose(ctx, 0); err != nil && ctx.Err() == nil {
			log.Warn("auto-close failed", "err", err)
		} else if n > 0 {
			log.Info("resolved tickets closed without an answer", "count", n)
		}
		if r, d, err := s.SweepWaits(ctx); err != nil && ctx.Err() == nil {
			log.Warn("wait sweep failed", "err", err)
		} else if r+d > 0 {
			log.Info("waits for the customer settled", "reminded", r, "resolved", d)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
