package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// WatchChanges calls changed soon after another handle on the desk (this
// process or another, this node or another) commits new events, until ctx
// ends: on SQLite when the database file or its write-ahead log is
// written (fsnotify); on PostgreSQL when the events trigger's
// notification arrives (LISTEN on a connection of its own, made again
// when it breaks). A call may come with nothing new, and a change may
// come with no call (a lost notification, a file system without events):
// the events sequence is the truth, so callers also read it now and then.
// It fails when it cannot start watching.
func (s *Store) WatchChanges(ctx context.Context, changed func()) error {
	if s.eng != enginePostgres {
		return watchFile(ctx, s.path, changed)
	}
	l, err := s.listen(ctx)
	if err != nil {
		return err
	}
	go l.run(ctx, s, changed)
	return nil
}

// changesChannel is the channel the events trigger notifies on
// (migrations/postgres/0023), with the schema of the desk as payload.
const changesChannel = "loopdesk_events"

// listenBackoff bounds the pause between attempts to listen again after
// the connection broke.
var listenBackoff = []time.Duration{100 * time.Millisecond, 500 * time.Millisecond, 2 * time.Second, 5 * time.Second}

// listener is a connection that listens for the desk's changes.
type listener struct {
	conn   *pgx.Conn
	schema string // the desk's; notifications for other desks are ignored
}

// listen opens a connection of its own and listens on changesChannel.
func (s *Store) listen(ctx context.Context) (*listener, error) {
	cfg := s.pg.Copy()
	cfg.RuntimeParams["application_name"] = "loopdesk change feed"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	l := &listener{conn: conn}
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	if err := conn.QueryRow(ctx, "SELECT current_schema()").Scan(&l.schema); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return l, nil
}

// run passes the desk's notifications to changed until ctx ends, listening
// again whenever the connection breaks; after a break it calls changed
// once, for whatever committed while nobody listened.
func (l *listener) run(ctx context.Context, s *Store, changed func()) {
	for {
		for {
			n, err := l.conn.WaitForNotification(ctx)
			if err != nil {
				break
			}
			if n.Payload == l.schema {
				changed()
			}
		}
		l.conn.Close(context.WithoutCancel(ctx))
		for try := 0; ; try++ {
			select {
			case <-ctx.Done():
				return
			case <-time.After(listenBackoff[min(try, len(listenBackoff)-1)]):
			}
			next, err := s.listen(ctx)
			if err == nil {
				l = next
				changed()
				break
			}
		}
	}
}
