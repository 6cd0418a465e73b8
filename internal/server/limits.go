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

// slots is a counting semaphore for open connections.
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

// slotConn gives its slot back when the connection closes, however it
// closes (client hang-up, handshake failure, shutdown).
type slotConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *slotConn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}
