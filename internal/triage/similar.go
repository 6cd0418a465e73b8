package triage

import (
	"hash/maphash"
	"slices"
	"unicode"
	"unicode/utf8"
)

// DefaultNearDuplicateThreshold is the Similarity at or above which two
// texts from the same customer are treated as the same feedback sent
// twice. At 0.8 a resend with a few characters changed or added ("又闪退了"
// → "又闪退了！！急") still counts, while two different problems with the
// same product do not.
const DefaultNearDuplicateThreshold = 0.8

// Similarity returns how alike two texts are, in [0, 1], 1 meaning the same
// after normalisation. Texts are compared as sets of shingles: Chinese (any
// non-ASCII letters) as overlapping two-character pairs, so no word
// segmentation is needed, and ASCII words and numbers whole. The measure is
// the Dice coefficient 2|A∩B| / (|A|+|B|). Punctuation, case, full-width
// forms and spacing are ignored. Two texts without any shingles are
// identical if their normalised forms are.
func Similarity(a, b string) float64 {
	na, nb := normalize(a), normalize(b)
	sa, sb := shingles(na), shingles(nb)
	if len(sa) == 0 || len(sb) == 0 {
		if len(sa) == 0 && len(sb) == 0 && na == nb {
			return 1
		}
		return 0
	}
	common, i, j := 0, 0, 0
	for i < len(sa) && j < len(sb) {
		switch {
		case sa[i] == sb[j]:
			common++
			i++
			j++
		case sa[i] < sb[j]:
			i++
		default:
			j++
		}
	}
	return 2 * float64(common) / float64(len(sa)+len(sb))
}

// IsNearDuplicate reports whether Similarity(a, b) reaches threshold; pass
// DefaultNearDuplicateThreshold unless a setting says otherwise.
func IsNearDuplicate(a, b string, threshold float64) bool {
	return Similarity(a, b) >= threshold
}

// shingleSeed makes shingle hashes stable within a process, which is all a
// comparison needs.
var shingleSeed = maphash.MakeSeed()

// shingles returns the sorted, distinct hashes of the shingles of
// normalised text s. Hashing keeps the sets small and comparison a merge; a
// 64-bit collision is far too rare to move a score.
func shingles(s string) []uint64 {
	var out []uint64
	// The current run of non-ASCII letters: where its previous rune starts,
	// and how many runes it has so far.
	prevStart, runLen := 0, 0
	endRun := func(end int) {
		if runLen == 1 { // a lone character is its own shingle
			out = append(out, maphash.String(shingleSeed, s[prevStart:end]))
		}
		runLen = 0
	}
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c < utf8.RuneSelf && isWordByte(byte(c)):
			endRun(i)
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			out = append(out, maphash.String(shingleSeed, s[i:j]))
			i = j
			continue
		case c >= utf8.RuneSelf && (unicode.IsLetter(c) || unicode.IsNumber(c)):
			if runLen > 0 { // the pair is contiguous in s
				out = append(out, maphash.String(shingleSeed, s[prevStart:i+size]))
			}
			prevStart = i
			runLen++
		default:
			endRun(i)
		}
		i += size
	}
	endRun(len(s))
	slices.Sort(out)
	return slices.Compact(out)
}
