package server

import (
	"strings"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Everything a client asks of a session is vetted here, before the ssh
// library sees it: the library keeps every env request in a slice without
// limit, and sizes the session's terminal (and so every buffer the board
// allocates) from the numbers in pty-req and window-change as they come.
const (
	// maxWidth × maxHeight is the largest board a client gets, whatever
	// size it asks for: wider than any real screen at a readable font.
	maxWidth  = 500
	maxHeight = 200
	// maxPixels bounds the pixel sizes passed along with a window size.
	maxPixels = 1 << 16
	// maxEnvVars, maxEnvKey and maxEnvValue bound what env requests can
	// store per session; the board reads only TERM and the locale.
	maxEnvVars  = 16
	maxEnvKey   = 32
	maxEnvValue = 256
	// maxTerm bounds the terminal type of a pty-req.
	maxTerm = 64
	// maxChannelsPerConn bounds the sessions one connection may open at
	// once (ssh multiplexing opens a few; each holds its requests).
	maxChannelsPerConn = 4
)

// Size used when a client reports no size (some send 0×0 first).
const (
	fallbackWidth  = 80
	fallbackHeight = 24
)

// clampSize is the board size for a size a client reported: zero becomes
// the fallback, anything past the maximum the maximum.
func clampSize(w, h int) (int, int) {
	if w <= 0 {
		w = fallbackWidth
	}
	if h <= 0 {
		h = fallbackHeight
	}
	return min(w, maxWidth), min(h, maxHeight)
}

// sessionChannel is the handler for "session" channels: it caps the
// sessions per connection and hands the library's session handler a
// channel whose requests have been vetted.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	ac := admittedFrom(ctx)
	if ac == nil || !ac.openChannel() {
		_ = nc.Reject(gossh.ResourceShortage, "too many sessions on one connection")
		return
	}
	defer ac.closeChannel()
	ssh.DefaultSessionHandler(srv, conn, vettedChannel{nc}, ctx)
}

// vettedChannel is a new session channel whose requests pass vetRequests.
type vettedChannel struct{ gossh.NewChannel }

func (c vettedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := c.NewChannel.Accept()
	if err != nil {
		return nil, nil, err
	}
	out := make(chan *gossh.Request)
	go vetRequests(in, out)
	return ch, out, nil
}

// vetRequests passes on the requests a board session uses, rewritten to
// bounded sizes, and refuses the rest. It ends when in does (the channel
// or connection closed).
func vetRequests(in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	env := 0
	for req := range in {
		ok := false
		switch req.Type {
		case "shell", "exec":
			// exec is refused by the session with a hint at ssh -t.
			ok = true
		case "pty-req":
			ok = clampPtyRequest(req)
		case "window-change":
			ok = clampWindowChange(req)
		case "env":
			ok = env < maxEnvVars && envAllowed(req.Payload)
			if ok {
				env++
			}
		}
		// Everything else (x11-req, auth-agent-req@openssh.com,
		// subsystem, signal, break, …) is refused.
		if !ok {
			_ = req.Reply(false, nil)
			continue
		}
		out <- req
	}
}

// envAllowed reports whether an env request sets a variable the board
// reads (TERM, LANG, LC_*) to a value of sane length.
func envAllowed(payload []byte) bool {
	var kv struct{ Key, Value string }
	if gossh.Unmarshal(payload, &kv) != nil || len(kv.Key) > maxEnvKey || len(kv.Value) > maxEnvValue {
		return false
	}
	return kv.Key == "TERM" || kv.Key == "LANG" || strings.HasPrefix(kv.Key, "LC_") && validEnvName(kv.Key)
}

func validEnvName(k string) bool {
	for _, r := range k {
		if (r < 'A' || r > 'Z') && r != '_' {
			return false
		}
	}
	return true
}

// ptyRequest is RFC 4254 §6.2's pty-req payload.
type ptyRequest struct {
	Term              string
	Columns, Rows     uint32
	WidthPx, HeightPx uint32
	Modes             string
}

// windowChange is RFC 4254 §6.7's window-change payload.
type windowChange struct {
	Columns, Rows     uint32
	WidthPx, HeightPx uint32
}

// clampPtyRequest rewrites req's size to a bounded one; it refuses a
// malformed request or an oversized terminal type.
func clampPtyRequest(req *gossh.Request) bool {
	var p ptyRequest
	if gossh.Unmarshal(req.Payload, &p) != nil || len(p.Term) > maxTerm {
		return false
	}
	p.Columns, p.Rows, p.WidthPx, p.HeightPx = clampWire(p.Columns, p.Rows, p.WidthPx, p.HeightPx)
	req.Payload = gossh.Marshal(&p)
	return true
}

// clampWindowChange rewrites req's size to a bounded one.
func clampWindowChange(req *gossh.Request) bool {
	var w windowChange
	if gossh.Unmarshal(req.Payload, &w) != nil {
		return false
	}
	w.Columns, w.Rows, w.WidthPx, w.HeightPx = clampWire(w.Columns, w.Rows, w.WidthPx, w.HeightPx)
	req.Payload = gossh.Marshal(&w)
	return true
}

// clampWire applies clampSize to sizes as they travel (uint32, so a
// value past int32 cannot turn negative on the way).
func clampWire(cols, rows, wpx, hpx uint32) (uint32, uint32, uint32, uint32) {
	w, h := clampSize(int(min(cols, maxWidth+1)), int(min(rows, maxHeight+1)))
	return uint32(w), uint32(h), min(wpx, maxPixels), min(hpx, maxPixels)
}
