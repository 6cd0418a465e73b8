package triage

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// smoothing is the Laplace (add-one) pseudo-count every feature gets in
// every class, so a word a class has never seen lowers its score instead
// of ruling it out.
const smoothing = 0.5

// bayes is a multinomial naive Bayes classifier over binary token counts
// (each token once per text), with Laplace smoothing.
type bayes struct {
	// ruleWeight is how many words the rules' verdict counts for: the
	// rules condense every keyword and phrase they know into one token,
	// and the model learns from the desk's history how far to trust it.
	ruleWeight float64
	classes    []string
	docs       []int              // training texts per class
	counts     map[string][]int32 // token → texts of each class that contain it

	// derived by prepare
	logPrior []float64
	logDenom []float64            // log(tokens seen in class + smoothing × vocabulary)
	logLike  map[string][]float64 // token → log P(token | class), so scoring takes no logarithms
	n        int                  // training texts in all
}

func newBayes(classes []string, ruleWeight float64) *bayes {
	return &bayes{ruleWeight: ruleWeight, classes: classes, docs: make([]int, len(classes)), counts: make(map[string][]int32)}
}

// learn counts one text of class c, with rule the token for what the
// rules said about it.
func (b *bayes) learn(feats []string, rule string, c int) {
	b.docs[c]++
	for _, f := range append(feats, rule) {
		row := b.counts[f]
		if row == nil {
			row = make([]int32, len(b.classes))
			b.counts[f] = row
		}
		row[c]++
	}
}

// prune drops tokens seen in fewer than min texts: on a large history they
// are mostly typos and order numbers, and they are most of the model's size.
func (b *bayes) prune(min int32) {
	for f, row := range b.counts {
		var n int32
		for _, v := range row {
			n += v
		}
		if n < min {
			delete(b.counts, f)
		}
	}
}

// prepare computes the log priors and denominators; call it after learning
// or loading and before scoring.
func (b *bayes) prepare() {
	k := len(b.classes)
	totals := make([]float64, k)
	for _, row := range b.counts {
		for c, v := range row {
			totals[c] += float64(v)
		}
	}
	b.n = 0
	for _, d := range b.docs {
		b.n += d
	}
	vocab := float64(len(b.counts))
	b.logPrior, b.logDenom = make([]float64, k), make([]float64, k)
	for c := range k {
		b.logPrior[c] = math.Log((float64(b.docs[c]) + 1) / (float64(b.n) + float64(k)))
		b.logDenom[c] = math.Log(totals[c] + smoothing*vocab)
	}
	b.logLike = make(map[string][]float64, len(b.counts))
	for f, row := range b.counts {
		ll := make([]float64, k)
		for c, v := range row {
			ll[c] = math.Log(float64(v)+smoothing) - b.logDenom[c]
		}
		b.logLike[f] = ll
	}
}

// posterior returns P(class | text) for every class in dst, which it
// reuses when long enough, for a text with tokens feats on which the rules
// said rule. Tokens the model never saw carry no evidence.
func (b *bayes) posterior(feats []string, rule string, dst []float64) []float64 {
	k := len(b.classes)
	dst = append(dst[:0], b.logPrior...)
	add := func(f string, times float64) {
		ll, ok := b.logLike[f]
		if !ok {
			return
		}
		for c := range k {
			dst[c] += times * ll[c]
		}
	}
	for _, f := range feats {
		add(f, 1)
	}
	add(rule, b.ruleWeight)
	top := slices.Max(dst)
	var sum float64
	for c := range dst {
		dst[c] = math.Exp(dst[c] - top)
		sum += dst[c]
	}
	for c := range dst {
		dst[c] /= sum
	}
	return dst
}

// maxReasons is how many words a suggestion names as its reason.
const maxReasons = 3

// reasons names the tokens of feats that speak most for class c against
// the others (the largest log-likelihood ratios), seen in at least two
// texts of c, as text: the channel, product and rule tokens are skipped, and a
// character is skipped when a pair containing it is named.
func (b *bayes) reasons(feats []string, c int) []string {
	type scored struct {
		tok string
		llr float64
	}
	var cand []scored
	for _, f := range feats {
		row, ok := b.counts[f]
		if !ok || row[c] < 2 || f == "#" || strings.Contains(f, "=") {
			continue
		}
		var rest, restDenom float64
		for o, v := range row {
			if o != c {
				rest += float64(v)
				restDenom += math.Exp(b.logDenom[o])
			}
		}
		llr := math.Log(float64(row[c])+smoothing) - b.logDenom[c] - math.Log((rest+smoothing)/restDenom)
		if llr > 0 {
			cand = append(cand, scored{f, llr})
		}
	}
	slices.SortFunc(cand, func(x, y scored) int {
		return cmp.Or(cmp.Compare(y.llr, x.llr), cmp.Compare(x.tok, y.tok))
	})
	var out []string
	for _, s := range cand {
		if len(out) == maxReasons {
			break
		}
		if slices.ContainsFunc(out, func(o string) bool { return strings.Contains(o, s.tok) || strings.Contains(s.tok, o) }) {
			continue
		}
		out = append(out, s.tok)
	}
	return out
}
