package triage

import (
	"testing"
	"unicode/utf8"
)

// benchText is a realistic 300-character mixed-language hotline note.
var benchText = func() string {
	s := "客户来电反映：自从上周更新到3.2.1版本以后，APP在iPhone 15上一打开就闪退，重装了两次也没用。" +
		"他说 the app crashes right after the splash screen, and support never replied to his email. " +
		"客户情绪比较激动，表示已经等了三天，如果今天还不能解决就要去12315投诉，并要求退款。" +
		"另外他建议增加一个离线模式。订单号 A20240611-8832，VIP客户，请尽快处理，谢谢！"
	for utf8.RuneCountInString(s) < 300 {
		s += "请尽快处理。"
	}
	return string([]rune(s)[:300])
}()

func BenchmarkAnalyze(b *testing.B) {
	r := DefaultRules()
	in := Input{Title: "APP闪退", Body: benchText, Channel: "hotline", CustomerTier: "vip"}
	b.ReportAllocs()
	for b.Loop() {
		Analyze(in, r)
	}
}

func BenchmarkSimilarity(b *testing.B) {
	other := benchText[:len(benchText)/2] + "又闪退了！"
	b.ReportAllocs()
	for b.Loop() {
		Similarity(benchText, other)
	}
}
