package triage

import (
	"encoding/json"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestModelRoundTrip: a stored model classifies exactly as the trained one.
func TestModelRoundTrip(t *testing.T) {
	train := readExamplesFile(t, "testdata/labelled_train.jsonl")
	test := readExamplesFile(t, "testdata/labelled_test.jsonl")
	m := Train(train, nil)
	data, err := MarshalModel(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalModel(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range test {
		if a, b := AnalyzeWith(ex.Input, nil, m), AnalyzeWith(ex.Input, nil, back); !reflect.DeepEqual(a, b) {
			t.Fatalf("%q: trained %+v, loaded %+v", ex.Body, a, b)
		}
	}
}

func TestUnmarshalModelRejects(t *testing.T) {
	for _, bad := range []string{
		`{"format":3}`,
		`{"format":1,"category":{"classes":["a","b"],"docs":[1,1],"counts":{}}}`,
		`{"format":2,"invalid":{"classes":["valid","invalid"],"docs":[1,1],"bias":[0],"tokens":{}}}`,
		`{"format":2,"invalid":{"classes":["valid","invalid"],"docs":[1,1],"bias":[0,0],"tokens":{"x":{"idf":1,"w":[1]}}}}`,
		`{"format":2,"invalid":{"classes":["valid","invalid"],"docs":[1,1],"bias":[0,0],"tokens":{"x":{"idf":-1,"w":[1,0]}}}}`,
		`{"format":2,"invalid":{"classes":["valid","invalid"],"docs":[-1,1],"bias":[0,0],"tokens":{}}}`,
		`{"format":2,"sentiment":{"classes":["valid","invalid"],"docs":[1,1],"bias":[0,0],"tokens":{}}}`,
		`{"format":1,"invalid":{"classes":["valid","invalid"],"docs":[1,1],"counts":{"x":[2,0]}}}`,
		`{"format":1,"invalid":{"classes":["valid","invalid"],"docs":[1,-1],"counts":{}}}`,
		`{"format":1,"invalid":{"classes":["valid","invalid"],"docs":[1,1],"counts":{"x":[1]}}}`,
		`not json`,
	} {
		if _, err := UnmarshalModel([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

// TestFormat1ModelStillLoads: a desk's stored naive Bayes model (format 1,
// trained by the previous version on 100 examples) loads and classifies
// exactly as it did then (model_format1_results.json, written by that
// version), until the next training replaces it.
func TestFormat1ModelStillLoads(t *testing.T) {
	data, err := os.ReadFile("testdata/model_format1.json")
	if err != nil {
		t.Fatal(err)
	}
	m, err := UnmarshalModel(data)
	if err != nil {
		t.Fatal(err)
	}
	if c, s, i := m.Examples(); c != 93 || s != 93 || i != 100 {
		t.Fatalf("examples %d %d %d", c, s, i)
	}
	raw, err := os.ReadFile("testdata/model_format1_results.json")
	if err != nil {
		t.Fatal(err)
	}
	var want []struct {
		Body           string  `json:"body"`
		Channel        string  `json:"channel"`
		Category       string  `json:"category"`
		CategoryScore  float64 `json:"category_score"`
		Sentiment      string  `json:"sentiment"`
		SentimentScore float64 `json:"sentiment_score"`
		Invalid        bool    `json:"invalid"`
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		got := AnalyzeWith(Input{Body: w.Body, Channel: w.Channel}, nil, m)
		if got.Category != w.Category || got.Sentiment != w.Sentiment || got.Invalid != w.Invalid ||
			math.Abs(got.CategoryScore-w.CategoryScore) > 1e-5 || math.Abs(got.SentimentScore-w.SentimentScore) > 1e-5 {
			t.Errorf("%q: got %s %.6f %s %.6f %v, want %s %.6f %s %.6f %v", w.Body,
				got.Category, got.CategoryScore, got.Sentiment, got.SentimentScore, got.Invalid,
				w.Category, w.CategoryScore, w.Sentiment, w.SentimentScore, w.Invalid)
		}
	}
}

// TestOneClassHistoryIsIgnored: a desk whose history is all valid, or all
// one category, has nothing to tell apart; the rules keep deciding.
func TestOneClassHistoryIsIgnored(t *testing.T) {
	var hist []Example
	for range 500 {
		hist = append(hist, Example{Input: Input{Body: "App 闪退 crash"}, Category: CategoryMalfunction, InvalidKnown: true})
	}
	m := Train(hist, nil)
	if c, s, i := m.Examples(); c != 0 || s != 0 || i != 0 {
		t.Fatalf("one-class classifiers kept: %d %d %d", c, s, i)
	}
	spam := Input{Body: "加微信领取免费红包 http://t.cn/x 兼职日结"}
	if got, want := AnalyzeWith(spam, nil, m), Analyze(spam, nil); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want the rules' %+v", got, want)
	}
}

// TestReasonsNameWords: a learned suggestion names the desk's words, not
// channel, product or rule tokens.
func TestReasonsNameWords(t *testing.T) {
	m := Train(readExamplesFile(t, "testdata/labelled_train.jsonl"), nil)
	res := AnalyzeWith(Input{Body: "快递到哪了，物流一直不更新", Channel: "wechat"}, nil, m)
	if res.Category != CategoryLogistics || res.Model != 0 || len(res.Reasons) == 0 {
		t.Fatalf("%+v", res)
	}
	for _, r := range res.Reasons {
		if strings.Contains(r, "=") {
			t.Fatalf("reason %q is a token, not a word", r)
		}
	}
}

func TestFeatures(t *testing.T) {
	got := features(normalize("APP闪退了"), normalize("Crashes on login, order 12345"), "WeChat", "Mate 60", nil)
	want := []string{"#", "app", "ch=wechat", "crash", "login", "on", "order", "pr=mate 60", "了", "退", "退了", "闪", "闪退"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}
