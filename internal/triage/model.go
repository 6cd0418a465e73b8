package triage

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync/atomic"
)

// Example is one piece of feedback with the labels a person gave it. An
// empty Category or Sentiment, or InvalidKnown false, means that label is
// unknown and the example does not train that classifier.
type Example struct {
	Input
	Category     string
	Sentiment    string
	Invalid      bool
	InvalidKnown bool
}

// Model is what a desk's labelled history taught: three logistic
// regressions, for category, sentiment and the invalid/spam decision,
// each trained on the examples that carry its label. A Model is immutable
// after Train or UnmarshalModel and safe for concurrent use.
type Model struct {
	// Version is the store's number for the model, 0 until it is saved.
	Version int64

	category, sentiment, invalid *linear
}

// Invalid classes; the order is the file format's.
var invalidClasses = []string{"valid", "invalid"}

// pruneAbove is the training size from which tokens seen only once are
// dropped: below it every token is precious, above it the once-seen are
// mostly typos and order numbers, and most of the size.
const pruneAbove = 2000

// Train learns a Model from examples, with r (nil: [DefaultRules]) the
// rules it will be blended with: what they say about an example is among
// its tokens, so the model learns from the desk how far to trust them. A
// classifier with no examples, or with one class only, stays out of the
// model, and analysis then uses the rules alone for it.
func Train(examples []Example, r *Rules) *Model {
	if r == nil {
		r = DefaultRules()
	}
	n := len(examples)
	texts, spamTexts := make([][]string, n), make([][]string, n)
	cats, sents, spam := make([]int, n), make([]int, n), make([]int, n)
	for i := range examples {
		ex := &examples[i]
		feats := ex.features(nil)
		rule, evidence := analyze(ex.Input, r, nil)
		texts[i] = contextFeatures(feats, rule.Category, &evidence, rule.Sentiment)
		spamTexts[i] = append(slices.Clip(feats), invalidToken(rule.InvalidReason))
		spam[i] = -1
		if ex.InvalidKnown {
			spam[i] = b2i(ex.Invalid)
		}
		cats[i], sents[i] = categoryIndex(ex.Category), slices.Index(Sentiments(), ex.Sentiment)
		if ex.InvalidKnown && ex.Invalid {
			cats[i], sents[i] = -1, -1 // spam's category and tone say nothing about real feedback
		}
	}
	minDocs := 1
	if n > pruneAbove {
		minDocs = 2
	}
	m := &Model{
		category: trainLinear(slices.Clone(categoryNames[:]), texts, cats, minDocs, false),
		// Sentiment is carried by the presence of a few words (不, 谢谢,
		// "still"), which idf would weigh down: binary did better in
		// cross-validation.
		sentiment: trainLinear(Sentiments(), texts, sents, minDocs, true),
		invalid:   trainLinear(slices.Clone(invalidClasses), spamTexts, spam, minDocs, false),
	}
	m.dropEmpty()
	return m
}

// invalidToken is the rules' invalid verdict as a token.
func invalidToken(reason string) string {
	if reason == "" {
		return ruleFeature + invalidClasses[0]
	}
	return ruleFeature + invalidClasses[1]
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// features lists the example's tokens into buf.
func (ex *Example) features(buf []string) []string {
	return features(normalize(ex.Title), normalize(ex.Body), ex.Channel, ex.Product, buf)
}

// dropEmpty removes the classifiers that cannot tell anything apart: a
// desk whose history holds one class only (all valid, say) must not pull
// every suggestion towards it.
func (m *Model) dropEmpty() {
	for _, p := range []**linear{&m.category, &m.sentiment, &m.invalid} {
		if *p == nil {
			continue
		}
		seen := 0
		for _, d := range (*p).docs {
			if d > 0 {
				seen++
			}
		}
		if seen < 2 {
			*p = nil
		}
	}
}

// Examples reports how many examples trained each classifier.
func (m *Model) Examples() (category, sentiment, invalid int) {
	n := func(l *linear) int {
		if l == nil {
			return 0
		}
		return l.n
	}
	return n(m.category), n(m.sentiment), n(m.invalid)
}

// modelFile is the stored form of a Model. Format 2 holds logistic
// regressions (linearFile); format 1, naive Bayes counts (bayesFile), is
// what earlier versions stored, and still loads (see bayesFile.convert).
type modelFile struct {
	Format    int             `json:"format"`
	Category  json.RawMessage `json:"category,omitempty"`
	Sentiment json.RawMessage `json:"sentiment,omitempty"`
	Invalid   json.RawMessage `json:"invalid,omitempty"`
}

// linearFile is one stored logistic regression: the bias and, for each
// token, its weight of presence and its weight towards each class.
type linearFile struct {
	Classes []string            `json:"classes"`
	Docs    []int               `json:"docs"`
	Bias    []float32           `json:"bias"`
	Tokens  map[string]tokenRow `json:"tokens"`
}

type tokenRow struct {
	IDF float32   `json:"idf"`
	W   []float32 `json:"w"`
}

const modelFormat = 2

// MaxModelBytes bounds a stored model (about 200,000 tokens).
const MaxModelBytes = 64 << 20

// MarshalModel encodes m for storage.
func MarshalModel(m *Model) ([]byte, error) {
	f := modelFile{Format: modelFormat}
	for _, t := range []struct {
		l   *linear
		dst *json.RawMessage
	}{{m.category, &f.Category}, {m.sentiment, &f.Sentiment}, {m.invalid, &f.Invalid}} {
		if t.l == nil {
			continue
		}
		k := len(t.l.classes)
		lf := linearFile{Classes: t.l.classes, Docs: t.l.docs, Bias: t.l.bias, Tokens: make(map[string]tokenRow, len(t.l.tokens))}
		for r, tok := range t.l.tokens {
			lf.Tokens[tok] = tokenRow{IDF: t.l.idf[r], W: t.l.w[r*k : r*k+k]}
		}
		data, err := json.Marshal(lf)
		if err != nil {
			return nil, err
		}
		*t.dst = data
	}
	return json.Marshal(f)
}

// UnmarshalModel decodes and checks a model MarshalModel encoded, in this
// format or the one before.
func UnmarshalModel(data []byte) (*Model, error) {
	if len(data) > MaxModelBytes {
		return nil, fmt.Errorf("triage model: %d bytes, at most %d", len(data), MaxModelBytes)
	}
	var f modelFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("triage model: %w", err)
	}
	if f.Format != modelFormat && f.Format != 1 {
		return nil, fmt.Errorf("triage model: format %d, want 1 or %d", f.Format, modelFormat)
	}
	m := &Model{}
	for _, t := range []struct {
		name    string
		data    json.RawMessage
		classes []string
		dst     **linear
	}{
		{"category", f.Category, categoryNames[:], &m.category},
		{"sentiment", f.Sentiment, Sentiments(), &m.sentiment},
		{"invalid", f.Invalid, invalidClasses, &m.invalid},
	} {
		if len(t.data) == 0 || string(t.data) == "null" {
			continue
		}
		var (
			l   *linear
			err error
		)
		if f.Format == 1 {
			var bf bayesFile
			if err = json.Unmarshal(t.data, &bf); err == nil {
				l, err = bf.convert(t.classes, t.name)
			}
		} else {
			var lf linearFile
			if err = json.Unmarshal(t.data, &lf); err == nil {
				l, err = lf.check(t.classes)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("triage model: %s: %w", t.name, err)
		}
		*t.dst = l
	}
	m.dropEmpty()
	return m, nil
}

// checkClasses validates a stored classifier's classes and text counts
// against the classes this version knows, in their order.
func checkClasses(got, want []string, docs []int) error {
	if !slices.Equal(got, want) {
		return fmt.Errorf("classes %v, want %v", got, want)
	}
	if len(docs) != len(want) {
		return fmt.Errorf("%d text counts for %d classes", len(docs), len(want))
	}
	for _, d := range docs {
		if d < 0 {
			return fmt.Errorf("negative text count %d", d)
		}
	}
	return nil
}

func finite(xs ...float32) bool {
	for _, x := range xs {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return false
		}
	}
	return true
}

func (f *linearFile) check(classes []string) (*linear, error) {
	if err := checkClasses(f.Classes, classes, f.Docs); err != nil {
		return nil, err
	}
	k := len(classes)
	if len(f.Bias) != k || !finite(f.Bias...) {
		return nil, fmt.Errorf("bias %v for %d classes", f.Bias, k)
	}
	l := &linear{classes: f.Classes, docs: f.Docs, bias: f.Bias, unit: true, rows: make(map[string]int32, len(f.Tokens)),
		tokens: slices.Sorted(maps.Keys(f.Tokens))}
	l.idf = make([]float32, 0, len(l.tokens))
	l.w = make([]float32, 0, len(l.tokens)*k)
	for r, tok := range l.tokens {
		row := f.Tokens[tok]
		if len(row.W) != k || !finite(row.W...) || !finite(row.IDF) || row.IDF < 0 {
			return nil, fmt.Errorf("token %q: idf %v, weights %v for %d classes", tok, row.IDF, row.W, k)
		}
		l.rows[tok] = int32(r)
		l.idf = append(l.idf, row.IDF)
		l.w = append(l.w, row.W...)
	}
	for _, d := range l.docs {
		l.n += d
	}
	return l, nil
}

// bayesFile is a classifier of format 1: multinomial naive Bayes counts
// over binary tokens with add-½ smoothing, the rules' verdict counting as
// three tokens.
type bayesFile struct {
	Classes []string           `json:"classes"`
	Docs    []int              `json:"docs"`
	Counts  map[string][]int32 `json:"counts"`
}

// Format 1's smoothing and the weight of its rule token.
const (
	bayesSmoothing  = 0.5
	bayesRuleWeight = 3
)

// convert turns naive Bayes into the linear model it is: the log prior is
// the bias, each token's log-likelihood its weights, summed unscaled, so a
// stored format-1 model classifies exactly as it did. Its sentiment
// classifier read the rules' sentiment as "rule=…", which is "tone=…" now.
func (f *bayesFile) convert(classes []string, task string) (*linear, error) {
	if err := checkClasses(f.Classes, classes, f.Docs); err != nil {
		return nil, err
	}
	k := len(classes)
	totals := make([]float64, k)
	for tok, row := range f.Counts {
		if len(row) != k {
			return nil, fmt.Errorf("token %q: %d counts for %d classes", tok, len(row), k)
		}
		for c, v := range row {
			if v < 0 || int(v) > f.Docs[c] {
				return nil, fmt.Errorf("token %q: count %d outside [0, %d]", tok, v, f.Docs[c])
			}
			totals[c] += float64(v)
		}
	}
	l := &linear{classes: f.Classes, docs: f.Docs, rows: make(map[string]int32, len(f.Counts)),
		tokens: slices.Sorted(maps.Keys(f.Counts)), bias: make([]float32, k)}
	for _, d := range l.docs {
		l.n += d
	}
	vocab := float64(len(f.Counts))
	logDenom := make([]float64, k)
	for c := range k {
		l.bias[c] = float32(math.Log((float64(f.Docs[c]) + 1) / (float64(l.n) + float64(k))))
		logDenom[c] = math.Log(totals[c] + bayesSmoothing*vocab)
	}
	for r, tok := range l.tokens {
		row := f.Counts[tok]
		x := float32(1)
		if strings.HasPrefix(tok, ruleFeature) {
			x = bayesRuleWeight
			if task == "sentiment" {
				tok = toneFeature + strings.TrimPrefix(tok, ruleFeature)
				l.tokens[r] = tok
			}
		}
		l.rows[tok] = int32(r)
		l.idf = append(l.idf, x)
		for c, v := range row {
			l.w = append(l.w, float32(math.Log(float64(v)+bayesSmoothing)-logDenom[c]))
		}
	}
	return l, nil
}

// ModelRef holds the model in use, swapped whole when a new one is
// trained; the zero value holds none. It is safe for concurrent use.
type ModelRef struct{ p atomic.Pointer[Model] }

// Load returns the model in use, or nil.
func (r *ModelRef) Load() *Model {
	if r == nil {
		return nil
	}
	return r.p.Load()
}

// Store makes m the model in use.
func (r *ModelRef) Store(m *Model) { r.p.Store(m) }
