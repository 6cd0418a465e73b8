package domain

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// A customer is recognised by keyed hashes (HMAC-SHA256 under a per-desk
// secret) of their normalised full phone number, e-mail address and
// WeChat id: equal customers give equal hashes, yet the desk never stores
// the values, and a copy of the database without the secret cannot test
// guesses against them. Masked names collide (张伟 and 张强 are both 张*),
// so they are never identity; a full name's hash only serves search.

// CustomerHashes are the keyed hashes of one customer; nil means the
// value was not given (or was given only masked).
type CustomerHashes struct {
	Phone  []byte
	Email  []byte
	WeChat []byte
	Name   []byte // search only: two people share a name
}

// Any reports whether any identifying hash (not the name) is set.
func (h CustomerHashes) Any() bool { return h.Phone != nil || h.Email != nil || h.WeChat != nil }

// Merge fills h's unset hashes from o.
func (h CustomerHashes) Merge(o CustomerHashes) CustomerHashes {
	for _, p := range []struct {
		dst *[]byte
		src []byte
	}{{&h.Phone, o.Phone}, {&h.Email, o.Email},
		{&h.WeChat, o.WeChat}, {&h.Name, o.Name}} {
		if *p.dst == nil {
			*p.dst = p.src
		}
	}
	return h
}

// SameCustomer reports whether a and b are the same person: they share a
// phone, e-mail or WeChat hash, and no contact both give differs (one
// shared family e-mail with two different phones is two customers).
func SameCustomer(a, b CustomerHashes) bool {
	shared := false
	for _, p := range [][2][]byte{{a.Phone, b.Phone}, {a.Email, b.Email}, {a.WeChat, b.WeChat}} {
		if p[0] == nil || p[1] == nil {
			continue
		}
		if !bytes.Equal(p[0], p[1]) {
			return false
		}
		shared = true
	}
	return shared
}

// HashLen is the length of a stored hash: 128 bits of HMAC-SHA256 leave
// collisions out of reach for any desk while halving index size.
const HashLen = 16

// SecretLen is the length of a desk secret.
const SecretLen = 32

// Keyer computes a desk's customer hashes.
type Keyer struct{ secret []byte }

// NewKeyer returns a Keyer for a desk secret of SecretLen bytes.
func NewKeyer(secret []byte) (*Keyer, error) {
	if len(secret) != SecretLen {
		return nil, fmt.Errorf("desk secret: %d bytes, want %d", len(secret), SecretLen)
	}
	return &Keyer{secret: bytes.Clone(secret)}, nil
}

// sum separates kinds, so a WeChat id equal to an e-mail's text never
// matches it.
func (k *Keyer) sum(kind, v string) []byte {
	m := hmac.New(sha256.New, k.secret)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(v))
	return m.Sum(nil)[:HashLen]
}

// Phone hashes a full phone number; nil when it is empty, masked or not
// a phone number.
func (k *Keyer) Phone(raw string) []byte {
	n, err := NormalizePhone(raw)
	if err != nil {
		return nil
	}
	return k.sum("phone", n)
}

// Email hashes an e-mail address; nil when empty or masked.
func (k *Keyer) Email(raw string) []byte {
	n := NormalizeEmail(raw)
	if n == "" || strings.ContainsRune(n, '*') || !strings.Contains(n, "@") {
		return nil
	}
	return k.sum("email", n)
}

// WeChat hashes a WeChat id; nil when empty, masked or holding spaces.
func (k *Keyer) WeChat(raw string) []byte {
	n := NormalizeWeChat(raw)
	if n == "" || strings.ContainsRune(n, '*') || strings.ContainsFunc(n, unicode.IsSpace) {
		return nil
	}
	return k.sum("wechat", n)
}

// Name hashes a full name; nil when empty or masked (a '*' in it).
func (k *Keyer) Name(raw string) []byte {
	n := NormalizeName(raw)
	if n == "" || strings.ContainsRune(n, '*') {
		return nil
	}
	return k.sum("name", n)
}

// ItemID names an item that came without an id of its own by what it
// says (prefix plus a keyed hash of parts, NUL-separated so parts cannot
// run into each other). Keyed, because the parts hold the customer's
// unmasked contact details and a plain hash of them could be brute-forced
// from a copy of the database.
func (k *Keyer) ItemID(prefix string, parts ...string) string {
	m := hmac.New(sha256.New, k.secret)
	m.Write([]byte("item"))
	for _, p := range parts {
		m.Write([]byte{0})
		m.Write([]byte(p))
	}
	return prefix + hex.EncodeToString(m.Sum(nil)[:16])
}

// ErrNotPhone says a string is not a full phone number.
var ErrNotPhone = errors.New("not a full phone number")

// NormalizePhone reduces a full phone number to one spelling, so every
// way of writing it hashes alike:
//
//   - separators (spaces, - ( ) .) go;
//   - China's country code (+86, 0086, or 86 before an 11-digit mobile)
//     goes, and a landline after it gets its trunk 0 back:
//     "+86 10 1234 5678" and "010-12345678" are both "01012345678";
//   - any other country keeps its code behind a "+": "0044 20…" and
//     "+44 20…" are both "+4420…";
//   - 7 to 15 digits must remain; a masked number ("****1234") or any
//     other character is not a full number.
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	var d strings.Builder
	plus := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d.WriteRune(r)
		case r == '+' && d.Len() == 0 && !plus:
			plus = true
		case r == '-' || r == '(' || r == ')' || r == '.' || unicode.IsSpace(r):
		default:
			return "", ErrNotPhone
		}
	}
	n := d.String()
	if !plus && strings.HasPrefix(n, "00") {
		plus, n = true, n[2:]
	}
	switch {
	case plus && strings.HasPrefix(n, "86"):
		n = n[2:]
	case plus:
		n = "+" + n
	case len(n) == 13 && strings.HasPrefix(n, "86") && isMobile(n[2:]):
		n = n[2:]
	}
	if plus && !strings.HasPrefix(n, "+") && !isMobile(n) && !strings.HasPrefix(n, "0") {
		n = "0" + n
	}
	if digits := len(strings.TrimPrefix(n, "+")); digits < 7 || digits > 15 {
		return "", ErrNotPhone
	}
	return n, nil
}

// isMobile reports whether n is a mainland mobile number: 1[3-9] and 9 more digits.
func isMobile(n string) bool {
	return len(n) == 11 && n[0] == '1' && n[1] >= '3' && n[1] <= '9' && isDigits(n)
}

// NormalizeEmail lowercases and trims an address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormalizeWeChat trims a WeChat id and lowercases it: WeChat ids are
// ASCII and matched without regard to case.
func NormalizeWeChat(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormalizeName folds the spellings of one name together: full-width
// Latin letters to ASCII, lower case, runs of spaces to one, the middle
// dots of transliterated names (· • ・) to "·", and no spaces at all in a
// name of Chinese characters ("欧阳 娜娜" is "欧阳娜娜").
func NormalizeName(s string) string {
	han := true
	folded := strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			r -= 0xFEE0
		case r == '•' || r == '・' || r == '‧':
			r = '·'
		}
		if !unicode.Is(unicode.Han, r) && r != '·' && !unicode.IsSpace(r) {
			han = false
		}
		return unicode.ToLower(r)
	}, s)
	sep := " "
	if han {
		sep = ""
	}
	return strings.Join(strings.Fields(folded), sep)
}
