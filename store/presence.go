package store

import (
	"context"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

var presenceInserts = newMultiInsert("presence", "node, session, agent, ticket_id, editing, seen_at")

// PublishPresence replaces node's rows of the presence table with vs,
// who has which card open on that node, stamped now, and removes every
// node's rows older than expiry (a node that stopped without saying so).
// A node publishes again before its rows expire; an empty vs takes the
// node out. Presence is not history: no event is written. On PostgreSQL
// the nodes watching presence (WatchPresence) are told at commit.
func (s *Store) PublishPresence(ctx context.Context, node string, vs []domain.Viewer, expiry time.Duration) error {
	now := s.now()
	return s.write(ctx, func(tx *wtx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM presence WHERE node = ? OR seen_at < ?", node, ms(now.Add(-expiry))); err != nil {
			return err
		}
		if s.eng == enginePostgres {
			if _, err := tx.ExecContext(ctx, "SELECT pg_notify('"+presenceChannel+"', current_schema())"); err != nil {
				return err
			}
		}
		rows := insertRows{multiInsert: presenceInserts}
		for _, v := range vs {
			rows.add(node, v.Session, v.Agent, v.TicketID, v.Editing, ms(now))
		}
		return rows.flush(ctx, tx)
	})
}

// PresenceElsewhere lists the viewers the other nodes published within
// expiry. Each Session is "node/session", so that sessions of two nodes
// never share a name.
func (s *Store) PresenceElsewhere(ctx context.Context, node string, expiry time.Duration) ([]domain.Viewer, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT node, session, agent, ticket_id, editing FROM presence WHERE node <> ? AND seen_at >= ?",
		node, ms(s.now().Add(-expiry)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Viewer
	for rows.Next() {
		var n string
		var v domain.Viewer
		if err := rows.Scan(&n, &v.Session, &v.Agent, &v.TicketID, &v.Editing); err != nil {
			return nil, err
		}
		v.Session = n + "/" + v.Session
		out = append(out, v)
	}
	return out, rows.Err()
}
