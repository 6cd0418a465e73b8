package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"net"
	netmail "net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/store"
)

// EnvPassword names the environment variable the relay password is read
// from when the relay has no password file.
const EnvPassword = "LOOPDESK_SMTP_PASSWORD"

// Sender mails replies through the company's relay (store.MailRelay): on
// smtp:// it switches to TLS with STARTTLS whenever the relay offers it,
// on smtps:// it speaks TLS from the start, and it sends the password
// only over TLS (or to a relay on this machine's loopback).
type Sender struct {
	TLS      *tls.Config   // nil: the system's roots, verifying the relay's host name
	Timeout  time.Duration // one whole send (default 30s)
	Hostname string        // the EHLO name (default os.Hostname)
}

// SendError is a send that failed. Code is the relay's SMTP reply code
// (0 when none came back); Permanent says trying again cannot help.
type SendError struct {
	Code      int
	Permanent bool
	Err       error
}

func (e *SendError) Error() string { return e.Err.Error() }
func (e *SendError) Unwrap() error { return e.Err }

// Send mails reply j as m describes. Every error is a *SendError.
func (s *Sender) Send(ctx context.Context, j store.DeliveryJob, m store.MailOut) error {
	raw, err := Compose(j, m, time.Now())
	if err != nil {
		return &SendError{Permanent: true, Err: err}
	}
	from, err := netmail.ParseAddress(m.Relay.From)
	if err != nil {
		return &SendError{Permanent: true, Err: fmt.Errorf("sender %q: %w", m.Relay.From, err)}
	}
	return sendError(s.send(ctx, m.Relay, from.Address, []string{m.To}, raw))
}

// SendMessage mails raw, a whole message with CRLF line ends, to every
// address of to through relay r, from the relay's sender. Every error is
// a *SendError.
func (s *Sender) SendMessage(ctx context.Context, r store.MailRelay, to []string, raw []byte) error {
	from, err := netmail.ParseAddress(r.From)
	if err != nil {
		return &SendError{Permanent: true, Err: fmt.Errorf("sender %q: %w", r.From, err)}
	}
	if len(to) == 0 {
		return &SendError{Permanent: true, Err: errors.New("no recipients")}
	}
	return sendError(s.send(ctx, r, from.Address, to, raw))
}

// sendError makes err a *SendError (nil stays nil), reading the relay's
// reply code when there is one.
func sendError(err error) error {
	if err == nil {
		return nil
	}
	var se *SendError
	var te *textproto.Error
	switch {
	case errors.As(err, &se):
	case errors.As(err, &te):
		se = &SendError{Code: te.Code, Permanent: te.Code >= 500, Err: fmt.Errorf("relay: %d %s", te.Code, te.Msg)}
	default:
		se = &SendError{Err: err}
	}
	return se
}

func (s *Sender) send(ctx context.Context, r store.MailRelay, from string, to []string, raw []byte) error {
	u, err := url.Parse(r.URL)
	if err != nil {
		return &SendError{Permanent: true, Err: fmt.Errorf("relay URL: %w", err)}
	}
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = map[bool]string{true: "465", false: "587"}[u.Scheme == "smtps"]
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(host, port))
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	if err := conn.SetDeadline(deadline); err != nil { // net/smtp takes no context: the deadline bounds every step
		return err
	}
	tlsCfg := s.tlsFor(host)
	if u.Scheme == "smtps" {
		tc := tls.Client(conn, tlsCfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return err
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	name := s.Hostname
	if name == "" {
		name, _ = os.Hostname()
	}
	if err := c.Hello(name); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok && u.Scheme == "smtp" {
		if err := c.StartTLS(tlsCfg); err != nil {
			return err
		}
	}
	if u.User != nil && u.User.Username() != "" {
		if err := s.auth(c, r, u.User.Username(), host); err != nil {
			return err
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(raw); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func (s *Sender) tlsFor(host string) *tls.Config {
	if s.TLS != nil {
		c := s.TLS.Clone()
		if c.ServerName == "" {
			c.ServerName = host
		}
		return c
	}
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}

// auth logs in with PLAIN, refusing to send the password in clear to
// anything but this machine (net/smtp's PlainAuth enforces the same).
func (s *Sender) auth(c *smtp.Client, r store.MailRelay, user, host string) error {
	if _, isTLS := c.TLSConnectionState(); !isTLS && !isLoopback(host) {
		return &SendError{Permanent: true, Err: fmt.Errorf("relay %s offers no STARTTLS: not sending the password in clear (use smtps:// if it speaks TLS on connect)", host)}
	}
	pw, err := RelayPassword(r)
	if err != nil {
		return &SendError{Err: err}
	}
	if ok, _ := c.Extension("AUTH"); !ok {
		return &SendError{Permanent: true, Err: fmt.Errorf("relay %s offers no AUTH, yet the relay URL names user %s", host, user)}
	}
	return c.Auth(smtp.PlainAuth("", user, pw, host))
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// RelayPassword is the relay's password: the first line of its password
// file, which others must not be able to read (as sshd refuses readable
// keys), or else $LOOPDESK_SMTP_PASSWORD of this process.
func RelayPassword(r store.MailRelay) (string, error) {
	if r.PasswordFile == "" {
		pw := os.Getenv(EnvPassword)
		if pw == "" {
			return "", fmt.Errorf("no relay password: set %s for the process that delivers replies (loopdesk serve, the board), or give the relay a password file", EnvPassword)
		}
		return pw, nil
	}
	fi, err := os.Stat(r.PasswordFile)
	if err != nil {
		return "", fmt.Errorf("relay password: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return "", fmt.Errorf("relay password file %s is readable by others (mode %#o); run: chmod 600 %s", r.PasswordFile, perm, r.PasswordFile)
	}
	if !fi.Mode().IsRegular() || fi.Size() > 4096 {
		return "", fmt.Errorf("relay password file %s: want a small regular file: %w", r.PasswordFile, fs.ErrInvalid)
	}
	data, err := os.ReadFile(r.PasswordFile)
	if err != nil {
		return "", fmt.Errorf("relay password: %w", err)
	}
	pw, _, _ := strings.Cut(string(data), "\n")
	pw = strings.TrimSuffix(pw, "\r")
	if pw == "" {
		return "", fmt.Errorf("relay password file %s is empty", r.PasswordFile)
	}
	return pw, nil
}

// SetRelay is `loopdesk channel set email --smtp-relay URL --from ADDR`:
// it checks the relay and its password file (if any) and stores it.
func SetRelay(ctx context.Context, st *store.Store, actor string, r store.MailRelay) error {
	if err := store.CheckRelay(r); err != nil {
		return err
	}
	if r.PasswordFile != "" {
		if _, err := RelayPassword(r); err != nil {
			return err
		}
	}
	return st.SetMailRelay(ctx, actor, r)
}
