package i18n

import (
	"regexp"
	"strings"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Reason puts a triage verdict's reason, as triage writes and the store
// keeps it, in l's words: "high: malfunction + strong negative + VIP" →
// "高：故障 + 强烈负面 + VIP", "spam: promotional link" → "垃圾信息：推广链接".
// A part it does not know (the severity keyword that matched, a newer
// verdict) stays as written, so nothing is lost in translation.
func (l Lang) Reason(s string) string {
	head, rest, ok := strings.Cut(s, ": ")
	if !ok {
		return l.reasonPart(s)
	}
	parts := strings.Split(rest, " + ")
	for i, p := range parts {
		parts[i] = l.reasonPart(p)
	}
	return l.reasonPart(head) + l.T(ReasonSep) + strings.Join(parts, " + ")
}

func (l Lang) reasonPart(p string) string {
	cat := l.catalogue()
	if s, ok := cat[Key("reason."+strings.ReplaceAll(p, " ", "_"))]; ok {
		return s
	}
	if pr, err := domain.ParsePriority(p); err == nil && pr.String() == p {
		return l.Priority(pr)
	}
	if c := domain.Category(p); c.Valid() {
		return l.Category(c)
	}
	if ch, ok := strings.CutPrefix(p, "public "); ok {
		return l.T(ReasonPublic, l.Channel(domain.Channel(ch)))
	}
	if who, ok := strings.CutPrefix(p, "restored by "); ok {
		return l.T(ReasonRestoredBy, who)
	}
	for _, c := range counted {
		if m := c.re.FindStringSubmatch(p); m != nil {
			args := make([]any, len(m)-1)
			for i, v := range m[1:] {
				args[i] = v
			}
			return l.T(c.key, args...)
		}
	}
	return p
}

// counted are the reasons a problem's impact gives its priority (store's
// ImpactRules): "23 customers ≥ 20".
var counted = []struct {
	re  *regexp.Regexp
	key Key
}{
	{regexp.MustCompile(`^(\d+) customers ≥ (\d+)$`), ReasonCustomersAtLeast},
	{regexp.MustCompile(`^(\d+) VIP customer\(s\)$`), ReasonVIPCustomers},
	{regexp.MustCompile(`^(\d+) customer\(s\) < (\d+)$`), ReasonCustomersBelow},
}

// reasons are the fixed words of triage's reasons the catalogue names.
var reasons = []string{"strong_negative", "invalid", "spam", "junk", "no_content", "empty", "promotional_link",
	"promotional_content", "like_past_spam", "no_words", "too_short", "placeholder_text", "repeated_characters"}
