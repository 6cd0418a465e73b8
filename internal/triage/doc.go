// Package triage classifies incoming customer feedback, in Chinese and
// English, before it becomes a ticket: category, sentiment, watch keywords,
// priority, owning team, and whether the text is junk or spam. It also
// scores near-duplicate texts and detects surges of negative feedback.
//
// Everything here is pure computation over strings. The only input besides
// the feedback itself is a [Rules] value, built in ([DefaultRules]) or loaded
// from TOML ([LoadRules]); a Rules value is immutable and safe for concurrent
// use, so one can be shared by every importer and server goroutine.
//
// Matching works on normalised text (lower case, full-width folded to
// ASCII, spaces collapsed) without word segmentation: Chinese keywords match
// as substrings, English keywords match at word boundaries and also match
// their common inflections ("crash" matches "crashes" and "crashed", "no"
// never matches inside "know"). All keywords of a rule set are compiled
// into one Aho–Corasick automaton, so analysing a text costs one pass over
// it however many keywords there are.
//
// A desk's own history improves on the rules: [Train] learns logistic
// regressions (category, sentiment, invalid) from confirmed tickets, over
// CJK characters and character pairs, Latin words, the channel and the
// product, with the rules' verdict, evidence and tone as more tokens, and
// [AnalyzeWith] blends them with the rules by training size. With no
// model, or none for a decision, the result is exactly [Analyze]'s.
// [Evaluate] scores either on a labelled file ([ReadExamples]).
//
// Accuracy, measured by TestLabelledAccuracy (go test -run
// TestLabelledAccuracy -v): high on the development set the rules were
// tuned on, clearly lower on the hold-out set written afterwards. Keyword
// rules miss phrasings they have never seen; treat Category and Sentiment
// as a first guess an agent confirms, not a verdict.
package triage
