package textsafe

import "unicode"

// runeClass says what the sanitisers do with a rune of text.
type runeClass uint8

const (
	keep      runeClass = iota
	drop                // controls and invisible format characters
	space               // horizontal whitespace other than tab
	tab                 // '\t'
	lineBreak           // '\n', '\r', U+2028, U+2029
)

// classify sorts a rune that textRunes passed on (so not part of an escape
// sequence).
func classify(r rune) runeClass {
	switch {
	case r == ' ':
		return space
	case r == '\t':
		return tab
	case r == '\n', r == '\r', r == '\u2028', r == '\u2029':
		return lineBreak
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		// C0 (\b, BEL, …), DEL and C1.
		return drop
	case r < 0x7f:
		return keep
	case unicode.Is(unicode.Cf, r):
		// Zero-width characters, bidi controls (U+202A–U+202E,
		// U+2066–U+2069, U+061C, U+200E/F), U+2060–U+2064, U+180E, the BOM.
		return drop
	case unicode.IsSpace(r):
		return space
	}
	return keep
}
