package textsafe

import (
	"slices"
	"testing"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		cells int
		want  []string
	}{
		{"latin", "the quick brown fox", 10, []string{"the quick", "brown fox"}},
		{"fits", "short", 10, []string{"short"}},
		{"exact", "abc def", 7, []string{"abc def"}},
		{"cjk", "客户投诉支付失败", 6, []string{"客户投", "诉支付", "失败"}},
		{"cjk odd width", "客户投诉", 5, []string{"客户", "投诉"}},
		{"cjk punctuation", "你好，世界。再见", 6, []string{"你好，", "世界。", "再见"}},
		{"opening bracket", "客户「投诉」", 6, []string{"客户", "「投", "诉」"}},
		{"latin then cjk", "hello 客户投诉", 8, []string{"hello 客", "户投诉"}},
		{"latin glued to cjk", "VIP客户", 4, []string{"VIP", "客户"}},
		{"long word", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"long word after text", "ab abcdefghij", 4, []string{"ab", "abcd", "efgh", "ij"}},
		{"spaces swallowed", "aaa     bbb", 4, []string{"aaa", "bbb"}},
		{"paragraphs", "a\n\nb", 5, []string{"a", "", "b"}},
		{"indent kept on first line", "  aaa bbb", 6, []string{"  aaa", "bbb"}},
		{"indent wider than line", "        a", 4, []string{"   a"}},
		{"emoji", "👍👍👍", 4, []string{"👍👍", "👍"}},
		{"combining marks", "e\u0301e\u0301e\u0301", 2, []string{"e\u0301e\u0301", "e\u0301"}},
		{"wide in one cell", "客户", 1, []string{"客", "户"}},
		{"empty", "", 10, nil},
		{"no room", "abc", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Wrap(tt.in, tt.cells)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Wrap(%q, %d) = %q, want %q", tt.in, tt.cells, got, tt.want)
			}
		})
	}
}
