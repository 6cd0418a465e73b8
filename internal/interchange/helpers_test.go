package interchange

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// fullHeader is a CSV header with every column in canonical order.
var fullHeader = strings.Join(columnNames[:], ",") + "\n"

// readAll reads r to the end, collecting records and row errors in order.
// A fatal error fails the test.
func readAll(t testing.TB, r *Reader) (recs []Record, rowErrs []*RowError) {
	t.Helper()
	for {
		rec, err := r.Next()
		var rowErr *RowError
		switch {
		case errors.Is(err, io.EOF):
			return recs, rowErrs
		case errors.As(err, &rowErr):
			rowErrs = append(rowErrs, rowErr)
		case err != nil:
			t.Fatalf("Next: %v", err)
		default:
			recs = append(recs, rec)
		}
	}
}

// open returns a Reader of text, failing the test if NewReader fails.
func open(t testing.TB, text string, format Format) *Reader {
	t.Helper()
	r, err := NewReader(strings.NewReader(text), format)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	return r
}

// wantRowErrors checks row errors against their messages.
func wantRowErrors(t testing.TB, got []*RowError, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d row errors %v, want %d %q", len(got), got, len(want), want)
	}
	for i := range got {
		if got[i].Error() != want[i] {
			t.Errorf("row error %d = %q, want %q", i, got[i].Error(), want[i])
		}
	}
}

// wantLines checks the lines records start on.
func wantLines(t testing.TB, recs []Record, want ...int) {
	t.Helper()
	if len(recs) != len(want) {
		t.Fatalf("got %d records %+v, want %d", len(recs), recs, len(want))
	}
	for i, rec := range recs {
		if rec.Line != want[i] {
			t.Errorf("record %d (%s) on line %d, want %d", i, rec.ExternalID, rec.Line, want[i])
		}
	}
}

// mustTime parses an RFC 3339 time.
func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}
