package triage

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalize folds text into the form every keyword is matched against:
// full-width ASCII becomes half-width (Chinese input methods produce
// "ＡＰＰ" and "？"), letters are lower-cased, curly quotes become straight
// ones, invisible format characters are dropped, and whitespace runs become a
// single space, or a single newline when the run contains one (a newline
// ends a clause for negation). Whitespace between two CJK characters is
// dropped, because Chinese does not use spaces and "闪 退" should still
// match 闪退. The result is valid UTF-8 and has no leading or trailing space.
func normalize(s string) string {
	n := normalizer{}
	n.b.Grow(len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			n.ascii(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r > 0x3000 && r < 0xA000 {
			// CJK punctuation, kana and ideographs (most of a Chinese text)
			// need no folding: copy their bytes as they are.
			n.put(r, s[i:i+size])
		} else {
			n.other(r)
		}
		i += size
	}
	return n.b.String()
}

// normalizer accumulates normalised text, holding back whitespace until it
// knows what follows.
type normalizer struct {
	b            strings.Builder
	pendingSpace bool // whitespace seen since the last written rune
	pendingLine  bool // ... and it contained a newline
	prev         rune // last written rune, 0 at the start
}

func (n *normalizer) ascii(c byte) {
	switch {
	case c == '\n' || c == '\r':
		n.pendingSpace, n.pendingLine = true, true
	case c == ' ' || c == '\t' || c == '\v' || c == '\f':
		n.pendingSpace = true
	case c < ' ' || c == 0x7f:
		// control characters carry nothing
	default:
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		n.space(rune(c))
		n.b.WriteByte(c)
		n.prev = rune(c)
	}
}

func (n *normalizer) other(r rune) {
	r = foldRune(r)
	switch {
	case r < utf8.RuneSelf:
		n.ascii(byte(r))
	case unicode.IsSpace(r):
		n.pendingSpace = true
	case r == utf8.RuneError || unicode.Is(unicode.Cf, r) || unicode.IsControl(r):
		// invalid bytes, zero-width and bidi controls carry nothing
	default:
		n.put(r, "")
	}
}

// put writes r, as raw if given, after any pending whitespace.
func (n *normalizer) put(r rune, raw string) {
	n.space(r)
	if raw != "" {
		n.b.WriteString(raw)
	} else {
		n.b.WriteRune(r)
	}
	n.prev = r
}

// space writes the whitespace pending before r, if any survives.
func (n *normalizer) space(r rune) {
	if !n.pendingSpace {
		return
	}
	switch {
	case n.prev == 0: // leading whitespace
	case n.pendingLine:
		n.b.WriteByte('\n')
	case !isCJK(n.prev) || !isCJK(r):
		n.b.WriteByte(' ')
	}
	n.pendingSpace, n.pendingLine = false, false
}

// foldRune maps one rune to its matching form.
func foldRune(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + ('a' - 'A')
	case r < utf8.RuneSelf:
		return r
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII block
		return foldRune(r - 0xFEE0)
	case r == 0x3000: // ideographic space
		return ' '
	case r == 0xFFE5: // full-width yen sign
		return '¥'
	case r == '‘' || r == '’' || r == '′':
		return '\''
	case r == '“' || r == '”':
		return '"'
	}
	return unicode.ToLower(r)
}

// isCJK reports whether r is a CJK character or CJK punctuation, between
// which spaces carry no meaning.
func isCJK(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || // radicals, CJK punctuation, kana, ideographs
		r >= 0xF900 && r <= 0xFAFF || // compatibility ideographs
		r >= 0xFF00 && r <= 0xFFEF || // full-width forms left after folding
		r >= 0x20000 && r <= 0x3FFFF // rarer ideographs
}
