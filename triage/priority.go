package triage

import "strings"

// priority decides the priority of a valid ticket and says why in a few
// words. A severity keyword makes it high at once; otherwise it starts at
// the category's base level. Each of these then raises it one level, capped
// at high: strongly negative sentiment, a VIP customer, and negative
// feedback on a public channel. Every cause is named in the reason, even one
// that the cap made moot, so the agent sees the whole picture.
func (r *Rules) priority(cat int, hits []hit, score float64, in Input) (string, string) {
	level := r.base[cat]
	causes := []string{categoryNames[cat]}
	for _, h := range hits {
		if h.p.kind == kindSeverity {
			level = levelHigh
			causes[0] = h.p.label
			break
		}
	}
	if score <= r.strongNegative {
		level++
		causes = append(causes, "strong negative")
	}
	if strings.EqualFold(strings.TrimSpace(in.CustomerTier), "vip") {
		level++
		causes = append(causes, "VIP")
	}
	if score <= -sentimentThreshold && r.isPublic(in.Channel) {
		level++
		causes = append(causes, "public "+channelKey(in.Channel))
	}
	level = min(level, levelHigh)
	return levelNames[level], levelNames[level] + ": " + strings.Join(causes, " + ")
}

func (r *Rules) isPublic(channel string) bool {
	key := channelKey(channel)
	for _, c := range r.publicChannels {
		if c == key {
			return true
		}
	}
	return false
}

// channelKey folds a channel name so "Social Media", "social-media" and
// "social_media" compare equal.
func channelKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(c rune) rune {
		if c == ' ' || c == '-' {
			return '_'
		}
		return c
	}, s)
}
