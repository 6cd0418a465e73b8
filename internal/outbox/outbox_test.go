package outbox

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// desk is a store on a test clock with admin "ada" and agent "bob".
type desk struct {
	*store.Store
	path string
	now  *atomic.Int64
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	d := &desk{path: filepath.Join(t.TempDir(), "desk.db"), now: new(atomic.Int64)}
	d.now.Store(t0.UnixMilli())
	d.Store = d.open(t)
	ctx := context.Background()
	if _, err := d.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	if err := d.AddAgent(ctx, "ada", domain.Agent{Name: "bob", Role: domain.RoleAgent}); err != nil {
		t.Fatal(err)
	}
	return d
}

// open opens another handle on the same file and clock, as a second
// process would.
func (d *desk) open(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), d.path, store.WithClock(func() time.Time { return time.UnixMilli(d.now.Load()) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func (d *desk) advance(dur time.Duration) { d.now.Add(dur.Milliseconds()) }

// reply creates a ticket from channel ch that bob replies to.
func (d *desk) reply(t *testing.T, ch domain.Channel, text string) store.CustomerReply {
	t.Helper()
	ctx := context.Background()
	tk, err := d.CreateTicket(ctx, "bob", store.NewTicket{Title: "断网", Channel: ch, CustomerName: "张三丰", ExternalID: "ext-" + text})
	if err != nil {
		t.Fatal(err)
	}
	if tk, err = d.Move(ctx, "bob", tk.ID, tk.Version, domain.InProgress); err != nil {
		t.Fatal(err)
	}
	_, r, err := d.Reply(ctx, "bob", tk.ID, tk.Version, store.Draft{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// delivery is how r's delivery stands.
func (d *desk) delivery(t *testing.T, r store.CustomerReply) store.Delivery {
	t.Helper()
	ds, err := d.Deliveries(context.Background(), r.TicketID)
	if err != nil || len(ds) != 1 || ds[0].ReplyID != r.ID {
		t.Fatalf("deliveries of %s: %+v %v", domain.Key(r.TicketID), ds, err)
	}
	return ds[0]
}

// hook is a webhook receiver on loopback answering with the statuses
// given, then 200.
type hook struct {
	*httptest.Server
	mu       sync.Mutex
	got      []Payload
	keys     []string
	statuses []int
	header   http.Header
}

func newHook(t *testing.T, statuses ...int) *hook {
	h := &hook{statuses: statuses}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p Payload
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json; charset=utf-8" ||
			json.NewDecoder(r.Body).Decode(&p) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		h.mu.Lock()
		h.got = append(h.got, p)
		h.keys = append(h.keys, r.Header.Get(IdempotencyHeader))
		status := http.StatusOK
		if len(h.statuses) > 0 {
			status, h.statuses = h.statuses[0], h.statuses[1:]
		}
		h.mu.Unlock()
		for k, v := range h.header {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte("status " + http.StatusText(status)))
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hook) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.got)
}

func worker(d *desk, cfg Config) *Worker {
	if cfg.Jitter == nil {
		cfg.Jitter = func(d time.Duration) time.Duration { return d }
	}
	return New(d, cfg)
}

func TestDelivered(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	h := newHook(t)
	if err := d.SetChannelWebhook(ctx, "ada", domain.WebForm, h.URL+"/replies"); err != nil {
		t.Fatal(err)
	}
	r := d.reply(t, domain.WebForm, "我们已收到 {key}")
	n, err := worker(d, Config{}).RunOnce(ctx)
	if err != nil || n != 1 || h.count() != 1 {
		t.Fatalf("attempted %d, received %d: %v", n, h.count(), err)
	}
	p := h.got[0]
	if p.ReplyID != r.ID || p.Ticket != "FB-1001" || p.Customer != "张**" || p.Text != "我们已收到 FB-1001" || p.Channel != "web" ||
		p.ExternalID != "ext-我们已收到 {key}" || p.Attempt != 1 || !strings.HasPrefix(h.keys[0], "loopdesk-") {
		t.Fatalf("payload %+v, key %q", p, h.keys[0])
	}
	del := d.delivery(t, r)
	if del.State != store.DeliveryDelivered || del.Attempts != 1 || len(del.Log) != 1 || del.Log[0].Status != 200 || del.DeliveredAt.IsZero() {
		t.Fatalf("delivery %+v", del)
	}
	if n, _ := worker(d, Config{}).RunOnce(ctx); n != 0 || h.count() != 1 {
		t.Fatal("delivered twice")
	}
	evs, _ := d.Timeline(ctx, r.TicketID)
	if last := evs[len(evs)-1]; last.Kind != store.EvDelivered || last.After != "web 200" {
		t.Fatalf("last event %+v", last)
	}
}

func TestRetryThenSuccess(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	h := newHook(t, http.StatusInternalServerError)
	if err := d.SetChannelWebhook(ctx, "ada", domain.WebForm, h.URL); err != nil {
		t.Fatal(err)
	}
	r := d.reply(t, domain.WebForm, "hello")
	w := worker(d, Config{BaseDelay: time.Minute})
	if n, err := w.RunOnce(ctx); n != 1 || err != nil {
		t.Fatalf("first pass: %d %v", n, err)
	}
	del := d.delivery(t, r)
	if del.State != store.DeliveryQueued || del.Attempts != 1 || !del.NextAt.Equal(d.Now().Add(time.Minute)) ||
		del.LastError != "HTTP 500: status Internal Server Error" {
		t.Fatalf("after a 500: %+v", del)
	}
	if n, _ := w.RunOnce(ctx); n != 0 {
		t.Fatal("retried before the back-off")
	}
	d.advance(time.Minute)
	if n, err := w.RunOnce(ctx); n != 1 || err != nil {
		t.Fatalf("retry: %d %v", n, err)
	}
	del = d.delivery(t, r)
	if del.State != store.DeliveryDelivered || len(del.Log) != 2 || del.Log[0].Status != 500 || del.Log[1].Status != 200 {
		t.Fatalf("after the retry: %+v", del)
	}
	if h.keys[0] != h.keys[1] || h.got[1].Attempt != 2 {
		t.Fatalf("a retry must carry the same idempotency key: %q", h.keys)
	}
}

func TestPermanentFailureAfterMaxAttempts(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	h := newHook(t, 503, 503, 503)
	if err := d.SetChannelWebhook(ctx, "ada", domain.WebForm, h.URL); err != nil {
		t.Fatal(err)
	}
	r := d.reply(t, domain.WebForm, "hello")
	w := worker(d, Config{MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: 4 * time.Second})
	for i := 0; i < 6; i++ {
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		d.advance(4 * time.Second)
	}
	del := d.delivery(t, r)
	if h.count() != 3 || del.State != store.DeliveryFailed || del.Attempts != 3 ||
		del.LastError != "gave up after 3 attempts: HTTP 503: status Service Unavailable" {
		t.Fatalf("%d requests, delivery %+v", h.count(), del)
	}
	evs, _ := d.Timeline(ctx, r.TicketID)
	if last := evs[len(evs)-1]; last.Kind != store.EvDeliveryFailed || last.Actor != domain.SystemActor {
		t.Fatalf("last event %+v", last)
	}
	// Retried by hand: a fresh set of attempts, and this time it works.
	if err := d.RetryDelivery(ctx, "bob", r.ID); err != nil {
		t.Fatal(err)
	}
	if err := d.RetryDelivery(ctx, "bob", r.ID); err == nil {
		t.Fatal("retried a queued delivery")
	}
	if n, _ := w.RunOnce(ctx); n != 1 || d.delivery(t, r).State != store.DeliveryDelivered || h.count() != 4 {
		t.Fatalf("manual retry: %+v", d.delivery(t, r))
	}
}

func TestRefusedOrUnconfiguredFailsAtOnce(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	h := newHook(t, http.StatusNotFound)
	if err := d.SetChannelWebhook(ctx, "ada", domain.WebForm, h.URL); err != nil {
		t.Fatal(err)
	}
	refused := d.reply(t, domain.WebForm, "hello")
	nowhere := d.reply(t, domain.Hotline, "hello by phone")
	if n, _ := worker(d, Config{}).RunOnce(ctx); n != 2 {
		t.Fatalf("attempted %d", n)
	}
	if del := d.delivery(t, refused); del.State != store.DeliveryFailed || del.LastError != "HTTP 404: status Not Found" {
		t.Fatalf("refused: %+v", del)
	}
	if del := d.delivery(t, nowhere); del.State != store.DeliveryFailed || del.LastError != "not delivered: no webhook for channel hotline" ||
		del.Log[0].Status != 0 {
		t.Fatalf("unconfigured: %+v", del)
	}
	if h.count() != 1 {
		t.Fatalf("%d requests", h.count())
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	h := newHook(t, http.StatusTooManyRequests)
	h.header = http.Header{"Retry-After": {"120"}}
	if err := d.SetChannelWebhook(ctx, "ada", domain.WebForm, h.URL); err != nil {
		t.Fatal(err)
	}
	r := d.reply(t, domain.WebForm, "hello")
	if _, err := worker(d, Config{BaseDelay: time.Second}).RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if del := d.delivery(t, r); del.State != store.DeliveryQueued || !del.NextAt.Equal(d.Now().Add(2*time.Minute)) {
		t.Fatalf("after a 429 with Retry-After: %+v", del)
	}
}

func TestBackoff(t *testing.T) {
	w := New(nil, Config{BaseDelay: time.Second, MaxDelay: 10 * time.Second, Jitter: func(d time.Duration) time.Duration { return d }})
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 60: 10 * time.Second} {
		if got := w.backoff(n); got != want {
			t.Errorf("backoff(%d) = %v, want %v", n, got, want)
		}
	}
	jittered := New(nil, Config{BaseDelay: time.Second, MaxDelay: time.Minute})
	for range 100 {
		if got := jittered.backoff(3); got < 2*time.Second || got > 4*time.Second {
			t.Fatalf("jittered backoff(3) = %v, want within [2s, 4s]", got)
		}
	}
}

// Two workers on two handles of one database (two processes, as far as
// SQLite is concerned) racing over the same queue send every reply once.
func TestTwoWorkersNeverDoubleSend(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	var mu sync.Mutex
	seen := map[int64]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p Payload
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		time.Sleep(2 * time.Millisecond) // widen the window for a second sender
		mu.Lock()
		seen[p.ReplyID]++
		mu.Unlock()
	}))
	defer srv.Close()
	if err := d.SetChannelWebhook(ctx, "ada", domain.WebForm, srv.URL); err != nil {
		t.Fatal(err)
	}
	const replies = 40
	for i := range replies {
		d.reply(t, domain.WebForm, "reply "+string(rune('A'+i)))
	}
	other := &desk{Store: d.open(t), path: d.path, now: d.now}
	workers := []*Worker{worker(d, Config{Batch: 3, Name: "w1"}), worker(other, Config{Batch: 3, Name: "w2"})}
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() {
			for range 100 {
				if _, err := w.RunOnce(ctx); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if len(seen) != replies {
		t.Fatalf("%d of %d replies delivered", len(seen), replies)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("reply %d sent %d times", id, n)
		}
	}
	byWorker := map[string]int{}
	for tk := int64(1); tk <= replies; tk++ {
		ds, _ := d.Deliveries(ctx, tk)
		for _, a := range ds[0].Log {
			byWorker[a.Worker]++
		}
	}
	if byWorker["w1"] == 0 || byWorker["w2"] == 0 || byWorker["w1"]+byWorker["w2"] != replies {
		t.Fatalf("attempts by worker: %v (both should have raced for the queue)", byWorker)
	}
}

// TestPayloadCarriesTheSMSVariant: a gateway that texts the customer gets
// the reply as one line, with no link but the survey link.
func TestPayloadCarriesTheSMSVariant(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	h := newHook(t)
	if err := d.SetChannelWebhook(ctx, "ada", domain.Hotline, h.URL); err != nil {
		t.Fatal(err)
	}
	d.reply(t, domain.Hotline, "您好，{key} 已处理，说明见 https://docs.example.com/fix\n\n请评分：https://s.example.com/survey/TOKEN")
	if _, err := worker(d, Config{}).RunOnce(ctx); err != nil || h.count() != 1 {
		t.Fatal(err)
	}
	if p := h.got[0]; p.SMS != "您好，FB-1001 已处理，说明见 请评分 https://s.example.com/survey/TOKEN" {
		t.Errorf("sms %q", p.SMS)
	}
}
