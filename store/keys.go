package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// AgentKey is one SSH public key that logs in as an agent.
type AgentKey struct {
	Fingerprint string // "SHA256:…"
	Agent       string
	PublicKey   string // authorized_keys form
	AddedAt     time.Time
}

// AddAgentKey registers a public key for an agent; only admins may. The
// caller parses the key (the store knows nothing of SSH) and passes its
// fingerprint and authorized_keys line.
func (s *Store) AddAgentKey(ctx context.Context, actor, agent, fingerprint, publicKey string) error {
	if fingerprint == "" || publicKey == "" {
		return invalid("key: empty")
	}
	return s.write(ctx, func(tx *wtx) error {
		if err := requireRole(ctx, tx, actor, "manage keys", domain.RoleAdmin); err != nil {
			return err
		}
		if _, err := actorIn(ctx, tx, agent); err != nil {
			return notFound("agent " + agent)
		}
		var owner string
		err := tx.QueryRowContext(ctx, "SELECT agent FROM agent_keys WHERE fingerprint = ?", fingerprint).Scan(&owner)
		if err == nil {
			return fmt.Errorf("%w: key %s already belongs to %s", ErrDuplicate, fingerprint, owner)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO agent_keys (fingerprint, agent, public_key, added_at) VALUES (?, ?, ?, ?)",
			fingerprint, agent, publicKey, ms(s.now())); err != nil {
			return err
		}
		return s.event(ctx, tx, 0, actor, domain.EvAgentChanged, "key", "", agent+" "+fingerprint)
	})
}

// RemoveAgentKey unregisters a key by fingerprint; only admins may.
func (s *Store) RemoveAgentKey(ctx context.Context, actor, agent, fingerprint string) error {
	return s.write(ctx, func(tx *wtx) error {
		if err := requireRole(ctx, tx, actor, "manage keys", domain.RoleAdmin); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM agent_keys WHERE fingerprint = ? AND agent = ?", fingerprint, agent)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("key " + fingerprint + " of " + agent)
		}
		return s.event(ctx, tx, 0, actor, domain.EvAgentChanged, "key", agent+" "+fingerprint, "")
	})
}

// AgentKeys lists an agent's keys.
func (s *Store) AgentKeys(ctx context.Context, agent string) ([]AgentKey, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT fingerprint, agent, public_key, added_at FROM agent_keys WHERE agent = ? ORDER BY added_at", agent)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AgentKey
	for rows.Next() {
		var k AgentKey
		var at int64
		if err := rows.Scan(&k.Fingerprint, &k.Agent, &k.PublicKey, &at); err != nil {
			return nil, err
		}
		k.AddedAt = time.UnixMilli(at)
		out = append(out, k)
	}
	return out, rows.Err()
}

// AgentByKey finds the active agent a key fingerprint logs in as.
func (s *Store) AgentByKey(ctx context.Context, fingerprint string) (domain.Agent, error) {
	a, err := scanAgent(s.r.QueryRowContext(ctx, "SELECT "+agentCols+` FROM agents
		WHERE active = 1 AND name = (SELECT agent FROM agent_keys WHERE fingerprint = ?)`, fingerprint))
	if errors.Is(err, sql.ErrNoRows) {
		return a, notFound("key " + fingerprint)
	}
	return a, err
}
