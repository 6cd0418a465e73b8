package triage

import (
	"cmp"
	"slices"
)

// hit is one keyword occurrence in normalised text, with one of its
// meanings; text[start:end] is the keyword. It holds no pointers, so the
// hit list costs the garbage collector nothing.
type hit struct {
	start, end int32
	pay        int32 // index into Rules.payloads
}

// match returns every keyword occurrence in text that sits on proper word
// edges, ordered by start and, for equal starts, longest first, so a hit
// that contains another comes before it.
func (r *Rules) match(text string) []hit {
	hits := make([]hit, 0, 16+len(text)/16)
	r.ac.scan(text, func(pat int32, end int) {
		start := end - int(r.patLen[pat])
		loose := atWordEdges(text, start, end, false)
		if !loose {
			return // an exact match needs at least the loose edges
		}
		exact := atWordEdges(text, start, end, true)
		for i := r.payStart[pat]; i < r.payStart[pat+1]; i++ {
			if !r.payloads[i].exact || exact {
				hits = append(hits, hit{int32(start), int32(end), i})
			}
		}
	})
	slices.SortStableFunc(hits, func(a, b hit) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		return cmp.Compare(b.end, a.end)
	})
	return hits
}

// atWordEdges reports whether text[start:end] may count as a keyword. Only
// ASCII letters and digits form words; a keyword that begins with one must
// not continue a word, and one that ends with one must end the word, except
// that a loose (not exact) keyword ending in a letter may carry a common
// English ending: "crash" matches "crashes", "refund" matches "refunded",
// but "no" never matches inside "know" or "not" inside "notes".
func atWordEdges(text string, start, end int, exact bool) bool {
	if isWordByte(text[start]) && start > 0 && isWordByte(text[start-1]) {
		return false
	}
	last := text[end-1]
	if !isWordByte(last) {
		return true
	}
	j := end
	for j < len(text) && isLetterByte(text[j]) {
		j++
	}
	if j < len(text) && isDigitByte(text[j]) {
		return false
	}
	if j == end {
		return true
	}
	if exact || isDigitByte(last) {
		return false
	}
	suffix := text[end:j]
	if isInflection(suffix) {
		return true
	}
	// Doubled final consonant: stop → stopped, lag → laggy.
	return suffix[0] == last && isInflection(suffix[1:])
}

// isInflection reports whether s is one of the English endings a loose
// keyword may carry. Irregular forms (froze, replied) are separate keywords.
func isInflection(s string) bool {
	switch s {
	case "s", "es", "d", "ed", "ing", "er", "ers", "est", "ly", "y", "ment", "ments", "ness":
		return true
	}
	return false
}

func isWordByte(b byte) bool { return isLetterByte(b) || isDigitByte(b) }

// isLetterByte is for normalised text, which has no upper-case ASCII.
func isLetterByte(b byte) bool { return b >= 'a' && b <= 'z' }

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }
