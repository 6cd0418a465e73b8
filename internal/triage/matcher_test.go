package triage

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestAutomatonAgainstNaive checks every occurrence the automaton reports
// against a brute-force search, over random texts built from overlapping
// patterns (the cases fail links exist for).
func TestAutomatonAgainstNaive(t *testing.T) {
	patterns := []string{"a", "ab", "bab", "bc", "bca", "c", "caa", "闪退", "退款", "闪", "款", "crash", "ash"}
	a := newAutomaton(patterns)
	alphabet := []string{"a", "b", "c", "闪", "退", "款", "crash", " ", "s", "h"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		var sb strings.Builder
		for range rng.IntN(30) {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		text := sb.String()

		type occ struct{ pat, end int }
		var got, want []occ
		a.scan(text, func(p int32, end int) { got = append(got, occ{int(p), end}) })
		for p, pat := range patterns {
			for i := 0; i+len(pat) <= len(text); i++ {
				if text[i:i+len(pat)] == pat {
					want = append(want, occ{p, i + len(pat)})
				}
			}
		}
		cmp := func(x, y occ) int {
			if x.end != y.end {
				return x.end - y.end
			}
			return x.pat - y.pat
		}
		slices.SortFunc(got, cmp)
		slices.SortFunc(want, cmp)
		if !slices.Equal(got, want) {
			t.Fatalf("text %q:\n got %v\nwant %v", text, got, want)
		}
	}
}

func TestAtWordEdges(t *testing.T) {
	tests := []struct {
		text, kw string
		exact    bool
		want     bool
	}{
		{"the app crashes", "crash", false, true},
		{"it crashed again", "crash", false, true},
		{"keeps crashing", "crash", false, true},
		{"a crash.", "crash", false, true},
		{"crashcourse", "crash", false, false},
		{"the app stopped", "stop", false, true}, // doubled consonant
		{"so laggy", "lag", false, true},
		{"i know", "no", true, false},
		{"no way", "no", true, true},
		{"nos", "no", true, false}, // exact words take no endings
		{"my notes", "not", true, false},
		{"not good", "not", true, true},
		{"cannot", "not", true, false}, // left edge
		{"打12315投诉", "12315", false, true},
		{"call 123156", "12315", false, false},
		{"x12315", "12315", false, false},
		{"app闪退了", "闪退", false, true},
		{"refunded twice", "refund", false, true},
		{"refundable", "refund", false, false},
		{"disappointment", "disappoint", false, true},
		{"bug2", "bug", false, false},
		{"closes.com", ".com", true, true},
		{"a.company", ".com", true, false},
	}
	for _, tt := range tests {
		start := strings.Index(tt.text, tt.kw)
		if start < 0 {
			t.Fatalf("%q not in %q", tt.kw, tt.text)
		}
		if got := atWordEdges(tt.text, start, start+len(tt.kw), tt.exact); got != tt.want {
			t.Errorf("atWordEdges(%q, %q, exact=%v) = %v, want %v", tt.text, tt.kw, tt.exact, got, tt.want)
		}
	}
}
