package domain

import (
	"strings"
	"testing"
)

// TestBuiltinAliasesDoNotCollide: one spelling naming two ids would make
// the table's order decide what is stored.
func TestBuiltinAliasesDoNotCollide(t *testing.T) {
	for _, k := range Kinds {
		seen := map[string]string{}
		for _, id := range canonical[k] {
			for _, s := range append([]string{id}, builtinAliases[k][id]...) {
				key := Fold(s)
				if other, ok := seen[key]; ok && other != id {
					t.Errorf("%s %q names both %s and %s", k, s, other, id)
				}
				seen[key] = id
			}
		}
		for id := range builtinAliases[k] {
			if !strings.Contains(" "+strings.Join(canonical[k], " ")+" ", " "+id+" ") {
				t.Errorf("%s aliases for unknown id %q", k, id)
			}
		}
	}
}

func TestParseSpellings(t *testing.T) {
	channels := map[string]Channel{
		"app_store": AppStore, "App Store": AppStore, "APP-STORE": AppStore, "应用商店": AppStore, "appstore": AppStore,
		"in_app": InApp, "In-App": InApp, "应用内": InApp, "web form": WebForm, "网页表单": WebForm, "Phone": Hotline,
		"e-mail": Email, "微信": WeChat, "social media": Social, "线下": Offline,
	}
	for in, want := range channels {
		if got, err := ParseChannel(in); err != nil || got != want {
			t.Errorf("ParseChannel(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	categories := map[string]Category{
		"product_suggestion": Suggestion, "Product Suggestion": Suggestion, "产品建议": Suggestion,
		"service_complaint": Complaint, "服务投诉": Complaint, "usage_question": Question, "usage-question": Question,
		"使用咨询": Question, "Bug": Malfunction, "产品故障": Malfunction, "物流配送": Logistics, "价格费用": Pricing, "其他": Other,
	}
	for in, want := range categories {
		if got, err := ParseCategory(in); err != nil || got != want {
			t.Errorf("ParseCategory(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	priorities := map[string]Priority{
		"P1": High, "p2": High, "P3": Medium, "P4": Low, "urgent": High, "Critical": High, "high": High, "高": High,
		"紧急": High, "normal": Medium, "medium": Medium, "一般": Medium, "中": Medium, "low": Low, "minor": Low, "低": Low,
		"3 high": High, "2 normal": Medium, "1 low": Low, "Highest": High, "Lowest": Low,
	}
	for in, want := range priorities {
		if got, err := ParsePriority(in); err != nil || got != want {
			t.Errorf("ParsePriority(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	statuses := map[string]Status{
		"new": Pending, "open": Pending, "pending reminder": InProgress, "Waiting for support": Pending,
		"Waiting for customer": InProgress, "In Progress": InProgress, "in-progress": InProgress, "处理中": InProgress,
		"Done": Resolved, "pending close": Resolved, "Resolved": Resolved, "closed": Closed, "merged": Closed, "待测试": Testing,
	}
	for in, want := range statuses {
		if got, err := ParseStatus(in); err != nil || got != want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	tiers := map[string]Tier{"VIP": TierVIP, "": TierNormal, "普通": TierNormal, "regular": TierNormal}
	for in, want := range tiers {
		if got, err := ParseTier(in); err != nil || got != want {
			t.Errorf("ParseTier(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestUnknownChannelListsSpellings: an import's channel cannot be left to
// triage, so the error must say every spelling that would have worked.
func TestUnknownChannelListsSpellings(t *testing.T) {
	_, err := ParseChannel("fax")
	if err == nil {
		t.Fatal("fax accepted")
	}
	for _, want := range []string{`"fax"`, "hotline (", "热线电话", "appstore (", "app store", "应用商店", "inapp (", "in-app"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	for _, bad := range []string{"", "  ", "--"} {
		if _, err := ParseChannel(bad); err == nil {
			t.Errorf("ParseChannel(%q) accepted", bad)
		}
	}
}

func TestLoadAliases(t *testing.T) {
	v, err := LoadAliases(strings.NewReader("[channel]\n\"抖音\" = \"social\"\n[priority]\nS1 = \"high\"\n# a desk where P2 is routine\nP2 = \"medium\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		k       Kind
		in, out string
	}{{KindChannel, "抖音", "social"}, {KindPriority, "s-1", "high"}, {KindPriority, "P2", "medium"}, {KindPriority, "P1", "high"}} {
		if got, ok := v.Lookup(c.k, c.in); !ok || got != c.out {
			t.Errorf("Lookup(%s, %q) = %q, %v; want %q", c.k, c.in, got, ok, c.out)
		}
	}
	if strings.Contains(v.Accepted(KindPriority), "p2") {
		t.Errorf("re-mapped p2 still listed under high: %s", v.Accepted(KindPriority))
	}
	for _, bad := range []string{"[colour]\nred = \"high\"\n", "[priority]\nS1 = \"urgentest\"\n", "[priority]\n\"--\" = \"high\"\n", "[priority\n"} {
		if _, err := LoadAliases(strings.NewReader(bad)); err == nil {
			t.Errorf("LoadAliases(%q) accepted", bad)
		}
	}
	// The active vocabulary is what Parse uses.
	defer UseVocabulary(ActiveVocabulary())
	UseVocabulary(v)
	if c, err := ParseChannel("抖音"); err != nil || c != Social {
		t.Errorf("ParseChannel(抖音) with desk aliases = %q, %v", c, err)
	}
}
