package server

import (
	"fmt"
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

func TestSlotsReleaseOnceOnClose(t *testing.T) {
	s := make(slots, 1)
	if !s.tryAcquire() || s.tryAcquire() {
		t.Fatal("slots of capacity 1")
	}
	a, b := net.Pipe()
	defer b.Close()
	c := &slotConn{Conn: a, release: s.release}
	c.Close()
	c.Close() // a second close must not release again (it would block or over-release)
	if !s.tryAcquire() {
		t.Fatal("slot not released on close")
	}
}
