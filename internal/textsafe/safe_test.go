package textsafe

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// nasty are hostile or awkward inputs, shared by the table tests and the fuzz
// seed corpora.
var nasty = []string{
	"\x1b[31mred\x1b[0m",
	"abc\x1b[2K\x1b[1Gxyz",
	"\x1b[?1049h\x1b[H\x1b[2Jwiped",
	"\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
	"\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
	"\x1b]52;c;cm0gLXJmIH4=\x07copy",
	"\x1b]0;pwned\x07title",
	"\x1bP$q\nrm -rf ~\n\x1b\\after",
	"\x1bXsos\x1b\\x",
	"\x1b^pm\x1b\\x",
	"\x1b_Ga=T,f=100;AAAA\x1b\\x",
	"\x1b(0lqk\x1b(B",
	"a\x1b",
	"\x1b\x1b\x1b[1mbold",
	"\u009b31mred\u009b0m",
	"\u0090payload\u009cok",
	"\u009d8;;https://evil.example\u009clink",
	"\u009d0;title\x07x\u0085y",
	"\x9b31m8bit",
	"\x1bPunterminated DCS swallows the rest",
	"Refund approved\rDenied",
	"abc\b\b\bxyz",
	"ding\a\a",
	"invoice\u202Efdp.exe",
	"\u2066isolated\u2069 \u202Aembedded\u202C \u061Carabic mark\u180E",
	"pay\u200bpal\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff",
	"soft\u00adhyphen \U000E0041tag",
	"nul\x00del\x7fc1\u0080\u009f",
	"  lots \t of\n\n white\r\nspace\u00a0\u3000\u2028end  ",
	"bad\xff\xfe\xfdutf8\xc3",
	"客户投诉支付失败 👍🏽 🇨🇳 👨\u200d👩\u200d👧 e\u0301",
	"line1\r\nline2\rline3\n\n\n\n\nline4\t\ttabbed   \n",
}

// checkSafe fails t if out could affect a terminal beyond printing text:
// invalid UTF-8, C0 controls (except '\n' when multiline), DEL, C1, or the
// zero-width and bidi controls.
func checkSafe(t testing.TB, in, out string, multiline bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%q → %q: invalid UTF-8", in, out)
	}
	for i, r := range out {
		switch {
		case r == '\n' && multiline:
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			t.Fatalf("%q → %q: control %U at byte %d", in, out, r, i)
		case invisible(r):
			t.Fatalf("%q → %q: zero-width or bidi control %U at byte %d", in, out, r, i)
		}
	}
}

// invisible lists the zero-width and bidi controls that must never reach the
// screen, independently of how the package finds them.
func invisible(r rune) bool {
	switch {
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e,
		r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x2069,
		r == 0xfeff, r == 0x061c, r == 0x180e:
		return true
	}
	return unicode.Is(unicode.Cf, r)
}
