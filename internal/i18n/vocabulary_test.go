package i18n

import (
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// TestLabelsParse: a value copied from the board (in either language) must
// import as the value it names, so domain's alias table follows the
// catalogue.
func TestLabelsParse(t *testing.T) {
	v := domain.ActiveVocabulary()
	for _, l := range []Lang{EN, ZH} {
		check := func(k domain.Kind, label, id string) {
			if got, ok := v.Lookup(k, label); !ok || got != id {
				t.Errorf("%s: %s label %q maps to %q, %v; want %q", l, k, label, got, ok, id)
			}
		}
		for _, s := range domain.Statuses {
			check(domain.KindStatus, l.Status(s), string(s))
		}
		for _, c := range domain.Channels {
			check(domain.KindChannel, l.Channel(c), string(c))
		}
		for _, c := range domain.Categories {
			check(domain.KindCategory, l.Category(c), string(c))
		}
		for _, p := range domain.Priorities {
			check(domain.KindPriority, l.Priority(p), p.String())
			check(domain.KindPriority, l.PriorityMark(p), p.String())
		}
		for _, tr := range []domain.Tier{domain.TierNormal, domain.TierVIP} {
			check(domain.KindTier, l.Tier(tr), string(tr))
		}
		for _, s := range sentiments {
			check(domain.KindSentiment, l.Sentiment(s), s)
		}
	}
}
