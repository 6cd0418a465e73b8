package triage

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/loopdesk/loopdesk/internal/table"
)

// Report is how a classifier did on labelled examples: one TaskReport for
// each decision the examples carry labels for.
type Report struct {
	Items     int         `json:"items"`
	Model     int64       `json:"model_version"` // 0: the rules alone
	Trained   int         `json:"trained_on"`    // examples the model learned from
	Category  *TaskReport `json:"category,omitempty"`
	Sentiment *TaskReport `json:"sentiment,omitempty"`
	Invalid   *TaskReport `json:"invalid,omitempty"`
}

// TaskReport scores one decision. Confusion[i][j] counts the items
// labelled Labels[i] that were classified Labels[j].
type TaskReport struct {
	Items     int           `json:"items"`
	Correct   int           `json:"correct"`
	Accuracy  float64       `json:"accuracy"`
	Classes   []ClassReport `json:"classes"`
	Labels    []string      `json:"labels"`
	Confusion [][]int       `json:"confusion"`
}

// ClassReport is one class's precision and recall; Support is how many
// items carry its label.
type ClassReport struct {
	Class     string  `json:"class"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	Support   int     `json:"support"`
}

// Evaluate runs classify over examples and scores each decision on the
// examples labelled for it. A valid item counts for category and
// sentiment; the spam decision counts on every item labelled for it.
func Evaluate(examples []Example, classify func(Input) Result) Report {
	cat := newTally(categoryNames[:])
	sent := newTally(Sentiments())
	inv := newTally(invalidClasses)
	for i := range examples {
		ex := &examples[i]
		res := classify(ex.Input)
		if ex.InvalidKnown {
			inv.add(invalidClasses[b2i(ex.Invalid)], invalidClasses[b2i(res.Invalid)])
			if ex.Invalid {
				continue
			}
		}
		if ex.Category != "" {
			cat.add(ex.Category, res.Category)
		}
		if ex.Sentiment != "" {
			sent.add(ex.Sentiment, res.Sentiment)
		}
	}
	return Report{Items: len(examples), Category: cat.report(), Sentiment: sent.report(), Invalid: inv.report()}
}

type tally struct {
	labels    []string
	confusion [][]int
	n         int
}

func newTally(labels []string) *tally {
	t := &tally{labels: labels, confusion: make([][]int, len(labels))}
	for i := range t.confusion {
		t.confusion[i] = make([]int, len(labels))
	}
	return t
}

func (t *tally) add(want, got string) {
	i, j := slices.Index(t.labels, want), slices.Index(t.labels, got)
	if i < 0 || j < 0 {
		return
	}
	t.confusion[i][j]++
	t.n++
}

// report is nil when no item was labelled for the task.
func (t *tally) report() *TaskReport {
	if t.n == 0 {
		return nil
	}
	r := &TaskReport{Items: t.n, Labels: t.labels, Confusion: t.confusion}
	for i, l := range t.labels {
		var predicted, support int
		for k := range t.labels {
			predicted += t.confusion[k][i]
			support += t.confusion[i][k]
		}
		r.Correct += t.confusion[i][i]
		r.Classes = append(r.Classes, ClassReport{Class: l, Precision: ratio(t.confusion[i][i], predicted),
			Recall: ratio(t.confusion[i][i], support), Support: support})
	}
	r.Accuracy = ratio(r.Correct, t.n)
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// WriteText prints the report for people: accuracy, per-class precision
// and recall, and the confusion matrix of each decision.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	by := "rules only"
	switch {
	case r.Model != 0:
		by = fmt.Sprintf("rules + model %d trained on %d examples", r.Model, r.Trained)
	case r.Trained != 0:
		by = fmt.Sprintf("rules + a model trained on %d examples", r.Trained)
	}
	fmt.Fprintf(&b, "%d items, %s\n", r.Items, by)
	for _, t := range []struct {
		name string
		r    *TaskReport
	}{{"category", r.Category}, {"sentiment", r.Sentiment}, {"invalid", r.Invalid}} {
		if t.r == nil {
			continue
		}
		fmt.Fprintf(&b, "\n%s: accuracy %.3f (%d/%d)\n", t.name, t.r.Accuracy, t.r.Correct, t.r.Items)
		tw := table.New(&b).AlignRight()
		fmt.Fprintln(tw, "class\tprecision\trecall\tsupport\t")
		for _, c := range t.r.Classes {
			fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%d\t\n", c.Class, c.Precision, c.Recall, c.Support)
		}
		tw.Flush()
		fmt.Fprintln(&b, "confusion (rows: labelled, columns: classified)")
		tw = table.New(&b).Padding(1).AlignRight()
		fmt.Fprint(tw, "\t")
		for _, l := range t.r.Labels {
			fmt.Fprintf(tw, "%s\t", abbrev(l))
		}
		fmt.Fprintln(tw)
		for i, row := range t.r.Confusion {
			fmt.Fprintf(tw, "%s\t", t.r.Labels[i])
			for _, n := range row {
				fmt.Fprintf(tw, "%d\t", n)
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// abbrev shortens a column label to keep the matrix narrow.
func abbrev(l string) string {
	if len(l) > 5 {
		return l[:5]
	}
	return l
}
