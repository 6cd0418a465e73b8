package interchange

import (
	"bytes"
	"testing"
	"time"
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
