package server

import (
	"errors"
	"net"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// authorize is the public-key callback: a key is accepted when it is
// registered to an active agent. It decides only whether the key may log
// in; the session's identity is looked up again from sess.PublicKey(),
// because this callback also runs for keys the client merely offers and
// never proves it holds (CVE-2024-45337).
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	fp := gossh.FingerprintSHA256(key)
	log := s.log.With("remote", ctx.RemoteAddr().String(), "user", clientText(ctx.User()), "key", fp)
	if _, ok := key.(*gossh.Certificate); ok {
		log.Info("auth refused", "reason", "certificate")
		return false
	}
	a, err := s.store.AgentByKey(ctx, fp)
	switch {
	case errors.Is(err, store.ErrNotFound):
		log.Info("auth refused", "reason", "unknown key")
		return false
	case err != nil:
		log.Error("auth refused", "reason", "lookup failed", "err", err)
		return false
	}
	log.Debug("auth key acceptable", "agent", a.Name)
	return true
}

// admitConn is the connection callback, run before the SSH handshake:
// it applies the per-address rate and the pre-auth limits. A refused
// connection is closed at once; there is no SSH channel yet to explain on.
func (s *Server) admitConn(ctx ssh.Context, c net.Conn) net.Conn {
	remote, host := c.RemoteAddr().String(), hostOf(c.RemoteAddr())
	if !s.rate.allow(host, time.Now()) {
		s.log.Warn("limit hit", "limit", "rate", "remote", remote)
		return nil
	}
	if limit := s.preauth.acquire(host); limit != "" {
		s.log.Warn("limit hit", "limit", limit, "remote", remote)
		return nil
	}
	s.log.Info("connection", "remote", remote)
	ac := &admittedConn{Conn: c, srv: s, host: host}
	ctx.SetValue(admittedKey{}, ac)
	return ac
}

type admittedKey struct{}

// admittedFrom is the connection admitConn admitted for ctx.
func admittedFrom(ctx ssh.Context) *admittedConn {
	ac, _ := ctx.Value(admittedKey{}).(*admittedConn)
	return ac
}

// authLog is told of every completed authentication attempt; the first
// success (err nil) is when the connection stops counting as pre-auth.
// The public-key callback cannot tell: it also runs for keys merely
// offered.
func authLog(ctx ssh.Context) func(gossh.ConnMetadata, string, error) {
	return func(_ gossh.ConnMetadata, _ string, err error) {
		if ac := admittedFrom(ctx); err == nil && ac != nil {
			ac.authenticated()
		}
	}
}

// connFailed logs handshakes that did not end in an authenticated
// connection (refused keys, password attempts, scanners).
func (s *Server) connFailed(c net.Conn, err error) {
	s.log.Info("connection failed", "remote", c.RemoteAddr().String(), "err", err)
}

// clientText makes client-supplied text (user names, terminal types) safe
// and short for logs.
func clientText(s string) string { return textsafe.Truncate(textsafe.Line(s), 64) }
