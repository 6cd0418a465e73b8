package textsafe

import (
	"fmt"
	"strings"
	"unicode"
)

// JSON respells encoded JSON so it is safe on a terminal: encoding/json
// escapes C0 controls but passes DEL, C1 controls (U+009B is a CSI to many
// terminals) and format characters (bidi overrides, zero-width) through
// raw. Those become \uXXXX escapes; the data stays exact. Such runes only
// occur inside JSON strings, so the result is valid JSON.
func JSON(encoded []byte) string {
	var sb strings.Builder
	sb.Grow(len(encoded))
	for _, r := range string(encoded) {
		if (r >= 0x7f && r <= 0x9f) || unicode.Is(unicode.Cf, r) {
			fmt.Fprintf(&sb, `\u%04x`, r)
		} else {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
