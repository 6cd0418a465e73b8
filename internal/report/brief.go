package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// Emergency is a surge of negative feedback the desk was alerted to:
// LastHour negative items in an hour against a usual Baseline an hour,
// alerted at Multiple times the baseline.
type Emergency struct {
	At                 time.Time
	LastHour           int
	Baseline, Multiple float64
}

// describe says what happened in the brief's language.
func (e Emergency) describe(l labels) string {
	return fmt.Sprintf(l.Surge, e.LastHour, e.Baseline, e.Multiple)
}

// Text writes the daily monitoring brief in lang: yesterday and today
// side by side, the hot topics and the emergencies, as plain text that
// pastes cleanly into a chat or an email. Columns are measured in
// terminal cells, so Chinese labels line up.
func (d BriefData) Text(w io.Writer, lang i18n.Lang) error {
	l := labelsFor(lang)
	y, t := d.Yesterday, d.Today
	var b strings.Builder
	fmt.Fprintf(&b, "loopdesk %s — %s%s\n\n", l.BriefTitle, t.From.Format("2006-01-02"), l.Weekdays[t.From.Weekday()])
	right := func(s string, cells int) string { return strings.Repeat(" ", max(cells-textsafe.Width(s), 0)) + s }
	row := func(name, y, t string) {
		fmt.Fprintf(&b, "  %s %s %s\n", textsafe.PadRight(name, 24), right(y, 12), right(t, 12))
	}
	row("", l.Yesterday, l.Today)
	row(l.Received, fmt.Sprint(y.Created), fmt.Sprint(t.Created))
	row(l.Resolved, fmt.Sprint(y.Resolved), fmt.Sprint(t.Resolved))
	row(l.NegativeShare, share(y.Negative, y.Created), share(t.Negative, t.Created))
	row(l.AvgHandling, l.hours(y.AvgHandling), l.hours(t.AvgHandling))
	fmt.Fprintf(&b, "\n  %s\n", d.openLine(lang, l))
	fmt.Fprintf(&b, "\n%s\n", l.HotTopics)
	for i, topic := range d.topics(lang) {
		fmt.Fprintf(&b, "  %d. %s\n", i+1, topic)
	}
	if kws := d.keywords(); len(kws) > 0 {
		fmt.Fprintf(&b, "  "+l.Listed+"\n", l.Keywords, strings.Join(kws, ", "))
	}
	fmt.Fprintf(&b, "\n%s\n", l.Emergencies)
	if len(d.Emergencies) == 0 {
		fmt.Fprintf(&b, "  %s\n", l.None)
	}
	for _, e := range d.Emergencies {
		fmt.Fprintf(&b, "  %s %s\n", e.At.Format("01-02 15:04"), e.describe(l))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// openLine is the open work now: "Open now 12 · Pending 5 · At risk 2 ·
// Escalated 1".
func (d BriefData) openLine(lang i18n.Lang, l labels) string {
	open := 0
	for _, st := range []domain.Status{domain.Pending, domain.InProgress, domain.Testing} {
		open += d.Today.Backlog[st]
	}
	return fmt.Sprintf("%s %d · %s %d · %s %d · %s %d", l.OpenNow, open, lang.Status(domain.Pending), d.Today.Backlog[domain.Pending],
		lang.T(i18n.FilterAtRisk), d.Breaching, lang.T(i18n.FilterEscalated), d.Escalated)
}

// topics are today's three biggest categories (yesterday's when today
// has none yet) with their share.
func (d BriefData) topics(lang i18n.Lang) []string {
	top, total := d.Today.ByCategory, d.Today.Created
	if len(top) == 0 {
		top, total = d.Yesterday.ByCategory, d.Yesterday.Created
	}
	var out []string
	for i, c := range top {
		if i == 3 {
			break
		}
		out = append(out, fmt.Sprintf("%s %d (%s)", lang.Category(domain.Category(c.Key)), c.N, share(c.N, total)))
	}
	return out
}

// keywords are today's eight commonest keywords with their counts;
// keywords come from tickets, so they are sanitised.
func (d BriefData) keywords() []string {
	var out []string
	for i, k := range d.Today.Keywords {
		if i == 8 {
			break
		}
		out = append(out, fmt.Sprintf("%s ×%d", textsafe.Line(k.Key), k.N))
	}
	return out
}
