package mail

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/loopdesk/loopdesk/store"
)

// relay is a go-smtp server standing in for the company's relay: it
// offers STARTTLS, takes AUTH PLAIN only over TLS, and refuses the
// recipients refuse@ (550) and later@ (451).
type relay struct {
	mu   sync.Mutex
	got  []relayed
	addr string
	pool *x509.CertPool
}

type relayed struct {
	tls        bool
	user, pass string
	from, to   string
	rcpts      []string
	data       []byte
}

func (r *relay) NewSession(c *smtp.Conn) (smtp.Session, error) { return &relaySession{r: r, c: c}, nil }

type relaySession struct {
	r   *relay
	c   *smtp.Conn
	cur relayed
}

func (s *relaySession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *relaySession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		s.cur.user, s.cur.pass = user, pass
		return nil
	}), nil
}
func (s *relaySession) Mail(from string, _ *smtp.MailOptions) error {
	_, s.cur.tls = s.c.TLSConnectionState()
	s.cur.from = from
	return nil
}
func (s *relaySession) Rcpt(to string, _ *smtp.RcptOptions) error {
	switch {
	case strings.HasPrefix(to, "refuse@"):
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	case strings.HasPrefix(to, "later@"):
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try later"}
	}
	s.cur.to = to
	s.cur.rcpts = append(s.cur.rcpts, to)
	return nil
}
func (s *relaySession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.cur.data = b
	s.r.mu.Lock()
	s.r.got = append(s.r.got, s.cur)
	s.r.mu.Unlock()
	return err
}
func (s *relaySession) Reset()        {}
func (s *relaySession) Logout() error { return nil }

// startTLSRelay serves a relay on loopback with a fresh self-signed
// certificate for 127.0.0.1.
func startTLSRelay(t *testing.T) *relay {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "relay"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	r := &relay{pool: x509.NewCertPool()}
	r.pool.AddCert(cert)
	srv := smtp.NewServer(r)
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	go func() { _ = srv.Serve(ln) }() // ends with Close at cleanup
	t.Cleanup(func() { srv.Close() })
	return r
}

func mailOut(relayURL, to string) (store.DeliveryJob, store.MailOut) {
	return store.DeliveryJob{ReplyID: 7, TicketID: 1001, Text: "您好，已为您退款。\n\n请评分：https://s.example/survey/TOKEN"},
		store.MailOut{Relay: store.MailRelay{URL: relayURL, From: "客服 <support@loopdesk.example>"}, To: to,
			MessageID: "loopdesk.7.abc@loopdesk.example", InReplyTo: "c1@example.cn", References: []string{"c1@example.cn"},
			Subject: "Re: [FB-1001] 支付失败"}
}

func TestSendUsesStartTLSAndAuthenticates(t *testing.T) {
	r := startTLSRelay(t)
	t.Setenv(EnvPassword, "s3cret")
	s := &Sender{TLS: &tls.Config{RootCAs: r.pool}}
	j, m := mailOut("smtp://desk@"+r.addr, "wangzhe@example.cn")
	if err := s.Send(context.Background(), j, m); err != nil {
		t.Fatal(err)
	}
	got := r.got[0]
	if !got.tls || got.user != "desk" || got.pass != "s3cret" || got.from != "support@loopdesk.example" || got.to != "wangzhe@example.cn" ||
		!bytes.Contains(got.data, []byte("In-Reply-To: <c1@example.cn>")) || !bytes.Contains(got.data, []byte("Message-Id: <loopdesk.7.abc@loopdesk.example>")) {
		t.Errorf("relay got tls=%v user=%q pass=%q from=%q to=%q\n%s", got.tls, got.user, got.pass, got.from, got.to, got.data)
	}

	// A certificate the sender does not trust: no mail, no password.
	err := (&Sender{}).Send(context.Background(), j, m)
	var se *SendError
	if !errors.As(err, &se) || se.Permanent || len(r.got) != 1 {
		t.Errorf("untrusted relay certificate: %v", err)
	}
}

func TestSendMessageToEveryRecipient(t *testing.T) {
	r := startTLSRelay(t)
	s := &Sender{TLS: &tls.Config{RootCAs: r.pool}}
	relay := store.MailRelay{URL: "smtp://" + r.addr, From: "Desk <desk@loopdesk.example>"}
	raw := []byte("Subject: brief\r\n\r\nhello\r\n")
	if err := s.SendMessage(context.Background(), relay, []string{"ann@example.cn", "sam@example.cn"}, raw); err != nil {
		t.Fatal(err)
	}
	if got := r.got[0]; strings.Join(got.rcpts, ",") != "ann@example.cn,sam@example.cn" || got.from != "desk@loopdesk.example" || !bytes.Contains(got.data, []byte("hello")) {
		t.Errorf("relay got %+v", got)
	}
	var se *SendError
	if err := s.SendMessage(context.Background(), relay, nil, raw); !errors.As(err, &se) || !se.Permanent {
		t.Errorf("no recipients: %v", err)
	}
}

func TestSendClassifiesRefusals(t *testing.T) {
	r := startTLSRelay(t)
	s := &Sender{TLS: &tls.Config{RootCAs: r.pool}}
	for to, want := range map[string]SendError{"refuse@example.cn": {Code: 550, Permanent: true}, "later@example.cn": {Code: 451}} {
		j, m := mailOut("smtp://"+r.addr, to)
		var se *SendError
		if err := s.Send(context.Background(), j, m); !errors.As(err, &se) || se.Code != want.Code || se.Permanent != want.Permanent {
			t.Errorf("%s: %+v", to, err)
		}
	}
	// Nothing listening: no reply code, worth trying again.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	j, m := mailOut("smtp://"+closed, "wangzhe@example.cn")
	var se *SendError
	if err := s.Send(context.Background(), j, m); !errors.As(err, &se) || se.Code != 0 || se.Permanent {
		t.Errorf("no relay: %+v", err)
	}
}

func TestRelayPasswordFileMustBePrivate(t *testing.T) {
	t.Setenv(EnvPassword, "")
	if _, err := RelayPassword(store.MailRelay{}); err == nil || !strings.Contains(err.Error(), EnvPassword) {
		t.Errorf("no password anywhere: %v", err)
	}
	path := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(path, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if pw, err := RelayPassword(store.MailRelay{PasswordFile: path}); pw != "s3cret" || err != nil {
		t.Errorf("%q %v", pw, err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := RelayPassword(store.MailRelay{PasswordFile: path}); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("readable file: %v", err)
	}
}
