package textsafe

import "testing"

func TestWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"客户", 4},
		{"👍", 2},
		{"👍🏽", 2},
		{"🇨🇳", 2},
		{"e\u0301", 1},
		{"ｱ", 1},
		{"…", 1},
	}
	for _, tt := range tests {
		if got := Width(tt.in); got != tt.want {
			t.Errorf("Width(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in    string
		cells int
		want  string
	}{
		{"客户投诉支付失败", 5, "客户…"},
		{"客户投诉支付失败", 15, "客户投诉支付失…"},
		{"客户投诉支付失败", 16, "客户投诉支付失败"},
		{"客户投诉", 6, "客户…"}, // 投 would straddle: one cell short
		{"客", 1, "…"},
		{"hello world", 5, "hell…"},
		{"hello", 5, "hello"},
		{"hello", 1, "…"},
		{"hello", 0, ""},
		{"hello", -3, ""},
		{"", 3, ""},
		{"👍👍👍", 4, "👍…"},
		{"👍👍👍", 6, "👍👍👍"},
		{"🇨🇳🇺🇸🇯🇵", 5, "🇨🇳🇺🇸…"},
		{"👍🏽👍🏽", 3, "👍🏽…"},
		{"e\u0301e\u0301e\u0301", 2, "e\u0301…"},
		{"e\u0301e\u0301", 2, "e\u0301e\u0301"},
		{"ab客户", 3, "ab…"},
	}
	for _, tt := range tests {
		got := Truncate(tt.in, tt.cells)
		if got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.cells, got, tt.want)
		}
		if w := Width(got); w > max(tt.cells, 0) {
			t.Errorf("Truncate(%q, %d) is %d cells wide", tt.in, tt.cells, w)
		}
	}
}

func TestPadRight(t *testing.T) {
	tests := []struct {
		in    string
		cells int
		want  string
	}{
		{"ab", 4, "ab  "},
		{"abcdef", 4, "abc…"},
		{"客户投诉", 6, "客户… "},
		{"客户", 4, "客户"},
		{"客户", 5, "客户 "},
		{"", 2, "  "},
		{"ab", 0, ""},
	}
	for _, tt := range tests {
		got := PadRight(tt.in, tt.cells)
		if got != tt.want {
			t.Errorf("PadRight(%q, %d) = %q, want %q", tt.in, tt.cells, got, tt.want)
		}
		if w := Width(got); w != max(tt.cells, 0) {
			t.Errorf("PadRight(%q, %d) is %d cells wide", tt.in, tt.cells, w)
		}
	}
}
