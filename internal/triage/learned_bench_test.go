package triage

import (
	"fmt"
	"testing"
)

// syntheticHistory makes n confirmed tickets from the labelled set, each
// varied (an order number, a channel, a product, a suffix) so the
// vocabulary grows as a desk's does.
func syntheticHistory(b *testing.B, n int) []Example {
	base := append(readExamplesFile(b, "testdata/labelled_train.jsonl"), readExamplesFile(b, "testdata/labelled_test.jsonl")...)
	channels := []string{"wechat", "email", "hotline", "appstore", "web", "inapp"}
	out := make([]Example, n)
	for i := range out {
		ex := base[i%len(base)]
		ex.Body = fmt.Sprintf("%s 订单%d #%d", ex.Body, 100000+i*7, i%97)
		ex.Channel = channels[i%len(channels)]
		ex.Product = fmt.Sprintf("P%d", i%40)
		out[i] = ex
	}
	return out
}

// BenchmarkTrain100k: training on 100,000 confirmed tickets.
func BenchmarkTrain100k(b *testing.B) {
	hist := syntheticHistory(b, 100_000)
	b.ResetTimer()
	for b.Loop() {
		Train(hist, nil)
	}
}

// BenchmarkAnalyzeWithModel: one item through rules and a model trained
// on 100,000 tickets, against BenchmarkAnalyzeRulesOnly.
func BenchmarkAnalyzeWithModel(b *testing.B) {
	m := Train(syntheticHistory(b, 100_000), nil)
	items := readExamplesFile(b, "testdata/labelled_test.jsonl")
	b.ResetTimer()
	i := 0
	for b.Loop() {
		AnalyzeWith(items[i%len(items)].Input, nil, m)
		i++
	}
}

func BenchmarkAnalyzeRulesOnly(b *testing.B) {
	items := readExamplesFile(b, "testdata/labelled_test.jsonl")
	i := 0
	for b.Loop() {
		Analyze(items[i%len(items)].Input, nil)
		i++
	}
}
