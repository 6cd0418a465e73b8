package store

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/privfile"
)

// SecretPath is where the desk secret of the database at dbPath lives:
// beside it, never inside it, so a copy of the database alone cannot be
// used to test phone numbers against the customer hashes.
func SecretPath(dbPath string) string { return dbPath + ".secret" }

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
