package textsafe

import (
	"iter"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// ellipsis marks text that Truncate cut.
const ellipsis = "…"

// ellipsisWidth is 1, or 2 when RUNEWIDTH_EASTASIAN makes ambiguous-width
// characters wide (ansi reads it at start-up).
var ellipsisWidth = Width(ellipsis)

// Width returns the number of terminal cells s occupies on one line, as
// lipgloss v2 measures it.
func Width(s string) int {
	return ansi.StringWidth(s)
}

// graphemes yields the grapheme clusters of s with their widths, measured as
// Width measures them, so the widths add up to Width(s) for sanitised text.
func graphemes(s string) iter.Seq2[string, int] {
	return func(yield func(string, int) bool) {
		for s != "" {
			g, w := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
			if !yield(g, w) {
				return
			}
			s = s[len(g):]
		}
	}
}

// Truncate cuts sanitised single-line text to at most cells cells, ending it
// with "…" when anything was cut. It cuts between grapheme clusters only; a
// wide character that would straddle the limit is left out, so the result
// may be a cell short. It returns "" when cells < 1.
func Truncate(s string, cells int) string {
	if cells < 1 {
		return ""
	}
	tail, tailWidth := ellipsis, ellipsisWidth
	if tailWidth > cells {
		tail, tailWidth = "", 0
	}
	width, cut, end := 0, 0, 0
	for g, w := range graphemes(s) {
		if width+w > cells {
			return s[:cut] + tail
		}
		width += w
		end += len(g)
		if width <= cells-tailWidth {
			cut = end
		}
	}
	return s
}

// PadRight makes sanitised single-line text exactly cells cells wide:
// truncated as by [Truncate], then padded with spaces (also filling the cell
// a left-out wide character leaves). It returns "" when cells < 1.
func PadRight(s string, cells int) string {
	s = Truncate(s, cells)
	if pad := cells - Width(s); pad > 0 {
		return s + strings.Repeat(" ", pad)
	}
	return s
}
