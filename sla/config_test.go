package sla

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func load(t *testing.T, text string) *Config {
	t.Helper()
	cfg, err := Load(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestLoadExample(t *testing.T) {
	f, err := os.Open("example.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := Load(f)
	if err != nil {
		t.Fatal(err)
	}
	cal := cfg.Calendar
	if cal.Name() != "cn" || cal.Location().String() != "Asia/Shanghai" {
		t.Fatalf("active calendar %q in %v", cal.Name(), cal.Location())
	}
	if len(cal.holidays) != 18 || len(cal.workdays) != 5 {
		t.Errorf("%d holidays and %d workdays, want 18 and 5", len(cal.holidays), len(cal.workdays))
	}
	loc := cal.Location()
	// Thursday 30 September, an hour before closing: National Day week off,
	// then Friday 8 October and the make-up Saturday 9 October are worked.
	if got, want := cal.Add(in(loc, 2027, 9, 30, 17, 0), 9*h), in(loc, 2027, 10, 9, 9, 30); !got.Equal(want) {
		t.Errorf("over National Day: %v, want %v", got, want)
	}
	if got := cal.Between(in(loc, 2027, 1, 1, 0, 0), in(loc, 2028, 1, 1, 0, 0)); got%(7*h+30*mn) != 0 || got == 0 {
		t.Errorf("2027 holds %v of work, not a whole number of days", got)
	}
	want := DefaultPolicies()
	for _, prio := range priorities {
		if cfg.Policies.ByPriority[prio] != want.ByPriority[prio] {
			t.Errorf("%s: %+v, want the defaults %+v", prio, cfg.Policies.ByPriority[prio], want.ByPriority[prio])
		}
	}
	if cfg.Policies.AtRisk != 0.75 {
		t.Errorf("at_risk %v", cfg.Policies.AtRisk)
	}
}

func TestLoad(t *testing.T) {
	t.Run("empty file gives the defaults", func(t *testing.T) {
		cfg := load(t, "")
		if cfg.Calendar.Name() != "default" || cfg.Calendar.Location().String() != "Asia/Shanghai" {
			t.Errorf("calendar %q in %v", cfg.Calendar.Name(), cfg.Calendar.Location())
		}
		if cfg.Policies.Lookup(Medium, "").Resolution != (Target{Days: 5}) {
			t.Errorf("medium: %+v", cfg.Policies.Lookup(Medium, ""))
		}
	})
	t.Run("targets left out keep their defaults", func(t *testing.T) {
		cfg := load(t, `
[policies.medium]
resolution = "3 business days"
[policies.high.category."Service Complaint"]
first_response = "1h"
`)
		if got := cfg.Policies.Lookup(Medium, ""); got.FirstResponse != (Target{Duration: 24 * h}) || got.Resolution != (Target{Days: 3}) {
			t.Errorf("medium: %+v", got)
		}
		got := cfg.Policies.Lookup(High, "service complaint")
		if got.FirstResponse != (Target{Duration: h}) || got.Resolution != (Target{Duration: 24 * h}) || got.Update != (Target{Duration: 24 * h}) {
			t.Errorf("high/service complaint: %+v", got)
		}
	})
	t.Run("workdays in every form", func(t *testing.T) {
		cfg := load(t, `
[calendars.x]
timezone = "Europe/Berlin"
monday = ["08:00-16:00"]
friday = ["08:00-12:00"]
workdays = [2027-01-02, "2027-01-03", {date = 2027-01-09, as = "Friday"}, {date = "2027-01-10", hours = ["10:00-11:00"]}]
`)
		cal := cfg.Calendar
		loc := cal.Location()
		for _, tt := range []struct {
			day  int
			want time.Duration
		}{{2, 8 * h}, {3, 8 * h}, {9, 4 * h}, {10, h}} {
			if got := cal.Between(in(loc, 2027, 1, tt.day, 0, 0), in(loc, 2027, 1, tt.day+1, 0, 0)); got != tt.want {
				t.Errorf("1 January + %d: %v of work, want %v", tt.day-1, got, tt.want)
			}
		}
	})
	t.Run("the only calendar is active", func(t *testing.T) {
		cfg := load(t, "[calendars.solo]\ntimezone = \"UTC\"\nmonday = [\"09:00-17:00\"]\n")
		if cfg.Calendar.Name() != "solo" || len(cfg.Calendars) != 1 {
			t.Errorf("active %q of %d", cfg.Calendar.Name(), len(cfg.Calendars))
		}
	})
	t.Run("choosing among calendars", func(t *testing.T) {
		cfg := load(t, "calendar = \"b\"\n[calendars.a]\ntimezone = \"UTC\"\nmonday = [\"09:00-17:00\"]\n[calendars.b]\ntimezone = \"UTC\"\ntuesday = [\"09:00-17:00\"]\n")
		if cfg.Calendar != cfg.Calendars["b"] || len(cfg.Calendars) != 2 {
			t.Errorf("active %q", cfg.Calendar.Name())
		}
	})
	t.Run("at_risk", func(t *testing.T) {
		if got := load(t, "at_risk = 0.8").Policies.AtRisk; got != 0.8 {
			t.Errorf("at_risk %v", got)
		}
		if got := load(t, "at_risk = 1").Policies.AtRisk; got != 1 {
			t.Errorf("at_risk %v", got)
		}
	})
}

func TestLoadErrors(t *testing.T) {
	const cal = "[calendars.cn]\ntimezone = \"Asia/Shanghai\"\n"
	tests := []struct {
		name, text string
		want       []string // each must appear in the error
	}{
		{"syntax", "calendar = ", []string{"line 1"}},
		{"unknown time zone", "[calendars.cn]\ntimezone = \"Mars/Olympus_Mons\"\nmonday = [\"09:00-18:00\"]\n", []string{"line 2", "calendars.cn.timezone", `unknown time zone "Mars/Olympus_Mons"`}},
		{"local time zone", "[calendars.cn]\ntimezone = \"Local\"\n", []string{"line 2", "IANA"}},
		{"missing time zone", "[calendars.cn]\nmonday = [\"09:00-18:00\"]\n", []string{"calendars.cn: timezone: missing"}},
		{"time zone not a string", "[calendars.cn]\ntimezone = 8\n", []string{"line 2", "not an integer"}},
		{"malformed shift", cal + "monday = [\"9-12\"]\n", []string{"line 3", "calendars.cn.monday", `shift "9-12": want HH:MM-HH:MM`}},
		{"bad minutes", cal + "monday = [\"09:60-12:00\"]\n", []string{"line 3", "want HH:MM-HH:MM"}},
		{"past 24:00", cal + "monday = [\"20:00-24:30\"]\n", []string{"line 3", "want HH:MM-HH:MM"}},
		{"inverted shift", cal + "\ntuesday = [\"13:00-12:00\"]\n", []string{"line 4", "calendars.cn.tuesday", "ends before it starts"}},
		{"across midnight", cal + "friday = [\"22:00-06:00\"]\n", []string{"line 3", "22:00-24:00"}},
		{"overlapping shifts", cal + "monday = [\"09:00-12:00\", \"11:30-13:00\"]\n", []string{"line 3", "calendars.cn.monday", "shifts 09:00-12:00 and 11:30-13:00 overlap"}},
		{"shift not a string", cal + "monday = [9]\n", []string{"line 3", "not an integer"}},
		{"shifts not a list", cal + "monday = \"09:00-12:00\"\n", []string{"line 3", "want a list"}},
		{"no working time", cal + "holidays = [2027-01-01]\n", []string{"calendars.cn", "no working hours"}},
		{"no working time, empty days", cal + "monday = []\n", []string{"calendars.cn", "no working hours"}},
		{"unknown weekday key", cal + "mondy = [\"09:00-18:00\"]\nmonday = [\"09:00-18:00\"]\n", []string{"calendars.cn.mondy: unknown key"}},
		{"bad holiday", cal + "monday = [\"09:00-18:00\"]\nholidays = [\"2027-02-30\"]\n", []string{"line 4", `date "2027-02-30"`}},
		{"holiday with a time", cal + "monday = [\"09:00-18:00\"]\nholidays = [2027-02-03T10:00:00]\n", []string{"line 4", "without a time of day"}},
		{"holiday twice", cal + "monday = [\"09:00-18:00\"]\nholidays = [2027-01-01, \"2027-01-01\"]\n", []string{"line 4", "holiday 2027-01-01: listed twice"}},
		{"holiday and workday", cal + "monday = [\"09:00-18:00\"]\nholidays = [2027-01-02]\nworkdays = [2027-01-02]\n", []string{"calendars.cn", "workday 2027-01-02: already listed"}},
		{"workday twice", cal + "monday = [\"09:00-18:00\"]\nworkdays = [2027-01-02, {date = 2027-01-02, as = \"monday\"}]\n", []string{"line 4", "listed twice"}},
		{"workday as unknown", cal + "monday = [\"09:00-18:00\"]\nworkdays = [{date = 2027-01-02, as = \"funday\"}]\n", []string{"line 4", "want a weekday name"}},
		{"workday as a closed day", cal + "monday = [\"09:00-18:00\"]\nworkdays = [{date = 2027-01-02, as = \"sunday\"}]\n", []string{"calendars.cn: workdays: 2027-01-02", "sunday, which has no hours"}},
		{"workday as and hours", cal + "monday = [\"09:00-18:00\"]\nworkdays = [{date = 2027-01-02, as = \"monday\", hours = [\"09:00-10:00\"]}]\n", []string{"not both"}},
		{"workday unknown key", cal + "monday = [\"09:00-18:00\"]\nworkdays = [{date = 2027-01-02, shift = \"x\"}]\n", []string{"line 4", `unknown key "shift"`}},
		{"workday without date", cal + "monday = [\"09:00-18:00\"]\nworkdays = [{as = \"monday\"}]\n", []string{"line 4", "missing date"}},
		{"workday empty hours", cal + "monday = [\"09:00-18:00\"]\nworkdays = [{date = 2027-01-02, hours = []}]\n", []string{"hours is empty"}},
		{"unknown active calendar", "calendar = \"cn\"\n", []string{`calendar: no calendar named "cn"`}},
		{"several calendars, none active", cal + "monday = [\"09:00-18:00\"]\n[calendars.us]\ntimezone = \"UTC\"\nmonday = [\"09:00-18:00\"]\n", []string{"name the active one"}},
		{"unknown priority", "[policies.urgent]\nfirst_response = \"1h\"\n", []string{`policies.urgent: unknown priority "urgent"`}},
		{"negative target", "[policies.high]\nfirst_response = \"-2h\"\n", []string{"line 2", "policies.high.first_response", "negative"}},
		{"malformed target", "[policies.low]\nresolution = \"a week\"\n", []string{"line 2", `target "a week"`}},
		{"target not a string", "[policies.low]\nresolution = 5\n", []string{"line 2", "not an integer"}},
		{"unknown policy key", "[policies.low]\nresolve = \"5h\"\n", []string{"policies.low.resolve: unknown key"}},
		{"empty category", "[policies.low.category.\" \"]\nresolution = \"5h\"\n", []string{"empty category name"}},
		{"category twice", "[policies.low.category.Pricing]\nresolution = \"5h\"\n[policies.low.category.pricing]\nresolution = \"6h\"\n", []string{"category given twice"}},
		{"at_risk too high", "at_risk = 75\n", []string{"line 1", "outside (0, 1]"}},
		{"at_risk zero", "at_risk = 0.0\n", []string{"outside (0, 1]"}},
		{"at_risk nan", "at_risk = nan\n", []string{"outside (0, 1]"}},
		{"at_risk a string", "at_risk = \"75%\"\n", []string{"want a number"}},
		{"unknown top-level key", "calender = \"cn\"\n", []string{"calender: unknown key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(strings.NewReader(tt.text))
			if err == nil {
				t.Fatalf("no error; got %+v", cfg)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	for _, tt := range []struct{ name, file string }{{"default", ""}, {"example", "example.toml"}} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Default()
			if tt.file != "" {
				text, err := os.ReadFile(tt.file)
				if err != nil {
					t.Fatal(err)
				}
				cfg = load(t, string(text)+"\n[policies.high.category.malfunction]\nresolution = \"12h business\"\n")
			}
			var b bytes.Buffer
			if err := cfg.Describe(&b); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "describe_"+tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if b.String() != string(want) {
				t.Errorf("Describe:\n%s\nwant:\n%s", b.String(), want)
			}
		})
	}
}

// FuzzLoad: no input may make Load panic, and whatever it accepts must be
// usable.
func FuzzLoad(f *testing.F) {
	example, err := os.ReadFile("example.toml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(example))
	f.Add("")
	f.Add("at_risk = 0.5\n[policies.high]\nresolution = \"3 business days\"\n")
	f.Add("[calendars.x]\ntimezone = \"America/New_York\"\nsunday = [\"00:00-06:00\"]\nworkdays = [{date = 2027-01-02, hours = [\"10:00-11:00\"]}]\n")
	f.Add("[calendars.x]\ntimezone = \"UTC\"\nmonday = [\"09:00-12:00\", \"11:00-13:00\"]\n")
	f.Fuzz(func(t *testing.T, text string) {
		cfg, err := Load(strings.NewReader(text))
		if err != nil {
			return
		}
		if cfg.Calendar == nil {
			t.Fatal("accepted a config without an active calendar")
		}
		var b bytes.Buffer
		if err := cfg.Describe(&b); err != nil {
			t.Fatal(err)
		}
		created := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
		for _, prio := range priorities {
			cs := Evaluate(History{Created: created, Priority: prio}, cfg.Policies, cfg.Calendar, created.Add(50*h))
			for _, c := range cs {
				if c.State != None && c.Due.Before(c.Start) {
					t.Fatalf("%s %v: due %v before start %v", prio, c.Kind, c.Due, c.Start)
				}
			}
		}
	})
}
