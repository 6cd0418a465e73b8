package triage

import (
	"fmt"
	"testing"
)

func TestScratch(t *testing.T) {
	for _, s := range []string{"不满意", "不错", "not happy", "not bad", "非常好", "太差了", "闪退了", "app crashes", "支付失败，钱扣了但订单没有生成，太坑了", "test", "111", "。。。", "加微信领取bonus http://x.cn", "我知道了", "I know it", "好难用", "服务还行，但是问题一直没解决", "不是很满意", "客服态度太差了，我要投诉到12315！", "How do I export my data?", "where is my package? tracking says delivered"} {
		r := Analyze(Input{Body: s, CustomerTier: "normal"}, nil)
		fmt.Printf("%-40s %+v\n", s, r)
	}
}
