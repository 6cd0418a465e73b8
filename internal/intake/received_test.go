package intake

import (
	"context"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/interchange"
)

// A row received in the future would park its SLA clocks; the import
// reports it by line and goes on with the rest.
func TestImportRefusesFutureReceived(t *testing.T) {
	s, _ := newStore(t)
	in := newIntake(t, s, Config{})
	file := `external_id,channel,received_at,title
f1,hotline,9999-12-31T23:59:59Z,parked forever
f2,hotline,2026-11-02T09:04:00Z,clock a little ahead
f3,hotline,2026-11-01T09:00:00Z,yesterday
`
	sum, err := in.Import(context.Background(), "ada", strings.NewReader(file), interchange.CSV, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 2 || sum.Errors.Count != 1 || sum.Errors.First[0].Line != 2 ||
		!strings.Contains(sum.Errors.First[0].Reason, "received_at") || !strings.Contains(sum.Errors.First[0].Reason, "future") {
		t.Fatalf("summary %+v", sum)
	}
}
