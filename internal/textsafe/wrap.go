package textsafe

import (
	"iter"
	"strings"
)

// Punctuation that must not start a line (closing marks) or end one (opening
// marks) when a line breaks between wide characters, as in CJK typesetting.
const (
	noBreakBefore = "，。、；：？！）」』】》〉〕｝…—,.;:?!)]}%"
	noBreakAfter  = "（「『【《〈〔｛“‘([{"
)

// Wrap breaks sanitised text (the output of [Block]) into lines of at most
// cells cells, for a detail view. Lines break at spaces, which the break
// swallows, and between wide characters (CJK, emoji) without a space, except
// before closing or after opening punctuation. A word too long for a line
// of its own is split between grapheme clusters. Each "\n" in s starts a new
// line and empty lines are kept; a paragraph's leading indentation is kept on
// its first line. The one line that may exceed cells holds a single grapheme
// wider than cells (a wide character when cells is 1). Wrap returns nil for
// "" or cells < 1.
func Wrap(s string, cells int) []string {
	if s == "" || cells < 1 {
		return nil
	}
	var lines []string
	for para := range strings.SplitSeq(s, "\n") {
		lines = wrapParagraph(lines, para, cells)
	}
	return lines
}

// wrapParagraph appends the wrapped lines of a paragraph (no "\n") to lines.
func wrapParagraph(lines []string, para string, cells int) []string {
	var line strings.Builder
	width, wrapped := 0, false
	flush := func() {
		lines = append(lines, line.String())
		line.Reset()
		width, wrapped = 0, true
	}
	for w := range words(para) {
		gap := w.gap
		if width > 0 && width+gap+w.width > cells {
			flush()
		}
		if width == 0 {
			// Only the first line keeps indentation, and it must leave
			// room for at least one cell of text.
			gap = min(gap, cells-1)
			if wrapped {
				gap = 0
			}
		}
		for range gap {
			line.WriteByte(' ')
		}
		width += gap
		if width+w.width <= cells {
			line.WriteString(w.text)
			width += w.width
			continue
		}
		for g, gw := range graphemes(w.text) {
			if width > 0 && width+gw > cells {
				flush()
			}
			line.WriteString(g)
			width += gw
		}
	}
	if line.Len() > 0 || !wrapped {
		lines = append(lines, line.String())
	}
	return lines
}

// word is a run of graphemes that Wrap keeps on one line when it can.
type word struct {
	text  string
	width int
	gap   int // spaces before the word
}

// words splits a paragraph into words: at spaces, and between two graphemes
// where either is wide, unless punctuation forbids the break. Trailing spaces
// are dropped.
func words(para string) iter.Seq[word] {
	return func(yield func(word) bool) {
		var cur word
		start, end := 0, 0
		prev, prevWidth := "", 0 // previous grapheme of the current word
		for g, w := range graphemes(para) {
			switch {
			case g == " ":
				if end > start {
					cur.text = para[start:end]
					if !yield(cur) {
						return
					}
					cur = word{}
				}
				cur.gap++
				start = end + 1
			case end > start && canBreak(prev, prevWidth, g, w):
				cur.text = para[start:end]
				if !yield(cur) {
					return
				}
				cur = word{}
				start = end
			}
			end += len(g)
			if g != " " {
				cur.width += w
				prev, prevWidth = g, w
			}
		}
		if end > start {
			cur.text = para[start:end]
			yield(cur)
		}
	}
}

// canBreak reports whether a line may break between adjacent graphemes a and
// b when no space separates them.
func canBreak(a string, aWidth int, b string, bWidth int) bool {
	return (aWidth > 1 || bWidth > 1) &&
		!strings.Contains(noBreakBefore, b) && !strings.Contains(noBreakAfter, a)
}
