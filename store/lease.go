package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Pauses of the upkeep lease: how often a process that does not lead asks
// again, and how often the leader checks that its connection still holds.
const (
	leaseRetry = 2 * time.Second
	leasePing  = time.Second
)

// upkeepLock is the session-level advisory lock that is the upkeep lease:
// one key for loopdesk's upkeep, one for the desk's schema, so desks in
// other schemas of the database lead on their own.
const upkeepLock = "pg_try_advisory_lock(hashtext('loopdesk upkeep'), hashtext(current_schema()))"

// Lead blocks until this process leads the desk's upkeep (SLA sweeps,
// deliveries, auto-close, retraining, the daily brief), so that several
// nodes on one database do that work once, not once per node. It returns
// a context that ends when the lead is lost or ctx ends, and the function
// that gives the lead up. On PostgreSQL the lead is a session-level
// advisory lock held on a connection of its own: when the leading process
// dies, or its connection breaks, the server releases it and another
// node takes over within leaseRetry. On SQLite every process leads at
// once, as before: the store keeps each breach, delivery and close to one.
// It fails only when ctx ends.
func (s *Store) Lead(ctx context.Context) (context.Context, context.CancelFunc, error) {
	if s.eng != enginePostgres {
		lctx, cancel := context.WithCancel(ctx)
		return lctx, cancel, nil
	}
	cfg := s.pg.Copy()
	cfg.RuntimeParams["application_name"] = "loopdesk upkeep lease"
	for {
		conn, err := pgx.ConnectConfig(ctx, cfg)
		for err == nil {
			var got bool
			if err = conn.QueryRow(ctx, "SELECT "+upkeepLock).Scan(&got); err == nil && got {
				lctx, cancel := context.WithCancel(ctx)
				go holdLease(lctx, cancel, conn)
				return lctx, cancel, nil
			}
			if err == nil {
				err = wait(ctx, leaseRetry)
			}
		}
		if conn != nil {
			conn.Close(context.WithoutCancel(ctx))
		}
		if err := wait(ctx, leaseRetry); err != nil {
			return nil, nil, err
		}
	}
}

// holdLease keeps the lease's connection until ctx ends, and ends the
// lead (cancel) as soon as the connection no longer answers: its lock may
// be another node's by then. Closing the connection gives the lock up.
func holdLease(ctx context.Context, cancel context.CancelFunc, conn *pgx.Conn) {
	defer conn.Close(context.WithoutCancel(ctx))
	defer cancel()
	t := time.NewTicker(leasePing)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		pctx, stop := context.WithTimeout(ctx, leaseRetry)
		err := conn.Ping(pctx)
		stop()
		if err != nil {
			return
		}
	}
}

// wait pauses for d, or until ctx ends (its error).
func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
