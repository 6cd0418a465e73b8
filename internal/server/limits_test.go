package server

import (
	"fmt"
	"log/slog"
	"net"
	"testing"
	"time"
)

func TestRateLimiterTokenBucket(t *testing.T) {
	l := newRateLimiter(2, 3, 100) // 3 at once, then 2 per second
	t0 := time.Unix(1000, 0)
	for i := range 3 {
		if !l.allow("10.0.0.1", t0) {
			t.Fatalf("burst connection %d refused", i+1)
		}
	}
	if l.allow("10.0.0.1", t0) {
		t.Fatal("fourth connection at once allowed")
	}
	if !l.allow("10.0.0.2", t0) {
		t.Fatal("another address shares the first one's bucket")
	}
	if !l.allow("10.0.0.1", t0.Add(500*time.Millisecond)) {
		t.Fatal("no token after half a second at 2/s")
	}
	if l.allow("10.0.0.1", t0.Add(500*time.Millisecond)) {
		t.Fatal("two tokens after half a second at 2/s")
	}
	if newRateLimiter(0, 5, 10).allow("x", t0) != true {
		t.Fatal("rate 0 should mean no limit")
	}
}

func TestRateLimiterStaysBounded(t *testing.T) {
	l := newRateLimiter(1, 1, 100)
	t0 := time.Unix(1000, 0)
	for i := range 10_000 {
		l.allow(fmt.Sprintf("10.0.%d.%d", i/256, i%256), t0) // all buckets empty, none evictable as refilled
	}
	if n := len(l.buckets); n > 100 {
		t.Fatalf("%d buckets kept, bound is 100", n)
	}
	// An address that was evicted starts over with a full bucket: at worst
	// a flood of addresses loosens the limit, never locks anyone out.
	if !l.allow("10.0.0.0", t0) {
		t.Fatal("evicted address refused")
	}
}

func TestHostOf(t *testing.T) {
	for _, c := range []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.ParseIP("192.0.2.7"), Port: 5555}, "192.0.2.7"},
		{&net.TCPAddr{IP: net.ParseIP("2001:db8::1"), Port: 22}, "2001:db8::1"},
		{&net.UnixAddr{Name: "/tmp/s", Net: "unix"}, "/tmp/s"},
	} {
		if got := hostOf(c.addr); got != c.want {
			t.Errorf("hostOf(%v) = %q, want %q", c.addr, got, c.want)
		}
	}
}

func TestAdmittedConnHoldsOnePlaceAtATime(t *testing.T) {
	srv := &Server{preauth: newPreauth(2, 1), conns: make(slots, 1), log: slog.New(slog.DiscardHandler)}
	dial := func(host string) *admittedConn {
		a, b := net.Pipe()
		t.Cleanup(func() { b.Close() })
		if limit := srv.preauth.acquire(host); limit != "" {
			t.Fatalf("%s refused: %s", host, limit)
		}
		return &admittedConn{Conn: a, srv: srv, host: host}
	}
	x := dial("192.0.2.1")
	if limit := srv.preauth.acquire("192.0.2.1"); limit != "preauth_per_address" {
		t.Fatalf("second pre-auth connection from one address: %q", limit)
	}
	y := dial("192.0.2.2")
	if limit := srv.preauth.acquire("192.0.2.3"); limit != "preauth" {
		t.Fatalf("pre-auth connection past the total: %q", limit)
	}
	// Authenticating moves x to the only slot and frees its pre-auth place.
	x.authenticated()
	if !x.openChannel() || srv.preauth.acquire("192.0.2.1") != "" {
		t.Fatal("authenticated connection kept its pre-auth place")
	}
	srv.preauth.release("192.0.2.1")
	// y authenticates with no slot left: it is closed, holding nothing.
	y.authenticated()
	if y.openChannel() {
		t.Fatal("connection without a slot opened a channel")
	}
	x.Close()
	x.Close() // a second close must not release again (it would block)
	if !srv.conns.tryAcquire() || srv.preauth.total != 0 || len(srv.preauth.byHost) != 0 {
		t.Fatalf("places left after close: slots %d, pre-auth %d %v", len(srv.conns), srv.preauth.total, srv.preauth.byHost)
	}
}
