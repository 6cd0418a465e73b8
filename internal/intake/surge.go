package intake

import (
	"context"
	"time"

	"github.com/loopdesk/loopdesk/internal/triage"
	"github.com/loopdesk/loopdesk/store"
)

const (
	// baselineWeek is the history the usual rate is averaged over: a week
	// covers the weekday/weekend rhythm of a desk.
	baselineWeek = 7 * 24 * time.Hour
	// baselineTTL is how long a counted baseline is reused: it moves
	// slowly, and counting a week of negatives per batch would not be cheap.
	baselineTTL = 10 * time.Minute
)

// checkSurge raises an emergency when the negative feedback received in
// the last hour is a surge against the week's hourly average. It costs at
// most one index range count bounded by the threshold per call (plus the
// cached baseline every baselineTTL), so it runs after every batch that
// added negative tickets. A failure is logged, not returned: the batch is
// committed and its senders must hear so.
func (in *Intake) checkSurge(ctx context.Context) {
	w := &in.surge
	w.mu.Lock()
	defer w.mu.Unlock()
	now := in.store.Now()
	if now.Before(w.quietUntil) {
		return
	}
	if now.Sub(w.baselineAt) >= baselineTTL || now.Before(w.baselineAt) {
		n, err := in.store.NegativeCount(ctx, now.Add(-baselineWeek), now.Add(-time.Hour), 0)
		if err != nil {
			in.cfg.Log.Warn("surge check: baseline", "err", err)
			return
		}
		w.baseline, w.baselineAt = float64(n)/(baselineWeek-time.Hour).Hours(), now
	}
	// Counting past the threshold would tell nothing more.
	threshold := max(in.cfg.SurgeMinCount, int(in.cfg.SurgeMultiple*w.baseline)+1)
	lastHour, err := in.store.NegativeCount(ctx, now.Add(-time.Hour), time.Time{}, threshold)
	if err != nil {
		in.cfg.Log.Warn("surge check: last hour", "err", err)
		return
	}
	if !triage.Surge(lastHour, w.baseline, in.cfg.SurgeMultiple, in.cfg.SurgeMinCount) {
		return
	}
	// A surge: the record (and the banner) gets the real count.
	if lastHour, err = in.store.NegativeCount(ctx, now.Add(-time.Hour), time.Time{}, 0); err != nil {
		in.cfg.Log.Warn("surge check: last hour", "err", err)
		return
	}
	e, raised, err := in.store.RaiseEmergency(ctx, store.Emergency{LastHour: lastHour, Baseline: w.baseline, Multiple: in.cfg.SurgeMultiple})
	if err != nil {
		in.cfg.Log.Warn("surge check: raise emergency", "err", err)
		return
	}
	w.quietUntil = e.At.Add(store.EmergencyInterval)
	if raised {
		in.cfg.Log.Warn("emergency: surge of negative feedback", "last_hour", e.LastHour,
			"baseline_per_hour", e.Baseline, "multiple", e.Multiple)
	}
}
