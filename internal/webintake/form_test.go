package webintake

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// browser is an HTTP client with cookies, like a visitor's browser.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

var tokenRE = regexp.MustCompile(`name="token" value="([^"]+)"`)

// openForm loads the form and returns its page and hidden token.
func openForm(t *testing.T, c *http.Client, u string, header http.Header) (string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u+"/feedback", nil)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	m := tokenRE.FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("form: %d\n%s", resp.StatusCode, page)
	}
	return string(page), string(m[1])
}

func send(t *testing.T, c *http.Client, u string, form url.Values, header http.Header) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u+"/feedback", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(page)
}

func TestFormRendersAccessibly(t *testing.T) {
	hs := newDesk(t, Options{}).serve(t)
	page, _ := openForm(t, browser(t), hs.URL, nil)
	for _, want := range []string{
		`<html lang="en">`, `<label for="message">`, `<label for="subject">`, `<label for="phone">`,
		`<textarea id="message" name="message"`, `required aria-required="true"`,
		`aria-describedby="phone-hint"`, `autocomplete="tel"`, `<button type="submit">`, `method="post"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	if strings.Contains(page, "<script") {
		t.Error("the form must work without JavaScript")
	}
	zh, _ := openForm(t, browser(t), hs.URL, http.Header{"Accept-Language": {"zh-CN,zh;q=0.9,en;q=0.8"}})
	if !strings.Contains(zh, `<html lang="zh-CN">`) || !strings.Contains(zh, "反馈内容") {
		t.Error("Chinese browser did not get the Chinese form")
	}
	resp, _ := http.Get(hs.URL + "/feedback")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "style-src 'sha256-") {
		t.Errorf("CSP %q", csp)
	}
}

func TestFormCreatesTicket(t *testing.T) {
	d := newDesk(t, Options{})
	hs := d.serve(t)
	c := browser(t)
	_, token := openForm(t, c, hs.URL, nil)
	form := url.Values{
		"token":   {token},
		"lang":    {"en"},
		"subject": {"Parcel lost"},
		"message": {"My parcel never arrived, tracking has not moved for a week."},
		"name":    {"Anna Schmidt"},
		"phone":   {"+49 30 1234 5678"},
		"order":   {"SO-8812"},
	}
	code, page := send(t, c, hs.URL, form, http.Header{"Origin": {hs.URL}, "Sec-Fetch-Site": {"same-origin"}})
	if code != http.StatusOK || !strings.Contains(page, "FB-1001") {
		t.Fatalf("%d\n%s", code, page)
	}
	tk, err := d.store.TicketByKey(context.Background(), "FB-1001")
	if err != nil || tk.Channel != domain.WebForm || tk.Customer.Name != "A*** S******" || tk.Customer.Phone4 != "5678" ||
		tk.OrderNo != "SO-8812" || tk.Category != domain.Logistics {
		t.Fatalf("%+v %v", tk, err)
	}
	// A token works once: sending the same form again (a reload, a
	// replaying script, even with other text) is refused, naming the
	// ticket, with a fresh form.
	form.Set("message", "Another complaint on the same token")
	if code, page := send(t, c, hs.URL, form, nil); code != http.StatusConflict ||
		!strings.Contains(page, "already sent") || !strings.Contains(page, "FB-1001") || !tokenRE.MatchString(page) {
		t.Fatalf("resend: %d %s", code, page)
	}
	if c, _ := d.store.Counts(context.Background()); c[domain.Pending] != 1 {
		t.Fatalf("resend stored again: %v", c)
	}
	// Spam is kept for review but gets no key.
	_, token = openForm(t, c, hs.URL, nil)
	code, page = send(t, c, hs.URL, url.Values{"token": {token}, "message": {"加微信领红包 http://spam.example"}}, nil)
	if code != http.StatusOK || strings.Contains(page, "FB-") {
		t.Fatalf("spam: %d %s", code, page)
	}
	if rej, _ := d.store.Rejected(context.Background(), 5, 0); len(rej) != 1 || rej[0].Actor != "channel:website" {
		t.Fatalf("rejected %+v", rej)
	}
}

func TestFormEscapesAndExplains(t *testing.T) {
	hs := newDesk(t, Options{}).serve(t)
	c := browser(t)
	_, token := openForm(t, c, hs.URL, nil)
	evil := `"><script>alert(1)</script>`
	code, page := send(t, c, hs.URL, url.Values{"token": {token}, "lang": {"zh"}, "message": {evil}, "name": {evil}, "phone": {"12"}}, nil)
	if code != http.StatusBadRequest || strings.Contains(page, "<script>") || !strings.Contains(page, "&lt;script&gt;") {
		t.Fatalf("%d\n%s", code, page)
	}
	for _, want := range []string{`role="alert"`, `aria-invalid="true"`, `id="phone-error"`, `href="#phone"`, "请填写完整的电话号码", `lang="zh-CN"`} {
		if !strings.Contains(page, want) {
			t.Errorf("error page lacks %s", want)
		}
	}
	_, token = openForm(t, c, hs.URL, nil)
	if code, page := send(t, c, hs.URL, url.Values{"token": {token}, "message": {"  "}}, nil); code != http.StatusBadRequest || !strings.Contains(page, "Please tell us what happened") {
		t.Fatalf("empty: %d", code)
	}
}

func TestFormRefusesForgery(t *testing.T) {
	d := newDesk(t, Options{})
	hs := d.serve(t)
	c := browser(t)
	_, token := openForm(t, c, hs.URL, nil)
	msg := url.Values{"token": {token}, "message": {"the app crashes"}}
	for name, c2 := range map[string]struct {
		client *http.Client
		form   url.Values
		header http.Header
		want   string
	}{
		"no cookie":       {http.DefaultClient, msg, nil, "cookie"},
		"forged token":    {c, url.Values{"token": {"1700000000.AAAA"}, "message": {"x y"}}, nil, "open too long"},
		"other origin":    {c, msg, http.Header{"Origin": {"https://evil.example"}}, "another website"},
		"cross-site post": {c, msg, http.Header{"Sec-Fetch-Site": {"cross-site"}}, "another website"},
	} {
		code, page := send(t, c2.client, hs.URL, c2.form, c2.header)
		if code != http.StatusForbidden || !strings.Contains(page, c2.want) || !tokenRE.MatchString(page) {
			t.Errorf("%s: %d\n%s", name, code, page)
		}
	}
	if c, _ := d.store.Counts(context.Background()); c[domain.Pending] != 0 {
		t.Fatalf("a forged post was stored: %v", c)
	}
	// Without its channel the form is off.
	if err := d.store.RemoveChannel(context.Background(), "ada", "website"); err != nil {
		t.Fatal(err)
	}
	if code, page := send(t, c, hs.URL, msg, nil); code != http.StatusServiceUnavailable || !strings.Contains(page, "not available") {
		t.Errorf("no channel: %d %s", code, page)
	}
	if resp, _ := http.Get(hs.URL + "/feedback"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("GET without its channel: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodDelete, hs.URL+"/feedback", nil)
	if resp, _ := http.DefaultClient.Do(req); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: %d", resp.StatusCode)
	}
}
