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
// ends a clause for negation). Whitespace between two non-ASCII characters
// is dropped, because Chinese does not use spaces and "闪 退" should still
// match 闪退. The result is valid UTF-8 and has no leading or trailing space.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var (
		pendingSpace bool // whitespace seen since the last written rune
		pendingLine  bool // ... and it contained a newline
		prev         rune // last written rune, 0 at the start
	)
	for _, r := range s {
		r = foldRune(r)
		switch {
		case r == '\n' || r == '\r':
			pendingSpace, pendingLine = true, true
			continue
		case unicode.IsSpace(r):
			pendingSpace = true
			continue
		case r == utf8.RuneError || unicode.Is(unicode.Cf, r) || unicode.IsControl(r):
			continue
		}
		if pendingSpace && prev != 0 {
			switch {
			case pendingLine:
				b.WriteByte('\n')
			case prev < utf8.RuneSelf || r < utf8.RuneSelf:
				b.WriteByte(' ')
			}
		}
		pendingSpace, pendingLine = false, false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
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
