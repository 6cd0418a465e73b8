package triage

import "testing"

func TestPriority(t *testing.T) {
	tests := []struct {
		name             string
		in               Input
		priority, reason string
	}{
		{"malfunction base", Input{Body: "APP闪退"}, PriorityMedium, "medium: malfunction"},
		{"question base", Input{Body: "请问怎么修改密码？"}, PriorityLow, "low: question"},
		{"suggestion base", Input{Body: "建议增加夜间模式"}, PriorityLow, "low: suggestion"},
		{"logistics base", Input{Body: "快递什么时候发货"}, PriorityMedium, "medium: logistics"},
		{"VIP raises", Input{Body: "APP闪退", CustomerTier: "vip"}, PriorityHigh, "high: malfunction + VIP"},
		{"VIP case-insensitive", Input{Body: "建议增加夜间模式", CustomerTier: " VIP "}, PriorityMedium, "medium: suggestion + VIP"},
		{"normal tier", Input{Body: "建议增加夜间模式", CustomerTier: "normal"}, PriorityLow, "low: suggestion"},
		{"severity payment", Input{Body: "支付失败了"}, PriorityHigh, "high: 支付失败"},
		{"severity data loss", Input{Body: "更新后数据丢失了"}, PriorityHigh, "high: 数据丢失"},
		{"severity security", Input{Body: "my account was hacked"}, PriorityHigh, "high: hacked"},
		{"severity outage", Input{Body: "系统宕机了，全部打不开"}, PriorityHigh, "high: 宕机"},
		{"severity unusable", Input{Body: "the app is unusable for me"}, PriorityHigh, "high: unusable"},
		{"severity legal threat", Input{Body: "再不处理我就去12315"}, PriorityHigh, "high: 12315"},
		{"strong negative raises", Input{Body: "客服态度太差了，太垃圾了，气死我了"}, PriorityHigh, "high: complaint + strong negative"},
		{"strong negative on low", Input{Body: "太垃圾了，气死我了"}, PriorityMedium, "medium: other + strong negative"},
		{"capped at high", Input{Body: "客服态度太差了，太垃圾了，气死我了", CustomerTier: "vip"}, PriorityHigh, "high: complaint + strong negative + VIP"},
		{"severity with raises", Input{Body: "支付失败，太垃圾了，气死了", CustomerTier: "vip"}, PriorityHigh, "high: 支付失败 + strong negative + VIP"},
		{"public negative", Input{Body: "物流太慢了", Channel: " Social "}, PriorityHigh, "high: logistics + public social"},
		{"public neutral", Input{Body: "请问怎么修改密码？", Channel: "social"}, PriorityLow, "low: question"},
		{"private negative", Input{Body: "物流太慢了", Channel: "email"}, PriorityMedium, "medium: logistics"},
		{"invalid", Input{Body: "test"}, PriorityLow, "low: invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Analyze(tt.in, nil)
			if got.Priority != tt.priority || got.PriorityReason != tt.reason {
				t.Errorf("%q: %s (%q), want %s (%q)", tt.in.Body, got.Priority, got.PriorityReason, tt.priority, tt.reason)
			}
		})
	}
}
