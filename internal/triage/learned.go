package triage

import (
	"slices"
	"strings"
)

// learnHalf is the number of examples at which a learned classifier and
// the rules weigh the same; with more, the desk's history counts for more:
// 100 examples give it a weight of 0.5, 400 give 0.8.
const learnHalf = 100

// ruleSentimentTrust is the share the rules' sentiment label gets in their
// own distribution over the three labels; the rest is split evenly.
const ruleSentimentTrust = 0.6

// hardInvalid are the rules' invalid reasons that are facts about the
// text, not judgements a model may overturn.
var hardInvalid = []string{"empty", "no content: no words", "no content: too short"}

// DefaultReviewThreshold is the category confidence below which a
// learned suggestion asks for a person instead of routing silently.
const DefaultReviewThreshold = 0.5

// learnedView is a Model looking at one text.
type learnedView struct {
	m     *Model
	feats []string
}

func (m *Model) view(title, body string, in Input) *learnedView {
	return &learnedView{m: m, feats: features(title, body, in.Channel, in.Product, nil)}
}

// version is the model's version, 0 for no view.
func (v *learnedView) version() int64 {
	if v == nil {
		return 0
	}
	return v.m.Version
}

// weight is how much a classifier trained on n examples counts against
// the rules.
func weight(n int) float64 { return float64(n) / float64(n+learnHalf) }

// invalid blends the rules' invalid reason ("" for valid) with the
// learned spam classifier.
func (v *learnedView) invalid(reason string) string {
	b := v.m.invalid
	if b == nil || slices.Contains(hardInvalid, reason) {
		return reason
	}
	w := weight(b.n)
	p := b.posterior(append(slices.Clip(v.feats), invalidToken(reason)))
	rule := 0.0
	if reason != "" {
		rule = 1
	}
	if (1-w)*rule+w*p[1] < 0.5 {
		return ""
	}
	if reason != "" {
		return reason
	}
	if words := b.reasons(v.feats, 1); len(words) > 0 {
		return "spam: like past spam (" + strings.Join(words, ", ") + ")"
	}
	return "spam: like past spam"
}

// contextFeatures adds to feats what the rules said: their category
// verdict, each category they found any evidence for (the runner-up is
// often right when the winner is not) and the tone they heard (praise
// names the same staff a complaint does).
func contextFeatures(feats []string, category string, evidence *[numCategories]float64, sentiment string) []string {
	out := append(slices.Clip(feats), ruleFeature+category)
	for c, s := range evidence {
		if s > 0 {
			out = append(out, evidenceFeature+categoryNames[c])
		}
	}
	return append(out, toneFeature+sentiment)
}

// blend mixes the learned category and sentiment into res, which holds
// the rules' verdict with rule category cat and evidence, and returns the
// category that now stands.
func (v *learnedView) blend(res *Result, cat int, evidence *[numCategories]float64) int {
	res.Model = v.m.Version
	feats := contextFeatures(v.feats, res.Category, evidence, res.Sentiment)
	if b := v.m.sentiment; b != nil {
		w := weight(b.n)
		p := b.posterior(feats)
		rule := slices.Index(b.classes, res.Sentiment)
		best, bestScore := 0, -1.0
		for c := range p {
			q := (1 - ruleSentimentTrust) / 2
			if c == rule {
				q = ruleSentimentTrust
			}
			if s := (1-w)*q + w*p[c]; s > bestScore {
				best, bestScore = c, s
			}
		}
		neg, pos := slices.Index(b.classes, SentimentNegative), slices.Index(b.classes, SentimentPositive)
		res.Sentiment = b.classes[best]
		res.SentimentScore = (1-w)*res.SentimentScore + w*(p[pos]-p[neg])
	}
	b := v.m.category
	if b == nil {
		return cat
	}
	w := weight(b.n)
	p := b.posterior(feats)
	// The rules' distribution: their confidence on their category, the
	// doubt spread evenly (all of it when they found no evidence).
	conf := res.CategoryScore
	best, bestScore := cat, -1.0
	for c := range p {
		q := (1 - conf) / float64(len(p))
		if c == cat {
			q += conf
		}
		if s := (1-w)*q + w*p[c]; s > bestScore {
			best, bestScore = c, s
		}
	}
	res.Category, res.CategoryScore = categoryNames[best], bestScore
	learned := b.reasons(v.feats, best)
	if best != cat {
		res.Reasons = nil
	}
	for _, r := range learned {
		if len(res.Reasons) < maxReasons && !slices.Contains(res.Reasons, r) {
			res.Reasons = append(res.Reasons, r)
		}
	}
	return best
}
