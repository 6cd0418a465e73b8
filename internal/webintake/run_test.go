package webintake

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestRunOnLoopback starts the server the way `loopdesk serve --http`
// does, posts through a real TCP connection, and stops it.
func TestRunOnLoopback(t *testing.T) {
	d := newDesk(t, Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // Run opens it again
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.srv.Run(ctx, addr) }()
	base := "http://" + addr
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil && resp.StatusCode == http.StatusOK {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not come up: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, out := post(t, base, d.token, `{"title":"Refund please","body":"I was charged twice"}`); code != http.StatusCreated || out["ticket"] != "FB-1001" {
		t.Fatalf("%d %v", code, out)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not stop")
	}
}
