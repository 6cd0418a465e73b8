package store

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestSearchTagsApart: a filter tag is one token of the ascii tokenizer,
// at least four characters long, so never a gram of searchDoc (one to
// three), and no two kinds or values share one, as the tokenizer folds
// them (ASCII case): WeChat and wechat are different channels to
// channel = ?, and so to the tags.
func TestSearchTagsApart(t *testing.T) {
	r := rand.New(rand.NewPCG(25, 1))
	fold := func(s string) string { // what the ascii tokenizer stores
		return strings.Map(func(c rune) rune {
			if c >= 'A' && c <= 'Z' {
				return c + ('a' - 'A')
			}
			return c
		}, s)
	}
	owners := map[string]string{tagUnassigned: "no owner"}
	values := []string{"wechat", "WeChat", "WECHAT", "a", "A", "tech_support", "u", "nassigned", "李伟"}
	for range 2000 {
		values = append(values, randomField(r))
	}
	for _, v := range values {
		for _, kind := range []byte{tagChannel, tagCategory, tagTeam, tagOwner} {
			tag := searchTag(kind, v)
			if v == "" {
				if tag != "" {
					t.Fatalf("kind %c: the empty value has tag %q", kind, tag)
				}
				continue
			}
			if n := utf8.RuneCountInString(tag); n < 4 {
				t.Fatalf("kind %c, %q: tag %q has %d characters", kind, v, tag, n)
			}
			if strings.ContainsFunc(tag, func(c rune) bool {
				return c < utf8.RuneSelf && !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')
			}) {
				t.Fatalf("kind %c, %q: tag %q holds a character the ascii tokenizer splits on, or an upper-case one", kind, v, tag)
			}
			what := string(kind) + " " + v
			if other, ok := owners[fold(tag)]; ok && other != what {
				t.Fatalf("%q and %q share the tag %q", what, other, tag)
			}
			owners[fold(tag)] = what
		}
	}
	for range 500 {
		for _, g := range strings.Fields(searchDoc(randomField(r), randomField(r))) {
			if _, ok := owners[fold(g)]; ok || utf8.RuneCountInString(g) > 3 {
				t.Fatalf("gram %q is a tag, or longer than three characters", g)
			}
		}
	}
}

// TestSearchTagsSQLEqualsGo: search_tags, which the triggers call, is
// searchTags, which intake's batches call; NULL is no value, and a NULL
// owner is unassigned.
func TestSearchTagsSQLEqualsGo(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(25, 2))
	field := func() *string {
		if r.IntN(6) == 0 {
			return nil
		}
		f := randomField(r)
		return &f
	}
	deref := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	for range 500 {
		ch, cat, team, owner := field(), field(), field(), field()
		var got string
		if err := s.r.QueryRowContext(ctx, "SELECT search_tags(?, ?, ?, ?)", ch, cat, team, owner).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := searchTags(deref(ch), deref(cat), deref(team), owner); got != want {
			t.Fatalf("search_tags(%v, %v, %v, %v) = %q, Go makes %q", ch, cat, team, owner, got, want)
		}
		if owner == nil && !strings.Contains(got, tagUnassigned) {
			t.Fatalf("no owner, tags %q", got)
		}
	}
}

// TestSearchDocHoldsEachGramOnce: a document is every distinct gram of
// its fields, each once, whatever the fields' lengths (the set that drops
// repeats grows with them) and however often the work is reused.
func TestSearchDocHoldsEachGramOnce(t *testing.T) {
	r := rand.New(rand.NewPCG(25, 3))
	for i := range 2000 {
		fields := make([]string, 1+r.IntN(5))
		for j := range fields {
			fields[j] = randomField(r)
			if i%50 == 0 {
				fields[j] = strings.Repeat(fields[j], 1+r.IntN(300))
			}
		}
		want := map[string]bool{}
		for _, f := range fields {
			var rs []rune
			for _, c := range f {
				rs = append(rs, foldRune(c))
			}
			for a := range rs {
				for b := a + 1; b <= min(a+3, len(rs)); b++ {
					want[string(rs[a:b])] = true
				}
			}
		}
		got := strings.Fields(searchDoc(fields...))
		seen := map[string]bool{}
		for _, g := range got {
			if seen[g] || !want[g] {
				t.Fatalf("fields %q: gram %q is repeated or not theirs", fields, g)
			}
			seen[g] = true
		}
		if len(seen) != len(want) {
			t.Fatalf("fields %q: %d grams, want %d", fields, len(seen), len(want))
		}
	}
}
