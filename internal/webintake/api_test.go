package webintake

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func TestAPICreatesAfterCommit(t *testing.T) {
	d := newDesk(t, Options{})
	hs := d.serve(t)
	ctx := context.Background()
	code, out := post(t, hs.URL, d.token, `{"external_id":"wx-1","title":"APP闪退","body":"更新以后一打开就闪退","customer_name":"张三","customer_phone":"13800138000","mood":"angry"}`)
	if code != http.StatusCreated || out["status"] != "created" || out["ticket"] != "FB-1001" || out["external_id"] != "wx-1" {
		t.Fatalf("%d %v", code, out)
	}
	if w, _ := out["warnings"].([]any); len(w) != 1 || !strings.Contains(w[0].(string), "mood") {
		t.Errorf("warnings %v", out["warnings"])
	}
	// 201 came after the commit: the ticket is there, triaged, channel from the token.
	tk, err := d.store.TicketByKey(ctx, "FB-1001")
	if err != nil || tk.Channel != domain.WeChat || tk.Category != domain.Malfunction || tk.Customer.Phone4 != "8000" ||
		tk.Customer.Name != "张*" || tk.Sentiment != "negative" {
		t.Fatalf("stored %+v %v", tk, err)
	}
	// The same item again is a repeat: 200, same ticket.
	code, out = post(t, hs.URL, d.token, `{"external_id":"wx-1","title":"APP闪退","body":"更新以后一打开就闪退"}`)
	if code != http.StatusOK || out["status"] != "repeat" || out["ticket"] != "FB-1001" {
		t.Fatalf("repeat: %d %v", code, out)
	}
}

func TestAPIBatchDuplicateRejected(t *testing.T) {
	d := newDesk(t, Options{})
	hs := d.serve(t)
	batch := `[
	 {"external_id":"b1","title":"退款一直没到账","body":"申请退款两周了还没到账，请尽快处理","customer_name":"王芳","customer_phone":"13912345678"},
	 {"external_id":"b2","title":"退款一直没到账","body":"申请退款两周了还没到账，请尽快处理！！","customer_name":"王芳","customer_phone":"139 1234 5678"},
	 {"external_id":"b3","title":"兼职刷单日赚500","body":"加微信 http://spam.example 领红包"},
	 {"title":"Love the new dark mode","body":"Great update, thank you!","channel":"wechat"}
	]`
	code, out := post(t, hs.URL, d.token, batch)
	if code != http.StatusCreated {
		t.Fatalf("%d %v", code, out)
	}
	got := items(t, out)
	if got[0]["status"] != "created" || got[0]["ticket"] != "FB-1001" ||
		got[1]["status"] != "duplicate" || got[1]["ticket"] != "FB-1001" ||
		got[2]["status"] != "rejected" || got[2]["reason"] != "spam: promotional link" || got[2]["ticket"] != nil ||
		got[3]["status"] != "created" || !strings.HasPrefix(got[3]["external_id"].(string), "api-") {
		t.Fatalf("statuses %v", got)
	}
	if tk, _ := d.store.TicketByKey(context.Background(), "FB-1001"); tk.Duplicates != 1 {
		t.Fatalf("duplicate not counted: %+v", tk)
	}
	// A retry (derived external_id included) stores nothing new.
	code, out = post(t, hs.URL, d.token, batch)
	if code != http.StatusOK {
		t.Fatalf("retry: %d %v", code, out)
	}
	for i, it := range items(t, out) {
		if it["status"] != "repeat" {
			t.Errorf("retry item %d: %v", i, it)
		}
	}
	if rej, _ := d.store.Rejected(context.Background(), 10, 0); len(rej) != 1 || rej[0].Actor != "channel:partner" {
		t.Fatalf("rejected list %+v", rej)
	}
}

func TestAPIRefusesBadInput(t *testing.T) {
	d := newDesk(t, Options{})
	hs := d.serve(t)
	for _, c := range []struct {
		body, field string
		item        float64 // -1: no item index
		msg         string
	}{
		{`{"title": 5}`, "title", -1, "must be a string"},
		{`{"title":"x","customer_phone":"12"}`, "customer_phone", -1, "too short"},
		{`{"title":"x","received_at":"yesterday"}`, "received_at", -1, "RFC 3339"},
		{`{"title":"x","channel":"email"}`, "channel", -1, "posts to channel wechat"},
		{`{"body":"   "}`, "title", -1, "empty"},
		{`{"title":"` + strings.Repeat("长", 201) + `"}`, "title", -1, "at most 200"},
		{`[{"title":"ok"},{"title":"x","customer_tier":"gold"}]`, "customer_tier", 1, "unknown customer tier"},
		{`[]`, "", -1, "1 to 500 items"},
		{`[1]`, "", 0, "must be a JSON object"},
		{`{"title":`, "", -1, "invalid JSON"},
		{`"hello"`, "", -1, "JSON object or an array"},
		{"{\"title\":\"\xff\"}", "", -1, "UTF-8"},
		{``, "", -1, "empty body"},
	} {
		code, out := post(t, hs.URL, d.token, c.body)
		item, hasItem := out["item"].(float64)
		if code != http.StatusBadRequest || out["field"] != nil && out["field"] != c.field || c.field != "" && out["field"] != c.field ||
			!strings.Contains(out["error"].(string), c.msg) || hasItem != (c.item >= 0) || hasItem && item != c.item {
			t.Errorf("%.40q: %d %v", c.body, code, out)
		}
	}
	// Nothing of a refused batch was stored, not even its good first item.
	if c, _ := d.store.Counts(context.Background()); c[domain.Pending] != 0 {
		t.Fatalf("a refused request stored tickets: %v", c)
	}
}

func TestAPIAuthLimitsMethods(t *testing.T) {
	d := newDesk(t, Options{MaxBodyBytes: 4 << 10})
	hs := d.serve(t)
	for _, token := range []string{"", "ldk_wrong", d.token + "x"} {
		if code, out := post(t, hs.URL, token, `{"title":"x"}`); code != http.StatusUnauthorized || out["error"] == nil {
			t.Errorf("token %q: %d %v", token, code, out)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, hs.URL+"/api/v1/feedback", strings.NewReader(`{"title":"x"}`))
	req.Header.Set("Authorization", "Basic "+d.token)
	if code, h := do(t, req); code != http.StatusUnauthorized || h.Get("WWW-Authenticate") == "" {
		t.Errorf("basic auth: %d", code)
	}
	big := `{"title":"big","body":"` + strings.Repeat("a", 5<<10) + `"}`
	if code, out := post(t, hs.URL, d.token, big); code != http.StatusRequestEntityTooLarge || !strings.Contains(out["error"].(string), "4 KiB") {
		t.Errorf("big body: %d %v", code, out)
	}
	get, _ := http.NewRequest(http.MethodGet, hs.URL+"/api/v1/feedback", nil)
	if code, h := do(t, get); code != http.StatusMethodNotAllowed || h.Get("Allow") != "POST" {
		t.Errorf("GET: %v", code)
	}
	req, _ = http.NewRequest(http.MethodPost, hs.URL+"/api/v1/feedback", strings.NewReader(`title=x`))
	req.Header.Set("Authorization", "Bearer "+d.token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if code, _ := do(t, req); code != http.StatusUnsupportedMediaType {
		t.Errorf("form body: %d", code)
	}
	// A removed channel's token stops working at once.
	if err := d.store.RemoveChannel(context.Background(), "ada", "partner"); err != nil {
		t.Fatal(err)
	}
	if code, _ := post(t, hs.URL, d.token, `{"title":"x"}`); code != http.StatusUnauthorized {
		t.Errorf("removed channel: %d", code)
	}
}

func TestHealthz(t *testing.T) {
	hs := newDesk(t, Options{}).serve(t)
	resp, err := http.Get(hs.URL + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%v %v", resp, err)
	}
	resp, _ = http.Post(hs.URL+"/healthz", "text/plain", nil)
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz: %d", resp.StatusCode)
	}
}

// do sends req and returns the response's status and header, its body read and closed.
func do(t *testing.T, req *http.Request) (int, http.Header) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header
}

// TestAPIVocabulary: the API reads every spelling the domain knows and
// stores the id; a value it cannot read is left to triage with a warning.
func TestAPIVocabulary(t *testing.T) {
	d := newDesk(t, Options{})
	hs := d.serve(t)
	ctx := context.Background()
	code, out := post(t, hs.URL, d.token, `[
	 {"external_id":"v1","title":"希望增加夜间模式","body":"晚上看屏幕太亮了，希望增加夜间模式","channel":"微信","category":"product_suggestion","priority":"P1","customer_tier":"VIP客户"},
	 {"external_id":"v2","title":"APP闪退","body":"更新以后一打开就闪退","category":"whatever","priority":"someday"}]`)
	if code != http.StatusCreated {
		t.Fatalf("%d %v", code, out)
	}
	w, _ := out["warnings"].([]any)
	if len(w) != 2 || !strings.Contains(w[0].(string), "item 1: category") || !strings.Contains(w[1].(string), "item 1: priority") {
		t.Errorf("warnings %v", out["warnings"])
	}
	tk, err := d.store.TicketByKey(ctx, "FB-1001")
	if err != nil || tk.Category != domain.Suggestion || tk.Priority != domain.High || tk.Customer.Tier != domain.TierVIP {
		t.Errorf("v1 stored %+v %v", tk, err)
	}
	tk, err = d.store.TicketByKey(ctx, "FB-1002")
	if err != nil || tk.Category != domain.Malfunction {
		t.Errorf("v2 not triaged: %+v %v", tk, err)
	}
}
