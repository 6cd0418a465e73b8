package webintake

import (
	"math"
	"net"
	"net/netip"
	"sync"
	"time"
)

// Rate defaults: an integration sends batches, a person sends a form now
// and then. Both allow a burst, then refill steadily.
const (
	DefaultAPIRate   = 10     // API requests per second per address, sustained
	DefaultAPIBurst  = 100    // API requests an address may send at once
	DefaultFormRate  = 0.5    // form, survey pages and posts per second per address
	DefaultFormBurst = 30     // form, survey pages and posts an address may make at once
	DefaultAddresses = 10_000 // addresses each limiter tracks
)

// limiter is a token bucket per client address. Its memory is bounded: at
// most max addresses are tracked, so an attacker rotating addresses cannot
// grow it. When full, addresses whose bucket has refilled are forgotten
// (they are as good as new), and failing that a random one is: evicting
// can hand an address a fresh burst, which costs the attacker as many
// addresses as it gains requests.
type limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	max     int
	now     func() time.Time
	buckets map[netip.Prefix]bucket
	swept   time.Time // last sweep for refilled buckets
}

type bucket struct {
	tokens float64
	at     time.Time // when tokens was last brought up to date
}

// newLimiter returns a limiter, or nil (no limit) if rate is negative.
func newLimiter(rate float64, burst, max int, now func() time.Time) *limiter {
	if rate < 0 {
		return nil
	}
	return &limiter{rate: rate, burst: float64(burst), max: max, now: now, buckets: make(map[netip.Prefix]bucket)}
}

// allow takes a token for the client at remoteAddr (host:port), or says
// how long until one is due. A nil limiter allows everything.
func (l *limiter) allow(remoteAddr string) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	key := clientKey(remoteAddr)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if ok {
		b.tokens = l.refill(b, now)
	} else {
		l.makeRoom(now)
		b.tokens = l.burst
	}
	b.at = now
	if b.tokens < 1 {
		l.buckets[key] = b
		wait := time.Duration(math.Ceil((1 - b.tokens) / l.rate * float64(time.Second)))
		return false, wait
	}
	b.tokens--
	l.buckets[key] = b
	return true, 0
}

func (l *limiter) refill(b bucket, now time.Time) float64 {
	return min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
}

// makeRoom frees a slot when the map is full.
func (l *limiter) makeRoom(now time.Time) {
	if len(l.buckets) < l.max {
		return
	}
	// A full sweep at most once per refill time keeps a rotating attack
	// from making every request O(max).
	if now.Sub(l.swept).Seconds() >= l.burst/l.rate {
		l.swept = now
		for k, b := range l.buckets {
			if l.refill(b, now) >= l.burst {
				delete(l.buckets, k)
			}
		}
	}
	for k := range l.buckets { // map order is random
		if len(l.buckets) < l.max {
			break
		}
		delete(l.buckets, k)
	}
}

// clientKey is what one client is: its IPv4 address, or its IPv6 /64,
// since one subscriber usually holds a whole /64.
func clientKey(remoteAddr string) netip.Prefix {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Prefix{} // unparseable: all such clients share a bucket
	}
	addr = addr.Unmap().WithZone("")
	if addr.Is4() {
		return netip.PrefixFrom(addr, 32)
	}
	p, _ := addr.Prefix(64)
	return p
}
