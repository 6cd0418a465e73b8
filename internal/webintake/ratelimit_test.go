package webintake

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// clientFrom is an HTTP client whose connections come from the loopback
// address ip (Linux routes all of 127.0.0.0/8 to lo).
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}}
}

func apiStatus(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u+"/api/v1/feedback", strings.NewReader(`{}`))
	req.Header.Set("Authorization", "Bearer wrong")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

func TestAPIRateLimitPerAddress(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	d := newDesk(t, Options{APIRate: 0.5, APIBurst: 3, Now: clock.now})
	hs := d.serve(t)
	one, two := clientFrom("127.0.0.1"), clientFrom("127.0.0.2")
	for i := range 3 {
		if code, _ := apiStatus(t, one, hs.URL); code != http.StatusUnauthorized {
			t.Fatalf("request %d within the burst: %d", i+1, code)
		}
	}
	code, retry := apiStatus(t, one, hs.URL)
	if code != http.StatusTooManyRequests || retry != "2" {
		t.Fatalf("over the burst: %d, Retry-After %q; want 429 and 2", code, retry)
	}
	if code, _ := apiStatus(t, two, hs.URL); code != http.StatusUnauthorized {
		t.Errorf("another address was limited too: %d", code)
	}
	clock.add(2 * time.Second)
	if code, _ := apiStatus(t, one, hs.URL); code != http.StatusUnauthorized {
		t.Errorf("after Retry-After: %d", code)
	}
}

func TestFormRateLimit(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	hs := newDesk(t, Options{FormRate: 0.1, FormBurst: 2, Now: clock.now}).serve(t)
	c := browser(t)
	_, token := openForm(t, c, hs.URL, nil)
	if code, _ := send(t, c, hs.URL, url.Values{"token": {token}, "message": {"the app crashes on start"}}, nil); code != http.StatusOK {
		t.Fatalf("first post: %d", code)
	}
	resp, err := c.Get(hs.URL + "/feedback?lang=zh")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "10" {
		t.Fatalf("third request: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// An attacker rotating addresses cannot grow the limiter's memory.
func TestRateLimiterMemoryIsBounded(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	d := newDesk(t, Options{APIRate: 1, APIBurst: 1, MaxAddresses: 4, Now: clock.now})
	hs := d.serve(t)
	for i := 1; i <= 12; i++ {
		apiStatus(t, clientFrom(fmt.Sprintf("127.0.0.%d", i)), hs.URL)
	}
	d.srv.api.mu.Lock()
	n := len(d.srv.api.buckets)
	d.srv.api.mu.Unlock()
	if n > 4 {
		t.Fatalf("%d addresses tracked, want at most 4", n)
	}

	l := newLimiter(1, 5, 1000, clock.now)
	for i := range 100_000 {
		l.allow(fmt.Sprintf("[2001:db8:%x::1]:443", i))
		l.allow(fmt.Sprintf("10.%d.%d.%d:1", i>>16&0xff, i>>8&0xff, i&0xff))
	}
	if len(l.buckets) > 1000 {
		t.Fatalf("%d addresses tracked, want at most 1000", len(l.buckets))
	}
	// One IPv6 /64 is one client.
	l = newLimiter(1, 1, 1000, clock.now)
	if ok, _ := l.allow("[2001:db8::1]:1"); !ok {
		t.Fatal("first request refused")
	}
	if ok, _ := l.allow("[2001:db8::ffff:2]:2"); ok {
		t.Error("another address of the same /64 got a bucket of its own")
	}
}

// Used form tokens are remembered until they expire, within a bound.
func TestUsedTokensAreBounded(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	g := newFormGuard(clock.now)
	g.max = 3
	tok := func(i int) string { return fmt.Sprintf("%d.mac%d", clock.now().Unix(), i) }
	for i := range 5 {
		if _, ok := g.claim(tok(i)); !ok {
			t.Fatalf("token %d refused on first use", i)
		}
	}
	if len(g.used) > 3 {
		t.Fatalf("%d tokens remembered, want at most 3", len(g.used))
	}
	if _, ok := g.claim(tok(4)); ok {
		t.Fatal("a recent token was accepted twice")
	}
	g.done(tok(4), 0, true) // storing it failed: it may be sent again
	if _, ok := g.claim(tok(4)); !ok {
		t.Fatal("a token whose post failed was refused")
	}
	clock.add(formTTL + formSkew + time.Second)
	g.claim(fmt.Sprintf("%d.fresh", clock.now().Unix()))
	if len(g.used) != 1 {
		t.Fatalf("%d tokens remembered after the others expired, want 1", len(g.used))
	}
}
