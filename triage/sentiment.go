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
	// sentimentScale maps the lexicon sum onto (-1, 1) via tanh(sum/scale);
	// one plain word ("失望", "terrible") lands near -0.5, an intensified or
	// repeated one past -0.6.
	sentimentScale = 2
	// sentimentThreshold separates neutral from positive and negative.
	sentimentThreshold = 0.15
)

// sentiment scores text in (-1, 1) from its lexicon hits, honouring
// negators, intensifiers, neutral phrases and contrast words.
func (r *Rules) sentiment(text string, hits []hit) float64 {
	var (
		sum       float64
		cover     = -1 // furthest end of a lexicon or contrast word so far
		negEnd    = -1 // end of the pending negator, -1 if none
		intEnd    = -1 // end of the pending intensifier, -1 if none
		intFactor float64
		boost     = 1.0
	)
	for i, h := range hits {
		p := h.p
		switch p.kind {
		case kindSentiment:
			if h.end <= cover {
				continue // inside a longer lexicon phrase: 满意 in 不满意
			}
			cover = h.end
			if p.weight == 0 {
				continue // neutral phrase
			}
			if p.intensify > 0 && nextWordAt(hits[i+1:], h.end) {
				intEnd, intFactor = h.end, p.intensify
				continue
			}
			w := p.weight
			switch {
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
			negEnd, intEnd = -1, -1
		case kindNegator:
			if h.end > cover {
				negEnd = max(negEnd, h.end)
			}
		case kindIntensifier:
			if h.end > cover {
				intEnd, intFactor = h.end, p.weight
			}
		case kindContrast:
			if h.end > cover {
				cover = h.end
				boost = contrastBoost
				negEnd, intEnd = -1, -1
			}
		}
	}
	return math.Tanh(sum / sentimentScale)
}

// nextWordAt reports whether the next lexicon word in hits that is not
// inside the current one starts exactly at pos.
func nextWordAt(hits []hit, pos int) bool {
	for _, h := range hits {
		if h.p.kind == kindSentiment && h.start >= pos {
			return h.start == pos && h.p.weight != 0
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
