package textsafe

import "testing"

func TestBlock(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "hello\nworld", "hello\nworld"},
		{"line endings", "a\r\nb\rc\nd\u2028e", "a\nb\nc\nd\ne"},
		{"crlf is one break", "a\r\n\r\nb", "a\n\nb"},
		{"blank lines collapse", "a\n\n\n\n\n\nb", "a\n\n\nb"},
		{"two blank lines kept", "a\n\n\nb", "a\n\n\nb"},
		{"trailing spaces", "a  \t\nb \n", "a\nb"},
		{"leading blank lines", "\n \n\t\n  indented", "  indented"},
		{"tab", "\tcode\t1", "    code    1"},
		{"interior spaces kept", "a   b", "a   b"},
		{"unicode spaces", "a\u00a0\u3000b", "a  b"},
		{"whitespace only", " \r\n\t\n ", ""},
		{"escapes", "\x1b[1mbold\x1b[0m\n\x1b]8;;x\x07link\x1b]8;;\x07", "bold\nlink"},
		{"dcs spanning lines", "a\x1bP1\n2\n3\x1b\\b", "ab"},
		{"overwrite", "Paid\rRefund", "Paid\nRefund"},
		{"controls", "a\bb\ac\x00d\x7fe\u0085f", "abcdef"},
		{"bidi", "x\u202Ey\u2067z\u2069", "xyz"},
		{"invalid utf-8", "a\xffb\n\xfe", "a\uFFFDb\n\uFFFD"},
		{"dropped rune between cr and lf", "a\r\x00\nb", "a\n\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Block(tt.in)
			if got != tt.want {
				t.Errorf("Block(%q) = %q, want %q", tt.in, got, tt.want)
			}
			checkSafe(t, tt.in, got, true)
		})
	}
}

func TestBlockNasty(t *testing.T) {
	for _, in := range nasty {
		got := Block(in)
		checkSafe(t, in, got, true)
		if again := Block(got); again != got {
			t.Errorf("Block not idempotent on %q: %q then %q", in, got, again)
		}
	}
}
