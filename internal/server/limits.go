package server

import (
	"net"
	"sync"
	"time"
)

// maxRateEntries bounds the per-address buckets, so a flood from many
// addresses cannot grow the map without limit.
const maxRateEntries = 10_000

// rateLimiter is a token bucket per remote address: an address may open
// burst connections at once, then rate per second.
type rateLimiter struct {
	rate  float64
	burst float64
	max   int

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// newRateLimiter returns nil (no limit) when rate <= 0.
func newRateLimiter(rate float64, burst, maxEntries int) *rateLimiter {
	if rate <= 0 {
		return nil
	}
	return &rateLimiter{rate: rate, burst: float64(max(burst, 1)), max: maxEntries, buckets: map[string]*bucket{}}
}

// allow takes a token from addr's bucket if it has one.
func (l *rateLimiter) allow(addr string, now time.Time) bool {
	if l == nil {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[addr]
	if !ok {
		if len(l.buckets) >= l.max {
			l.evict(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[addr] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// evict drops buckets that have refilled (a new bucket would be the same),
// then, if a flood of addresses keeps the map full, arbitrary ones down to
// three quarters, so eviction is not paid on every new address. A dropped
// address merely starts again with a full bucket.
func (l *rateLimiter) evict(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
	for k := range l.buckets {
		if len(l.buckets) <= l.max*3/4 {
			break
		}
		delete(l.buckets, k)
	}
}

// hostOf is the address part of a remote address: buckets are per host,
// not per source port.
func hostOf(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// slots is a counting semaphore for authenticated connections.
type slots chan struct{}

func (s slots) tryAcquire() bool {
	select {
	case s <- struct{}{}:
		return true
	default:
		return false
	}
}

func (s slots) release() { <-s }

// preauth counts connections that have not authenticated yet, in all and
// per address, so that a few addresses holding idle connections open
// cannot keep agents from reaching the key exchange.
type preauth struct {
	max, perHost int

	mu     sync.Mutex
	total  int
	byHost map[string]int // at most max entries
}

func newPreauth(max, perHost int) *preauth {
	return &preauth{max: max, perHost: perHost, byHost: map[string]int{}}
}

// acquire takes a place for a connection from host; it reports which
// limit refused it ("" when admitted).
func (p *preauth) acquire(host string) (refused string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.byHost[host] >= p.perHost:
		return "preauth_per_address"
	case p.total >= p.max:
		return "preauth"
	}
	p.total++
	p.byHost[host]++
	return ""
}

func (p *preauth) release(host string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total--
	if p.byHost[host]--; p.byHost[host] <= 0 {
		delete(p.byHost, host)
	}
}

// admittedConn is a connection past admitConn. It holds a pre-auth place
// until it authenticates, then a slot; it gives back whichever it holds
// when it closes, however it closes (client hang-up, handshake failure,
// shutdown). It also counts its open session channels.
type admittedConn struct {
	net.Conn
	srv  *Server
	host string

	mu       sync.Mutex
	state    connState
	channels int
}

type connState int

const (
	connPreauth connState = iota
	connAuthed
	connClosed
)

// authenticated moves c from its pre-auth place to a slot. With every
// slot taken it closes c: there is no channel yet to explain on, and the
// session cap's message covers the case that matters (slots exceed it).
func (c *admittedConn) authenticated() {
	c.mu.Lock()
	if c.state != connPreauth {
		c.mu.Unlock()
		return
	}
	c.srv.preauth.release(c.host)
	full := !c.srv.conns.tryAcquire()
	if full {
		c.state = connClosed
	} else {
		c.state = connAuthed
	}
	c.mu.Unlock()
	if full {
		c.srv.log.Warn("limit hit", "limit", "connections", "remote", c.RemoteAddr().String(), "max", cap(c.srv.conns))
		_ = c.Conn.Close()
	}
}

func (c *admittedConn) Close() error {
	c.mu.Lock()
	switch c.state {
	case connPreauth:
		c.srv.preauth.release(c.host)
	case connAuthed:
		c.srv.conns.release()
	}
	c.state = connClosed
	c.mu.Unlock()
	return c.Conn.Close()
}

func (c *admittedConn) openChannel() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != connAuthed || c.channels >= maxChannelsPerConn {
		return false
	}
	c.channels++
	return true
}

func (c *admittedConn) closeChannel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.channels--
}
