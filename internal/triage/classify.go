package triage

import (
	"cmp"
	"slices"
)

// Input is one piece of customer feedback.
type Input struct {
	Title string
	Body  string
	// Channel is where it came from, as the product names channels
	// (hotline, web, wechat, appstore, email, inapp, social, offline);
	// case does not matter. Only the rules' public channels change the
	// outcome.
	Channel      string
	CustomerTier string // "vip" or "normal"; case-insensitive
	// Product is what the feedback is about; only a learned model reads
	// it (a desk's products have their typical problems).
	Product string
}

// Result is the triage of one Input. Category, Sentiment, Priority and Team
// always hold one of the identifiers declared in this package.
type Result struct {
	Category string
	// CategoryScore is the confidence in Category, in [0, 1]: the winner's
	// share of all category evidence, damped when that evidence is thin.
	// It is 0 when no category had enough evidence and Category is "other"
	// by default.
	CategoryScore  float64
	Sentiment      string  // negative, neutral or positive
	SentimentScore float64 // in [-1, 1]
	// Keywords are the watch keywords found, as written in the rules, each
	// once, highest weight first.
	Keywords       []string
	Priority       string
	PriorityReason string // short and human: "high: 支付失败 + VIP"
	Team           string
	Invalid        bool   // empty, no substance, or spam
	InvalidReason  string // short: "spam: promotional link"
	// Reasons are the words that drove Category: the rule keywords found
	// for it and, with a learned model, the words it learned for it.
	Reasons []string
	// Model is the version of the learned model that took part, 0 when
	// the rules decided alone.
	Model int64
}

const (
	// titleBoost weighs category words in the title: agents and customers
	// put the gist there.
	titleBoost = 1.5
	// minCategoryScore is the evidence a category needs to beat "other":
	// a lone question mark (0.7) is enough, a weak hint (0.5) is not.
	minCategoryScore = 0.7
	// confidenceScale damps CategoryScore for thin evidence: one decisive
	// keyword (3) gives 0.6, two give 0.75.
	confidenceScale = 2
)

// Analyze triages one piece of feedback with r, or with [DefaultRules]
// when r is nil. It never fails: any input yields a Result whose fields are
// all within their documented sets.
func Analyze(in Input, r *Rules) Result { return AnalyzeWith(in, r, nil) }

// AnalyzeWith is Analyze blended with what a desk's history taught (see
// [Train]); with a nil model, or for a decision the model has no examples
// for, the result is exactly Analyze's. Priority stays with the rules
// (for the blended category).
func AnalyzeWith(in Input, r *Rules, m *Model) Result {
	res, _ := analyze(in, r, m)
	return res
}

// analyze is AnalyzeWith that also returns the rules' evidence for each
// category, which a model learns from beside their verdict.
func analyze(in Input, r *Rules, m *Model) (Result, [numCategories]float64) {
	if r == nil {
		r = DefaultRules()
	}
	title, body := normalize(in.Title), normalize(in.Body)
	text := title
	switch {
	case title == "":
		text = body
	case body != "":
		text = title + "\n" + body
	}
	hits := r.match(text)
	scores := r.categoryScores(hits, len(title))
	evidence := scores
	cat, confidence := pickCategory(scores)

	reason := r.invalidReason(text, hits, scores[cat])
	var lm *learnedView
	if m != nil {
		lm = m.view(title, body, in)
		reason = lm.invalid(reason)
	}
	if reason != "" {
		return Result{
			Category:       CategoryOther,
			Sentiment:      SentimentNeutral,
			Priority:       PriorityLow,
			PriorityReason: PriorityLow + ": invalid",
			Team:           r.routing[catOther],
			Invalid:        true,
			InvalidReason:  reason,
			Model:          lm.version(),
		}, evidence
	}

	// wording is the customer's own tone; the score adds the category's
	// bias, since a complaint is negative even when told calmly.
	sum := r.sentimentSum(text, hits)
	wording := sentimentScore(sum)
	if cat == catComplaint && sentimentLabel(wording) == SentimentPositive {
		// Praise for the service names the same people and places a
		// complaint does; what tells them apart is the tone.
		scores[catComplaint] = 0
		cat, confidence = pickCategory(scores)
	}
	score := sentimentScore(sum + r.sentimentBias[cat])
	res := Result{
		Category:       categoryNames[cat],
		CategoryScore:  confidence,
		Sentiment:      sentimentLabel(score),
		SentimentScore: score,
		Keywords:       r.watchKeywords(hits),
		Reasons:        r.categoryKeywords(hits, cat),
	}
	if lm != nil {
		cat = lm.blend(&res, cat, &evidence)
	}
	res.Team = r.routing[cat]
	res.Priority, res.PriorityReason = r.priority(cat, hits, wording, score, in)
	return res, evidence
}

// categoryScores sums category evidence. Each keyword counts once however
// often it is repeated; a keyword inside a longer one of the same category
// (失败 in 登录失败) adds nothing, and neither does one strictly inside a
// neutral phrase (贵 in 贵公司, "your company", is not "expensive").
func (r *Rules) categoryScores(hits []hit, titleLen int) [numCategories]float64 {
	var (
		scores  [numCategories]float64
		cover   [numCategories]int32
		neutral = hit{start: -1, end: -1} // the furthest-reaching neutral phrase so far
		seenBuf [32]*payload
		seen    = seenBuf[:0] // on the stack unless the text is unusually rich
	)
	for i := range cover {
		cover[i] = -1
	}
	for _, h := range hits {
		p := &r.payloads[h.pay]
		if p.kind == kindSentiment && p.weight == 0 && h.end > neutral.end {
			neutral = h
		}
		if p.kind != kindCategory || h.end <= cover[p.category] {
			continue
		}
		if h.end <= neutral.end && (neutral.start < h.start || neutral.end > h.end) {
			continue
		}
		cover[p.category] = h.end
		if slices.Contains(seen, p) {
			continue
		}
		seen = append(seen, p)
		w := p.weight
		if int(h.end) <= titleLen {
			w *= titleBoost
		}
		scores[p.category] += w
	}
	return scores
}

// pickCategory returns the best-scoring category and the confidence in it;
// ties go to the earlier category in categoryNames.
func pickCategory(scores [numCategories]float64) (int, float64) {
	best, total := 0, 0.0
	for c, s := range scores {
		total += s
		if s > scores[best] {
			best = c
		}
	}
	if scores[best] < minCategoryScore {
		return catOther, 0
	}
	s := scores[best]
	return best, s / total * s / (s + confidenceScale)
}

// categoryKeywords lists the category keywords of cat found in hits, each
// once, in order of appearance, at most maxReasons.
func (r *Rules) categoryKeywords(hits []hit, cat int) []string {
	var out []string
	for _, h := range hits {
		p := &r.payloads[h.pay]
		if p.kind == kindCategory && int(p.category) == cat && !slices.Contains(out, p.label) {
			out = append(out, p.label)
			if len(out) == maxReasons {
				break
			}
		}
	}
	return out
}

// watchKeywords lists the watch keywords in hits, each once, by weight and
// then by first appearance.
func (r *Rules) watchKeywords(hits []hit) []string {
	var buf [16]*payload
	found := buf[:0]
	for _, h := range hits {
		if p := &r.payloads[h.pay]; p.kind == kindWatch && !slices.Contains(found, p) {
			found = append(found, p)
		}
	}
	if len(found) == 0 {
		return nil
	}
	slices.SortStableFunc(found, func(a, b *payload) int { return cmp.Compare(b.weight, a.weight) })
	out := make([]string, len(found))
	for i, p := range found {
		out[i] = p.label
	}
	return out
}
