package sla

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is the SLA configuration: the calendars, the one business time
// counts on, and the policies.
type Config struct {
	Calendar  *Calendar            // the active calendar
	Calendars map[string]*Calendar // every calendar by name, the active one included
	Policies  Policies
}

// defaultCalendarName names the built-in calendar.
const defaultCalendarName = "default"

// Default returns the built-in configuration, used when there is no file:
// the "default" calendar (Asia/Shanghai, Monday to Friday 09:00–12:00 and
// 13:30–18:00, no holidays) and DefaultPolicies. Should the system lack the
// time zone database, the calendar falls back to a fixed UTC+8 zone, which
// matches Asia/Shanghai since 1991.
func Default() *Config {
	cal := defaultCalendar()
	return &Config{
		Calendar:  cal,
		Calendars: map[string]*Calendar{cal.Name(): cal},
		Policies:  DefaultPolicies(),
	}
}

func defaultCalendar() *Calendar {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		loc = time.FixedZone("Asia/Shanghai", 8*60*60)
	}
	day := []Shift{{9 * time.Hour, 12 * time.Hour}, {13*time.Hour + 30*time.Minute, 18 * time.Hour}}
	cal, err := NewCalendar(defaultCalendarName, loc, Week{time.Monday: day, time.Tuesday: day,
		time.Wednesday: day, time.Thursday: day, time.Friday: day}, nil, nil)
	if err != nil {
		panic("sla: built-in calendar: " + err.Error()) // a constant input; cannot happen
	}
	return cal
}

// Load reads a TOML configuration. Errors name the offending key and, where
// the TOML decoder knows it, the line. Policies the file leaves out keep
// their built-in defaults; see example.toml for the format.
func Load(r io.Reader) (*Config, error) {
	var f fileConfig
	md, err := toml.NewDecoder(r).Decode(&f)
	if err != nil {
		return nil, fmt.Errorf("sla config: %w", err)
	}
	cfg, err := f.build(&md)
	if err != nil {
		return nil, fmt.Errorf("sla config: %w", err)
	}
	if err := undecoded(md.Undecoded()); err != nil { // after build: it decodes the targets
		return nil, fmt.Errorf("sla config: %w", err)
	}
	return cfg, nil
}

// undecoded reports keys the file has but the format does not, skipping
// keys below one already reported.
func undecoded(keys []toml.Key) error {
	var errs []error
	var reported []toml.Key
	for _, k := range keys {
		// Inline workday tables are checked key by key as they are decoded.
		if len(k) > 3 && k[0] == "calendars" && k[2] == "workdays" {
			continue
		}
		if slices.ContainsFunc(reported, func(p toml.Key) bool { return len(p) < len(k) && slices.Equal(p, k[:len(p)]) }) {
			continue
		}
		reported = append(reported, k)
		if len(k) == 2 && k[0] == "policies" {
			errs = append(errs, fmt.Errorf("%s: unknown priority %q (want %s)", k, k[1], strings.Join(priorities, ", ")))
			continue
		}
		errs = append(errs, fmt.Errorf("%s: unknown key", k))
	}
	return errors.Join(errs...)
}

// fileConfig mirrors the TOML file.
type fileConfig struct {
	Calendar  string                  `toml:"calendar"`
	AtRisk    atRiskField             `toml:"at_risk"`
	Calendars map[string]fileCalendar `toml:"calendars"`
	Policies  struct {
		High   *filePolicy `toml:"high"`
		Medium *filePolicy `toml:"medium"`
		Low    *filePolicy `toml:"low"`
	} `toml:"policies"`
}

type fileCalendar struct {
	Timezone  zoneField   `toml:"timezone"`
	Monday    shiftList   `toml:"monday"`
	Tuesday   shiftList   `toml:"tuesday"`
	Wednesday shiftList   `toml:"wednesday"`
	Thursday  shiftList   `toml:"thursday"`
	Friday    shiftList   `toml:"friday"`
	Saturday  shiftList   `toml:"saturday"`
	Sunday    shiftList   `toml:"sunday"`
	Holidays  dateList    `toml:"holidays"`
	Workdays  workdayList `toml:"workdays"`
}

// fileTargets keeps its targets undecoded until the calendars they are
// checked against are built (decoding them then still gives errors their
// line).
type fileTargets struct {
	FirstResponse *toml.Primitive `toml:"first_response"`
	Update        *toml.Primitive `toml:"update"`
	Resolution    *toml.Primitive `toml:"resolution"`
}

type filePolicy struct {
	fileTargets
	Category map[string]fileTargets `toml:"category"`
}

func (f *fileConfig) build(md *toml.MetaData) (*Config, error) {
	cfg := &Config{Calendars: make(map[string]*Calendar), Policies: DefaultPolicies()}
	for _, name := range slices.Sorted(maps.Keys(f.Calendars)) {
		fc := f.Calendars[name]
		cal, err := fc.build(name)
		if err != nil {
			return nil, fmt.Errorf("calendars.%s: %w", toml.Key{name}, err)
		}
		cfg.Calendars[name] = cal
	}
	if len(cfg.Calendars) == 0 {
		cal := defaultCalendar()
		cfg.Calendars[cal.Name()] = cal
	}
	switch {
	case f.Calendar != "":
		cfg.Calendar = cfg.Calendars[f.Calendar]
		if cfg.Calendar == nil {
			return nil, fmt.Errorf("calendar: no calendar named %q", f.Calendar)
		}
	case len(cfg.Calendars) == 1:
		for _, cal := range cfg.Calendars {
			cfg.Calendar = cal
		}
	default:
		return nil, errors.New("calendar: several calendars are defined; name the active one")
	}
	if f.AtRisk.set {
		cfg.Policies.AtRisk = f.AtRisk.v
	}
	files := []*filePolicy{f.Policies.High, f.Policies.Medium, f.Policies.Low}
	for i, fp := range files {
		if fp == nil {
			continue
		}
		prio := priorities[i]
		base, err := fp.fileTargets.over(md, cfg.Calendars, cfg.Policies.ByPriority[prio])
		if err != nil {
			return nil, err
		}
		cfg.Policies.ByPriority[prio] = base
		for _, category := range slices.Sorted(maps.Keys(fp.Category)) {
			ft := fp.Category[category]
			name := normalizeName(category)
			if name == "" {
				return nil, fmt.Errorf("policies.%s.category: empty category name", prio)
			}
			key := PolicyKey{prio, name}
			if _, dup := cfg.Policies.ByCategory[key]; dup {
				return nil, fmt.Errorf("policies.%s.category.%s: category given twice", prio, toml.Key{category})
			}
			if cfg.Policies.ByCategory == nil {
				cfg.Policies.ByCategory = make(map[PolicyKey]Policy)
			}
			if cfg.Policies.ByCategory[key], err = ft.over(md, cfg.Calendars, base); err != nil {
				return nil, err
			}
		}
	}
	return cfg, nil
}

// over returns base with the targets the file sets replaced, each checked
// against cals.
func (ft fileTargets) over(md *toml.MetaData, cals map[string]*Calendar, base Policy) (Policy, error) {
	for _, f := range []struct {
		field *toml.Primitive
		dst   *Target
	}{{ft.FirstResponse, &base.FirstResponse}, {ft.Update, &base.Update}, {ft.Resolution, &base.Resolution}} {
		if f.field == nil {
			continue
		}
		t := targetField{cals: cals}
		if err := md.PrimitiveDecode(*f.field, &t); err != nil {
			return base, err
		}
		*f.dst = t.v
	}
	return base, nil
}

func (fc fileCalendar) build(name string) (*Calendar, error) {
	if fc.Timezone.loc == nil {
		return nil, errors.New("timezone: missing (an IANA name such as \"Asia/Shanghai\")")
	}
	week := Week{
		time.Sunday: fc.Sunday, time.Monday: fc.Monday, time.Tuesday: fc.Tuesday,
		time.Wednesday: fc.Wednesday, time.Thursday: fc.Thursday, time.Friday: fc.Friday,
		time.Saturday: fc.Saturday,
	}
	workdays := make([]Workday, len(fc.Workdays))
	for i, w := range fc.Workdays {
		workdays[i] = Workday{Date: w.date, Shifts: w.hours}
		if w.hours == nil {
			workdays[i].Shifts = week[w.as]
			if len(week[w.as]) == 0 {
				return nil, fmt.Errorf("workdays: %s is to be worked as a %s, which has no hours; set hours", w.date, dayName(w.as))
			}
		}
	}
	cal, err := NewCalendar(name, fc.Timezone.loc, week, fc.Holidays, workdays)
	if errors.Is(err, ErrNoWorkingTime) {
		return nil, errors.New("no working hours on any weekday (set monday = [\"09:00-18:00\"] and so on)")
	}
	return cal, err
}
