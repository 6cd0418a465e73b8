package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
