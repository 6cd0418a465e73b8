package triage

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

func readExamplesFile(t testing.TB, path string) []Example {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex, err := ReadExamples(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

func rulesOnly(in Input) Result { return Analyze(in, nil) }

func withModel(m *Model) func(Input) Result {
	return func(in Input) Result { return AnalyzeWith(in, nil, m) }
}

// TestLearnedBeatsRules is the point of the learned model: trained on the
// desk's history (labelled_train.jsonl), it classifies held-out feedback
// (labelled_test.jsonl, never trained on) better than the keyword rules,
// and meets the targets of issue 15 (category 0.85, sentiment 0.80). The
// floors are today's level (category 0.883, sentiment 0.901), so that a
// regression fails. The spam decision must never hide real feedback.
func TestLearnedBeatsRules(t *testing.T) {
	train := readExamplesFile(t, "testdata/labelled_train.jsonl")
	test := readExamplesFile(t, "testdata/labelled_test.jsonl")
	before := Evaluate(test, rulesOnly)
	m := Train(train, nil)
	after := Evaluate(test, withModel(m))
	after.Trained = len(train)
	if testing.Verbose() {
		var b strings.Builder
		_ = before.WriteText(&b) // a strings.Builder does not fail
		fmt.Fprintf(&b, "\n--- after training on %d examples ---\n", len(train))
		_ = after.WriteText(&b)
		t.Log("\n" + b.String())
	}
	for _, c := range []struct {
		name          string
		before, after *TaskReport
		target        float64
		mayTie        bool
	}{
		{"category", before.Category, after.Category, 0.87, false},
		{"sentiment", before.Sentiment, after.Sentiment, 0.90, false},
		{"invalid", before.Invalid, after.Invalid, 0.95, true},
	} {
		if !c.mayTie && c.after.Accuracy <= c.before.Accuracy {
			t.Errorf("%s: learned %.3f does not beat the rules' %.3f", c.name, c.after.Accuracy, c.before.Accuracy)
		}
		if c.after.Accuracy < c.target {
			t.Errorf("%s: learned %.3f, target %.2f", c.name, c.after.Accuracy, c.target)
		}
	}
	if fp := after.Invalid.Confusion[0][1]; fp > 0 {
		t.Errorf("%d real items marked invalid", fp)
	}
}

// crossValidate scores Train on examples by k-fold cross-validation (fold
// i holds every k-th example from i): the held-out test file stays unseen
// while choices are made.
func crossValidate(examples []Example, k int) Report {
	var all []Example
	var classify []func(Input) Result
	for f := range k {
		var train []Example
		for i, ex := range examples {
			if i%k != f {
				train = append(train, ex)
			}
		}
		m := Train(train, nil)
		for i := f; i < len(examples); i += k {
			all = append(all, examples[i])
			classify = append(classify, withModel(m))
		}
	}
	n := 0
	return Evaluate(all, func(in Input) Result {
		n++
		return classify[n-1](in)
	})
}

// TestCrossValidate is what the model's settings (learning rate, L2,
// passes, idf or binary tokens, features) were chosen on: 10-fold
// cross-validation over the training file only. The learned category and
// sentiment must beat the rules there by a wide margin too (0.888 against
// 0.780 and 0.913 against 0.741 today).
func TestCrossValidate(t *testing.T) {
	train := readExamplesFile(t, "testdata/labelled_train.jsonl")
	rules := Evaluate(train, rulesOnly)
	cv := crossValidate(train, 10)
	t.Logf("10-fold CV on %d examples: category rules %.3f, learned %.3f; sentiment rules %.3f, learned %.3f",
		len(train), rules.Category.Accuracy, cv.Category.Accuracy, rules.Sentiment.Accuracy, cv.Sentiment.Accuracy)
	if cv.Category.Accuracy < rules.Category.Accuracy+0.08 || cv.Category.Accuracy < 0.88 {
		t.Errorf("category: cross-validated %.3f, rules %.3f", cv.Category.Accuracy, rules.Category.Accuracy)
	}
	if cv.Sentiment.Accuracy < rules.Sentiment.Accuracy+0.1 || cv.Sentiment.Accuracy < 0.89 {
		t.Errorf("sentiment: cross-validated %.3f, rules %.3f", cv.Sentiment.Accuracy, rules.Sentiment.Accuracy)
	}
}

// TestNoHistoryIsToday: a desk without history, or with a model that has
// nothing for a decision, gets exactly what the rules alone give.
func TestNoHistoryIsToday(t *testing.T) {
	items := append(readExamplesFile(t, "testdata/labelled_test.jsonl"), readExamplesFile(t, "testdata/labelled_train.jsonl")...)
	empty := Train(nil, nil)
	for _, ex := range items {
		want := Analyze(ex.Input, nil)
		for name, got := range map[string]Result{
			"nil model":   AnalyzeWith(ex.Input, nil, nil),
			"empty model": AnalyzeWith(ex.Input, nil, empty),
		} {
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: %q:\n got %+v\nwant %+v", name, ex.Body, got, want)
			}
		}
	}
}
