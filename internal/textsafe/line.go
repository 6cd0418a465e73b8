package textsafe

import (
	"strings"
	"unicode/utf8"
)

// Line sanitises untrusted text for a single-line field (a title, a name):
// escape sequences and control and format characters are removed, line
// breaks and tabs count as whitespace, every run of whitespace becomes one
// space, and the result is trimmed. Invalid UTF-8 becomes U+FFFD. The result
// contains no control character at all; Line(Line(s)) == Line(s).
func Line(s string) string {
	if isCleanLine(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	for r := range textRunes(s) {
		switch classify(r) {
		case drop:
		case keep:
			if pendingSpace {
				b.WriteByte(' ')
				pendingSpace = false
			}
			b.WriteRune(r)
		default:
			// Any whitespace, line breaks included; none before the first rune.
			pendingSpace = b.Len() > 0
		}
	}
	return b.String()
}

// isCleanLine reports whether Line would return s unchanged, so the common
// case of already clean text costs no allocation.
func isCleanLine(s string) bool {
	prevSpace := true // forbids a leading space
	for _, r := range s {
		switch classify(r) {
		case keep:
			// U+FFFD may stand for invalid UTF-8, which must be repaired.
			if r == utf8.RuneError {
				return false
			}
			prevSpace = false
		case space:
			if prevSpace || r != ' ' {
				return false
			}
			prevSpace = true
		default:
			return false
		}
	}
	return !prevSpace || s == ""
}
