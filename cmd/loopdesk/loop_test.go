package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/outbox"
	"github.com/loopdesk/loopdesk/internal/survey"
	"github.com/loopdesk/loopdesk/store"
)

// webhook is a channel's reply receiver on loopback.
type webhook struct {
	*httptest.Server
	mu   sync.Mutex
	got  []outbox.Payload
	keys []string
}

func newWebhook() *webhook {
	h := &webhook{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p outbox.Payload
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		h.mu.Lock()
		h.got, h.keys = append(h.got, p), append(h.keys, r.Header.Get(outbox.IdempotencyHeader))
		h.mu.Unlock()
	}))
	return h
}

func (h *webhook) last(t *testing.T) outbox.Payload {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.got) == 0 {
		t.Fatal("the webhook received nothing")
	}
	return h.got[len(h.got)-1]
}

// openAt opens the database as another process would, on its own clock.
func openAt(t *testing.T, db string, now time.Time) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), db, store.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func showJSON(t *testing.T, db, key string) map[string]any {
	t.Helper()
	var m map[string]any
	out := mustCLI(t, db, "sam", "ticket", "show", key, "--json")
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("show --json: %v\n%s", err, out)
	}
	return m
}

// TestClosedLoopEndToEnd is the end-to-end test: create → reply
// (the channel's webhook receives it) → resolve with approval → the survey
// link answered over HTTP with a low score → follow-up queue and reopen;
// and an unanswered resolved ticket closes itself after the window. A Go
// test: it answers the survey over HTTP and moves a second store's clock.
func TestClosedLoopEndToEnd(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "desk.db")
	mustCLI(t, db, "ada", "agent", "list")
	mustCLI(t, db, "ada", "agent", "add", "bob", "--role", "agent", "--team", "tech_support")
	mustCLI(t, db, "ada", "agent", "add", "sam", "--role", "supervisor")
	hook := newWebhook()
	defer hook.Close()
	if _, err := cli(t, db, "bob", "channel", "set", "web", "--webhook", hook.URL); err == nil {
		t.Fatal("an agent set a webhook")
	}
	mustCLI(t, db, "ada", "channel", "set", "web", "--webhook", hook.URL)

	// The HTTP server with the survey mounted, on the same database.
	mux := http.NewServeMux()
	mux.Handle(store.SurveyPath, survey.Handler(openAt(t, db, time.Now()), nil))
	site := httptest.NewServer(mux)
	defer site.Close()

	mustCLI(t, db, "bob", "ticket", "new", "--title", "支付一直失败", "--body", "付款时提示支付失败，已经试了三次",
		"--channel", "web", "--category", "malfunction", "--priority", "high", "--customer", "张三丰", "--phone", "13800138000")
	mustCLI(t, db, "bob", "ticket", "move", "FB-1001", "in_progress")

	// Reply: recorded, delivered to the webhook, first response stopped.
	out := mustCLI(t, db, "bob", "ticket", "reply", "FB-1001", "--template", "acknowledgement", "--json")
	var reply map[string]any
	if err := json.Unmarshal([]byte(out), &reply); err != nil || reply["delivery"] != "delivered" || reply["lang"] != "zh" {
		t.Fatalf("reply --json: %v\n%s", err, out)
	}
	p := hook.last(t)
	if p.Ticket != "FB-1001" || p.Customer != "张**" || !strings.HasPrefix(p.Text, "您好！") || strings.Contains(p.Text, "*") || !strings.Contains(p.Text, "FB-1001") ||
		strings.Contains(p.Text, "{") || hook.keys[0] == "" {
		t.Fatalf("webhook got %+v", p)
	}
	if strings.Contains(out, "13800138000") {
		t.Fatal("full phone number printed")
	}
	if tk := showJSON(t, db, "FB-1001"); tk["first_response_at"] == "" || tk["first_response_at"] == nil {
		t.Fatalf("first response not recorded: %v", tk)
	}

	// Resolve: moving there is refused; a high-priority solution waits
	// for a supervisor.
	if _, err := cli(t, db, "bob", "ticket", "move", "FB-1001", "resolved"); err == nil || !strings.Contains(err.Error(), "loopdesk ticket resolve FB-1001 --summary") {
		t.Fatalf("move to resolved: %v", err)
	}
	out = mustCLI(t, db, "bob", "ticket", "resolve", "FB-1001", "--summary", "重置了支付通道，已退回重复扣款")
	if !strings.Contains(out, "waits for a supervisor") {
		t.Fatalf("resolve: %s", out)
	}
	if _, err := cli(t, db, "bob", "ticket", "approve", "FB-1001"); err == nil || !strings.Contains(err.Error(), "supervisor") {
		t.Fatalf("agent approving: %v", err)
	}
	mustCLI(t, db, "sam", "ticket", "approve", "FB-1001")
	if tk := showJSON(t, db, "FB-1001"); tk["status"] != "resolved" {
		t.Fatalf("after approval: %v", tk["status"])
	}

	// The resolution reply carries the survey link.
	mustCLI(t, db, "bob", "ticket", "reply", "FB-1001", "--template", "resolution", "--base-url", site.URL)
	link := regexp.MustCompile(regexp.QuoteMeta(site.URL) + `/survey/[A-Za-z0-9]+`).FindString(hook.last(t).Text)
	if link == "" {
		t.Fatalf("no survey link in %q", hook.last(t).Text)
	}
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "服务满意度评价") {
		t.Fatalf("survey page %d\n%s", resp.StatusCode, page)
	}
	resp, err = http.PostForm(link, url.Values{"timeliness": {"3"}, "effectiveness": {"1"}, "attitude": {"4"}, "overall": {"2"},
		"comment": {"还是扣了两次钱"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("survey answer: %d", resp.StatusCode)
	}

	// Low score: reopened into in progress and on the follow-up queue.
	tk := showJSON(t, db, "FB-1001")
	if tk["status"] != "in_progress" || tk["reopen_count"].(float64) != 1 {
		t.Fatalf("after a low score: %v, reopened %v", tk["status"], tk["reopen_count"])
	}
	fu, err := openAt(t, db, time.Now()).FollowUps(ctx, true, 10)
	if err != nil || len(fu) != 1 || fu[0].Key() != "FB-1001" || fu[0].Reason != store.FollowUpNotSatisfied ||
		!strings.Contains(fu[0].Detail, "还是扣了两次钱") {
		t.Fatalf("follow-ups %+v %v", fu, err)
	}
	if !strings.Contains(mustCLI(t, db, "sam", "ticket", "show", "FB-1001"), "customer") {
		t.Fatal("the customer's answer is not on the timeline")
	}

	// Unanswered: a resolved ticket closes itself after the window.
	mustCLI(t, db, "bob", "ticket", "new", "--title", "Invoice missing", "--channel", "web", "--priority", "low")
	mustCLI(t, db, "bob", "ticket", "move", "FB-1002", "in_progress")
	mustCLI(t, db, "bob", "ticket", "resolve", "FB-1002", "--summary", "re-sent the invoice")
	later := openAt(t, db, time.Now().Add(store.DefaultConfirmWindow+time.Minute))
	if n, err := later.AutoClose(ctx, 0); err != nil || n != 1 {
		t.Fatalf("auto-close: %d %v", n, err)
	}
	tk = showJSON(t, db, "FB-1002")
	timeline := tk["timeline"].([]any)
	last := timeline[len(timeline)-1].(map[string]any)
	if tk["status"] != "closed" || last["kind"] != store.EvAutoClosed || last["actor"] != domain.SystemActor {
		t.Fatalf("after the window: %v, last event %v", tk["status"], last)
	}
}
