package webintake

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzFeedbackHandler throws arbitrary bodies at the API: whatever comes
// in, the answer is never a 5xx and the handler never panics.
func FuzzFeedbackHandler(f *testing.F) {
	d := newDesk(f, Options{MaxItems: 20})
	for _, seed := range []string{
		`{"title":"APP闪退","body":"打开就闪退","customer_phone":"13800138000"}`,
		`[{"external_id":"a","title":"x"},{"title":"y","priority":"high"}]`,
		`{"title":null,"body":"only a body","received_at":"2026-11-01T08:00:00+08:00"}`,
		`{"Title":"x","TITLE":"y"}`, `{"external_id":5}`, `[[]]`, `{}`, `null`, "\xff", `{"title":"\u202e\u0000"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/feedback", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+d.token)
		rec := httptest.NewRecorder()
		d.srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%d for %q: %s", rec.Code, body, rec.Body)
		}
	})
}
