package triage

import (
	"slices"
	"testing"
)

func TestCategory(t *testing.T) {
	tests := []struct{ text, want string }{
		{"APP一打开就闪退", CategoryMalfunction},
		{"app crashes", CategoryMalfunction},
		{"登录的时候一直报错", CategoryMalfunction},
		{"Can't log in since the update", CategoryMalfunction},
		{"客服态度太差，我要投诉", CategoryComplaint},
		{"Your agent was rude and hung up on me", CategoryComplaint},
		{"建议增加夜间模式", CategorySuggestion},
		{"Feature request: dark mode would be nice", CategorySuggestion},
		{"请问怎么修改绑定的手机号？", CategoryQuestion},
		{"How do I export my data?", CategoryQuestion},
		{"快递三天了还没发货", CategoryLogistics},
		{"Where is my package? Tracking hasn't updated", CategoryLogistics},
		{"退款什么时候到账", CategoryPricing},
		{"I was charged twice this month", CategoryPricing},
		{"想和贵公司谈谈渠道合作", CategoryOther},      // 贵 in 贵公司 is not "expensive"
		{"客服小李很耐心，帮了大忙，表扬！", CategoryOther}, // praise, not a complaint
		{"今天天气不错", CategoryOther},
		{"建议：付款成功页显示预计发货时间", CategorySuggestion}, // the stated intent beats the topic words
	}
	for _, tt := range tests {
		got := Analyze(Input{Body: tt.text}, nil)
		if got.Category != tt.want {
			t.Errorf("%q: category %s, want %s", tt.text, got.Category, tt.want)
		}
		if got.CategoryScore < 0 || got.CategoryScore > 1 {
			t.Errorf("%q: CategoryScore %v outside [0, 1]", tt.text, got.CategoryScore)
		}
	}
}

func TestCategoryScore(t *testing.T) {
	if got := Analyze(Input{Body: "今天天气不错"}, nil).CategoryScore; got != 0 {
		t.Errorf("no evidence: CategoryScore %v, want 0", got)
	}
	weak := Analyze(Input{Body: "能不能用？"}, nil).CategoryScore
	strong := Analyze(Input{Body: "APP闪退，报错，一直白屏"}, nil).CategoryScore
	mixed := Analyze(Input{Body: "APP闪退，要退款"}, nil).CategoryScore
	if !(weak < strong && mixed < strong) {
		t.Errorf("CategoryScore weak %.2f, mixed %.2f, strong %.2f: want weak and mixed below strong", weak, mixed, strong)
	}
}

func TestTitleCountsMore(t *testing.T) {
	// The body alone is a tie between refund and crash; the title decides.
	in := Input{Title: "退款", Body: "app crashed"}
	if got := Analyze(in, nil).Category; got != CategoryPricing {
		t.Errorf("title 退款: category %s, want pricing", got)
	}
	in = Input{Title: "app crashed", Body: "退款"}
	if got := Analyze(in, nil).Category; got != CategoryMalfunction {
		t.Errorf("title crash: category %s, want malfunction", got)
	}
}

func TestKeywords(t *testing.T) {
	got := Analyze(Input{Body: "App crashed again, CRASHES every day. 我要退款，不然去12315投诉！Refund now."}, nil)
	want := []string{"12315", "投诉", "crash", "退款", "refund"} // by weight, then first appearance
	if !slices.Equal(got.Keywords, want) {
		t.Errorf("Keywords = %q, want %q", got.Keywords, want)
	}
	if got := Analyze(Input{Body: "请问怎么修改密码"}, nil).Keywords; got != nil {
		t.Errorf("no watch keywords: got %q, want nil", got)
	}
}

func TestRouting(t *testing.T) {
	tests := []struct{ text, category, team string }{
		{"APP闪退", CategoryMalfunction, TeamTechSupport},
		{"客服态度差，我要投诉", CategoryComplaint, TeamServiceQuality},
		{"建议增加夜间模式", CategorySuggestion, TeamProduct},
		{"快递还没到", CategoryLogistics, TeamLogistics},
		{"退款什么时候到账", CategoryPricing, TeamServiceDesk},
		{"请问怎么修改密码", CategoryQuestion, TeamServiceDesk},
		{"想谈谈商务合作", CategoryOther, TeamServiceDesk},
	}
	for _, tt := range tests {
		got := Analyze(Input{Body: tt.text}, nil)
		if got.Category != tt.category || got.Team != tt.team {
			t.Errorf("%q: %s → %s, want %s → %s", tt.text, got.Category, got.Team, tt.category, tt.team)
		}
	}
}

func TestAnalyzeNilRulesUsesDefault(t *testing.T) {
	in := Input{Body: "支付失败，钱扣了两次"}
	a, b := Analyze(in, nil), Analyze(in, DefaultRules())
	if a.Category != b.Category || a.Priority != b.Priority || a.SentimentScore != b.SentimentScore {
		t.Errorf("nil rules %+v differ from default %+v", a, b)
	}
}
