package store

import (
	"context"
	"errors"
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
	return s.watch(ctx, changesChannel, changed)
}

// WatchPresence calls changed soon after a node publishes its viewers
// (PublishPresence), until ctx ends, on PostgreSQL: LISTEN, as
// WatchChanges. A node's own publishing calls it too, and a lost
// notification calls nothing, so callers read presence now and then all
// the same. It fails on SQLite, where there is nothing to listen to.
func (s *Store) WatchPresence(ctx context.Context, changed func()) error {
	if s.eng != enginePostgres {
		return errors.New("presence is watched on PostgreSQL only")
	}
	return s.watch(ctx, presenceChannel, changed)
}

// watch calls changed at each of the desk's notifications on channel.
func (s *Store) watch(ctx context.Context, channel string, changed func()) error {
	l, err := s.listen(ctx, channel)
	if err != nil {
		return err
	}
	go l.run(ctx, s, changed)
	return nil
}

// The channels the desk's nodes are told on, with the schema of the desk
// as payload: new events (by the events trigger, migrations/postgres/0023)
// and new presence (by PublishPresence).
const (
	changesChannel  = "loopdesk_events"
	presenceChannel = "loopdesk_presence"
)

// listenBackoff bounds the pause between attempts to listen again after
// the connection broke.
var listenBackoff = []time.Duration{100 * time.Millisecond, 500 * time.Millisecond, 2 * time.Second, 5 * time.Second}

// listener is a connection that listens for the desk's notifications on
// one channel.
type listener struct {
	conn    *pgx.Conn
	channel string
	schema  string // the desk's; notifications for other desks are ignored
}

// listen opens a connection of its own and listens on channel.
func (s *Store) listen(ctx context.Context, channel string) (*listener, error) {
	cfg := s.pg.Copy()
	cfg.RuntimeParams["application_name"] = "loopdesk " + channel
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	l := &listener{conn: conn, channel: channel}
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
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
			next, err := s.listen(ctx, l.channel)
			if err == nil {
				l = next
				changed()
				break
			}
		}
	}
}
