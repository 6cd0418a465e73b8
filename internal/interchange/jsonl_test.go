package interchange

import (
	"fmt"
	"strings"
	"testing"
)

func TestJSONLBasic(t *testing.T) {
	text := "\uFEFF{\"external_id\":\"A-1\",\"Channel\":\" WeChat \",\"title\":\"客户投诉支付失败\",\"body\":\"第一行\\n第二行\",\"received_at\":\"2024-05-01T10:00:00+08:00\"}\r\n" +
		"\n" +
		"   \t\r\n" +
		"{\"external_id\":\"A-2\",\"title\":\"t\",\"category\":null,\" PRIORITY \":\"Low\"}" // no final newline
	recs, errs := readAll(t, open(t, text, JSONL))
	wantRowErrors(t, errs)
	wantLines(t, recs, 1, 4)
	a, b := recs[0], recs[1]
	if a.Channel != "wechat" || a.Title != "客户投诉支付失败" || a.Body != "第一行\n第二行" ||
		!a.ReceivedAt.Equal(mustTime(t, "2024-05-01T02:00:00Z")) {
		t.Errorf("first record = %+v", a)
	}
	if b.Channel != "" || b.Category != "" || b.Priority != "low" {
		t.Errorf("second record = %+v", b)
	}
}

func TestJSONLBadRowsDoNotStopOthers(t *testing.T) {
	lines := []string{
		`{"external_id":"A-1","title":"ok"}`,
		`{"external_id":"A-2","title":42}`,
		`{"external_id":"A-3","title":"t","received_at":1714550400}`,
		`{"external_id":"A-4","title":"t","body":["a"]}`,
		`{"external_id":"A-5","title":"t","body":{"a":1}}`,
		`{"external_id":"A-6","title":"t","priority":true}`,
		`[1,2]`,
		`"just a string"`,
		`null`,
		`garbage`,
		`{"external_id":"A-11","title":`,
		`{"external_id":"A-12","title":"t"} trailing`,
		"{\"external_id\":\"A-13\",\"title\":\"\xff\"}",
		`{"external_id":"A-14","title":"t","Title":"u"}`,
		`{"title":"no id"}`,
		`{"external_id":"A-16","received_at":"2024-13-01"}`,
		`{"external_id":"A-17","title":"ok"}`,
	}
	recs, errs := readAll(t, open(t, strings.Join(lines, "\n")+"\n", JSONL))
	wantRowErrors(t, errs,
		"line 2: title: must be a string, not a number",
		"line 3: received_at: must be a string, not a number",
		"line 4: body: must be a string, not an array",
		"line 5: body: must be a string, not an object",
		"line 6: priority: must be a string, not a boolean",
		"line 7: not a JSON object",
		"line 8: not a JSON object",
		"line 9: not a JSON object",
		"line 10: not a JSON object",
		"line 11: invalid JSON: unexpected end of JSON input",
		"line 12: invalid JSON: invalid character 't' after top-level value",
		"line 13: not valid UTF-8",
		"line 14: title: given twice",
		"line 15: external_id: required",
		`line 16: received_at: not RFC 3339: "2024-13-01"`,
	)
	wantLines(t, recs, 1, 17)
}

func TestJSONLUnknownKeysWarnOnce(t *testing.T) {
	text := `{"external_id":"A-1","title":"t","zeta":"1","alpha":"2"}` + "\n" +
		`{"external_id":"A-2","title":"t","ALPHA":"3"}` + "\n"
	r := open(t, text, JSONL)
	recs, errs := readAll(t, r)
	wantRowErrors(t, errs)
	wantLines(t, recs, 1, 2)
	want := []string{`unknown column "alpha" ignored`, `unknown column "zeta" ignored`}
	if got := r.Warnings(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("warnings = %q, want %q", got, want)
	}
}

func TestJSONLWarningsBounded(t *testing.T) {
	var b strings.Builder
	for i := range 3 * maxUnknownColumns {
		fmt.Fprintf(&b, `{"external_id":"A","title":"t","k%d":"v"}`+"\n", i)
	}
	r := open(t, b.String(), JSONL)
	readAll(t, r)
	if n := len(r.Warnings()); n != maxUnknownColumns+1 {
		t.Errorf("%d warnings, want %d", n, maxUnknownColumns+1)
	}
}

func TestJSONLLongLines(t *testing.T) {
	big := `{"external_id":"A-2","title":"t","x":"` + strings.Repeat("x", MaxRecordBytes) + `"}`
	// Longer than the read buffer, so assembled from pieces.
	medium := `{"external_id":"A-3","title":"t","body":"` + strings.Repeat("y", MaxBodyBytes) + `"}`
	text := `{"external_id":"A-1","title":"t"}` + "\n" + big + "\n" + medium + "\n" + big
	recs, errs := readAll(t, open(t, text, JSONL))
	wantRowErrors(t, errs, "line 2: line longer than 1048576 bytes", "line 4: line longer than 1048576 bytes")
	wantLines(t, recs, 1, 3)
	if len(recs[1].Body) != MaxBodyBytes {
		t.Errorf("body of %d bytes, want %d", len(recs[1].Body), MaxBodyBytes)
	}
}
