package triage

import (
	"encoding/json"
	"fmt"
	"slices"
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

// Model is what a desk's labelled history taught: three naive Bayes
// classifiers, for category, sentiment and the invalid/spam decision, each
// trained on the examples that carry its label. A Model is immutable after
// Train or UnmarshalModel and safe for concurrent use.
type Model struct {
	// Version is the store's number for the model, 0 until it is saved.
	Version int64

	category, sentiment, invalid *bayes
}

// The rules' verdict counts as this many words (see bayes.ruleWeight),
// chosen by 10-fold cross-validation on testdata/labelled_train.jsonl
// (TestCrossValidate): with the rules' other evidence among the category
// features, a heavier verdict only repeats what those features say.
const (
	categoryRuleWeight = 3
	otherRuleWeight    = 3
)

// Invalid classes; the order is the file format's.
var invalidClasses = []string{"valid", "invalid"}

// pruneAbove is the training size from which tokens seen only once are
// dropped: below it every token is precious, above it the once-seen are
// mostly noise and most of the size.
const pruneAbove = 2000

// Train learns a Model from examples, with r (nil: [DefaultRules]) the
// rules it will be blended with: what they say about an example is one of
// its tokens. A classifier with no examples stays out of the model, and
// analysis then uses the rules alone for it.
func Train(examples []Example, r *Rules) *Model {
	if r == nil {
		r = DefaultRules()
	}
	m := &Model{
		category:  newBayes(slices.Clone(categoryNames[:]), categoryRuleWeight),
		sentiment: newBayes(Sentiments(), otherRuleWeight),
		invalid:   newBayes(slices.Clone(invalidClasses), otherRuleWeight),
	}
	var buf []string
	for i := range examples {
		ex := &examples[i]
		buf = ex.features(buf)
		rule, evidence := analyze(ex.Input, r, nil)
		if ex.InvalidKnown {
			m.invalid.learn(buf, invalidToken(rule.InvalidReason), b2i(ex.Invalid))
		}
		if ex.InvalidKnown && ex.Invalid {
			continue // spam's category and tone say nothing about real feedback
		}
		if c := categoryIndex(ex.Category); c >= 0 {
			m.category.learn(categoryFeatures(buf, &evidence, rule.Sentiment), ruleFeature+rule.Category, c)
		}
		if s := slices.Index(m.sentiment.classes, ex.Sentiment); s >= 0 {
			m.sentiment.learn(buf, ruleFeature+rule.Sentiment, s)
		}
	}
	for _, b := range m.tasks() {
		if len(examples) > pruneAbove {
			b.prune(2)
		}
		b.prepare()
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

// tasks lists the classifiers present.
func (m *Model) tasks() []*bayes {
	var out []*bayes
	for _, b := range []*bayes{m.category, m.sentiment, m.invalid} {
		if b != nil {
			out = append(out, b)
		}
	}
	return out
}

// dropEmpty removes the classifiers that cannot tell anything apart: a
// desk whose history holds one class only (all valid, say) must not pull
// every suggestion towards it.
func (m *Model) dropEmpty() {
	for _, p := range []**bayes{&m.category, &m.sentiment, &m.invalid} {
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
	n := func(b *bayes) int {
		if b == nil {
			return 0
		}
		return b.n
	}
	return n(m.category), n(m.sentiment), n(m.invalid)
}

// modelFile is the stored form of a Model: counts, not probabilities, so
// it is exact and small enough to keep every version.
type modelFile struct {
	Format    int        `json:"format"`
	Category  *bayesFile `json:"category,omitempty"`
	Sentiment *bayesFile `json:"sentiment,omitempty"`
	Invalid   *bayesFile `json:"invalid,omitempty"`
}

type bayesFile struct {
	Classes []string           `json:"classes"`
	Docs    []int              `json:"docs"`
	Counts  map[string][]int32 `json:"counts"`
}

const modelFormat = 1

// MaxModelBytes bounds a stored model (about 200,000 tokens).
const MaxModelBytes = 64 << 20

// MarshalModel encodes m for storage.
func MarshalModel(m *Model) ([]byte, error) {
	enc := func(b *bayes) *bayesFile {
		if b == nil {
			return nil
		}
		return &bayesFile{Classes: b.classes, Docs: b.docs, Counts: b.counts}
	}
	return json.Marshal(modelFile{Format: modelFormat, Category: enc(m.category), Sentiment: enc(m.sentiment), Invalid: enc(m.invalid)})
}

// UnmarshalModel decodes and checks a model MarshalModel encoded.
func UnmarshalModel(data []byte) (*Model, error) {
	if len(data) > MaxModelBytes {
		return nil, fmt.Errorf("triage model: %d bytes, at most %d", len(data), MaxModelBytes)
	}
	var f modelFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("triage model: %w", err)
	}
	if f.Format != modelFormat {
		return nil, fmt.Errorf("triage model: format %d, want %d", f.Format, modelFormat)
	}
	m := &Model{}
	for _, t := range []struct {
		name    string
		file    *bayesFile
		classes []string
		dst     **bayes
		weight  float64
	}{
		{"category", f.Category, categoryNames[:], &m.category, categoryRuleWeight},
		{"sentiment", f.Sentiment, Sentiments(), &m.sentiment, otherRuleWeight},
		{"invalid", f.Invalid, invalidClasses, &m.invalid, otherRuleWeight},
	} {
		if t.file == nil {
			continue
		}
		b, err := t.file.check(t.classes, t.weight)
		if err != nil {
			return nil, fmt.Errorf("triage model: %s: %w", t.name, err)
		}
		*t.dst = b
	}
	m.dropEmpty()
	return m, nil
}

// check validates a stored classifier against the classes this version
// knows, in their order.
func (f *bayesFile) check(classes []string, ruleWeight float64) (*bayes, error) {
	if !slices.Equal(f.Classes, classes) {
		return nil, fmt.Errorf("classes %v, want %v", f.Classes, classes)
	}
	if len(f.Docs) != len(classes) {
		return nil, fmt.Errorf("%d text counts for %d classes", len(f.Docs), len(classes))
	}
	for _, d := range f.Docs {
		if d < 0 {
			return nil, fmt.Errorf("negative text count %d", d)
		}
	}
	for tok, row := range f.Counts {
		if len(row) != len(classes) {
			return nil, fmt.Errorf("token %q: %d counts for %d classes", tok, len(row), len(classes))
		}
		for c, v := range row {
			if v < 0 || int(v) > f.Docs[c] {
				return nil, fmt.Errorf("token %q: count %d outside [0, %d]", tok, v, f.Docs[c])
			}
		}
	}
	b := &bayes{ruleWeight: ruleWeight, classes: f.Classes, docs: f.Docs, counts: f.Counts}
	if b.counts == nil {
		b.counts = map[string][]int32{}
	}
	b.prepare()
	return b, nil
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
