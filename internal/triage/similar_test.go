package triage

import "testing"

func TestSimilarity(t *testing.T) {
	tests := []struct {
		name     string
		a, b     string
		min, max float64
	}{
		{"identical", "APP一打开就闪退", "APP一打开就闪退", 1, 1},
		{"case, width and punctuation", "ＡＰＰ一打开就闪退！！", "app 一打开就闪退。", 1, 1},
		{"near-identical Chinese resend", "你好，我的订单号是A1234，快递显示已签收但是我没有收到，麻烦帮我查一下",
			"你好，我的订单号是A1234，快递显示已签收但是我根本没有收到，麻烦尽快帮我查一下", DefaultNearDuplicateThreshold, 1},
		{"short resend with more", "又闪退了", "又闪退了！！急", DefaultNearDuplicateThreshold, 1},
		{"one character changed", "升级到新版本之后登录页面一直白屏，清缓存也没用", "升级到新版本之后登录页面一直黑屏，清缓存也没用", DefaultNearDuplicateThreshold, 1},
		{"near-identical English", "The app crashes every time I open the camera screen.",
			"the app crashes every time I open the camera screen!!", DefaultNearDuplicateThreshold, 1},
		{"unrelated Chinese", "APP一打开就闪退，重装也没用", "请问发票在哪里下载？", 0, 0.3},
		{"same product, different problem", "快递显示已签收但是我没有收到", "快递员态度很差，还骂人", 0, 0.3},
		{"unrelated English", "How do I change my email address?", "The package arrived crushed and wet.", 0, 0.3},
		{"unrelated mixed", "app crash after update", "退款什么时候到账", 0, 0},
		{"one empty", "闪退", "", 0, 0},
		{"both empty", "", "   ", 1, 1},
		{"only punctuation, different", "!!!", "???", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Similarity(tt.a, tt.b)
			if got < tt.min || got > tt.max {
				t.Errorf("Similarity = %.3f, want within [%.2f, %.2f]", got, tt.min, tt.max)
			}
			if back := Similarity(tt.b, tt.a); back != got {
				t.Errorf("not symmetric: %.3f vs %.3f", got, back)
			}
		})
	}
}

func TestIsNearDuplicate(t *testing.T) {
	a := "智能门锁指纹识别失灵，进不了家门"
	if !IsNearDuplicate(a, a+"！！", DefaultNearDuplicateThreshold) {
		t.Error("a resend with extra punctuation should be a near duplicate")
	}
	if IsNearDuplicate(a, "智能门锁的电池多久换一次？", DefaultNearDuplicateThreshold) {
		t.Error("a different question about the same product is not a duplicate")
	}
	if !IsNearDuplicate(a, "完全不同的内容", 0) {
		t.Error("threshold 0 accepts everything")
	}
}
