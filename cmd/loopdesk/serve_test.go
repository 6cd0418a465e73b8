package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/store/storetest"
)

// TestServeHTTPOnly runs `serve --listen "" --http ADDR` and posts to it
// with a token from `channel add`. A Go test, not a script: it needs a free
// port, a server in the background and an HTTP client.
func TestServeHTTPOnly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	token := strings.SplitN(mustCLI(t, db, "ada", "channel", "add", "partner", "--kind", "email"), "\n", 2)[0]
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--as", "ada", "--listen", "", "--http", addr}, &out, io.Discard)
	}()
	var resp *http.Response
	for range 250 {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/api/v1/feedback", strings.NewReader(`{"title":"Refund please","body":"charged twice"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		if resp, err = http.DefaultClient.Do(req); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("post: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if !strings.Contains(out.String(), "taking feedback on http://"+addr) {
		t.Errorf("serve said: %s", out.String())
	}
	if out := mustCLI(t, db, "ada", "ticket", "show", "FB-1001"); !strings.Contains(out, "Refund please") {
		t.Fatalf("ticket not stored:\n%s", out)
	}
}

// TestServePortInUse: every listener is bound before serve says it is
// serving, so a taken port is one error line and nothing on stdout.
func TestServePortInUse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	mustCLI(t, db, "ada", "channel", "add", "email", "--kind", "email")
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	free := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		return ln.Addr().String()
	}
	busy := taken.Addr().String()
	for name, args := range map[string][]string{
		"ssh":  {"--listen", busy},
		"http": {"--listen", free(), "--http", busy},
		"smtp": {"--listen", "", "--http", free(), "--smtp", busy, "--smtp-to", "support@example.com"},
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), append([]string{"serve", "--db", db, "--as", "ada"}, args...), &out, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "serve: listen "+busy) || !strings.Contains(err.Error(), "address already in use") {
				t.Fatalf("err = %v", err)
			}
			if out.Len() != 0 {
				t.Errorf("serve announced before failing: %q", out.String())
			}
		})
	}
}

// TestServePostgres serves a desk on PostgreSQL over SSH: the host key is
// made in the data directory beside the desk secret, named after the
// desk (a URL has no directory to put it beside), and neither the banner
// nor the log shows the password in the URL.
func TestServePostgres(t *testing.T) {
	db := withPassword(storetest.Postgres(t), "s3cret-pw")
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	mustCLI(t, db, "ada", "ticket", "new", "--title", "before the server")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var log lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--as", "ada", "--listen", addr}, outW, &log)
		outW.Close()
	}()
	banner, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("serve said nothing: %v (log: %s)", err, log.String())
	}
	go func() { _, _ = io.Copy(io.Discard, outR) }()
	if !strings.HasPrefix(banner, "loopdesk serving postgres://postgres:xxxxx@") {
		t.Errorf("banner: %q", banner)
	}
	key := store.DeskFile(db, ".hostkey")
	if dir, _ := store.DataDir(); filepath.Dir(key) != dir || !strings.HasSuffix(key, ".hostkey") {
		t.Errorf("host key at %s, want in %s", key, dir)
	}
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("host key %s: %v %v", key, fi, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if all := banner + log.String(); strings.Contains(all, "s3cret") {
		t.Errorf("password printed:\n%s", all)
	}
}

// lockedBuffer is a buffer a server goroutine writes while a test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
