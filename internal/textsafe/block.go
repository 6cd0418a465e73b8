package textsafe

import "strings"

const (
	// tabSpaces is how many spaces a tab becomes in Block: enough to keep
	// pasted logs and code readable, without pretending to know tab stops.
	tabSpaces = 4
	// maxBreaks is the most consecutive line breaks Block keeps, i.e. two
	// blank lines.
	maxBreaks = 3
)

// Block sanitises untrusted multi-line text (a ticket body, a note) like
// [Line] but keeps line breaks: "\r\n", a lone "\r", U+2028 and U+2029 become
// "\n", a tab becomes four spaces and other whitespace one space each, so
// indentation survives. Trailing spaces are trimmed from every line, more
// than two blank lines in a row collapse to two, and blank lines at the start
// and end are removed. '\n' is the only control character in the result;
// Block(Block(s)) == Block(s).
func Block(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	spaces, breaks := 0, 0
	afterCR := false
	for r := range textRunes(s) {
		crlf := afterCR && r == '\n'
		afterCR = r == '\r'
		switch classify(r) {
		case drop:
		case space:
			spaces++
		case tab:
			spaces += tabSpaces
		case lineBreak:
			// Spaces before a break are trailing; breaks before any text
			// are leading blank lines.
			spaces = 0
			if b.Len() > 0 && !crlf {
				breaks++
			}
		case keep:
			b.WriteString("\n\n\n"[:min(breaks, maxBreaks)])
			breaks = 0
			for ; spaces > 0; spaces-- {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
