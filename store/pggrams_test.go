package store

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

// randomField is text as customers write it: any case, digits, spaces and
// punctuation, accented and dotted capitals (which only ASCII-lowering
// leaves alone), Chinese, emoji with joiners and modifiers, combining
// marks, and the U+FFFD a NUL is stored as.
func randomField(r *rand.Rand) string {
	pools := []string{
		"ABCXYZabcxyz", "0123456789", " .,-_'\"%\\?!@#", "ÉÀÖéàöİıẞß", "退款没到账物流太慢发票开错了闪退",
		"😀👍🏽👨‍👩‍👧🇨🇳", "e\u0301a\u0300", "\ufffd", "ＡＢＣ１２３", "한국어テスト",
	}
	var b strings.Builder
	for range r.IntN(24) {
		p := []rune(pools[r.IntN(len(pools))])
		b.WriteRune(p[r.IntN(len(p))])
	}
	return b.String()
}

// TestPGSearchGramsEqualsSQL: the grams a batch makes in Go are the very
// set PostgreSQL's search_grams makes of the same fields, which the
// single writes' trigger stores and every search on PostgreSQL reads.
func TestPGSearchGramsEqualsSQL(t *testing.T) {
	server := os.Getenv(pgServerEnv)
	if server == "" {
		t.Skip(pgServerEnv + " not set: PostgreSQL tests skipped")
	}
	ctx := context.Background()
	db, drop, err := NewSchema(ctx, server, "loopdesk_test_")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = drop(context.Background()) })
	s, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	r := rand.New(rand.NewPCG(18, 20))
	var inputs [][]*string // a nil field is SQL's NULL, which has no grams
	for range 3000 {
		fields := make([]*string, 1+r.IntN(5))
		for i := range fields {
			if r.IntN(8) > 0 {
				f := randomField(r)
				fields[i] = &f
			}
		}
		inputs = append(inputs, fields)
	}
	arg, err := json.Marshal(inputs)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT array_to_json(search_grams(VARIADIC ARRAY(SELECT json_array_elements_text(f))))::text
		FROM json_array_elements(?::json) WITH ORDINALITY AS x (f, i) ORDER BY i`, string(arg))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for ; rows.Next(); i++ {
		var js string
		var want []string
		if err := rows.Scan(&js); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(js), &want); err != nil {
			t.Fatal(err)
		}
		slices.Sort(want)
		var fields []string
		for _, f := range inputs[i] {
			if f != nil {
				fields = append(fields, *f)
			}
		}
		if got := pgSearchGrams(fields...); !slices.Equal(got, want) {
			t.Fatalf("fields %q: Go makes %q, search_grams %q", fields, got, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if i != len(inputs) {
		t.Fatalf("compared %d of %d", i, len(inputs))
	}
}
