package mail

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// sender is who a message is from, as the desk keeps it: the address
// itself never reaches the store.
type sender struct {
	Hash   string // HMAC-SHA256 of the normalised address under the desk's key
	Masked string // "j***@example.com"
	Name   string // the display name, or the address's local part; the store masks it
}

// senderOf is the one place an address becomes stored identity.
func senderOf(a Address, key []byte) sender {
	addr := normAddr(a.Addr)
	local, domain, _ := strings.Cut(addr, "@")
	m := hmac.New(sha256.New, key)
	m.Write([]byte(addr))
	s := sender{Hash: hex.EncodeToString(m.Sum(nil)), Name: a.Name}
	if s.Name == "" {
		s.Name = local
	}
	if r := []rune(local); len(r) > 0 {
		s.Masked = string(r[0]) + "***@" + domain
	}
	return s
}

// normAddr is the form two spellings of one address share: trimmed and
// lower-cased (mail providers treat local parts case-insensitively).
func normAddr(addr string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(addr), "<>"))
}

// KeyBytes is the length of a sender key.
const KeyBytes = 32

// LoadKey reads the key that keys sender hashes from path, creating it
// (random, mode 0600) on first use: the same key must be used across
// restarts, or a customer's answers stop matching their ticket. A key
// others can read is refused, as sshd refuses such host keys.
func LoadKey(path string) ([]byte, error) {
	key, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return createKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("mail key: %w", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("mail key: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("mail key %s is readable by others (mode %#o); run: chmod 600 %s", path, perm, path)
	}
	if len(key) != KeyBytes {
		return nil, fmt.Errorf("mail key %s: %d bytes, want %d", path, len(key), KeyBytes)
	}
	return key, nil
}

// createKey writes a new key to a temporary file and links it into
// place, so a reader never sees half a key and two servers starting at
// once share whichever key landed first.
func createKey(path string) ([]byte, error) {
	key := make([]byte, KeyBytes)
	rand.Read(key)                                            // never fails (crypto/rand documents it)
	f, err := os.CreateTemp(filepath.Dir(path), ".mailkey-*") // mode 0600
	if err != nil {
		return nil, fmt.Errorf("mail key: %w", err)
	}
	defer os.Remove(f.Name())
	_, werr := f.Write(key)
	if err := f.Close(); werr == nil {
		werr = err
	}
	if werr == nil {
		werr = os.Link(f.Name(), path)
	}
	if errors.Is(werr, fs.ErrExist) {
		return LoadKey(path)
	} else if werr != nil {
		return nil, fmt.Errorf("mail key: %w", werr)
	}
	return key, nil
}
