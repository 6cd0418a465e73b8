package webintake

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/store"
)

// desk is a database with admin "ada", an API channel "partner" (wechat)
// and the web form's channel "website", served by a Server.
type desk struct {
	store *store.Store
	srv   *Server
	token string // partner's bearer token
}

func newDesk(t testing.TB, opt Options) *desk {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "web.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	token, err := st.AddChannel(ctx, "ada", "partner", domain.WeChat)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddChannel(ctx, "ada", "website", domain.WebForm); err != nil {
		t.Fatal(err)
	}
	in, err := intake.New(st, intake.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return &desk{store: st, srv: New(st, in, opt), token: token}
}

// serve starts the desk on a loopback port.
func (d *desk) serve(t testing.TB) *httptest.Server {
	t.Helper()
	hs := httptest.NewServer(d.srv)
	t.Cleanup(hs.Close)
	return hs
}

// post sends body to the API with token and decodes the JSON answer.
func post(t testing.TB, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/feedback", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("answer is not JSON (%d): %s", resp.StatusCode, data)
	}
	return resp.StatusCode, out
}

// items returns the per-item statuses of a batch answer.
func items(t testing.TB, out map[string]any) []map[string]any {
	t.Helper()
	list, ok := out["items"].([]any)
	if !ok {
		t.Fatalf("no items in %v", out)
	}
	res := make([]map[string]any, len(list))
	for i, v := range list {
		res[i] = v.(map[string]any)
	}
	return res
}
