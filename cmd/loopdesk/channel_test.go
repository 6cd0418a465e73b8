package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestChannelTokens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	mustCLI(t, db, "ada", "agent", "list") // first user: admin
	mustCLI(t, db, "ada", "agent", "add", "bob", "--role", "agent")
	out := mustCLI(t, db, "ada", "channel", "add", "website", "--kind", "web")
	token := strings.SplitN(out, "\n", 2)[0]
	if !strings.HasPrefix(token, "ldk_") || !strings.Contains(out, "shown only this once") {
		t.Fatalf("add: %s", out)
	}
	if out, err := cli(t, db, "ada", "channel", "add", "app", "--kind", "fax"); err == nil {
		t.Fatalf("kind fax accepted: %s", out)
	}
	if _, err := cli(t, db, "bob", "channel", "add", "app", "--kind", "inapp"); err == nil || !strings.Contains(err.Error(), "admin") {
		t.Fatalf("agent added a channel: %v", err)
	}
	out = mustCLI(t, db, "ada", "channel", "list")
	if !strings.Contains(out, "website") || !strings.Contains(out, "web") || strings.Contains(out, token) {
		t.Fatalf("list: %s", out)
	}
	var listed map[string]string
	if err := json.Unmarshal([]byte(mustCLI(t, db, "ada", "channel", "list", "--json")), &listed); err != nil || listed["kind"] != "web" {
		t.Fatalf("list --json: %v %v", listed, err)
	}
	rotated := strings.SplitN(mustCLI(t, db, "ada", "channel", "rotate", "website"), "\n", 2)[0]
	if rotated == token || !strings.HasPrefix(rotated, "ldk_") {
		t.Fatalf("rotate: %q", rotated)
	}
	mustCLI(t, db, "ada", "channel", "remove", "website")
	if _, err := cli(t, db, "ada", "channel", "remove", "website"); err == nil {
		t.Fatal("removed twice")
	}
}

func TestImportTriagesAndRejectedRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "desk.db")
	csv := filepath.Join(dir, "in.csv")
	os.WriteFile(csv, []byte("external_id,channel,customer_name,customer_phone,title,body\n"+
		"x1,email,张三,13800138000,APP闪退,更新以后一打开就闪退\n"+
		"x2,wechat,张三,13800138000,APP闪退,更新以后一打开就闪退！！\n"+
		"x3,web,,,加微信领红包 http://spam.example,\n"+
		"x4,fax,,,Bad,\n"), 0o600)
	out, err := cli(t, db, "ada", "import", csv)
	if err == nil || !strings.Contains(out, "error line 5: channel") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	for _, want := range []string{"imported 1", "duplicates linked 1", "rejected 1", "errors 1",
		"rejected 1 × spam: promotional link", "rejected line 4: spam", "loopdesk rejected list"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	// A re-run changes nothing.
	out, _ = cli(t, db, "ada", "import", csv)
	if !strings.Contains(out, "imported 0") || !strings.Contains(out, "already imported 3") {
		t.Fatalf("re-run:\n%s", out)
	}

	out = mustCLI(t, db, "ada", "rejected", "list")
	if !strings.Contains(out, "spam: promotional link") || !strings.Contains(out, "加微信领红包") {
		t.Fatalf("rejected list:\n%s", out)
	}
	var item map[string]any
	if err := json.Unmarshal([]byte(mustCLI(t, db, "ada", "rejected", "list", "--json")), &item); err != nil || item["external_id"] != "x3" {
		t.Fatalf("rejected list --json: %v %v", item, err)
	}
	id := fmt.Sprint(int64(item["id"].(float64)))
	if key := strings.TrimSpace(mustCLI(t, db, "ada", "rejected", "restore", id)); key != "FB-1002" {
		t.Fatalf("restore: %q", key)
	}
	if _, err := cli(t, db, "ada", "rejected", "restore", id); err == nil || !strings.Contains(err.Error(), "already restored") {
		t.Fatalf("restored twice: %v", err)
	}
	if out := mustCLI(t, db, "ada", "rejected", "list"); strings.Contains(out, "加微信") {
		t.Fatalf("restored item still listed:\n%s", out)
	}
	if _, err := cli(t, db, "ada", "rejected", "restore", "x"); err == nil {
		t.Fatal("bad id accepted")
	}
}

// TestServeHTTPOnly runs `serve --listen "" --http ADDR` and posts to it
// with a token from `channel add`.
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
