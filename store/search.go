package store

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// Search finds a ticket whose title, body, customer name, product or order
// number contains the query, ASCII case-insensitively: exactly what
// `LIKE '%q%'` over those fields finds, through an index. The index
// (ticket_search, migration 0017) holds each field's 1-, 2- and
// 3-character grams as tokens, so a query of one or two characters (a
// Chinese word such as 退款 is two) is a single token, and a longer one is
// the AND of its trigrams. Every ticket containing the query holds those
// tokens, so the index returns a superset; LIKE on the candidates then
// keeps exactly the substring matches.

// searchFields are the ticket columns a search matches by substring; the
// triggers of migration 0017 pass the same columns to search_grams.
var searchFields = []string{"title", "body", "customer_name", "product", "order_no"}

func init() {
	sqlite.MustRegisterDeterministicScalarFunction("search_grams", -1, searchGramsSQL)
}

// searchGramsSQL is search_grams(text, ...): the index document of the
// given fields. NULL fields have no grams.
func searchGramsSQL(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	fields := make([]string, 0, len(args))
	for _, a := range args {
		switch v := a.(type) {
		case nil:
		case string:
			fields = append(fields, v)
		case []byte:
			fields = append(fields, string(v))
		default:
			return nil, fmt.Errorf("search_grams: %T is not text", a)
		}
	}
	return searchDoc(fields...), nil
}

// foldRune maps a character to how the index spells it: ASCII letters
// lower-cased (LIKE ignores only ASCII case), ASCII characters the ascii
// tokenizer would split on moved to the private use area so that every
// gram stays one token, everything else as is. Text already in that part
// of the private use area folds onto the same grams, which only adds
// candidates that LIKE then drops.
func foldRune(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + ('a' - 'A')
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r >= utf8.RuneSelf:
		return r
	default:
		return 0xE000 + r
	}
}

// gramKey packs a gram of one to three folded characters into an integer
// (21 bits each); folded characters are never 0, so lengths cannot
// collide.
func gramKey(rs []rune) uint64 {
	var k uint64
	for _, r := range rs {
		k = k<<21 | uint64(r)
	}
	return k
}

// appendGram appends the gram whose key is k as a token.
func appendGram(b []byte, k uint64) []byte {
	var rs [3]rune
	n := 0
	for ; k != 0; k >>= 21 {
		rs[n] = rune(k & (1<<21 - 1))
		n++
	}
	for i := n - 1; i >= 0; i-- {
		b = utf8.AppendRune(b, rs[i])
	}
	return b
}

// searchDoc is the index document of a ticket's fields: its distinct
// grams separated by spaces. Grams never span two fields, as LIKE matches
// within one.
func searchDoc(fields ...string) string {
	var keys []uint64
	var rs []rune
	for _, f := range fields {
		rs = rs[:0]
		for _, r := range f {
			rs = append(rs, foldRune(r))
		}
		for i := range rs {
			for n := 1; n <= 3 && i+n <= len(rs); n++ {
				keys = append(keys, gramKey(rs[i:i+n]))
			}
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	b := make([]byte, 0, len(keys)*8)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendGram(b, k)
	}
	return string(b)
}

// searchMatch is the FTS5 query whose hits include every ticket with q in
// one of its searchFields: q's single gram if it is one to three
// characters long, else the AND of its distinct trigrams. Tokens hold no
// quote (foldRune moves it), so quoting each is safe.
func searchMatch(q string) string {
	rs := make([]rune, 0, len(q))
	for _, r := range q {
		rs = append(rs, foldRune(r))
	}
	n := min(len(rs), 3)
	keys := make([]uint64, 0, len(rs))
	for i := 0; i+n <= len(rs); i++ {
		keys = append(keys, gramKey(rs[i:i+n]))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.Write(appendGram(nil, k))
		b.WriteByte('"')
	}
	return b.String()
}

// searchCond is the condition "q is a substring of one of searchFields":
// the index narrows the tickets to candidates, LIKE confirms each.
func searchCond(q string) (string, []any) {
	// Stored text is valid UTF-8 (cleanText): so must the query be, or
	// LIKE and the grams would read a stray byte differently.
	q = strings.ToValidUTF8(q, "\uFFFD")
	like := "%" + escapeLike(q) + "%"
	var b strings.Builder
	b.WriteString("(id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?) AND (")
	args := []any{searchMatch(q)}
	for i, f := range searchFields {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString(f + ` LIKE ? ESCAPE '\'`)
		args = append(args, like)
	}
	b.WriteString("))")
	return b.String(), args
}
