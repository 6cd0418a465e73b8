package triage

import (
	"math"
	"unicode"
	"unicode/utf8"
)

const (
	// negatedPositive and negatedNegative scale a lexicon word after a
	// negator: "not happy" is nearly as bad as "unhappy", while "not bad"
	// is only mildly good.
	negatedPositive = -0.9
	negatedNegative = -0.5
	// contrastBoost weighs what follows "but": 还行，但是一直没解决 is negative.
	contrastBoost = 1.5
	// intensifierWindow is how many words may stand between an intensifier
	// and its word: 非常的好.
	intensifierWindow = 1
	// sentimentScale maps the lexicon sum onto (-1, 1) via tanh(sum/scale).
	// One negative word (失望, terrible) lands near -0.45; it takes two, or
	// one strongly intensified (非常失望), to pass -0.6, the usual bar for
	// "strongly negative".
	sentimentScale = 2.5
	// sentimentThreshold separates neutral from positive and negative.
	sentimentThreshold = 0.15
)

// sentimentSum adds up the lexicon hits of text, honouring negators,
// intensifiers, neutral phrases, wishes and contrast words. sentimentScore
// turns the sum into a score.
func (r *Rules) sentimentSum(text string, hits []hit) float64 {
	var (
		sum       float64
		cover     int32 = -1 // furthest end of a lexicon or contrast word so far
		negEnd    int32 = -1 // end of the pending negator, -1 if none
		hypEnd    int32 = -1 // end of the pending hypothetical marker, -1 if none
		intEnd    int32 = -1 // end of the pending intensifier, -1 if none
		intFactor float64
		boost     = 1.0
	)
	for i, h := range hits {
		p := &r.payloads[h.pay]
		switch p.kind {
		case kindSentiment:
			if h.end <= cover {
				continue // inside a longer lexicon phrase: 满意 in 不满意
			}
			cover = h.end
			if p.weight == 0 {
				continue // neutral phrase: it hides what is inside it
			}
			if p.intensify > 0 && r.nextWordAt(hits[i+1:], h.end) {
				intEnd, intFactor = h.end, p.intensify
				continue
			}
			w := p.weight
			switch {
			case w > 0 && hypEnd >= 0 && gapWords(text[hypEnd:h.start]) <= r.negationWindow:
				w = 0 // "would be great if", 希望能更好: a wish, not praise
			case negEnd >= 0 && gapWords(text[negEnd:h.start]) <= r.negationWindow:
				if w > 0 {
					w *= negatedPositive
				} else {
					w *= negatedNegative
				}
			case intEnd >= 0 && gapWords(text[intEnd:h.start]) <= intensifierWindow:
				w *= intFactor
			}
			sum += w * boost
			negEnd, intEnd, hypEnd = -1, -1, -1
		case kindNegator:
			if h.end > cover {
				negEnd = max(negEnd, h.end)
			}
		case kindIntensifier:
			if h.end > cover {
				cover = h.end // 别 in 特别 is no negator
				intEnd, intFactor = h.end, p.weight
			}
		case kindHypothetical:
			if h.end > cover {
				cover = h.end // "love" in "would love"
				hypEnd = h.end
			}
		case kindContrast:
			if h.end > cover {
				cover = h.end
				boost = contrastBoost
				negEnd, intEnd, hypEnd = -1, -1, -1
			}
		}
	}
	return sum
}

// sentimentScore maps a lexicon sum into (-1, 1).
func sentimentScore(sum float64) float64 {
	return math.Tanh(sum / sentimentScale)
}

// nextWordAt reports whether the next lexicon word in hits that is not
// inside the current one starts exactly at pos.
func (r *Rules) nextWordAt(hits []hit, pos int32) bool {
	for _, h := range hits {
		if p := &r.payloads[h.pay]; p.kind == kindSentiment && h.start >= pos {
			return h.start == pos && p.weight != 0
		}
	}
	return false
}

// gapWords counts the words in s, a Chinese character counting as one, or
// returns a large number if s crosses a clause boundary.
func gapWords(s string) int {
	const crossed = 1 << 20
	n, inWord := 0, false
	for _, c := range s {
		switch {
		case c < utf8.RuneSelf && (isWordByte(byte(c)) || c == '\''):
			if !inWord {
				n++
			}
			inWord = true
			continue
		case isClauseBreak(c):
			return crossed
		case unicode.IsLetter(c):
			n++
		}
		inWord = false
	}
	return n
}

func isClauseBreak(c rune) bool {
	switch c {
	case ',', '.', '!', '?', ';', ':', '\n', '。', '、', '…', '(', ')':
		return true
	}
	return false
}

// sentimentLabel names a score.
func sentimentLabel(score float64) string {
	switch {
	case score <= -sentimentThreshold:
		return SentimentNegative
	case score >= sentimentThreshold:
		return SentimentPositive
	}
	return SentimentNeutral
}
