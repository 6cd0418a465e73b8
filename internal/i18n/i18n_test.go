package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"sort"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// declaredKeys reads every constant of type Key from the package source, so
// a key added to keys.go but forgotten in a catalogue fails the test.
func declaredKeys(t *testing.T) map[string]Key {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "keys.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]Key{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Key" {
				continue
			}
			for i, name := range vs.Names {
				lit := vs.Values[i].(*ast.BasicLit)
				keys[name.Name] = Key(lit.Value[1 : len(lit.Value)-1])
			}
		}
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys in keys.go; is the parser reading the right file?", len(keys))
	}
	return keys
}

// namedKeys are the catalogue keys built from the domain's vocabulary.
func namedKeys() []Key {
	var ks []Key
	add := func(prefix string, ids ...string) {
		for _, id := range ids {
			ks = append(ks, Key(prefix+id))
		}
	}
	for _, s := range domain.Statuses {
		add("status.", string(s))
	}
	for _, c := range domain.Channels {
		add("channel.", string(c))
	}
	for _, c := range domain.Categories {
		add("category.", string(c))
	}
	for _, p := range domain.Priorities {
		add("priority.", p.String())
		add("priority_mark.", p.String())
	}
	add("role.", string(domain.RoleAgent), string(domain.RoleSupervisor), string(domain.RoleAdmin))
	add("tier.", string(domain.TierNormal), string(domain.TierVIP))
	add("sentiment.", sentiments...)
	add("event.", eventKinds...)
	add("team.", teams...)
	add("template.", templates...)
	add("language.", "zh", "en")
	add("reason.", reasons...)
	add("clock_name.", clocks...)
	add("sla_state.", slaStates...)
	return ks
}

func TestEveryKeyInBothLanguages(t *testing.T) {
	all := map[Key]string{}
	for name, k := range declaredKeys(t) {
		all[k] = name
	}
	for _, k := range namedKeys() {
		all[k] = string(k)
	}
	for k, name := range all {
		for lang, cat := range map[Lang]map[Key]string{EN: en, ZH: zh} {
			if cat[k] == "" {
				t.Errorf("%s (%q) missing in %s", name, k, lang)
			}
		}
	}
	for lang, cat := range map[Lang]map[Key]string{EN: en, ZH: zh} {
		for k := range cat {
			if _, ok := all[k]; !ok {
				t.Errorf("%s has %q, which no constant or domain name uses", lang, k)
			}
		}
	}
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*[a-z%]`)

// TestSameVerbs checks that both languages consume the same arguments, so
// a Chinese message never prints %!s(MISSING).
func TestSameVerbs(t *testing.T) {
	for k, e := range en {
		ev, zv := verb.FindAllString(e, -1), verb.FindAllString(zh[k], -1)
		sort.Strings(ev)
		sort.Strings(zv)
		if len(ev) != len(zv) {
			t.Errorf("%q: en has verbs %v, zh has %v", k, ev, zv)
			continue
		}
		for i := range ev {
			if ev[i] != zv[i] {
				t.Errorf("%q: en has verbs %v, zh has %v", k, ev, zv)
				break
			}
		}
	}
}

func TestT(t *testing.T) {
	if got := ZH.T(MsgMovedBy, "FB-1042", ZH.Status(domain.Testing), "bob"); got != "FB-1042 已被 bob 移到待测试" {
		t.Errorf("zh MsgMovedBy = %q", got)
	}
	if got := EN.T(MsgMovedBy, "FB-1042", EN.Status(domain.Testing), "bob"); got != "FB-1042 moved to Testing by bob" {
		t.Errorf("en MsgMovedBy = %q", got)
	}
	if got := EN.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key shows %q, want the key", got)
	}
	if got := ZH.Team("night_shift"); got != "night_shift" {
		t.Errorf("unknown team shows %q, want its identifier", got)
	}
	if got := ZH.PriorityMark(domain.High); got != "高" {
		t.Errorf("zh high mark = %q", got)
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want Lang
	}{
		{map[string]string{}, EN},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, ZH},
		{map[string]string{"LANG": "en_US.UTF-8"}, EN},
		{map[string]string{"LANG": "C"}, EN},
		{map[string]string{"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, ZH},
		{map[string]string{"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, EN},
		{map[string]string{"LC_ALL": "zh_HK", "LANG": "en_US.UTF-8"}, ZH},
	} {
		if got := detect(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("detect(%v) = %s, want %s", tc.env, got, tc.want)
		}
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{"en": EN, "EN": EN, "en_US.UTF-8": EN, "en-GB": EN, "zh": ZH, "zh_CN.UTF-8": ZH, "zh-TW": ZH, " zh ": ZH} {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "fr", "english", "zhx"} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) accepted", in)
		}
	}
}

// TestDurations: each language writes durations in its own units, and
// working time as working hours.
func TestDurations(t *testing.T) {
	const h, mn = time.Hour, time.Minute
	for _, c := range []struct {
		got, want string
	}{
		{EN.Duration(13*h + 55*mn), "13h55m"},
		{ZH.Duration(13*h + 55*mn), "13小时55分"},
		{ZH.Duration(3*24*h + 4*h), "3天4小时"},
		{ZH.Duration(45 * mn), "45分"},
		{EN.WorkingDuration(37*h + 30*mn), "37h work"},
		{ZH.WorkingDuration(37*h + 30*mn), "37工作小时"},
		{EN.WorkingDuration(2*h + 30*mn), "2h30m work"},
		{ZH.WorkingDuration(2*h + 30*mn), "2工作小时30分"},
		{EN.Span(-90*mn, false), "-1h30m"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestReasons: triage's reasons read in the session's words; what the
// catalogue does not know (a matched keyword) stays as written.
func TestReasons(t *testing.T) {
	for _, c := range []struct {
		lang     Lang
		in, want string
	}{
		{ZH, "high: malfunction + strong negative + VIP + public social", "高：产品故障 + 强烈负面 + VIP + 公开渠道社交媒体"},
		{ZH, "high: 支付失败 + VIP", "高：支付失败 + VIP"},
		{ZH, "spam: promotional link", "垃圾信息：推广链接"},
		{ZH, "low: invalid", "低：无效"},
		{ZH, "medium: restored by bob", "中：由 bob 恢复"},
		{EN, "high: malfunction + VIP", "high: Malfunction + VIP"},
		{ZH, "something new", "something new"},
		{ZH, "high: 23 customers ≥ 20", "高：23 位客户 ≥ 20"},
		{ZH, "low: 1 customer(s) < 5", "低：1 位客户 < 5"},
	} {
		if got := c.lang.Reason(c.in); got != c.want {
			t.Errorf("%s Reason(%q) = %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}
