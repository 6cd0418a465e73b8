package webintake

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// A received_at in the future is refused before anything is stored: it
// would park the ticket's SLA clocks.
func TestAPIRefusesFutureReceived(t *testing.T) {
	d := newDesk(t, Options{})
	hs := d.serve(t)
	code, out := post(t, hs.URL, d.token, `[{"external_id":"ok","title":"支付失败"},
		{"external_id":"late","title":"支付失败","received_at":"9999-01-01T00:00:00Z"}]`)
	if msg, _ := out["error"].(string); code != http.StatusBadRequest || out["field"] != "received_at" || out["item"] != 1.0 ||
		!strings.Contains(msg, "future") {
		t.Fatalf("%d %v", code, out)
	}
	if _, err := d.store.TicketByKey(context.Background(), "FB-1001"); err == nil {
		t.Fatal("a batch with a future item was partly stored")
	}
}
