package sla

import (
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in   string
		want Target
		text string // String of the result; "" means in itself
	}{
		{"2h", Target{Duration: 2 * h}, ""},
		{"1h30m", Target{Duration: 90 * mn}, ""},
		{"90m", Target{Duration: 90 * mn}, "1h30m"},
		{"24h", Target{Duration: 24 * h}, ""},
		{"2d", Target{Duration: 48 * h}, "48h"},
		{"1d12h", Target{Duration: 36 * h}, "36h"},
		{"10d", Target{Duration: 240 * h}, ""},
		{"16h business", Target{Duration: 16 * h, Business: true}, ""},
		{"  16H  Business ", Target{Duration: 16 * h, Business: true}, "16h business"},
		{"5 business days", Target{Days: 5}, ""},
		{"1 business day", Target{Days: 1}, ""},
		{"1 business days", Target{Days: 1}, "1 business day"},
		{"none", Target{}, ""},
		{"0", Target{}, "none"},
	}
	for _, tt := range tests {
		got, err := parseTarget(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("parseTarget(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			continue
		}
		text := tt.text
		if text == "" {
			text = tt.in
		}
		if got.String() != text {
			t.Errorf("%+v.String() = %q, want %q", got, got.String(), text)
		}
	}
	for _, bad := range []string{"", "soon", "-2h", "0h", "0 business days", "-1 business days", "2.5 business days",
		"5 business weeks", "2h calendar", "h", "d", "xd", "99999d", "1d-2h", "9999d2562047h", "5 days"} {
		if got, err := parseTarget(bad); err == nil {
			t.Errorf("parseTarget(%q) = %+v, want an error", bad, got)
		}
	}
}

func TestLookup(t *testing.T) {
	p := DefaultPolicies()
	p.ByCategory = map[PolicyKey]Policy{{High, "malfunction"}: {Resolution: Target{Duration: 12 * h}}}
	tests := []struct {
		priority, category string
		want               Target
	}{
		{"high", "", Target{Duration: 24 * h}},
		{"HIGH", "usage question", Target{Duration: 24 * h}},
		{"high", "Malfunction ", Target{Duration: 12 * h}},
		{"medium", "malfunction", Target{Days: 5}},
		{"low", "", Target{Days: 10}},
		{"urgent", "", Target{}},
		{"", "", Target{}},
	}
	for _, tt := range tests {
		if got := p.Lookup(tt.priority, tt.category).Resolution; got != tt.want {
			t.Errorf("Lookup(%q, %q).Resolution = %v, want %v", tt.priority, tt.category, got, tt.want)
		}
	}
}

func TestDefaultPolicies(t *testing.T) {
	p := DefaultPolicies()
	want := map[string]string{
		High:   "2h 24h 24h",
		Medium: "24h none 5 business days",
		Low:    "48h none 10 business days",
	}
	for prio, w := range want {
		pol := p.ByPriority[prio]
		if got := strings.Join([]string{pol.FirstResponse.String(), pol.Update.String(), pol.Resolution.String()}, " "); got != w {
			t.Errorf("%s: %s, want %s", prio, got, w)
		}
	}
	if p.AtRisk != 0.75 {
		t.Errorf("AtRisk = %v", p.AtRisk)
	}
	if p.ByPriority[High].FirstResponse.Business {
		t.Error("hour targets should count calendar time")
	}
}
