package triage

import "testing"

func TestInvalid(t *testing.T) {
	tests := []struct{ text, reason string }{
		{"", "empty"},
		{"   \n\t ", "empty"},
		{"111", "no content: no words"},
		{"。。。", "no content: no words"},
		{"？？？!!!", "no content: no words"},
		{"👍👍👍", "no content: no words"},
		{"好", "no content: too short"},
		{"a!", "no content: too short"},
		{"test", "no content: placeholder text"},
		{"Test!!!", "no content: placeholder text"},
		{"test test test", "no content: placeholder text"},
		{"testing 123", "no content: placeholder text"},
		{"测试。", "no content: placeholder text"},
		{"在吗", "no content: placeholder text"},
		{"啊啊啊啊啊啊", "junk: repeated characters"},
		{"aaaaaaaa", "junk: repeated characters"},
		{"哈哈哈哈哈", "junk: repeated characters"},
		{"加微信 abc123 领取新人红包 http://t.cn/xyz", "spam: promotional link"},
		{"Click here for a free casino bonus www.win.xyz", "spam: promotional link"},
		{"代开各类发票，联系QQ 12345678", "spam: promotional link"}, // a QQ handle counts as a link
		{"兼职刷单，日赚五百，私聊", "spam: promotional content"},
	}
	for _, tt := range tests {
		got := Analyze(Input{Body: tt.text}, nil)
		if !got.Invalid || got.InvalidReason != tt.reason {
			t.Errorf("%q: invalid=%v %q, want %q", tt.text, got.Invalid, got.InvalidReason, tt.reason)
		}
		if got.Category != CategoryOther || got.Sentiment != SentimentNeutral || got.Priority != PriorityLow || got.Keywords != nil {
			t.Errorf("%q: invalid result should be other/neutral/low without keywords, got %+v", tt.text, got)
		}
	}
}

// TestNotInvalid lists real feedback that must never be dropped as junk.
func TestNotInvalid(t *testing.T) {
	for _, text := range []string{
		"闪退了",
		"退款退款退款！",
		"闪退",
		"app crashes",
		"退钱！",
		"差评",
		"垃圾",
		"useless",
		"测试环境打不开", // mentions a test environment, is a real report
		"test failed: payment page shows 500",
		"收到短信说点击链接 http://xx.cn 领取退款，是你们发的吗？", // a customer asking about a scam
		"截图在这里 https://img.example.com/a.png ，一直白屏",
		"你好，我的快递还没到",
		"能开发票吗",
		"加微信联系我也可以，电话总是占线", // one promo phrase is not spam
	} {
		if got := Analyze(Input{Body: text}, nil); got.Invalid {
			t.Errorf("%q marked invalid: %s", text, got.InvalidReason)
		}
	}
}
