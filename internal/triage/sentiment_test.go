package triage

import "testing"

func TestSentiment(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		// The negation cases the desk relies on.
		{"不满意", SentimentNegative},
		{"不错", SentimentPositive},
		{"not happy", SentimentNegative},
		{"not bad", SentimentPositive},
		{"非常好", SentimentPositive},
		{"太差了", SentimentNegative},
		// Negation across a few words, and where it stops.
		{"不是很满意", SentimentNegative},
		{"not at all happy", SentimentNegative},
		{"不太好", SentimentNegative},
		{"i am not, honestly, happy", SentimentPositive}, // a comma ends the negator's reach
		{"I know it is good", SentimentPositive},         // "no" inside "know" is no negator
		// Words that contain negators or sentiment words but are neither.
		{"客服特别耐心", SentimentPositive}, // 别 in 特别
		{"不好意思，打扰一下", SentimentNeutral},
		{"你好，请问在吗", SentimentNeutral},
		{"差不多明天到", SentimentNeutral},
		{"不仅好用而且便宜", SentimentPositive},
		{"best regards", SentimentNeutral},
		{"没问题", SentimentPositive},
		// Intensifiers, including 好 used as one.
		{"好难用", SentimentNegative},
		{"好用", SentimentPositive},
		{"extremely disappointed", SentimentNegative},
		// Wishes are not praise.
		{"would be great if it had a dark mode", SentimentNeutral},
		{"希望能更好用", SentimentNeutral},
		// What follows "but" decides.
		{"服务还行，但是问题一直没解决", SentimentNegative},
		{"a bit slow but overall great", SentimentPositive},
		// Mixed language and full-width input.
		{"APP很好用，就是偶尔crash", SentimentPositive},
		{"ＴＥＲＲＩＢＬＥ！", SentimentNegative},
		{"😡😡", SentimentNegative},
		{"今天下午三点", SentimentNeutral},
	}
	r := DefaultRules()
	for _, tt := range tests {
		text := normalize(tt.text)
		score := sentimentScore(r.sentimentSum(text, r.match(text)))
		if got := sentimentLabel(score); got != tt.want {
			t.Errorf("%q: %s (%.2f), want %s", tt.text, got, score, tt.want)
		}
	}
}

func TestSentimentStrength(t *testing.T) {
	r := DefaultRules()
	score := func(s string) float64 {
		text := normalize(s)
		return sentimentScore(r.sentimentSum(text, r.match(text)))
	}
	// One negative word is negative but not strongly so; an angry message
	// passes the strong-negative bar.
	if s := score("有点失望"); s > -sentimentThreshold || s <= -0.6 {
		t.Errorf("有点失望 scored %.2f, want mildly negative", s)
	}
	if s := score("太垃圾了，非常失望，气死我了"); s > -0.6 {
		t.Errorf("angry message scored %.2f, want <= -0.6", s)
	}
	if a, b := score("失望"), score("非常失望"); b >= a {
		t.Errorf("非常失望 (%.2f) should be more negative than 失望 (%.2f)", b, a)
	}
	if a, b := score("慢"), score("有点慢"); b <= a {
		t.Errorf("有点慢 (%.2f) should be milder than 慢 (%.2f)", b, a)
	}
}

func TestCategoryBias(t *testing.T) {
	// A calm complaint is still negative; the same calm words elsewhere are
	// neutral.
	got := Analyze(Input{Body: "维修人员上门迟到两个小时，我要投诉"}, nil)
	if got.Category != CategoryComplaint || got.Sentiment != SentimentNegative {
		t.Errorf("calm complaint: %s / %s, want complaint / negative", got.Category, got.Sentiment)
	}
	if got := Analyze(Input{Body: "请问怎么修改收货地址？"}, nil).Sentiment; got != SentimentNeutral {
		t.Errorf("plain question: %s, want neutral", got)
	}
}
