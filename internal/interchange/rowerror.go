package interchange

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// RowError reports a row the reader skipped. Reading can go on after it.
type RowError struct {
	Line   int    // 1-based line the row starts on
	Field  string // column at fault, or "" when it is the whole row
	Reason string
}

// Error reads like `line 17: received_at: not RFC 3339: "2024-13-01"`.
func (e *RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Reason)
}

// maxQuoted bounds how much of an offending value a message repeats.
const maxQuoted = 64

// quote renders a value from the file for a message: Go-quoted, so control
// and bidi characters are escaped, and cut short if long.
func quote(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}
