package triage

import "strings"

// priority decides the priority of a valid ticket and says why in a few
// words. A severity keyword makes it high at once; otherwise it starts at
// the category's base level. Each of these then raises it one level, capped
// at high: strongly negative wording (the score of the customer's words
// alone, so a calm complaint is not raised just for being a complaint), a
// VIP customer, and negative feedback (the full score) on a public channel.
// Every cause is named in the reason, even one the cap made moot, so the
// agent sees the whole picture.
func (r *Rules) priority(cat int, hits []hit, wording, score float64, in Input) (string, string) {
	level := r.base[cat]
	causes := []string{categoryNames[cat]}
	for _, h := range hits {
		if p := &r.payloads[h.pay]; p.kind == kindSeverity {
			level = levelHigh
			causes[0] = p.label
			break
		}
	}
	if wording <= r.strongNegative {
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

// channelKey folds a channel name the way the product parses channels.
func channelKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
