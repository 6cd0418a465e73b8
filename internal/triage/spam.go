package triage

import (
	"slices"
	"strings"
	"unicode"
)

// minLetters is how many letters (Chinese characters or Latin letters) a
// text needs to say anything: 闪退 has two.
const minLetters = 2

// maxJunkLetters bounds the texts compared with the junk list; placeholders
// such as "test test test" are short.
const maxJunkLetters = 24

// invalidReason returns why text is not real feedback, or "" if it is.
// best is the strongest category evidence in the text: promotional wording
// must outweigh it, so a customer who quotes a scam message to report it is
// not taken for the scammer, and repetition with evidence is not mashing.
func (r *Rules) invalidReason(text string, hits []hit, best float64) string {
	if text == "" {
		return "empty"
	}
	var promo float64
	link := false
	for _, h := range hits {
		switch p := &r.payloads[h.pay]; p.kind {
		case kindPromo:
			promo += p.weight
		case kindLink:
			link = true
		}
	}
	spam := promo
	if link {
		spam += r.linkWeight
	}
	if promo > 0 && spam >= r.spamThreshold && spam > best {
		if link {
			return "spam: promotional link"
		}
		return "spam: promotional content"
	}

	// Count letters, and distinct ones up to three: a longer text of one or
	// two letters repeated is keyboard mashing (啊啊啊啊, aaaaaa), unless
	// those letters say something (退款退款退款).
	var distinct [3]rune
	letters, nd := 0, 0
	for _, c := range text {
		if !unicode.IsLetter(c) {
			continue
		}
		letters++
		if nd < len(distinct) && !slices.Contains(distinct[:nd], c) {
			distinct[nd] = c
			nd++
		}
		if letters > maxJunkLetters && nd == len(distinct) {
			break // long and varied: none of the checks below can fire
		}
	}
	switch {
	case letters == 0:
		return "no content: no words"
	case letters < minLetters:
		return "no content: too short"
	case letters >= 4 && (nd == 1 || nd == 2 && best == 0):
		return "junk: repeated characters"
	case letters <= maxJunkLetters:
		key := junkKey(text)
		for _, j := range r.junk {
			if isRepeatOf(key, j) {
				return "no content: placeholder text"
			}
		}
	}
	return ""
}

// junkKey keeps only the letters of normalised text, so "Test!!!",
// "test 123" and "t e s t" all become "test".
func junkKey(s string) string {
	return strings.Map(func(c rune) rune {
		if unicode.IsLetter(c) {
			return c
		}
		return -1
	}, s)
}

// isRepeatOf reports whether s is unit written one or more times:
// "testtest" for "test".
func isRepeatOf(s, unit string) bool {
	if len(s)%len(unit) != 0 {
		return false
	}
	for i := 0; i < len(s); i += len(unit) {
		if s[i:i+len(unit)] != unit {
			return false
		}
	}
	return true
}
