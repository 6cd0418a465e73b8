// Package termclient is a scripted SSH terminal for tests and load runs:
// it logs in with a key, asks for a PTY, runs everything the server sends
// through a terminal emulator (charmbracelet/x/vt), answers the server's
// terminal queries the way a terminal would, and lets the caller wait until
// the emulated screen shows something. Reading the emulated screen, not the
// byte stream, matters: the Bubble Tea renderer sends only the cells that
// changed, so a word on screen rarely appears whole in the output.
package termclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// Options say how to connect.
type Options struct {
	Addr    string
	User    string
	Signer  gossh.Signer    // the key to log in with
	HostKey gossh.PublicKey // the server's key; required, clients never skip the check
	Width   int             // PTY size; 100×30 when zero
	Height  int
	Term    string            // "xterm-256color" when empty
	Env     map[string]string // sent before the shell starts (e.g. LANG)
	NoPTY   bool              // start a shell without a terminal
	// ZeroSize asks for a 0×0 PTY, as some clients do before they know
	// their size; the emulator stays Width×Height.
	ZeroSize bool
	// AskWidth×AskHeight, when set, is the PTY size asked for (a hostile
	// client's 100000×100000); the emulator stays Width×Height.
	AskWidth, AskHeight int
	Timeout             time.Duration // dial and handshake; 10 s when zero
}

// Client is one logged-in SSH session.
type Client struct {
	conn    *gossh.Client
	sess    *gossh.Session
	stdinMu sync.Mutex
	stdin   io.WriteCloser

	mu      sync.Mutex
	emu     *vt.Emulator
	stderr  bytes.Buffer  // the error stream, bounded to stderrLimit
	changed chan struct{} // signalled after output reaches the screen

	done    chan struct{} // closed when the session has ended
	exitErr error
}

// stderrLimit bounds the copy of the error stream kept for Stderr.
const stderrLimit = 64 << 10

// Dial connects, authenticates with opts.Signer and starts a shell (with a
// PTY unless opts.NoPTY).
func Dial(ctx context.Context, opts Options) (*Client, error) {
	if opts.Width <= 0 || opts.Height <= 0 {
		opts.Width, opts.Height = 100, 30
	}
	if opts.Term == "" {
		opts.Term = "xterm-256color"
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.HostKey == nil {
		return nil, errors.New("termclient: no host key to check the server against")
	}
	cfg := &gossh.ClientConfig{
		User:            opts.User,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(opts.Signer)},
		HostKeyCallback: gossh.FixedHostKey(opts.HostKey),
		Timeout:         opts.Timeout,
	}
	conn, err := DialConfig(ctx, opts.Addr, cfg)
	if err != nil {
		return nil, err
	}
	c, err := start(conn, opts)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

// DialConfig makes an SSH connection with any client configuration (tests
// use it for password and keyboard-interactive attempts).
func DialConfig(ctx context.Context, addr string, cfg *gossh.ClientConfig) (*gossh.Client, error) {
	ctx, cancel := context.WithTimeout(ctx, max(cfg.Timeout, time.Second))
	defer cancel()
	type result struct {
		c   *gossh.Client
		err error
	}
	ch := make(chan result, 1)
	go func() {
		c, err := gossh.Dial("tcp", addr, cfg)
		ch <- result{c, err}
	}()
	select {
	case r := <-ch:
		return r.c, r.err
	case <-ctx.Done():
		go func() {
			if r := <-ch; r.c != nil {
				r.c.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

func start(conn *gossh.Client, opts Options) (*Client, error) {
	sess, err := conn.NewSession()
	if err != nil {
		return nil, err
	}
	for k, v := range opts.Env {
		if err := sess.Setenv(k, v); err != nil {
			return nil, fmt.Errorf("setenv %s: %w", k, err)
		}
	}
	if !opts.NoPTY {
		w, h := opts.Width, opts.Height
		if opts.ZeroSize {
			w, h = 0, 0
		} else if opts.AskWidth > 0 || opts.AskHeight > 0 {
			w, h = opts.AskWidth, opts.AskHeight
		}
		if err := sess.RequestPty(opts.Term, h, w, gossh.TerminalModes{}); err != nil {
			return nil, fmt.Errorf("pty: %w", err)
		}
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := sess.StderrPipe()
	if err != nil {
		return nil, err
	}
	c := &Client{
		conn:    conn,
		sess:    sess,
		stdin:   stdin,
		emu:     vt.NewEmulator(opts.Width, opts.Height),
		changed: make(chan struct{}, 1),
		done:    make(chan struct{}),
	}
	if err := sess.Shell(); err != nil {
		return nil, fmt.Errorf("shell: %w", err)
	}
	var readers sync.WaitGroup
	readers.Add(2)
	go func() { defer readers.Done(); c.pump(stdout, nil) }()
	go func() { defer readers.Done(); c.pump(stderr, &c.stderr) }()
	go c.answer()
	go func() {
		err := sess.Wait()
		readers.Wait() // the last output is on screen before Done fires
		c.mu.Lock()
		c.exitErr = err
		c.mu.Unlock()
		close(c.done)
		// Ends answer. Closing the pipe rather than the emulator keeps
		// clear of the emulator's unguarded closed flag.
		if pw, ok := c.emu.InputPipe().(io.Closer); ok {
			pw.Close()
		}
	}()
	return c, nil
}

// pump feeds a stream from the server to the emulator (as a terminal shows
// stdout and stderr alike), keeping a copy in also.
func (c *Client) pump(r io.Reader, also *bytes.Buffer) {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			c.mu.Lock()
			_, _ = c.emu.Write(buf[:n])
			if also != nil && also.Len() < stderrLimit {
				also.Write(buf[:n])
			}
			c.mu.Unlock()
			select {
			case c.changed <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// answer sends the emulator's replies (to cursor, mode and colour
// queries) back to the server, as a real terminal would.
func (c *Client) answer() {
	buf := make([]byte, 1024)
	for {
		n, err := c.emu.Read(buf)
		if n > 0 {
			c.stdinMu.Lock()
			_, _ = c.stdin.Write(buf[:n])
			c.stdinMu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// Type sends keys as a terminal would encode them (plain text is itself;
// "\r" is enter, "\x1b" escape).
func (c *Client) Type(keys string) error {
	c.stdinMu.Lock()
	defer c.stdinMu.Unlock()
	_, err := io.WriteString(c.stdin, keys)
	return err
}

// Resize tells the server the window changed and resizes the emulator.
func (c *Client) Resize(w, h int) error {
	c.mu.Lock()
	c.emu.Resize(w, h)
	c.mu.Unlock()
	return c.sess.WindowChange(h, w)
}

// WindowChange tells the server the window changed without resizing the
// emulator (a size the client does not mean).
func (c *Client) WindowChange(w, h int) error { return c.sess.WindowChange(h, w) }

// Screen is the emulated screen's text, one line per row, trailing blanks
// trimmed.
func (c *Client) Screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.emu.String()
}

// Stderr is what the server sent on the error stream.
func (c *Client) Stderr() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stderr.String()
}

// ErrTimeout is returned by WaitFor when the screen never matched.
var ErrTimeout = errors.New("termclient: timed out")

// WaitFor re-checks the screen after every piece of output until cond holds
// (returning the matching screen), the session ends or timeout passes.
func (c *Client) WaitFor(timeout time.Duration, cond func(screen string) bool) (string, error) {
	var scr string
	err := c.waitUntil(timeout, func() bool { scr = c.Screen(); return cond(scr) })
	return scr, err
}

// waitUntil checks ok now and after every output until it holds, the
// session ends (after a last check) or timeout passes.
func (c *Client) waitUntil(timeout time.Duration, ok func() bool) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if ok() {
			return nil
		}
		select {
		case <-c.changed:
		case <-c.done:
			if ok() {
				return nil
			}
			return fmt.Errorf("termclient: session ended (%w) before the screen matched", c.ExitErr())
		case <-deadline.C:
			return ErrTimeout
		}
	}
}

// Row is line y of the screen, read cell by cell: a fraction of the cost
// of Screen, for a caller that knows where to look (the load test's
// hundreds of clients, each watching one card).
func (c *Client) Row(y int) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	for x := range c.emu.Bounds().Dx() {
		if cell := c.emu.CellAt(x, y); cell != nil {
			b.WriteString(cell.Content)
		}
	}
	return b.String()
}

// WaitRow waits until row y of the screen contains text.
func (c *Client) WaitRow(timeout time.Duration, y int, text string) error {
	return c.waitUntil(timeout, func() bool { return strings.Contains(c.Row(y), text) })
}

// WaitText waits until the screen contains all of texts.
func (c *Client) WaitText(timeout time.Duration, texts ...string) (string, error) {
	return c.WaitFor(timeout, func(s string) bool {
		for _, t := range texts {
			if !strings.Contains(s, t) {
				return false
			}
		}
		return true
	})
}

// ExitErr is the session's end: nil for exit status 0, a *gossh.ExitError
// otherwise. Only meaningful after Done.
func (c *Client) ExitErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.exitErr
}

// Wait waits up to timeout for the session to end and returns ExitErr.
func (c *Client) Wait(timeout time.Duration) error {
	select {
	case <-c.done:
		return c.ExitErr()
	case <-time.After(timeout):
		return ErrTimeout
	}
}

// Close hangs up and waits for the client's goroutines to finish.
func (c *Client) Close() error {
	err := c.conn.Close()
	<-c.done
	return err
}
