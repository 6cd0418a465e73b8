package domain

import (
	"bytes"
	"errors"
	"testing"
)

func TestSealOpensOnlyWithItsSecretPurposeAndBind(t *testing.T) {
	k1, _ := NewKeyer(bytes.Repeat([]byte{1}, SecretLen))
	k2, _ := NewKeyer(bytes.Repeat([]byte{2}, SecretLen))
	addr := []byte("wangzhe@example.cn")
	s := k1.Seal("mail", addr, []byte("row-hash"))
	if bytes.Contains(s, addr) {
		t.Fatal("sealed value holds the address in clear")
	}
	if s2 := k1.Seal("mail", addr, []byte("row-hash")); bytes.Equal(s, s2) {
		t.Error("two seals of one value are equal: the nonce is not random")
	}
	if got, err := k1.Open("mail", s, []byte("row-hash")); err != nil || !bytes.Equal(got, addr) {
		t.Fatalf("open: %q %v", got, err)
	}
	tampered := bytes.Clone(s)
	tampered[len(tampered)-1] ^= 1
	for name, try := range map[string]func() ([]byte, error){
		"other secret":  func() ([]byte, error) { return k2.Open("mail", s, []byte("row-hash")) },
		"other purpose": func() ([]byte, error) { return k1.Open("phone", s, []byte("row-hash")) },
		"other bind":    func() ([]byte, error) { return k1.Open("mail", s, []byte("other-row")) },
		"tampered":      func() ([]byte, error) { return k1.Open("mail", tampered, []byte("row-hash")) },
		"short":         func() ([]byte, error) { return k1.Open("mail", s[:5], []byte("row-hash")) },
	} {
		if got, err := try(); !errors.Is(err, ErrSealBroken) || got != nil {
			t.Errorf("%s: %q %v", name, got, err)
		}
	}
}
