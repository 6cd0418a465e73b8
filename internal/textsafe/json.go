package textsafe

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// JSON respells encoded JSON so it is safe on a terminal: encoding/json
// escapes C0 controls but passes DEL, C1 controls (U+009B is a CSI to many
// terminals) and format characters (bidi controls, zero-width characters,
// tag characters) through raw. Those become \uXXXX escapes, as a UTF-16
// surrogate pair above U+FFFF as JSON requires; the data stays exact. Such
// runes only occur inside JSON strings, so the result is valid JSON. Invalid
// UTF-8 (which encoding/json never produces) becomes U+FFFD.
func JSON(encoded []byte) string {
	return string(AppendJSON(make([]byte, 0, len(encoded)), encoded))
}

// AppendJSON appends [JSON] of encoded to dst and returns the extended
// buffer, for writers that respell line after line.
func AppendJSON(dst, encoded []byte) []byte {
	for len(encoded) > 0 {
		r, size := utf8.DecodeRune(encoded)
		switch {
		case r == utf8.RuneError && size == 1:
			dst = utf8.AppendRune(dst, r)
		case (r >= 0x7f && r <= 0x9f) || unicode.Is(unicode.Cf, r):
			if r > 0xffff {
				hi, lo := utf16.EncodeRune(r)
				dst = appendEscape(appendEscape(dst, hi), lo)
			} else {
				dst = appendEscape(dst, r)
			}
		default:
			dst = append(dst, encoded[:size]...)
		}
		encoded = encoded[size:]
	}
	return dst
}

// appendEscape appends the JSON escape \uXXXX of a UTF-16 code unit.
func appendEscape(dst []byte, u rune) []byte {
	const hex = "0123456789abcdef"
	return append(dst, '\\', 'u', hex[u>>12&0xf], hex[u>>8&0xf], hex[u>>4&0xf], hex[u&0xf])
}
