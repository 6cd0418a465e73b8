package triage

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  Hello   World  ", "hello world"},
		{"ＡＰＰ闪退？！", "app闪退?!"},
		{"闪　退", "闪退"},        // ideographic space between Chinese
		{"闪 退 了", "闪退了"},     // spaces between Chinese are noise
		{"app 闪退", "app 闪退"}, // but not between English and Chinese
		{"don’t “quote”", "don't \"quote\""},
		{"line one\n\n  line two", "line one\nline two"},
		{"tab\tand\r\nCRLF", "tab and\ncrlf"},
		{"zero\u200bwidth\u202Ebidi", "zerowidthbidi"},
		{"bell\a", "bell"},
		{"ＦＵＬＬ－ＷＩＤＴＨ １２３", "full-width 123"},
		{"价格￥99", "价格¥99"},
		{"ÉCOLE", "école"},
		{"à été", "à été"}, // only spaces between CJK characters are dropped
		{"闪退 😡", "闪退 😡"},
		{"bad\xffutf8", "badutf8"},
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
