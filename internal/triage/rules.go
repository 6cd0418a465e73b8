package triage

import (
	_ "embed"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// Rules is a compiled, immutable rule set: keyword tables, sentiment
// lexicon, watch keywords, routing, priority policy and spam patterns. Build
// one with [DefaultRules] or [LoadRules] (the zero value is not usable); it
// is safe for concurrent use.
type Rules struct {
	ac       *automaton
	patLen   []int32   // byte length of each automaton pattern
	payStart []int32   // payloads of pattern i are payloads[payStart[i]:payStart[i+1]]
	payloads []payload // what each pattern means, possibly several things

	routing        [numCategories]string
	base           [numCategories]int
	sentimentBias  [numCategories]float64
	strongNegative float64
	publicChannels []string
	negationWindow int
	spamThreshold  float64
	linkWeight     float64
	junk           []string // letters and digits only, see junkKey
}

// ruleFile is the TOML schema of a rules file; default_rules.toml is the
// reference for it.
type ruleFile struct {
	Categories map[string]map[string]float64 `toml:"categories"`
	Routing    map[string]string             `toml:"routing"`
	Priority   priorityFile                  `toml:"priority"`
	Sentiment  sentimentFile                 `toml:"sentiment"`
	Watch      map[string]float64            `toml:"watch"`
	Spam       spamFile                      `toml:"spam"`
}

type priorityFile struct {
	Base           map[string]string `toml:"base"`
	Severity       []string          `toml:"severity"`
	StrongNegative float64           `toml:"strong_negative"`
	PublicChannels []string          `toml:"public_channels"`
}

type sentimentFile struct {
	Lexicon        map[string]float64 `toml:"lexicon"`
	Negators       []string           `toml:"negators"`
	Intensifiers   map[string]float64 `toml:"intensifiers"`
	Contrast       []string           `toml:"contrast"`
	Hypothetical   []string           `toml:"hypothetical"`
	NegationWindow int                `toml:"negation_window"`
	CategoryBias   map[string]float64 `toml:"category_bias"`
}

type spamFile struct {
	Threshold  float64            `toml:"threshold"`
	LinkWeight float64            `toml:"link_weight"`
	Links      []string           `toml:"links"`
	Promo      map[string]float64 `toml:"promo"`
	Junk       []string           `toml:"junk"`
}

//go:embed default_rules.toml
var defaultRulesTOML string

var (
	defaultFile = sync.OnceValue(func() ruleFile {
		f, _, err := decodeRules(strings.NewReader(defaultRulesTOML))
		if err != nil {
			panic("triage: built-in rules: " + err.Error())
		}
		return f
	})
	defaultRules = sync.OnceValue(func() *Rules {
		r, err := compile(defaultFile())
		if err != nil {
			panic("triage: built-in rules: " + err.Error())
		}
		return r
	})
)

// DefaultRules returns the built-in bilingual rule set (the embedded
// default_rules.toml). Every call returns the same shared, immutable value.
func DefaultRules() *Rules { return defaultRules() }

// LoadRules reads a TOML rules file on top of the built-in rules: every
// setting the file defines replaces the built-in one and everything it leaves
// out keeps its built-in value. Keyword tables and lists are replaced whole
// (a file with only a [watch] table changes only the watch keywords);
// [routing], [priority.base] and [sentiment.category_bias] are merged
// category by category.
//
// Errors name the offending key, or the line for TOML syntax errors.
// Unknown keys are errors, so a misspelt setting is never silently ignored.
func LoadRules(r io.Reader) (*Rules, error) {
	f, md, err := decodeRules(r)
	if err != nil {
		return nil, err
	}
	return compile(overlay(defaultFile(), f, md))
}

func decodeRules(r io.Reader) (ruleFile, toml.MetaData, error) {
	var f ruleFile
	md, err := toml.NewDecoder(r).Decode(&f)
	if err != nil {
		return f, md, fmt.Errorf("triage: rules: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return f, md, fmt.Errorf("triage: rules: unknown setting %q", und[0].String())
	}
	return f, md, nil
}

// overlay returns base with the settings that f defines (per md) replacing
// base's.
func overlay(base, f ruleFile, md toml.MetaData) ruleFile {
	out := base
	out.Categories = maps.Clone(base.Categories)
	maps.Copy(out.Categories, f.Categories)
	out.Routing = maps.Clone(base.Routing)
	maps.Copy(out.Routing, f.Routing)
	out.Priority.Base = maps.Clone(base.Priority.Base)
	maps.Copy(out.Priority.Base, f.Priority.Base)
	out.Sentiment.CategoryBias = maps.Clone(base.Sentiment.CategoryBias)
	maps.Copy(out.Sentiment.CategoryBias, f.Sentiment.CategoryBias)

	take(md, &out.Priority.Severity, f.Priority.Severity, "priority", "severity")
	take(md, &out.Priority.StrongNegative, f.Priority.StrongNegative, "priority", "strong_negative")
	take(md, &out.Priority.PublicChannels, f.Priority.PublicChannels, "priority", "public_channels")
	take(md, &out.Sentiment.Lexicon, f.Sentiment.Lexicon, "sentiment", "lexicon")
	take(md, &out.Sentiment.Negators, f.Sentiment.Negators, "sentiment", "negators")
	take(md, &out.Sentiment.Intensifiers, f.Sentiment.Intensifiers, "sentiment", "intensifiers")
	take(md, &out.Sentiment.Contrast, f.Sentiment.Contrast, "sentiment", "contrast")
	take(md, &out.Sentiment.Hypothetical, f.Sentiment.Hypothetical, "sentiment", "hypothetical")
	take(md, &out.Sentiment.NegationWindow, f.Sentiment.NegationWindow, "sentiment", "negation_window")
	take(md, &out.Watch, f.Watch, "watch")
	take(md, &out.Spam.Threshold, f.Spam.Threshold, "spam", "threshold")
	take(md, &out.Spam.LinkWeight, f.Spam.LinkWeight, "spam", "link_weight")
	take(md, &out.Spam.Links, f.Spam.Links, "spam", "links")
	take(md, &out.Spam.Promo, f.Spam.Promo, "spam", "promo")
	take(md, &out.Spam.Junk, f.Spam.Junk, "spam", "junk")
	return out
}

func take[T any](md toml.MetaData, dst *T, src T, key ...string) {
	if md.IsDefined(key...) {
		*dst = src
	}
}

// validate checks the settings that compile cannot check while building.
func (f *ruleFile) validate() error {
	for _, name := range slices.Sorted(maps.Keys(f.Categories)) {
		if categoryIndex(name) < 0 {
			return fmt.Errorf("categories.%s: unknown category (want one of %s)", name, strings.Join(categoryNames[:], ", "))
		}
		if err := checkWeights("categories."+name, f.Categories[name], 0, 100, true); err != nil {
			return err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(f.Routing)) {
		if categoryIndex(name) < 0 {
			return fmt.Errorf("routing.%s: unknown category (want one of %s)", name, strings.Join(categoryNames[:], ", "))
		}
		if !isTeam(f.Routing[name]) {
			return fmt.Errorf("routing.%s: unknown team %q (want one of %s)", name, f.Routing[name], strings.Join(teamNames[:], ", "))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(f.Priority.Base)) {
		if categoryIndex(name) < 0 {
			return fmt.Errorf("priority.base.%s: unknown category (want one of %s)", name, strings.Join(categoryNames[:], ", "))
		}
		if levelIndex(f.Priority.Base[name]) < 0 {
			return fmt.Errorf("priority.base.%s: unknown priority %q (want high, medium or low)", name, f.Priority.Base[name])
		}
	}
	if s := f.Priority.StrongNegative; !(s >= -1 && s < 0) {
		return fmt.Errorf("priority.strong_negative: %v is outside [-1, 0)", s)
	}
	if err := checkWeights("sentiment.lexicon", f.Sentiment.Lexicon, -5, 5, false); err != nil {
		return err
	}
	if err := checkWeights("sentiment.intensifiers", f.Sentiment.Intensifiers, 0, 5, true); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(f.Sentiment.CategoryBias)) {
		if categoryIndex(name) < 0 {
			return fmt.Errorf("sentiment.category_bias.%s: unknown category (want one of %s)", name, strings.Join(categoryNames[:], ", "))
		}
	}
	if err := checkWeights("sentiment.category_bias", f.Sentiment.CategoryBias, -5, 5, false); err != nil {
		return err
	}
	if w := f.Sentiment.NegationWindow; w < 1 || w > 10 {
		return fmt.Errorf("sentiment.negation_window: %d is outside 1..10", w)
	}
	if err := checkWeights("watch", f.Watch, 0, 100, true); err != nil {
		return err
	}
	if err := checkWeights("spam.promo", f.Spam.Promo, 0, 100, true); err != nil {
		return err
	}
	if t := f.Spam.Threshold; !(t > 0 && t <= 100) {
		return fmt.Errorf("spam.threshold: %v must be in (0, 100]", t)
	}
	if w := f.Spam.LinkWeight; !(w >= 0 && w <= 100) {
		return fmt.Errorf("spam.link_weight: %v must be in [0, 100]", w)
	}
	return nil
}

// checkWeights checks that every weight in table is a number within
// [lo, hi], or (lo, hi] when loOpen.
func checkWeights(key string, table map[string]float64, lo, hi float64, loOpen bool) error {
	for _, k := range slices.Sorted(maps.Keys(table)) {
		w := table[k]
		if w <= hi && (w > lo || !loOpen && w == lo) {
			continue
		}
		interval := fmt.Sprintf("[%v, %v]", lo, hi)
		if loOpen {
			interval = fmt.Sprintf("(%v, %v]", lo, hi)
		}
		return fmt.Errorf("%s.%q: weight %v is outside %s", key, k, w, interval)
	}
	return nil
}
