package tui

import (
	"strings"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// cardLines is how many screen lines a card takes in a board column.
const cardLines = 3

// Widths of the fixed fields of a card row in the one-column (tab) layout.
const (
	rowChannelW = 10
	rowOwnerW   = 10
	rowAgeW     = 4
	markW       = 2 // "H" or "高"
)

// cardStyle picks a card's look: the selected card of the focused column
// gets a bar in front (visible without colour) and bold text; a card
// marked for a bulk action gets a ✓.
type cardStyle struct {
	selected bool
	marked   bool
	keyW     int // width of the widest key on screen, so keys line up
	due      deadline
	dueW     int    // the deadline column of the one-column layout
	viewers  string // who else has the card open, "" for nobody
	waiting  string // how long it has waited for the customer, "" when it does not
}

func (s cardStyle) inks(e *env) (*cardInks, string) {
	if s.selected {
		return &e.styles.SelectedCard, "▌"
	}
	return &e.styles.Card, " "
}

// flag is a short marker on a card and its ink.
type flag struct {
	k ink
	s string
}

// flags are the short markers of a card, most important first: escalated,
// VIP customer, sentiment (a word as well as a colour, for NO_COLOR), and
// how many duplicates were folded into it.
func flags(e *env, k *cardInks, t domain.Ticket) []flag {
	var out []flag
	if t.Escalated {
		out = append(out, flag{k.escalated, e.lang.T(i18n.EscalatedMark)})
	}
	if t.Customer.Tier == domain.TierVIP {
		out = append(out, flag{k.vip, e.lang.Tier(domain.TierVIP)})
	}
	if t.Sentiment == "negative" {
		out = append(out, flag{k.negative, e.lang.T(i18n.NegativeMark)})
	}
	if t.Sentiment == "positive" {
		out = append(out, flag{k.positive, e.lang.T(i18n.PositiveMark)})
	}
	if t.Duplicates > 0 {
		out = append(out, flag{k.dim, e.lang.T(i18n.DuplicatesMark, t.Duplicates)})
	}
	return out
}

// flags are the card's markers with its wait for the customer first: the
// paused clock is what the card's deadline does not show.
func (s cardStyle) flags(e *env, k *cardInks, t domain.Ticket) []flag {
	fs := flags(e, k, t)
	if s.waiting != "" {
		fs = append([]flag{{k.dim, s.waiting}}, fs...)
	}
	return fs
}

func ownerOf(t domain.Ticket) string {
	if t.Owner == "" {
		return "—"
	}
	return textsafe.Line(t.Owner)
}

// cardBlock renders a card as cardLines lines of exactly k.w cells, as
// k says (newCardKey), drawn once and then taken from the shared cache
// (renders.go): flags
// that do not fit are left out, and on the last line the channel gives
// way first, then the owner, then who else has the card open; the
// deadline always shows.
//
//	▌FB-1042 H escalated VIP neg  3h
//	▌客户投诉支付失败，订单…
//	▌WeChat · bob ◉ann      late 45m
func cardBlock(e *env, t domain.Ticket, k cardKey) []string {
	return e.renders.card(k, func() []string { return drawCardBlock(e, t, k.w, k.style, k.ago) })
}

// drawCardBlock draws what cardBlock shows, ago being the card's age.
func drawCardBlock(e *env, t domain.Ticket, w int, s cardStyle, ago string) []string {
	k, bar := s.inks(e)
	inner := w - 1
	key := textsafe.PadRight(t.Key(), s.keyW)
	mark := e.lang.PriorityMark(t.Priority)

	var l1 line
	if s.marked {
		l1.add(k.mark, "✓")
	} else {
		l1.add(k.bar, bar)
	}
	l1.add(k.key, key)
	l1.add(k.plain, " ")
	l1.add(k.priority[priorityIndex(t.Priority)], mark)
	used := textsafe.Width(key) + 1 + textsafe.Width(mark) + 1 + textsafe.Width(ago)
	for _, f := range s.flags(e, k, t) {
		if used+1+textsafe.Width(f.s) <= inner {
			l1.add(k.plain, " ")
			l1.add(f.k, f.s)
			used += 1 + textsafe.Width(f.s)
		}
	}
	l1.pad(w - textsafe.Width(ago))
	l1.add(k.dim, ago)
	l1.pad(w)

	var l2 line
	l2.add(k.bar, bar)
	l2.add(k.plain, textsafe.Truncate(textsafe.Line(t.Title), inner))
	l2.pad(w)

	var l3 line
	l3.add(k.bar, bar)
	dueW := textsafe.Width(s.due.text)
	room := inner
	if dueW > 0 {
		room -= dueW + 1
	}
	owner, channel := ownerOf(t), e.lang.Channel(t.Channel)+" · "
	presW := 0
	if s.viewers != "" {
		presW = 1 + textsafe.Width(s.viewers)
	}
	// The channel shows whole or not at all: "We…bob" reads as a name.
	if textsafe.Width(channel)+textsafe.Width(owner)+presW <= room {
		l3.add(k.dim, channel)
	}
	l3.add(k.plain, textsafe.Truncate(owner, max(room-(l3.w-1)-presW, 0)))
	if s.viewers != "" && room-(l3.w-1) > 1 {
		l3.add(k.plain, " ")
		l3.add(k.presence, textsafe.Truncate(s.viewers, room-(l3.w-1)))
	}
	l3.pad(w - dueW)
	l3.add(k.sla[s.due.state], s.due.text)
	l3.pad(w)
	return []string{l1.String(), l2.String(), l3.String()}
}

// cardRow renders a card as one line of exactly k.w cells, for the
// one-column layout (cached as cardBlock is):
//
//	▌✓FB-1042 H  VIP ◉ann 客户投诉支付失败…  WeChat     bob        late 45m  3h
func cardRow(e *env, t domain.Ticket, k cardKey) string {
	return e.renders.card(k, func() []string { return []string{drawCardRow(e, t, k.w, k.style, k.ago)} })[0]
}

// drawCardRow draws what cardRow shows, ago being the card's age.
func drawCardRow(e *env, t domain.Ticket, w int, s cardStyle, ago string) string {
	k, bar := s.inks(e)
	dueCol := 0
	if s.dueW > 0 {
		dueCol = s.dueW + 1
	}
	fixed := 2 + s.keyW + 1 + markW + 1 + 1 + rowChannelW + 1 + rowOwnerW + 1 + dueCol + rowAgeW
	titleW := max(w-fixed, 8)

	var r line
	r.add(k.bar, bar)
	if s.marked {
		r.add(k.mark, "✓")
	} else {
		r.add(k.plain, " ")
	}
	r.add(k.key, textsafe.PadRight(t.Key(), s.keyW))
	r.add(k.plain, " ")
	r.add(k.priority[priorityIndex(t.Priority)], textsafe.PadRight(e.lang.PriorityMark(t.Priority), markW))
	r.add(k.plain, " ")
	start := r.w
	fs := s.flags(e, k, t)
	if s.viewers != "" {
		fs = append(fs, flag{k.presence, s.viewers})
	}
	for _, f := range fs {
		if r.w-start+textsafe.Width(f.s) < titleW {
			r.add(f.k, f.s)
			r.add(k.plain, " ")
		}
	}
	r.add(k.plain, textsafe.Truncate(textsafe.Line(t.Title), titleW-(r.w-start)))
	r.pad(start + titleW + 1)
	r.add(k.dim, textsafe.PadRight(e.lang.Channel(t.Channel), rowChannelW))
	r.add(k.plain, " ")
	r.add(k.plain, textsafe.PadRight(ownerOf(t), rowOwnerW))
	r.add(k.plain, " ")
	if dueCol > 0 {
		r.add(k.plain, strings.Repeat(" ", s.dueW-textsafe.Width(s.due.text)))
		r.add(k.sla[s.due.state], s.due.text)
		r.add(k.plain, " ")
	}
	r.add(k.plain, strings.Repeat(" ", max(rowAgeW-textsafe.Width(ago), 0)))
	r.add(k.dim, ago)
	r.pad(w)
	return r.String()
}

// priorityIndex maps a priority to its style; an unknown value (a newer
// database) gets the low style rather than a panic.
func priorityIndex(p domain.Priority) int {
	if !p.Valid() {
		return int(domain.Low)
	}
	return int(p)
}

// priorityLabel names a priority with its card marker when the two differ:
// "H high", but just "高".
func priorityLabel(l i18n.Lang, p domain.Priority) string {
	if mark, name := l.PriorityMark(p), l.Priority(p); mark != name {
		return mark + " " + name
	}
	return l.Priority(p)
}
