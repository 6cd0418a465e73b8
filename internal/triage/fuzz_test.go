package triage

import (
	"math"
	"slices"
	"testing"
	"unicode/utf8"
)

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"", "闪退了", "not bad", "不是很满意", "test", "加微信 http://x.cn bonus",
		"ＡＰＰ\u3000闪退？？", "don't", "12315", "\xff\xfe", "好好好好好", "a\nb\rc\td",
		"客服态度太差了，太垃圾了，我要投诉到12315！", "crashes crashed crashing",
	} {
		f.Add(s, s, "social", "vip")
	}
	categories, sentiments, priorities, teams := Categories(), Sentiments(), Priorities(), Teams()
	f.Fuzz(func(t *testing.T, title, body, channel, tier string) {
		r := Analyze(Input{Title: title, Body: body, Channel: channel, CustomerTier: tier}, nil)
		if !slices.Contains(categories, r.Category) || !slices.Contains(sentiments, r.Sentiment) ||
			!slices.Contains(priorities, r.Priority) || !slices.Contains(teams, r.Team) {
			t.Fatalf("value outside its set: %+v", r)
		}
		if math.IsNaN(r.SentimentScore) || r.SentimentScore < -1 || r.SentimentScore > 1 {
			t.Fatalf("SentimentScore %v outside [-1, 1]", r.SentimentScore)
		}
		if math.IsNaN(r.CategoryScore) || r.CategoryScore < 0 || r.CategoryScore > 1 {
			t.Fatalf("CategoryScore %v outside [0, 1]", r.CategoryScore)
		}
		if r.Invalid != (r.InvalidReason != "") || r.PriorityReason == "" {
			t.Fatalf("reasons inconsistent: %+v", r)
		}
		for _, k := range r.Keywords {
			if !utf8.ValidString(k) || k == "" {
				t.Fatalf("bad keyword %q", k)
			}
		}
		s := Similarity(title, body)
		if math.IsNaN(s) || s < 0 || s > 1 || s != Similarity(body, title) {
			t.Fatalf("Similarity(%q, %q) = %v", title, body, s)
		}
		if n := normalize(body); !utf8.ValidString(n) || normalize(n) != n {
			t.Fatalf("normalize(%q) = %q is not a fixed point", body, n)
		}
	})
}
