package triage

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestDefaultRulesShared(t *testing.T) {
	if first, second := DefaultRules(), DefaultRules(); first != second {
		t.Error("DefaultRules returned two different values")
	}
}

// TestLoadRulesEmptyIsDefault checks that an empty file means the built-in
// rules.
func TestLoadRulesEmptyIsDefault(t *testing.T) {
	r, err := LoadRules(strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Body: "APP一直闪退，太垃圾了，我要投诉到12315", CustomerTier: "vip"}
	if got, want := Analyze(in, r), Analyze(in, DefaultRules()); !reflect.DeepEqual(got, want) {
		t.Errorf("empty rules file: got %+v, want %+v", got, want)
	}
}

func TestLoadRulesOverlay(t *testing.T) {
	r, err := LoadRules(strings.NewReader(`
[watch]
"老板" = 5
"crash" = 9

[routing]
pricing = "service_quality"

[priority.base]
question = "medium"
`))
	if err != nil {
		t.Fatal(err)
	}
	// The watch list is replaced whole: 投诉 is no longer watched.
	got := Analyze(Input{Body: "我要找你们老板投诉，app一直crash"}, r)
	if want := []string{"crash", "老板"}; !slices.Equal(got.Keywords, want) {
		t.Errorf("Keywords = %v, want %v", got.Keywords, want)
	}
	// Categories were left alone.
	if got.Category != CategoryComplaint {
		t.Errorf("Category = %s, want complaint", got.Category)
	}
	// Routing merges per category.
	if got := Analyze(Input{Body: "退款什么时候到账"}, r).Team; got != TeamServiceQuality {
		t.Errorf("pricing team = %s, want service_quality", got)
	}
	if got := Analyze(Input{Body: "APP闪退"}, r).Team; got != TeamTechSupport {
		t.Errorf("malfunction team = %s, want tech_support (kept)", got)
	}
	if got := Analyze(Input{Body: "请问怎么修改密码？"}, r).Priority; got != PriorityMedium {
		t.Errorf("question priority = %s, want medium", got)
	}
}

func TestLoadRulesCategoryReplaced(t *testing.T) {
	r, err := LoadRules(strings.NewReader(`
[categories.logistics]
"马车" = 3
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := Analyze(Input{Body: "马车什么时候来"}, r).Category; got != CategoryLogistics {
		t.Errorf("custom keyword: category %s, want logistics", got)
	}
	if got := Analyze(Input{Body: "快递"}, r).Category; got == CategoryLogistics {
		t.Error("built-in logistics keywords should be replaced")
	}
}

func TestLoadRulesErrors(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"syntax", "[watch]\n\"投诉\" = = 3\n", "line 2"},
		{"unknown key", "[sentiment]\nnegation_windw = 3\n", `unknown setting "sentiment.negation_windw"`},
		{"unknown section", "[priorities]\nx = 1\n", `unknown setting`},
		{"unknown category", "[categories.complain]\n\"x\" = 1\n", "categories.complain: unknown category"},
		{"unknown routing category", "[routing]\nbilling = \"product\"\n", "routing.billing: unknown category"},
		{"unknown team", "[routing]\npricing = \"finance\"\n", `routing.pricing: unknown team "finance"`},
		{"bad priority", "[priority.base]\nother = \"urgent\"\n", `priority.base.other: unknown priority "urgent"`},
		{"strong negative range", "[priority]\nstrong_negative = 0.5\n", "priority.strong_negative"},
		{"zero category weight", "[categories.other]\n\"x\" = 0\n", `categories.other."x": weight 0 is outside (0, 100]`},
		{"nan weight", "[watch]\n\"x\" = nan\n", `watch."x": weight NaN`},
		{"lexicon range", "[sentiment.lexicon]\n\"糟\" = -9\n", `sentiment.lexicon."糟": weight -9 is outside [-5, 5]`},
		{"wrong type", "[watch]\n\"x\" = \"high\"\n", "incompatible types"},
		{"duplicate after normalisation", "[watch]\n\"Crash\" = 1\n\"crash\" = 2\n", `"Crash" and "crash" are the same keyword`},
		{"listed twice", "[sentiment]\nnegators = [\"不\", \"不\"]\n", `"不" is listed twice`},
		{"empty keyword", "[priority]\nseverity = [\"  \"]\n", "empty keyword"},
		{"window", "[sentiment]\nnegation_window = 0\n", "negation_window"},
		{"threshold", "[spam]\nthreshold = 0\n", "spam.threshold"},
		{"junk without letters", "[spam]\njunk = [\"111\"]\n", "has no letters"},
		{"bias category", "[sentiment.category_bias]\nbilling = -1\n", "category_bias.billing: unknown category"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadRules(strings.NewReader(tt.file))
			if err == nil {
				t.Fatalf("LoadRules succeeded, want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "triage: rules: ") {
				t.Errorf("error %q, want it to start with \"triage: rules: \" and contain %q", err, tt.want)
			}
		})
	}
}

func TestEnumerations(t *testing.T) {
	if got := len(Categories()); got != 7 {
		t.Errorf("%d categories, want 7", got)
	}
	c := Categories()
	c[0] = "changed"
	if Categories()[0] == "changed" {
		t.Error("Categories exposes its backing array")
	}
	if got := Priorities(); !slices.Equal(got, []string{"high", "medium", "low"}) {
		t.Errorf("Priorities() = %v", got)
	}
	if got := Teams(); !slices.Equal(got, []string{"tech_support", "service_quality", "product", "logistics", "service_desk"}) {
		t.Errorf("Teams() = %v", got)
	}
}
