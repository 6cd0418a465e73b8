package interchange

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/creack/pty"
)

func TestRoundTrip(t *testing.T) {
	in := []Record{
		{
			ExternalID: "A-1", Channel: "hotline", ReceivedAt: mustTime(t, "2024-05-01T10:00:00.123456789+08:00"),
			CustomerName: "张*", CustomerPhone: "1234", CustomerTier: "vip", Industry: "零售",
			Product: "App", Version: "2.3.1", OrderNo: "SO-2024-0001",
			Title: "支付失败, \"urgent\"", Body: "  first line\n\nsecond, with comma\n  ",
			Category: "malfunction", Priority: "high",
		},
		{ExternalID: "A-2", Channel: "email", Title: "no time, no category"},
		{ExternalID: "A-3", Channel: "web", Body: "<b>html</b> & \\ backslash\ttab", ReceivedAt: mustTime(t, "2024-01-02T03:04:05Z")},
	}
	for _, format := range []Format{CSV, JSONL} {
		var buf bytes.Buffer
		w := NewWriter(&buf, format)
		for _, rec := range in {
			if err := w.Write(rec); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		out, errs := readAll(t, open(t, buf.String(), format))
		wantRowErrors(t, errs)
		if len(out) != len(in) {
			t.Fatalf("format %d: read %d records, want %d", format, len(out), len(in))
		}
		for i := range in {
			got, want := out[i], in[i]
			if !got.ReceivedAt.Equal(want.ReceivedAt) {
				t.Errorf("format %d, record %d: received_at %v, want %v", format, i, got.ReceivedAt, want.ReceivedAt)
			}
			got.Line, got.ReceivedAt, want.ReceivedAt = 0, time.Time{}, time.Time{}
			if got != want {
				t.Errorf("format %d, record %d:\n got %+v\nwant %+v", format, i, got, want)
			}
		}
	}
}

func TestWriterEmptyCSVHasHeader(t *testing.T) {
	var buf bytes.Buffer
	if err := NewWriter(&buf, CSV).Flush(); err != nil {
		t.Fatal(err)
	}
	if buf.String() != fullHeader {
		t.Errorf("empty export = %q, want %q", buf.String(), fullHeader)
	}
}

func TestWriterJSONLKeysInColumnOrder(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, JSONL)
	if err := w.Write(Record{ExternalID: "A-1", Title: "<t>"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := `{"external_id":"A-1","channel":"","received_at":"","customer_name":"","customer_phone":"",` +
		`"customer_tier":"","industry":"","product":"","version":"","order_no":"","title":"<t>","body":"",` +
		`"category":"","priority":""}` + "\n"
	if buf.String() != want {
		t.Errorf("got  %s\nwant %s", buf.String(), want)
	}
}

// JSON Lines go to terminals and pagers: every control a terminal obeys is
// escaped, and the data still reads back exactly.
func TestWriterJSONLIsTerminalSafe(t *testing.T) {
	title := "pay\u009b31m \u202eevil\u2066\u200e\u200f\u061c\x7f\x1b]52;c;x\x07 \U000E0067 退款"
	var buf bytes.Buffer
	w := NewWriter(&buf, JSONL)
	if err := w.Write(Record{ExternalID: "A-1", Channel: "web", Title: title}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	for i, r := range buf.String() {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || unicode.Is(unicode.Cf, r) {
			t.Fatalf("raw %U at byte %d: %s", r, i, buf.String())
		}
	}
	for _, esc := range []string{`\u009b`, `\u202e`, `\u2066`, `\u200e`, `\u200f`, `\u061c`, `\u007f`, `\udb40\udc67`} {
		if !strings.Contains(buf.String(), esc) {
			t.Errorf("no %s in %s", esc, buf.String())
		}
	}
	recs, errs := readAll(t, open(t, buf.String(), JSONL))
	wantRowErrors(t, errs)
	if len(recs) != 1 || recs[0].Title != title {
		t.Fatalf("read back %+v", recs)
	}
}

func TestCheckTerminalRefusesCSV(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if err := CheckTerminal(tty, CSV); !errors.Is(err, ErrCSVToTerminal) {
		t.Errorf("CSV to a terminal: %v, want ErrCSVToTerminal", err)
	}
	if err := CheckTerminal(tty, JSONL); err != nil {
		t.Errorf("JSON Lines to a terminal: %v", err)
	}
	file, err := os.Create(filepath.Join(t.TempDir(), "out.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for _, w := range []io.Writer{file, &bytes.Buffer{}} {
		if err := CheckTerminal(w, CSV); err != nil {
			t.Errorf("CSV to %T: %v", w, err)
		}
	}
}
