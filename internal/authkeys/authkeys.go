// Package authkeys reads agents' SSH public keys in authorized_keys form,
// as the CLI and the admin screen register them and the SSH server checks
// them: options dropped, comment kept short and clean, private keys and
// certificates refused.
package authkeys

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// Key is an agent's public key as the agents table keeps it.
type Key struct {
	Fingerprint string // "SHA256:…", what authentication looks up
	Line        string // "ssh-ed25519 AAAA… comment", options dropped
}

// Parse reads public keys in authorized_keys form, one per
// line; blank lines and # comments are skipped. Unlike
// gossh.ParseAuthorizedKey, a line that is not a key is an error (naming
// the line), never silently skipped. Certificates are refused: the server
// trusts keys, not certificate authorities.
func Parse(text string) ([]Key, error) {
	var keys []Key
	multiline := strings.Contains(strings.TrimSpace(text), "\n")
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, err := ParseLine(line)
		if err != nil && multiline {
			return nil, fmt.Errorf("key on line %d: %w", n, err)
		} else if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	if len(keys) == 0 {
		return nil, errors.New(`no SSH public key found (want e.g. "ssh-ed25519 AAAA… you@host")`)
	}
	return keys, nil
}

// Why a key line was refused; the admin screen translates them.
var (
	ErrPrivateKey  = errors.New("that is a private key; give the public one (the .pub file)")
	ErrNotKey      = errors.New(`not an SSH public key (want e.g. "ssh-ed25519 AAAA… you@host")`)
	ErrCertificate = errors.New("certificates are not accepted; add the plain public key")
)

// ParseLine reads one authorized_keys line.
func ParseLine(line string) (Key, error) {
	if strings.Contains(line, "PRIVATE KEY") {
		return Key{}, ErrPrivateKey
	}
	pk, comment, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return Key{}, ErrNotKey
	}
	if _, ok := pk.(*gossh.Certificate); ok {
		return Key{}, ErrCertificate
	}
	out := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk)))
	if c := textsafe.Truncate(textsafe.Line(comment), 64); c != "" {
		out += " " + c
	}
	return Key{Fingerprint: gossh.FingerprintSHA256(pk), Line: out}, nil
}
