package loadtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/loopdesk/loopdesk/internal/server"
)

// clients is the running client process.
type clients struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan string
	done  chan struct{}
}

func startClients(ctx context.Context, o Options, srv *server.Server, d *desk) (*clients, error) {
	hostKey := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(srv.HostKey())))
	cmd := o.Clients(ctx, []string{"--addr", srv.Addr().String(), "--host-key", hostKey, "--keys", d.keyFile,
		"--marker", marker(0), "--width", strconv.Itoa(o.Width), "--height", strconv.Itoa(o.Height)})
	cmd.Stderr = o.Log
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start clients: %w", err)
	}
	c := &clients{cmd: cmd, in: in, lines: make(chan string, 16), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	return c, nil
}

func (c *clients) send(line string) error {
	_, err := io.WriteString(c.in, line+"\n")
	return err
}

// expect waits for the line starting with prefix and returns its other
// fields.
func (c *clients) expect(ctx context.Context, prefix string, timeout time.Duration) ([]string, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		select {
		case l := <-c.lines:
			if rest, ok := strings.CutPrefix(l, prefix); ok {
				return strings.Fields(rest), nil
			}
			if msg, ok := strings.CutPrefix(l, "error "); ok {
				return nil, errors.New("clients: " + msg)
			}
		case <-c.done:
			return nil, errors.New("client process ended early")
		case <-t.C:
			return nil, fmt.Errorf("no %q within %v", prefix, timeout)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// stop asks the child to hang up and waits for it, killing it if it
// lingers; lines still coming are discarded so the reader can finish.
func (c *clients) stop() {
	_ = c.send("quit")
	_ = c.in.Close()
	linger := time.After(10 * time.Second)
	for {
		select {
		case <-c.lines:
		case <-c.done:
			_ = c.cmd.Wait()
			return
		case <-linger:
			_ = c.cmd.Process.Kill()
		}
	}
}

// lockedWriter serialises writes from several goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
