package domain

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
)

// ErrSealBroken says a sealed value does not open under this desk's
// secret: it was sealed under another secret, for another purpose or
// binding, or altered.
var ErrSealBroken = errors.New("sealed value does not open with this desk's secret")

// aead is AES-256-GCM under a key derived (HKDF-SHA256) from the desk
// secret for one purpose, so a key used to seal one kind of value never
// opens another kind, and never equals the key of the customer hashes.
func (k *Keyer) aead(purpose string) cipher.AEAD {
	key, err := hkdf.Key(sha256.New, k.secret, nil, "loopdesk seal: "+purpose, 32)
	if err != nil {
		panic(err) // only for a length HKDF-SHA256 cannot give; 32 it can
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err) // a 32-byte key is valid AES-256
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		panic(err) // AES has GCM's block size
	}
	return g
}

// Seal encrypts a value the desk must be able to read back yet not keep
// in clear, such as the address a customer's mail is answered at. bind
// ties the result to where it is kept (a row's hash): opened with any
// other bind it fails. The result is a random nonce and the ciphertext.
func (k *Keyer) Seal(purpose string, plain, bind []byte) []byte {
	g := k.aead(purpose)
	nonce := make([]byte, g.NonceSize(), g.NonceSize()+len(plain)+g.Overhead())
	rand.Read(nonce) // never fails (crypto/rand, Go ≥ 1.24)
	return g.Seal(nonce, nonce, plain, bind)
}

// Open reverses Seal with the same purpose and bind.
func (k *Keyer) Open(purpose string, sealed, bind []byte) ([]byte, error) {
	g := k.aead(purpose)
	if len(sealed) < g.NonceSize()+g.Overhead() {
		return nil, ErrSealBroken
	}
	plain, err := g.Open(nil, sealed[:g.NonceSize()], sealed[g.NonceSize():], bind)
	if err != nil {
		return nil, ErrSealBroken
	}
	return plain, nil
}
