package survey

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

// fixture is a desk with one resolved ticket, served on loopback.
type fixture struct {
	st  *store.Store
	now *atomic.Int64
	srv *httptest.Server
	tk  domain.Ticket
}

func newFixture(t *testing.T, title string) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{now: new(atomic.Int64)}
	f.now.Store(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC).UnixMilli())
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "desk.db"), store.WithClock(func() time.Time { return time.UnixMilli(f.now.Load()) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f.st = st
	if _, err := st.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	tk, err := st.CreateTicket(ctx, "ada", store.NewTicket{Title: title, Channel: domain.WebForm, Owner: "ada"})
	if err == nil {
		tk, err = st.Move(ctx, "ada", tk.ID, tk.Version, domain.InProgress)
	}
	if err != nil {
		t.Fatal(err)
	}
	if f.tk, _, err = st.Resolve(ctx, "ada", tk.ID, tk.Version, "fixed"); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(store.SurveyPath, Handler(st, nil))
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) link(t *testing.T, ttl time.Duration) string {
	t.Helper()
	token, _, err := f.st.SurveyToken(context.Background(), "ada", f.tk.ID, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return store.SurveyLink(f.srv.URL, token)
}

func get(t *testing.T, link, acceptLang string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, link, nil)
	if acceptLang != "" {
		req.Header.Set("Accept-Language", acceptLang)
	}
	return do(t, req)
}

func post(t *testing.T, link string, form url.Values) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, link, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	code, _, body := do(t, req)
	return code, body
}

func do(t *testing.T, req *http.Request) (int, http.Header, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func answers(timeliness, effectiveness, attitude, overall, comment string) url.Values {
	return url.Values{"timeliness": {timeliness}, "effectiveness": {effectiveness}, "attitude": {attitude},
		"overall": {overall}, "comment": {comment}}
}

func TestFormInTheCustomersLanguage(t *testing.T) {
	f := newFixture(t, "路由器断网")
	link := f.link(t, 0)
	code, hdr, body := get(t, link, "")
	if code != 200 || !strings.Contains(body, `<html lang="zh-CN">`) || !strings.Contains(body, "服务满意度评价") ||
		!strings.Contains(body, "FB-1001") || strings.Count(body, `type="radio"`) != 20 || !strings.Contains(body, `<legend>服务态度</legend>`) {
		t.Fatalf("GET %d:\n%s", code, body)
	}
	for k, want := range map[string]string{"Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
		"Content-Type": "text/html; charset=utf-8", "X-Content-Type-Options": "nosniff"} {
		if hdr.Get(k) != want {
			t.Errorf("%s: %q, want %q", k, hdr.Get(k), want)
		}
	}
	if !strings.Contains(hdr.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("CSP %q", hdr.Get("Content-Security-Policy"))
	}
	for accept, want := range map[string]string{
		"en-US,en;q=0.9":      "How did we do?",
		"fr-FR, en;q=0.5":     "How did we do?",
		"en;q=0.4, zh-CN":     "服务满意度评价",
		"de":                  "服务满意度评价", // none offered: the customer's language
		"zh;q=0, en;q=0.1":    "How did we do?",
		"garbage;;q=x,,en-GB": "How did we do?",
	} {
		if _, _, body := get(t, link, accept); !strings.Contains(body, want) {
			t.Errorf("Accept-Language %q: want %q", accept, want)
		}
	}
	if _, _, body := get(t, link+"?lang=en", "zh-CN"); !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, `href="?lang=zh"`) {
		t.Error("?lang=en does not win over Accept-Language")
	}
}

func TestAnswerOnceWithEscaping(t *testing.T) {
	f := newFixture(t, "App crashes")
	link := f.link(t, 0)
	evil := `<script>alert("x")</script> & "quotes"`
	code, body := post(t, link, answers("2", "1", "3", "", evil))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `role="alert"`) {
		t.Fatalf("incomplete answer: %d\n%s", code, body)
	}
	if strings.Contains(body, "<script>") || !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quotes&#34;") {
		t.Fatalf("comment not escaped:\n%s", body)
	}
	if !strings.Contains(body, `name="effectiveness" value="1" required checked`) {
		t.Fatal("chosen ratings were not kept")
	}
	code, body = post(t, link, answers("2", "1", "3", "2", evil))
	if code != 200 || !strings.Contains(body, "Thank you") || !strings.Contains(body, "supervisor will contact you") {
		t.Fatalf("answer: %d\n%s", code, body)
	}
	tk, _ := f.st.Ticket(context.Background(), f.tk.ID)
	if tk.Status != domain.InProgress || tk.ReopenCount != 1 {
		t.Fatalf("after a low score: %s, reopened %d", tk.Status, tk.ReopenCount)
	}
	sat, _ := f.st.SatisfactionOf(context.Background(), tk.ID)
	if len(sat) != 1 || sat[0].Comment != evil || sat[0].Source != store.SourceSurvey {
		t.Fatalf("stored %+v", sat)
	}
	if code, body := post(t, link, answers("5", "5", "5", "5", "")); code != http.StatusGone || !strings.Contains(body, "already been answered") {
		t.Fatalf("second answer: %d\n%s", code, body)
	}
	if code, _, body := get(t, link, "en"); code != http.StatusGone || !strings.Contains(body, "already been answered") {
		t.Fatalf("GET after answer: %d\n%s", code, body)
	}
}

func TestSatisfiedCloses(t *testing.T) {
	f := newFixture(t, "Invoice")
	code, body := post(t, f.link(t, 0), answers("5", "4", "5", "5", "great"))
	if code != 200 || !strings.Contains(body, "closed the ticket") {
		t.Fatalf("answer: %d\n%s", code, body)
	}
	if tk, _ := f.st.Ticket(context.Background(), f.tk.ID); tk.Status != domain.Closed {
		t.Fatalf("status %s", tk.Status)
	}
}

func TestBadLinks(t *testing.T) {
	f := newFixture(t, "Late")
	expired := f.link(t, time.Hour)
	f.now.Add((2 * time.Hour).Milliseconds())
	if code, _, body := get(t, expired, "en"); code != http.StatusGone || !strings.Contains(body, "expired") {
		t.Fatalf("expired: %d\n%s", code, body)
	}
	if code, body := post(t, expired, answers("5", "5", "5", "5", "")); code != http.StatusGone || !strings.Contains(body, "expired") {
		t.Fatalf("answer on an expired link: %d\n%s", code, body)
	}
	for _, path := range []string{"/survey/", "/survey/NOSUCHTOKEN", "/survey/a%2Fb", "/survey/" + strings.Repeat("A", 65), "/survey/x.y"} {
		if code, _, body := get(t, f.srv.URL+path, "en"); code != http.StatusNotFound || !strings.Contains(body, "not valid") {
			t.Errorf("%s: %d\n%s", path, code, body)
		}
	}
	req, _ := http.NewRequest(http.MethodPut, f.link(t, 0), nil)
	if code, hdr, _ := do(t, req); code != http.StatusMethodNotAllowed || hdr.Get("Allow") != "GET, HEAD, POST" {
		t.Fatalf("PUT: %d %v", code, hdr)
	}
	huge := answers("5", "5", "5", "5", strings.Repeat("x", maxFormBytes))
	if code, _ := post(t, f.link(t, 0), huge); code != http.StatusBadRequest {
		t.Fatalf("oversized form: %d", code)
	}
}

type brokenDesk struct{}

func (brokenDesk) SurveyByToken(context.Context, string) (store.Survey, error) {
	return store.Survey{}, errors.New("disk on fire")
}

func (brokenDesk) SubmitSurvey(context.Context, string, store.Scores) (domain.Ticket, error) {
	return domain.Ticket{}, errors.New("disk on fire")
}

func TestDatabaseFailureIsNotShown(t *testing.T) {
	rec := httptest.NewRecorder()
	Handler(brokenDesk{}, nil).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/survey/ABC?lang=en", nil))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "disk on fire") || !strings.Contains(rec.Body.String(), "try again later") {
		t.Fatalf("%d\n%s", rec.Code, rec.Body.String())
	}
}
