package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// IntakeChannel is a named source that posts feedback over HTTP with its
// own bearer token, e.g. "website" of kind web. The token's kind becomes
// the channel of every ticket it posts.
type IntakeChannel struct {
	Name      string
	Kind      domain.Channel
	CreatedAt time.Time
	RotatedAt time.Time // zero until the token is first rotated
}

var channelNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,31}$`)

// ValidChannelName explains why name cannot name an intake channel, or
// returns nil.
func ValidChannelName(name string) error {
	if !channelNameRE.MatchString(name) {
		return invalid("channel name %q: use 1–32 lower-case letters, digits, '_', '.', '-', starting with a letter or digit", name)
	}
	return nil
}

// tokenPrefix makes loopdesk tokens recognisable to secret scanners and
// to people reading a config file.
const tokenPrefix = "ldk_"

// newToken returns a random bearer token and the hash the store keeps.
func newToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand documents it)
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, tokenHash(token)
}

// tokenHash is the stored form of a token. A plain SHA-256 is enough: the
// token is 256 random bits, so there is nothing to brute-force, and the
// lookup by hash needs no per-row salt.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// AddChannel registers an intake channel and returns its bearer token,
// which is shown this once: only its hash is stored. Only admins may.
func (s *Store) AddChannel(ctx context.Context, actor, name string, kind domain.Channel) (string, error) {
	if err := ValidChannelName(name); err != nil {
		return "", err
	}
	if !kind.Valid() {
		return "", invalid("kind: %q is not a channel id (want one of %s)", kind, domain.JoinIDs(domain.Channels))
	}
	token, hash := newToken()
	err := s.write(ctx, func(tx *wtx) error {
		if err := requireRole(ctx, tx, actor, "manage channels", domain.RoleAdmin); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM channels WHERE name = ?", name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%w: channel %s already exists (rotate its token with: loopdesk channel rotate %s)", ErrDuplicate, name, name)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO channels (name, kind, token_hash, created_at) VALUES (?, ?, ?, ?)",
			name, string(kind), hash, ms(s.now())); err != nil {
			return err
		}
		return s.event(ctx, tx, 0, actor, domain.EvChannelChanged, "channel", "", name+" ("+string(kind)+")")
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// RotateChannel replaces a channel's token; the old one stops working at
// once. It returns the new token, shown this once. Only admins may.
func (s *Store) RotateChannel(ctx context.Context, actor, name string) (string, error) {
	token, hash := newToken()
	err := s.write(ctx, func(tx *wtx) error {
		if err := requireRole(ctx, tx, actor, "manage channels", domain.RoleAdmin); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE channels SET token_hash = ?, rotated_at = ? WHERE name = ?", hash, ms(s.now()), name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("channel " + name)
		}
		return s.event(ctx, tx, 0, actor, domain.EvChannelChanged, "token", "", name+" rotated")
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// RemoveChannel deletes a channel; its token stops working at once. Its
// tickets keep naming it in their history. Only admins may.
func (s *Store) RemoveChannel(ctx context.Context, actor, name string) error {
	return s.write(ctx, func(tx *wtx) error {
		if err := requireRole(ctx, tx, actor, "manage channels", domain.RoleAdmin); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM channels WHERE name = ?", name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("channel " + name)
		}
		return s.event(ctx, tx, 0, actor, domain.EvChannelChanged, "channel", name, "")
	})
}

const channelCols = "name, kind, created_at, rotated_at"

func scanChannel(row interface{ Scan(...any) error }) (IntakeChannel, error) {
	var c IntakeChannel
	var kind string
	var created int64
	var rotated sql.NullInt64
	err := row.Scan(&c.Name, &kind, &created, &rotated)
	c.Kind, c.CreatedAt, c.RotatedAt = domain.Channel(kind), time.UnixMilli(created), fromMS(rotated)
	return c, err
}

// IntakeChannels lists the intake channels by name.
func (s *Store) IntakeChannels(ctx context.Context) ([]IntakeChannel, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+channelCols+" FROM channels ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []IntakeChannel
	for rows.Next() {
		c, err := scanChannel(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ChannelByName looks up one intake channel.
func (s *Store) ChannelByName(ctx context.Context, name string) (IntakeChannel, error) {
	c, err := scanChannel(s.queryRow(ctx, "SELECT "+channelCols+" FROM channels WHERE name = ?", name))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("channel " + name)
	}
	return c, err
}

// ChannelByToken finds the channel a bearer token belongs to; an unknown
// or malformed token is ErrNotFound. Looking up by hash leaks nothing
// through timing: an attacker cannot steer the hash of a guess.
func (s *Store) ChannelByToken(ctx context.Context, token string) (IntakeChannel, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return IntakeChannel{}, notFound("channel token")
	}
	c, err := scanChannel(s.queryRow(ctx, "SELECT "+channelCols+" FROM channels WHERE token_hash = ?", tokenHash(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("channel token")
	}
	return c, err
}
