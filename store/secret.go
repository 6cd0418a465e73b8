package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/privfile"
)

// SecretPath is where the desk secret of the database at dbPath lives:
// beside it, never inside it, so a copy of the database alone cannot be
// used to test phone numbers against the customer hashes. A desk on
// PostgreSQL keeps it in the data directory (DataDir), named after the
// server, database and schema; every node of that desk needs a copy.
func SecretPath(dbPath string) string { return DeskFile(dbPath, ".secret") }

// DeskFile is where a file of the desk at db that is kept outside its
// database lives (suffix names it: ".secret", ".hostkey"): beside a
// SQLite file; for a desk on PostgreSQL in the data directory, named
// after the server, database and schema, so that every node serving the
// desk has its own copy at the same place.
func DeskFile(db, suffix string) string {
	if !IsPostgres(db) {
		return db + suffix
	}
	dir, err := DataDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "postgres-"+secretSlug(db)+suffix)
}

// secretSlug names a PostgreSQL desk in a file name: host, port,
// database and search path, anything else dropped.
func secretSlug(db string) string {
	name := "desk"
	if cfg, err := pgx.ParseConfig(db); err == nil {
		name = fmt.Sprintf("%s-%d-%s-%s", cfg.Host, cfg.Port, cfg.Database, cfg.RuntimeParams["search_path"])
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_' {
			return r
		}
		return '_'
	}, strings.TrimSuffix(name, "-"))
}

// DataDir is where loopdesk keeps its databases and secrets:
// $XDG_DATA_HOME/loopdesk, else ~/.local/share/loopdesk.
func DataDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "loopdesk"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "loopdesk"), nil
}

// WithSecretFile keeps the desk secret at path instead of SecretPath's.
func WithSecretFile(path string) Option { return func(s *Store) { s.secretFile = path } }

// deskSecret loads the desk secret (creating it for a new desk). On
// PostgreSQL the database holds a fingerprint of it, so a node started
// with another desk's secret, or with a fresh one made because the file
// was not copied, refuses to start instead of hashing customers under a
// key no other node uses.
func (s *Store) deskSecret(ctx context.Context) error {
	path := s.secretFile
	if path == "" {
		path = SecretPath(s.path)
	}
	if s.eng != enginePostgres {
		keys, err := loadSecret(path)
		s.keys = keys
		return err
	}
	var stored string
	err := s.w.QueryRowContext(ctx, "SELECT fingerprint FROM desk_secret WHERE id = 1").Scan(&stored)
	fresh := errors.Is(err, sql.ErrNoRows)
	if err != nil && !fresh {
		return fmt.Errorf("desk secret: %w", err)
	}
	if _, err := os.Stat(path); !fresh && errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("desk secret: this desk has one, but not at %s: copy the file from a node already serving it (mode 0600)", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("desk secret: %w", err)
	}
	keys, err := loadSecret(path)
	if err != nil {
		return err
	}
	mine := keys.ItemID("desk-secret")
	if fresh {
		if _, err := s.w.ExecContext(ctx, "INSERT INTO desk_secret (id, fingerprint) VALUES (1, ?) ON CONFLICT (id) DO NOTHING", mine); err != nil {
			return fmt.Errorf("desk secret: %w", err)
		}
		if err := s.w.QueryRowContext(ctx, "SELECT fingerprint FROM desk_secret WHERE id = 1").Scan(&stored); err != nil {
			return fmt.Errorf("desk secret: %w", err)
		}
	}
	if stored != mine {
		return fmt.Errorf("desk secret: %s is not this desk's secret: copy the file from a node already serving it", path)
	}
	s.keys = keys
	return nil
}

// loadSecret reads the desk secret at path, creating it on first use.
// Like sshd with a host key, it refuses a file others may read: the
// secret may already have been copied.
func loadSecret(path string) (*domain.Keyer, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = createSecret(path)
	}
	if err != nil {
		return nil, fmt.Errorf("desk secret: %w", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("desk secret: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("desk secret %s is readable by others (mode %#o); run: chmod 600 %s", path, perm, path)
	}
	secret, err := hex.DecodeString(strings.TrimSpace(string(data)))
	if err != nil {
		return nil, fmt.Errorf("desk secret %s: not hex: %w", path, err)
	}
	k, err := domain.NewKeyer(secret)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// createSecret writes a new secret, 0600 whatever the umask; two
// processes starting at once share one.
func createSecret(path string) ([]byte, error) {
	secret := make([]byte, domain.SecretLen)
	rand.Read(secret) // never fails (crypto/rand, Go ≥ 1.24)
	data := []byte(hex.EncodeToString(secret) + "\n")
	return privfile.CreateOnce(path, data)
}

// ItemID names an item that came without an external id by its content,
// keyed under the desk secret (see domain.Keyer.ItemID).
func (s *Store) ItemID(prefix string, parts ...string) string { return s.keys.ItemID(prefix, parts...) }
