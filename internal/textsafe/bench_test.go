package textsafe

import (
	"strings"
	"testing"
)

// mixed2K is about 2 KB of realistic hostile text: Latin and CJK words,
// emoji, escape sequences, controls, bidi and zero-width characters.
var mixed2K = func() string {
	chunk := "Order 20240518 支付失败，客户很生气 👍🏽 \x1b[31mURGENT\x1b[0m " +
		"\x1b]8;;https://x.example\x07link\x1b]8;;\x07 a\u200bb\u202Ec\r\n\t"
	return strings.Repeat(chunk, 2048/len(chunk)+1)[:2048]
}()

// clean2K is about 2 KB that Line leaves unchanged.
var clean2K = Line(mixed2K)

func BenchmarkLine(b *testing.B) {
	b.SetBytes(int64(len(mixed2K)))
	for b.Loop() {
		Line(mixed2K)
	}
}

func BenchmarkLineClean(b *testing.B) {
	b.SetBytes(int64(len(clean2K)))
	for b.Loop() {
		Line(clean2K)
	}
}

func BenchmarkBlock(b *testing.B) {
	b.SetBytes(int64(len(mixed2K)))
	for b.Loop() {
		Block(mixed2K)
	}
}

func BenchmarkWrap(b *testing.B) {
	text := Block(mixed2K)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Wrap(text, 60)
	}
}
