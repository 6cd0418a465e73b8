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

// formGuard stops cross-site form posts. Each visitor gets a random cookie
// (HttpOnly, SameSite=Lax, so no other site can read it or send it with a
// POST) and the form a hidden token: the time it was issued and an HMAC of
// cookie and time under a key that lives only in this process's memory.
// A post needs a cookie and token that match, a token under formTTL old,
// and no browser header saying it came from elsewhere. A restart changes
// the key; forms opened before it are shown again to be re-sent.
type formGuard struct {
	key [32]byte
	now func() time.Time
}

func newFormGuard(now func() time.Time) *formGuard {
	g := &formGuard{now: now}
	rand.Read(g.key[:])
	return g
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
	issued := strconv.FormatInt(g.now().Unix(), 10)
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
	issued, mac, ok := strings.Cut(token, ".")
	if !ok {
		return formExpired
	}
	secs, err := strconv.ParseInt(issued, 10, 64)
	if err != nil {
		return formExpired
	}
	age := g.now().Sub(time.Unix(secs, 0))
	if age > formTTL || age < -formSkew {
		return formExpired
	}
	if !hmac.Equal([]byte(mac), []byte(g.sign(c.Value, issued))) {
		return formExpired
	}
	return formOK
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
