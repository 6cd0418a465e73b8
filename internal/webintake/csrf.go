package webintake

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	formCookie = "loopdesk_form"
	// formTTL is how long a rendered form may wait before it is sent:
	// long enough to write a careful complaint.
	formTTL = 2 * time.Hour
	// formSkew tolerates a token issued a moment "in the future" by a
	// clock step.
	formSkew = time.Minute
)

// maxUsedTokens bounds the used form tokens kept (about 100 bytes each).
const maxUsedTokens = 100_000

// formGuard stops cross-site form posts. Each visitor gets a random cookie
// (HttpOnly, SameSite=Lax, so no other site can read it or send it with a
// POST) and the form a hidden token: the time it was issued and an HMAC of
// cookie and time under a key that lives only in this process's memory.
// A post needs a cookie and token that match, a token under formTTL old,
// and no browser header saying it came from elsewhere. A restart changes
// the key; forms opened before it are shown again to be re-sent.
//
// A token works once: the guard remembers the tokens sent until they
// expire, at most maxUsedTokens of them. When that many unexpired tokens
// are remembered, the oldest is forgotten (and could be sent once more):
// the form stays available, and the rate limit bounds such replays.
type formGuard struct {
	key [32]byte
	now func() time.Time
	max int // tokens remembered

	mu    sync.Mutex
	used  map[string]*usedToken
	order []string // used's keys, oldest first, from head on
	head  int
}

// usedToken is what the guard remembers of a sent form.
type usedToken struct {
	expires time.Time
	ticket  int64 // the ticket it created, if any
	failed  bool  // storing it failed: it may be sent again
}

func newFormGuard(now func() time.Time) *formGuard {
	g := &formGuard{now: now, max: maxUsedTokens, used: make(map[string]*usedToken)}
	rand.Read(g.key[:])
	return g
}

// claim marks a checked token as sent. If it was sent before, it returns
// the earlier use and false.
func (g *formGuard) claim(token string) (usedToken, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if u, ok := g.used[token]; ok && now.Before(u.expires) {
		if !u.failed {
			return *u, false
		}
		u.failed = false
		return usedToken{}, true
	}
	g.forget(now)
	issued, _ := issuedAt(token) // check has parsed it
	g.used[token] = &usedToken{expires: issued.Add(formTTL + formSkew)}
	g.order = append(g.order, token)
	return usedToken{}, true
}

// done records what a claimed token's post came to: the ticket it made,
// or a failure to store it, which frees the token to be sent again.
func (g *formGuard) done(token string, ticket int64, failed bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if u, ok := g.used[token]; ok {
		u.ticket, u.failed = ticket, failed
	}
}

// forget drops expired tokens from the front, and the oldest ones while
// there is no room for another.
func (g *formGuard) forget(now time.Time) {
	for g.head < len(g.order) {
		tok := g.order[g.head]
		if u, ok := g.used[tok]; ok && now.Before(u.expires) && len(g.used) < g.max {
			break
		}
		delete(g.used, tok)
		g.order[g.head] = ""
		g.head++
	}
	if g.head > len(g.order)/2 {
		n := copy(g.order, g.order[g.head:])
		clear(g.order[n:])
		g.order, g.head = g.order[:n], 0
	}
}

// issue returns the hidden token for a form, setting the visitor's cookie
// if the request has none.
func (g *formGuard) issue(w http.ResponseWriter, r *http.Request) string {
	visitor := ""
	if c, err := r.Cookie(formCookie); err == nil && validVisitor(c.Value) {
		visitor = c.Value
	} else {
		b := make([]byte, 18)
		rand.Read(b)
		visitor = base64.RawURLEncoding.EncodeToString(b)
		http.SetCookie(w, &http.Cookie{
			Name: formCookie, Value: visitor, Path: "/feedback",
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil,
		})
	}
	// The nonce makes every rendering's token its own, so that using one
	// up leaves the visitor's other open forms working.
	nonce := make([]byte, 9)
	rand.Read(nonce)
	issued := strconv.FormatInt(g.now().Unix(), 10) + "." + base64.RawURLEncoding.EncodeToString(nonce)
	return issued + "." + g.sign(visitor, issued)
}

func (g *formGuard) sign(visitor, issued string) string {
	m := hmac.New(sha256.New, g.key[:])
	m.Write([]byte(visitor + "|" + issued))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Why a form post was refused.
type formRefusal int

const (
	formOK       formRefusal = iota
	formNoCookie             // cookies are off, or the post came from elsewhere
	formExpired              // too old, from before a restart, or forged
	formCrossSite
)

// check verifies a form post's token against its cookie and headers.
func (g *formGuard) check(r *http.Request, token string) formRefusal {
	if crossSite(r) {
		return formCrossSite
	}
	c, err := r.Cookie(formCookie)
	if err != nil || !validVisitor(c.Value) {
		return formNoCookie
	}
	// issued is "seconds.nonce", signed whole.
	cut := strings.LastIndexByte(token, '.')
	if cut < 0 {
		return formExpired
	}
	issued, mac := token[:cut], token[cut+1:]
	secs, err := issuedAt(issued)
	if err != nil {
		return formExpired
	}
	age := g.now().Sub(secs)
	if age > formTTL || age < -formSkew {
		return formExpired
	}
	if !hmac.Equal([]byte(mac), []byte(g.sign(c.Value, issued))) {
		return formExpired
	}
	return formOK
}

// issuedAt reads the time a token (or its signed part) was issued.
func issuedAt(token string) (time.Time, error) {
	secs, _, _ := strings.Cut(token, ".")
	n, err := strconv.ParseInt(secs, 10, 64)
	return time.Unix(n, 0), err
}

// validVisitor bounds what a cookie may hold before it is signed.
func validVisitor(v string) bool {
	if len(v) == 0 || len(v) > 64 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil
}

// crossSite reports browser headers saying the post came from another
// site. Browsers send Sec-Fetch-Site and Origin on form posts; a missing
// header (an old browser, a script) is left to the token check.
func crossSite(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	return err != nil || !strings.EqualFold(u.Host, r.Host)
}
