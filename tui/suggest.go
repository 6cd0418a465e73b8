package tui

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/internal/triage"
	"github.com/loopdesk/loopdesk/store"
)

// suggestRows is the height of the suggestion panel, fixed so the form
// does not jump while the agent types.
const suggestRows = 3

// suggester is the new-ticket form's live triage: it runs intake's
// triage again whenever the title, description, channel or tier change
// (it is pure and takes microseconds, so no debounce) and shows the
// result under the fields. accept copies it into the selectors; the agent
// may still change them, and may save what looks invalid.
type suggester struct {
	in   *intake.Intake
	res  triage.Result
	seen string // the inputs res was computed from
}

// newSuggester is nil, and the form shows no panel, without an Intake.
func newSuggester(in *intake.Intake) *suggester {
	if in == nil {
		return nil
	}
	return &suggester{in: in}
}

// empty reports whether the form has no text to triage yet.
func (s *suggester) empty(f *form) bool {
	return strings.TrimSpace(f.val("title")+f.val("body")) == ""
}

// refresh triages the form's inputs if they changed.
func (s *suggester) refresh(f *form) {
	if s == nil {
		return
	}
	seen := strings.Join([]string{f.val("title"), f.val("body"), f.val("channel"), f.val("tier")}, "\x00")
	if seen == s.seen {
		return
	}
	s.seen = seen
	s.res = s.in.Suggest(f.val("title"), f.val("body"), domain.Channel(f.val("channel")), domain.Tier(f.val("tier")))
}

// accept puts the suggested category and priority into the selectors.
func (s *suggester) accept(f *form) {
	if s == nil || s.empty(f) {
		return
	}
	f.byName("category").Pick(s.res.Category)
	f.byName("priority").Pick(s.res.Priority)
}

// fill adds to a new ticket what triage found in its text (sentiment,
// keywords), the suggestion itself and, where the agent kept the suggested priority, its reason
// and the suggested team.
func (s *suggester) fill(f *form, in *store.NewTicket) {
	if s == nil || s.empty(f) {
		return
	}
	s.refresh(f)
	in.Sentiment, in.SentimentScore, in.Keywords = s.res.Sentiment, s.res.SentimentScore, s.res.Keywords
	// The agent chose the category, so it is confirmed; the store records
	// a different choice as a correction of the suggestion.
	if cat, err := domain.ParseCategory(s.res.Category); err == nil {
		in.Suggestion = &store.Suggestion{Model: s.res.Model, Category: cat, Confidence: s.res.CategoryScore,
			Sentiment: s.res.Sentiment, Reasons: s.res.Reasons, Stated: true}
	}
	if in.Priority.String() == s.res.Priority {
		in.PriorityReason = s.res.PriorityReason
	}
	if string(in.Category) == s.res.Category {
		in.Team = s.res.Team
	}
}

// lines draws the panel in suggestRows lines of at most w cells:
//
//	Suggested (ctrl+t accepts): Malfunction 0.75 [crash, 闪退] · H high — high: crash + negative
//	negative (-0.60) · team tech_support · keywords: crash, refund
//	Looks invalid: spam: promotional link (you may still save)
func (s *suggester) lines(f *form, w int) []string {
	st, l := f.e.styles, f.e.lang
	out := make([]string, suggestRows)
	if s.empty(f) {
		out[0] = st.Dim.Render(textsafe.Truncate(l.T(i18n.SuggestEmpty), w))
		return out
	}
	r := s.res
	first := l.T(i18n.SuggestHead, f.e.keys.AcceptSuggestion.Help().Key) + " " + l.Category(domain.Category(r.Category))
	// How sure, and the words that drove it, so the agent can judge it.
	if r.CategoryScore > 0 {
		first += " " + strconv.FormatFloat(r.CategoryScore, 'f', 2, 64)
	}
	if len(r.Reasons) > 0 {
		first += " [" + safeList(l, r.Reasons) + "]"
	}
	if p, err := domain.ParsePriority(r.Priority); err == nil {
		first += " · " + priorityLabel(l, p)
	}
	if r.PriorityReason != "" {
		first += " — " + l.Reason(textsafe.Line(r.PriorityReason))
	}
	out[0] = st.Title.Render(textsafe.Truncate(first, w))

	sentiment := l.Sentiment(r.Sentiment) + " (" + strconv.FormatFloat(r.SentimentScore, 'f', 2, 64) + ")"
	second := []string{sentimentStyle(st, r.Sentiment).Render(sentiment)}
	if r.Team != "" {
		second = append(second, l.T(i18n.SuggestTeam, l.Team(textsafe.Line(r.Team))))
	}
	if len(r.Keywords) > 0 {
		second = append(second, l.T(i18n.SuggestKeywords, safeList(l, r.Keywords)))
	}
	out[1] = fitLine(strings.Join(second, st.Dim.Render(" · ")), w)
	if r.Invalid {
		out[2] = st.Error.Render(textsafe.Truncate(l.T(i18n.SuggestInvalid, l.Reason(textsafe.Line(r.InvalidReason))), w))
	}
	return out
}

// sentimentStyle colours a sentiment as the card's marker does.
func sentimentStyle(st Styles, s string) lipgloss.Style {
	switch s {
	case "negative":
		return st.Negative
	case "positive":
		return st.Positive
	}
	return lipgloss.NewStyle()
}
