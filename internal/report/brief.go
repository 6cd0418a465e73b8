package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// Emergency is a surge of negative feedback the desk was alerted to.
type Emergency struct {
	At     time.Time
	Detail string
}

// Brief writes the daily monitoring brief: yesterday and today side by
// side, the hot topics and the emergencies, as plain text that pastes
// cleanly into a chat or an email.
func Brief(w io.Writer, yesterday, today store.Report, breaching, escalated int, emergencies []Emergency) error {
	var b strings.Builder
	fmt.Fprintf(&b, "loopdesk daily brief — %s\n\n", today.From.Format("2006-01-02 (Mon)"))
	row := func(name string, y, t string) { fmt.Fprintf(&b, "  %-24s %12s %12s\n", name, y, t) }
	row("", "yesterday", "today")
	row("received", fmt.Sprint(yesterday.Created), fmt.Sprint(today.Created))
	row("resolved", fmt.Sprint(yesterday.Resolved), fmt.Sprint(today.Resolved))
	row("negative share", share(yesterday.Negative, yesterday.Created), share(today.Negative, today.Created))
	row("avg handling time", hours(yesterday.AvgHandling), hours(today.AvgHandling))
	open := 0
	for _, n := range today.Backlog {
		open += n
	}
	fmt.Fprintf(&b, "\n  open now %d (pending %d) · at risk or breaching %d · escalated %d\n",
		open-today.Backlog["resolved"]-today.Backlog["closed"], today.Backlog["pending"], breaching, escalated)
	b.WriteString("\nHot topics\n")
	top := today.ByCategory
	if len(top) == 0 {
		top = yesterday.ByCategory
	}
	total := max(today.Created, 1)
	if len(today.ByCategory) == 0 {
		total = max(yesterday.Created, 1)
	}
	for i, c := range top {
		if i == 3 {
			break
		}
		fmt.Fprintf(&b, "  %d. %s %d (%s)\n", i+1, c.Key, c.N, share(c.N, total))
	}
	if len(today.Keywords) > 0 {
		var kws []string
		for i, k := range today.Keywords {
			if i == 8 {
				break
			}
			kws = append(kws, fmt.Sprintf("%s ×%d", textsafe.Line(k.Key), k.N))
		}
		fmt.Fprintf(&b, "  keywords: %s\n", strings.Join(kws, ", "))
	}
	b.WriteString("\nEmergencies\n")
	if len(emergencies) == 0 {
		b.WriteString("  none\n")
	}
	for _, e := range emergencies {
		fmt.Fprintf(&b, "  %s %s\n", e.At.Format("01-02 15:04"), textsafe.Line(e.Detail))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
