package interchange

import (
	"fmt"
	"strings"
	"testing"
)

func TestCSVQuotedCRLFBOMChinese(t *testing.T) {
	text := "\uFEFF External_ID ,CHANNEL,title,body,received_at\r\n" +
		"A-1, Hotline ,\"Refund, please\",\"line one\r\nline two\",2024-05-01T10:00:00+08:00\r\n" +
		"A-2,WeChat,客户投诉支付失败,\"多行\n正文，含\"\"引号\"\"\",\r\n"
	recs, errs := readAll(t, open(t, text, CSV))
	wantRowErrors(t, errs)
	wantLines(t, recs, 2, 4)
	a, b := recs[0], recs[1]
	if a.ExternalID != "A-1" || a.Channel != "hotline" || a.Title != "Refund, please" || a.Body != "line one\nline two" {
		t.Errorf("first record = %+v", a)
	}
	if !a.ReceivedAt.Equal(mustTime(t, "2024-05-01T02:00:00Z")) {
		t.Errorf("received_at = %v", a.ReceivedAt)
	}
	if b.Channel != "wechat" || b.Title != "客户投诉支付失败" || b.Body != "多行\n正文，含\"引号\"" || !b.ReceivedAt.IsZero() {
		t.Errorf("second record = %+v", b)
	}
}

func TestCSVBadTimeLineAfterMultilineField(t *testing.T) {
	text := "external_id,channel,title,body,received_at\n" +
		"A-1,email,t,\"three\nline\nbody\",2024-05-01T10:00:00Z\n" +
		"A-2,email,t,b,2024-13-01\n" +
		"A-3,email,t,b,2024-05-01T10:00:00.123456789+08:00\n"
	recs, errs := readAll(t, open(t, text, CSV))
	wantRowErrors(t, errs, `line 5: received_at: not RFC 3339: "2024-13-01"`)
	wantLines(t, recs, 2, 6)
	if ns := recs[1].ReceivedAt.Nanosecond(); ns != 123456789 {
		t.Errorf("nanoseconds = %d", ns)
	}
}

func TestCSVUnknownColumnsWarnOnce(t *testing.T) {
	text := "external_id,channel,title,foo,Foo ,bar\nA-1,web,t,1,2,3\nA-2,web,t,4,5,6\n"
	r := open(t, text, CSV)
	recs, errs := readAll(t, r)
	wantRowErrors(t, errs)
	wantLines(t, recs, 2, 3)
	want := []string{`unknown column "foo" ignored`, `unknown column "bar" ignored`}
	if got := r.Warnings(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("warnings = %q, want %q", got, want)
	}
}

func TestCSVHeaderErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"missing required", "title,body\nx,y\n", "CSV header lacks required columns: external_id, channel"},
		{"all missing", "foo\n", "CSV header lacks required columns: external_id, channel, title"},
		{"duplicate", "external_id,channel,title,TITLE\n", "CSV header names column title twice"},
		{"empty", "", "empty CSV file: no header row"},
		{"only bom", "\uFEFF", "empty CSV file: no header row"},
		{"bad quote", "external_id,\"channel,title\n", "CSV header: parse error on line 1, column 28: extraneous or missing \" in quoted-field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tt.text), CSV)
			if err == nil || err.Error() != tt.want {
				t.Errorf("NewReader error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestCSVBadRowsDoNotStopOthers(t *testing.T) {
	text := fullHeader +
		"A-1,web\n" + // short
		"A-2,web,,,,,,,,,t,b,,,extra\n" + // long
		"A-3,web,,,,,,,,,t,b,,\n" +
		"A-4,web,,,,,,,,,bare \"quote,b,,\n" +
		",web,,,,,,,,,t,b,,\n" + // no external_id
		"A-6,web,,,,,,,,,,\"  \n\",,\n" + // no title, blank body
		"A-7,web,,,,,,,,,\xff,b,,\n" +
		"A-8,web,,,,,,,,," + strings.Repeat("长", 400) + ",b,,\n" +
		"A-9,web,,,,,,,,,t," + strings.Repeat("x", MaxBodyBytes+1) + ",,\n" +
		"A-10,WEB,2024-05-01T10:00:00Z,张三,13800001234,VIP,零售,App,1.2,SO-1,t,b, Malfunction , HIGH \n" +
		"A-11,web,,,,,,,,,t,\"unterminated\n"
	recs, errs := readAll(t, open(t, text, CSV))
	wantRowErrors(t, errs,
		"line 2: has 2 fields, the header 14",
		"line 3: has 15 fields, the header 14",
		"line 5: bare \" in non-quoted-field",
		"line 6: external_id: required",
		"line 7: title: empty, and so is body",
		"line 9: title: not valid UTF-8",
		"line 10: title: longer than 1024 bytes",
		"line 11: body: longer than 65536 bytes",
		"line 13: quoted field never closed: the rest of the file is this one bad row",
	)
	wantLines(t, recs, 4, 12)
	got := recs[1]
	want := Record{Line: 12, ExternalID: "A-10", Channel: "web", ReceivedAt: got.ReceivedAt,
		CustomerName: "张三", CustomerPhone: "13800001234", CustomerTier: "vip", Industry: "零售",
		Product: "App", Version: "1.2", OrderNo: "SO-1", Title: "t", Body: "b", Category: "malfunction", Priority: "high"}
	if got != want {
		t.Errorf("record = %+v\nwant     %+v", got, want)
	}
}

func TestCSVHeaderOnly(t *testing.T) {
	recs, errs := readAll(t, open(t, fullHeader, CSV))
	if len(recs)+len(errs) != 0 {
		t.Errorf("got %v %v from a header-only file", recs, errs)
	}
}

func TestCSVRecordLimit(t *testing.T) {
	// Many large records: the budget must renew per record.
	row := "A,web,t," + strings.Repeat("b", MaxBodyBytes-1) + "\n"
	text := "external_id,channel,title,body\n" + strings.Repeat(row, 40)
	recs, errs := readAll(t, open(t, text, CSV))
	wantRowErrors(t, errs)
	if len(recs) != 40 {
		t.Fatalf("read %d records, want 40", len(recs))
	}
}

// An oversized record is one bad row and reading goes on after it; an
// unterminated quote makes the rest of the file that one row, without
// buffering it.
func TestCSVOversizedRecordsAreRowErrors(t *testing.T) {
	huge := strings.Repeat("x", MaxRecordBytes)
	text := "external_id,channel,title,body\n" +
		"A,web,t,b\n" +
		"B,web,t," + huge + "\n" + // unquoted, one line
		"C,web,t,b\n" +
		"D,web,t,\"" + strings.Repeat("y\n", MaxRecordBytes/2) + "\"\"closed\"\n" + // quoted, many lines
		"E,web,t,b\n" +
		"F,web,t,\"" + strings.Repeat("z\n", MaxRecordBytes) // never closed
	recs, errs := readAll(t, open(t, text, CSV))
	wantRowErrors(t, errs,
		"line 3: record longer than 1048576 bytes, skipped",
		"line 5: record longer than 1048576 bytes, skipped",
		fmt.Sprintf("line %d: quoted field never closed: the rest of the file is this one bad row", 5+MaxRecordBytes/2+2),
	)
	wantLines(t, recs, 2, 4, 5+MaxRecordBytes/2+1)
	if ids := recs[0].ExternalID + recs[1].ExternalID + recs[2].ExternalID; ids != "ACE" {
		t.Errorf("read %s, want A, C and E", ids)
	}
}

func TestCROnlyLineEnds(t *testing.T) {
	csvText := "external_id,channel,title,body\rA-1,web,t,\"two\rlines\"\rA-2,web,u,b\r"
	recs, errs := readAll(t, open(t, csvText, CSV))
	wantRowErrors(t, errs)
	wantLines(t, recs, 2, 4)
	if recs[0].Body != "two\nlines" || recs[1].Title != "u" {
		t.Errorf("records %+v", recs)
	}
	jsonText := "{\"external_id\":\"A-1\",\"title\":\"t\"}\r{\"external_id\":\"A-2\",\"title\":\"u\"}\r\n{\"external_id\":\"A-3\",\"title\":\"v\"}"
	recs, errs = readAll(t, open(t, jsonText, JSONL))
	wantRowErrors(t, errs)
	wantLines(t, recs, 1, 2, 3)

	// In a file whose lines end in "\n", a lone CR is data.
	recs, errs = readAll(t, open(t, "external_id,channel,title\nA-1,web,a\rb\n", CSV))
	wantRowErrors(t, errs)
	if len(recs) != 1 || recs[0].Title != "a\rb" {
		t.Errorf("records %+v", recs)
	}
}
