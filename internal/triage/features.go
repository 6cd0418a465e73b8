package triage

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxFeatureBytes bounds the normalised text the learned model reads: the
// gist of feedback is at its start, and a pasted log must not cost more
// than a message.
const maxFeatureBytes = 4 << 10

// Feature prefixes keep the channel and the product apart from words;
// normalised words never contain '='.
const (
	channelFeature = "ch="
	productFeature = "pr="
	ruleFeature    = "rule="
	// evidenceFeature and toneFeature carry what the rules found besides
	// their category verdict (see contextFeatures).
	evidenceFeature = "evidence="
	toneFeature     = "tone="
)

// features lists the tokens the learned model counts for normalised title
// and body text: each CJK character and each pair of adjacent ones (Chinese
// has no spaces, and most words are two characters), each Latin word with
// a plural or past-tense ending cut ("crashes" and "crashed" are "crash"),
// digit runs as "#", and the channel and product. Each token counts once:
// in short texts repetition says little. The result is sorted.
func features(title, body, channel, product string, buf []string) []string {
	out := buf[:0]
	for _, text := range [2]string{title, body} {
		if len(text) > maxFeatureBytes {
			text = strings.ToValidUTF8(text[:maxFeatureBytes], "")
		}
		out = appendTextFeatures(out, text)
	}
	if channel != "" {
		out = append(out, channelFeature+strings.ToLower(channel))
	}
	if p := strings.TrimSpace(normalize(product)); p != "" {
		if len(p) > 40 {
			p = strings.ToValidUTF8(p[:40], "")
		}
		out = append(out, productFeature+p)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// appendTextFeatures adds the tokens of one normalised text.
func appendTextFeatures(out []string, text string) []string {
	prev := -1 // start of the previous CJK character, -1 after anything else
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case isLetterByte(c):
			j := i + 1
			for j < len(text) && (isLetterByte(text[j]) || text[j] == '\'') {
				j++
			}
			out = append(out, stem(text[i:j]))
			i, prev = j, -1
			continue
		case isDigitByte(c):
			for i < len(text) && isDigitByte(text[i]) {
				i++
			}
			out = append(out, "#")
			prev = -1
			continue
		case c < utf8.RuneSelf:
			i++
			prev = -1
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.Is(unicode.Han, r) {
			out = append(out, text[i:i+size])
			if prev >= 0 {
				out = append(out, text[prev:i+size])
			}
			prev = i
		} else {
			prev = -1
		}
		i += size
	}
	return out
}

// stem cuts the commonest English endings off a lower-case word, so that
// forms of one word share their counts; short words are left alone.
func stem(w string) string {
	w = strings.TrimRight(w, "'")
	if len(w) <= 4 {
		return w
	}
	for _, end := range [...]string{"ing", "ed", "es", "s"} {
		if strings.HasSuffix(w, end) && len(w)-len(end) >= 3 && !strings.HasSuffix(w, "ss") {
			return w[:len(w)-len(end)]
		}
	}
	return w
}
