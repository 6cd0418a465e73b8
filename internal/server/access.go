package server

import (
	"context"
	"errors"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/store"
)

// watchAccess follows the change feed for changes to agents and their
// keys (from this process or any other on the same database) and ends
// the sessions they revoke, so a removed agent stops seeing tickets within
// one feed interval. It returns when the feed closes.
func (s *Server) watchAccess(ctx context.Context, sub *live.Sub) {
	for {
		b, ok := sub.Wait(ctx)
		if !ok {
			return
		}
		if b.Overflow || touchesAccess(b.Events) {
			s.accessGen.Add(1)
			s.recheckAll(ctx)
		}
	}
}

// touchesAccess reports whether evs may have removed an agent or a key.
func touchesAccess(evs []domain.Event) bool {
	for _, e := range evs {
		switch e.Kind {
		case domain.EvAgentRemoved, domain.EvAgentChanged:
			return true
		}
	}
	return false
}

func (s *Server) recheckAll(ctx context.Context) {
	s.mu.Lock()
	open := make([]*session, 0, len(s.sessions))
	for _, ss := range s.sessions {
		open = append(open, ss)
	}
	s.mu.Unlock()
	for _, ss := range open {
		s.recheck(ctx, ss)
	}
}

// recheck ends ss if the key it logged in with no longer logs in as its
// agent. A failed lookup keeps the session: a busy database must not
// log everyone out.
func (s *Server) recheck(ctx context.Context, ss *session) {
	a, err := s.store.AgentByKey(ctx, ss.key)
	if err == nil && a.Name == ss.agent.Name {
		return
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Warn("access check failed", "session", ss.id, "agent", ss.agent.Name, "err", err)
		return
	}
	reason := endKeyRemoved
	if agent, err := s.store.Agent(ctx, ss.agent.Name); errors.Is(err, store.ErrNotFound) || err == nil && !agent.Active {
		reason = endAgentRemoved
	}
	s.log.Info("access revoked", "session", ss.id, "agent", ss.agent.Name, "key", ss.key, "reason", reason.String())
	ss.stop(reason)
}
