package store

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// pgSearchGrams is what PostgreSQL's search_grams (migration 0017) makes of
// the fields: the distinct 1-, 2- and 3-character substrings of each,
// ASCII letters lowered, none spanning two fields. A batch makes them here,
// on other cores before its transaction, instead of the insert trigger's
// PL/pgSQL inside it (~1.7 ms a ticket on the server). They come sorted;
// the order does not matter to a search, which asks the set for its own.
func pgSearchGrams(fields ...string) []string {
	var grams []string
	var at []int // where each character of the field starts, and its end
	for _, f := range fields {
		f = asciiLower(f)
		at = at[:0]
		for i := 0; i < len(f); {
			at = append(at, i)
			_, n := utf8.DecodeRuneInString(f[i:])
			i += n
		}
		at = append(at, len(f))
		chars := len(at) - 1
		for i := range chars {
			for n := 1; n <= 3 && i+n <= chars; n++ {
				grams = append(grams, f[at[i]:at[i+n]])
			}
		}
	}
	slices.Sort(grams)
	return slices.Compact(grams)
}

// asciiLower is SQL's ascii_lower: ASCII letters lowered, nothing else.
func asciiLower(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 'A' && r <= 'Z' }) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}
