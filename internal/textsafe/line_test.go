package textsafe

import (
	"strings"
	"testing"
)

func TestLine(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Payment failed", "Payment failed"},
		{"empty", "", ""},
		{"sgr", "\x1b[31mred\x1b[0m", "red"},
		{"cursor moves", "abc\x1b[2K\x1b[1Gxyz", "abcxyz"},
		{"private mode", "\x1b[?1049h\x1b[H\x1b[2Jwiped", "wiped"},
		{"osc 8 bel", "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", "click"},
		{"osc 8 st", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"osc 52", "\x1b]52;c;cm0gLXJmIH4=\x07copy", "copy"},
		{"osc 0", "\x1b]0;pwned\x07title", "title"},
		{"dcs", "\x1bP$q\nrm -rf ~\n\x1b\\after", "after"},
		{"sos", "\x1bXsos\x1b\\x", "x"},
		{"pm", "\x1b^pm\x1b\\x", "x"},
		{"apc", "\x1b_Ga=T,f=100;AAAA\x1b\\x", "x"},
		{"charset switch", "\x1b(0lqk\x1b(B", "lqk"},
		{"lone esc at end", "a\x1b", "a"},
		{"lone esc before text", "a\x1b客户", "a客户"},
		{"repeated esc", "\x1b\x1b\x1b[1mbold", "bold"},
		{"esc aborts string", "\x1b]0;x\x1b[1mok", "ok"},
		{"csi aborted by control", "\x1b[31\nok", "ok"},
		{"c1 csi", "\u009b31mred\u009b0m", "red"},
		{"c1 dcs", "\u0090payload\u009cok", "ok"},
		{"c1 osc", "\u009d8;;https://evil.example\u009clink", "link"},
		{"c1 other", "a\u0085b\u0084c", "abc"},
		{"8-bit csi byte", "\x9b31m8bit", "\uFFFD31m8bit"},
		{"unterminated dcs", "ok\x1bPswallowed", "ok"},
		{"carriage return", "Refund approved\rDenied", "Refund approved Denied"},
		{"backspace", "abc\b\b\bxyz", "abcxyz"},
		{"bell", "ding\a\a", "ding"},
		{"nul and del", "a\x00b\x7fc", "abc"},
		{"bidi override", "invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"bidi isolates", "\u2066a\u2069 \u202Ab\u202C \u061Cc\u180E", "a b c"},
		{"zero width", "pay\u200bpal\u200c\u200d\u200e\u200f\u2060\u2064\ufeff", "paypal"},
		{"other format chars", "soft\u00adhyphen\U000E0041", "softhyphen"},
		{"whitespace", "  a \t\n b\r\n\r\nc  ", "a b c"},
		{"unicode spaces", "a\u00a0\u3000\u2028b", "a b"},
		{"invalid utf-8", "ok\xff\xfe\xfdend\xc3", "ok\uFFFDend\uFFFD"},
		{"real replacement char", "a\uFFFDb", "a\uFFFDb"},
		{"cjk emoji combining", "客户 👍🏽 🇨🇳 e\u0301", "客户 👍🏽 🇨🇳 e\u0301"},
		{"zwj sequence split", "👨\u200d👩\u200d👧", "👨👩👧"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Line(tt.in)
			if got != tt.want {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
			}
			checkSafe(t, tt.in, got, false)
		})
	}
}

func TestLineNasty(t *testing.T) {
	for _, in := range nasty {
		got := Line(in)
		checkSafe(t, in, got, false)
		if again := Line(got); again != got {
			t.Errorf("Line not idempotent on %q: %q then %q", in, got, again)
		}
	}
}

func TestLineCleanInputNotCopied(t *testing.T) {
	in := strings.Repeat("客户 ok ", 10) + "end"
	if n := testing.AllocsPerRun(10, func() { Line(in) }); n != 0 {
		t.Errorf("Line on clean text allocated %v times", n)
	}
}
