package interchange

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		fullHeader + "A-1,web,2024-05-01T10:00:00Z,,,,,,,,t,b,,\n",
		"\uFEFFexternal_id,channel,title,body\r\nA,web,\"multi\r\nline\",b\r\nB,web,t,\"x\"\"y\"\r\n",
		"external_id,channel,title,received_at\nA,web,t,2024-13-01\nB,web,t\nC,web,t,,x\n",
		"external_id,channel,title\nA,web,bare\"quote\nB,web,\"open\n",
		"external_id,channel,title,foo\nA,web,客户投诉,1\n,web,,\n",
		"title\nx\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data), CSV)
		if err != nil {
			return
		}
		checkReader(t, r, len(data))
	})
}

// FuzzCSVResync reads the input again with a tiny record limit: every record
// read then must be the one read without the limit on the same line, so
// skipping an oversized record never resumes in the middle of one.
func FuzzCSVResync(f *testing.F) {
	for _, s := range []string{
		"external_id,channel,title,body\nA,web,t,b\nB,web,t,\"long\nquoted \"\"x\"\" body\"\nC,web,t,b\n",
		"external_id,channel,title,body\nA,web,t,bare\"quote and more\nB,web,t,b\nC,web,t,\"x\"junk\nD,web,t,b\n",
		"external_id,channel,title,body\r\nA,web,t,\"b\r\nc\"\r\n\r\nB,web,t,b\r\nC,web,t,\"open\r\n",
		"external_id,channel,title,body\rA,web,t,\"b\rc\"\rB,web,t,bb\r",
	} {
		f.Add([]byte(s), uint8(12))
	}
	f.Fuzz(func(t *testing.T, data []byte, limit uint8) {
		full, err := NewReader(bytes.NewReader(data), CSV)
		if err != nil {
			return
		}
		want := map[int]Record{}
		for {
			rec, err := full.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var rowErr *RowError
			if err != nil && !errors.As(err, &rowErr) {
				return
			}
			if err == nil {
				want[rec.Line] = rec
			}
		}
		small, _ := NewReader(bytes.NewReader(data), CSV)
		small.src.(*csvSource).split.max = int(limit%64) + 1
		for calls := 0; ; calls++ {
			if calls > len(data)+1 {
				t.Fatalf("still reading after %d calls on %d bytes", calls, len(data))
			}
			rec, err := small.Next()
			var rowErr *RowError
			switch {
			case errors.Is(err, io.EOF):
				return
			case errors.As(err, &rowErr):
			case err != nil:
				t.Fatal(err)
			default:
				w, ok := want[rec.Line]
				if !ok || !w.ReceivedAt.Equal(rec.ReceivedAt) {
					t.Fatalf("record %+v on line %d: without a limit %+v (found %v)", rec, rec.Line, w, ok)
				}
				w.ReceivedAt, rec.ReceivedAt = time.Time{}, time.Time{}
				if w != rec {
					t.Fatalf("record %+v on line %d: without a limit %+v", rec, rec.Line, w)
				}
			}
		}
	})
}

func FuzzJSONLReader(f *testing.F) {
	for _, s := range []string{
		`{"external_id":"A-1","channel":"web","title":"t","received_at":"2024-05-01T10:00:00Z"}` + "\n",
		"\uFEFF{\"external_id\":\"A\",\"title\":\"客户\"}\r\n\n  \n{\"external_id\":\"B\",\"body\":\"b\"}",
		`{"external_id":1}` + "\n[1]\nnull\n\"s\"\n{\"a\":\n",
		`{"external_id":"A","title":"t","Title":"u","x":{"y":[true,null]}}`,
		"{\"external_id\":\"A\",\"title\":\"\xff\"}\n{}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data), JSONL)
		if err != nil {
			t.Fatal(err)
		}
		checkReader(t, r, len(data))
	})
}

// checkReader reads r to the end and checks what the fuzz targets promise:
// no panic, an end within one call per input byte, positive and
// non-decreasing line numbers, and records that meet the documented shape.
func checkReader(t *testing.T, r *Reader, size int) {
	t.Helper()
	prev := 1
	for calls := 0; ; calls++ {
		if calls > size+1 {
			t.Fatalf("still reading after %d calls on %d bytes", calls, size)
		}
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		line := rec.Line
		var rowErr *RowError
		switch {
		case errors.As(err, &rowErr):
			line = rowErr.Line
		case err != nil:
			return // final: an over-long CSV record
		default:
			checkRecord(t, rec)
		}
		if line < prev {
			t.Fatalf("line %d after line %d (err %v)", line, prev, err)
		}
		prev = line
	}
}

// checkRecord checks a record the reader accepted.
func checkRecord(t *testing.T, rec Record) {
	t.Helper()
	values := rec.values()
	for c, v := range values {
		if !utf8.ValidString(v) || len(v) > maxBytes(column(c)) {
			t.Fatalf("%s: %q invalid or too long", columnNames[c], v)
		}
	}
	if rec.ExternalID == "" || (rec.Title == "" && strings.TrimSpace(rec.Body) == "") {
		t.Fatalf("record without external_id or text: %+v", rec)
	}
	for _, code := range []string{rec.Channel, rec.Category, rec.Priority, rec.CustomerTier} {
		if code != strings.ToLower(strings.TrimSpace(code)) {
			t.Fatalf("code %q not normalised", code)
		}
	}
}
