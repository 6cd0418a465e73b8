package triage

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// kind says what a keyword means to the analysis.
type kind uint8

const (
	kindCategory     kind = iota // evidence for a category
	kindSeverity                 // forces high priority
	kindSentiment                // signed lexicon weight; zero marks a neutral phrase
	kindNegator                  // flips the next sentiment word
	kindIntensifier              // scales the next sentiment word
	kindContrast                 // "but": what follows counts more
	kindHypothetical             // "would be", 如果: the next positive word is only a wish
	kindWatch                    // reported in Result.Keywords
	kindPromo                    // spam evidence
	kindLink                     // a URL or domain
)

// payload is one meaning of one keyword; a keyword such as 投诉 can be
// category evidence, a watch keyword and a lexicon word at once.
type payload struct {
	kind     kind
	exact    bool    // English word must end here: no inflected endings
	category uint8   // for kindCategory
	weight   float64 // weight, lexicon score or intensifier factor
	label    string  // the keyword as written in the rules
	// intensify is set on a lexicon word that is also an intensifier (好 in
	// 好用 versus 好难用): the factor it applies when another lexicon word
	// follows it directly.
	intensify float64
}

// compile validates f and builds the automaton and lookup tables.
func compile(f ruleFile) (*Rules, error) {
	if err := f.validate(); err != nil {
		return nil, fmt.Errorf("triage: rules: %w", err)
	}
	b := builder{index: map[string]int{}, seen: map[string]string{}}
	for _, name := range slices.Sorted(maps.Keys(f.Categories)) {
		c := uint8(categoryIndex(name))
		if err := b.table("categories."+name, f.Categories[name], payload{kind: kindCategory, category: c}); err != nil {
			return nil, err
		}
	}
	tables := []struct {
		key   string
		table map[string]float64
		p     payload
	}{
		{"sentiment.lexicon", f.Sentiment.Lexicon, payload{kind: kindSentiment}},
		{"sentiment.intensifiers", f.Sentiment.Intensifiers, payload{kind: kindIntensifier, exact: true}},
		{"watch", f.Watch, payload{kind: kindWatch}},
		{"spam.promo", f.Spam.Promo, payload{kind: kindPromo}},
	}
	for _, t := range tables {
		if err := b.table(t.key, t.table, t.p); err != nil {
			return nil, err
		}
	}
	lists := []struct {
		key  string
		list []string
		p    payload
	}{
		{"priority.severity", f.Priority.Severity, payload{kind: kindSeverity}},
		{"sentiment.negators", f.Sentiment.Negators, payload{kind: kindNegator, exact: true}},
		{"sentiment.contrast", f.Sentiment.Contrast, payload{kind: kindContrast, exact: true}},
		{"sentiment.hypothetical", f.Sentiment.Hypothetical, payload{kind: kindHypothetical, exact: true}},
		{"spam.links", f.Spam.Links, payload{kind: kindLink, exact: true}},
	}
	for _, l := range lists {
		for _, kw := range l.list {
			if err := b.add(l.key, kw, l.p); err != nil {
				return nil, err
			}
		}
	}

	r := &Rules{
		strongNegative: f.Priority.StrongNegative,
		negationWindow: f.Sentiment.NegationWindow,
		spamThreshold:  f.Spam.Threshold,
		linkWeight:     f.Spam.LinkWeight,
	}
	for i := range r.routing {
		r.routing[i] = TeamServiceDesk
		r.base[i] = levelLow
	}
	for name, team := range f.Routing {
		r.routing[categoryIndex(name)] = team
	}
	for name, level := range f.Priority.Base {
		r.base[categoryIndex(name)] = levelIndex(level)
	}
	for name, bias := range f.Sentiment.CategoryBias {
		r.sentimentBias[categoryIndex(name)] = bias
	}
	for _, ch := range f.Priority.PublicChannels {
		r.publicChannels = append(r.publicChannels, channelKey(ch))
	}
	for _, j := range f.Spam.Junk {
		k := junkKey(normalize(j))
		if k == "" {
			return nil, fmt.Errorf("triage: rules: spam.junk: %q has no letters", j)
		}
		r.junk = append(r.junk, k)
	}

	// Group payloads by pattern so a match finds all its meanings at once.
	// The sort is stable because the analysis relies on the order meanings
	// were added in: a category keyword before the same text as a neutral
	// phrase, a lexicon word before the same word as an intensifier.
	slices.SortStableFunc(b.entries, func(x, y entry) int { return cmp.Compare(x.pattern, y.pattern) })
	r.patLen = make([]int32, len(b.patterns))
	r.payStart = make([]int32, len(b.patterns)+1)
	for i, p := range b.patterns {
		r.patLen[i] = int32(len(p))
	}
	for _, e := range b.entries {
		r.payStart[e.pattern+1]++
		r.payloads = append(r.payloads, e.p)
	}
	for i := range b.patterns {
		r.payStart[i+1] += r.payStart[i]
		ps := r.payloads[r.payStart[i]:r.payStart[i+1]]
		for _, q := range ps {
			if q.kind != kindIntensifier {
				continue
			}
			for j := range ps {
				if ps[j].kind == kindSentiment {
					ps[j].intensify = q.weight
				}
			}
		}
	}
	r.ac = newAutomaton(b.patterns)
	return r, nil
}

// builder collects distinct normalised patterns and their payloads.
type builder struct {
	patterns []string
	index    map[string]int // normalised pattern → index in patterns
	entries  []entry
	seen     map[string]string // "key\x00pattern" → keyword as written, to catch duplicates
}

type entry struct {
	pattern int
	p       payload
}

func (b *builder) table(key string, table map[string]float64, p payload) error {
	for _, kw := range slices.Sorted(maps.Keys(table)) {
		p.weight = table[kw]
		if err := b.add(key, kw, p); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) add(key, keyword string, p payload) error {
	norm := normalize(keyword)
	if norm == "" {
		return fmt.Errorf("triage: rules: %s: empty keyword %q", key, keyword)
	}
	if prev, dup := b.seen[key+"\x00"+norm]; dup {
		if prev == keyword {
			return fmt.Errorf("triage: rules: %s: %q is listed twice", key, keyword)
		}
		return fmt.Errorf("triage: rules: %s: %q and %q are the same keyword after normalisation", key, prev, keyword)
	}
	b.seen[key+"\x00"+norm] = keyword
	i, ok := b.index[norm]
	if !ok {
		i = len(b.patterns)
		b.patterns = append(b.patterns, norm)
		b.index[norm] = i
	}
	p.label = strings.TrimSpace(keyword)
	b.entries = append(b.entries, entry{i, p})
	return nil
}
