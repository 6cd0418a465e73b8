package interchange

import (
	"strings"
	"testing"
)

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, head string
		want       Format
	}{
		{"tickets.csv", `{"looks":"like json"}`, CSV},
		{"TICKETS.CSV", "", CSV},
		{"tickets.jsonl", "external_id,channel", JSONL},
		{"tickets.ndjson", "", JSONL},
		{"tickets.json", "", JSONL},
		{"export", "  \n{\"external_id\":\"A\"}", JSONL},
		{"export", "\uFEFF{}", JSONL},
		{"export.txt", "external_id,channel,title", CSV},
		{"-", "", CSV},
	}
	for _, tt := range tests {
		if got := DetectFormat(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("DetectFormat(%q, %q) = %d, want %d", tt.name, tt.head, got, tt.want)
		}
	}
}

func TestNewReaderUnknownFormat(t *testing.T) {
	if _, err := NewReader(strings.NewReader(""), Format(0)); err == nil {
		t.Error("NewReader accepted the zero Format")
	}
}

func TestQuoteBoundsMessages(t *testing.T) {
	long := strings.Repeat("客", 100)
	got := quote(long)
	if len(got) > maxQuoted+8 || !strings.HasSuffix(got, "…") {
		t.Errorf("quote of a long value = %q", got)
	}
	if got := quote("a\u202Eb\x1b"); got != `"a\u202eb\x1b"` {
		t.Errorf("quote escapes = %s", got)
	}
}
