package authkeys

import (
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func TestParseAuthorizedKeys(t *testing.T) {
	s1, s2 := newKey(t), newKey(t)
	line := func(s gossh.Signer) string {
		return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
	}
	text := "# bob's keys\n\n" +
		`no-pty,command="x" ` + line(s1) + " bob@laptop\n" +
		line(s2) + " bob@\x1b[31mdesk\n"
	keys, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 {
		t.Fatalf("%d keys, want 2", len(keys))
	}
	if keys[0].Fingerprint != gossh.FingerprintSHA256(s1.PublicKey()) || keys[0].Line != line(s1)+" bob@laptop" {
		t.Errorf("first key %+v: want options dropped, comment kept", keys[0])
	}
	if strings.ContainsRune(keys[1].Line, '\x1b') || !strings.HasSuffix(keys[1].Line, "desk") {
		t.Errorf("second key's comment not sanitised: %q", keys[1].Line)
	}
}

func TestParseAuthorizedKeysErrors(t *testing.T) {
	good := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(newKey(t).PublicKey())))
	for _, c := range []struct{ in, want string }{
		{"", "no SSH public key found"},
		{"# only a comment\n", "no SSH public key found"},
		{"ssh-ed25519 AAAAnotbase64!!", "not an SSH public key"},
		{good + "\nhello world\n", "key on line 2: not an SSH public key"},
		{"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n", "key on line 1: that is a private key"},
	} {
		_, err := Parse(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v, want %q", c.in, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("error is not one line: %q", err)
		}
	}
}

func TestParseAuthorizedKeysRefusesCertificates(t *testing.T) {
	ca, user := newKey(t), newKey(t)
	cert := &gossh.Certificate{Key: user.PublicKey(), CertType: gossh.UserCert, ValidPrincipals: []string{"bob"},
		ValidBefore: gossh.CertTimeInfinity}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	_, err := Parse(string(gossh.MarshalAuthorizedKey(cert)))
	if err == nil || !strings.Contains(err.Error(), "certificates are not accepted") {
		t.Fatalf("certificate: err = %v", err)
	}
}

func newKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
