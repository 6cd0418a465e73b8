package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/sla"
	"github.com/loopdesk/loopdesk/store"
)

// detail is the open card: every field, its SLA clocks, the description,
// the internal notes and the timeline in a scrollable viewport.
type detail struct {
	e      *env
	id     int64
	ticket domain.Ticket
	clocks sla.Clocks
	notes  []domain.Note
	events []domain.Event
	loop   cardLoop          // replies, their delivery, the approval (cardloop.go)
	link   cardLink          // its problem (cardlink.go)
	triage *store.Suggestion // what triage suggested when it arrived; nil: nothing recorded
	loaded bool
	vp     viewport.Model
}

// detailMsg is a card read for the detail.
type detailMsg struct {
	id     int64
	ticket domain.Ticket
	clocks sla.Clocks
	notes  []domain.Note
	events []domain.Event
	loop   cardLoop
	link   cardLink
	triage *store.Suggestion
	err    error
}

func newDetail(e *env, id int64, w, h int) *detail {
	d := &detail{e: e, id: id, vp: viewport.New()}
	d.layout(w, h)
	return d
}

// loadDetail reads a card with its body, clocks, notes and timeline.
func loadDetail(ctx context.Context, d Desk, id int64) tea.Cmd {
	return func() tea.Msg {
		msg := detailMsg{id: id}
		if msg.ticket, msg.err = d.Ticket(ctx, id); msg.err != nil {
			return msg
		}
		if msg.clocks, msg.err = d.Clocks(ctx, msg.ticket); msg.err != nil {
			return msg
		}
		if msg.notes, msg.err = d.Notes(ctx, id); msg.err != nil {
			return msg
		}
		if msg.loop, msg.err = readCardLoop(ctx, d, id); msg.err != nil {
			return msg
		}
		if msg.link, msg.err = readCardLink(ctx, d, id); msg.err != nil {
			return msg
		}
		sg, ok, err := d.TicketSuggestion(ctx, id)
		if msg.err = err; err != nil {
			return msg
		}
		if ok {
			msg.triage = &sg
		}
		msg.events, msg.err = d.Timeline(ctx, id)
		return msg
	}
}

func (d *detail) apply(msg detailMsg, w, h int) {
	if msg.err != nil {
		return
	}
	d.ticket, d.clocks, d.notes, d.events, d.loop, d.link, d.loaded = msg.ticket, msg.clocks, msg.notes, msg.events, msg.loop, msg.link, true
	d.triage = msg.triage
	d.layout(w, h)
}

// layout sizes the viewport (the body less the title and rule) and
// re-renders the content for the width; the scroll position is kept.
func (d *detail) layout(w, h int) {
	d.vp.SetWidth(w)
	d.vp.SetHeight(max(h-2, 1))
	if d.loaded {
		d.vp.SetContentLines(d.content(w))
	}
}

func (d *detail) view(w, h int) string {
	st, l := d.e.styles, d.e.lang
	if !d.loaded {
		return st.Dim.Render(l.T(i18n.Loading))
	}
	pct := l.T(i18n.DetailScroll, int(d.vp.ScrollPercent()*100))
	var head line
	head.add(inkOf(st.Key.Bold(true)), d.ticket.Key())
	head.add(ink{}, "  ")
	head.add(inkOf(st.Title), textsafe.Truncate(textsafe.Line(d.ticket.Title), max(w-head.w-len(pct)-1, 1)))
	head.pad(w - len(pct))
	head.add(inkOf(st.Dim), pct)
	return head.String() + "\n" + st.RuleFocus.Render(strings.Repeat("━", w)) + "\n" + d.vp.View()
}

// content renders the card as lines of at most w cells.
func (d *detail) content(w int) []string {
	l, st := d.e.lang, d.e.styles
	t := d.ticket
	var out []string
	section := func(k i18n.Key, extra string) {
		out = append(out, "", st.Title.Render(l.T(k)+extra))
	}
	text := func(s string, indent int) {
		for _, para := range strings.Split(textsafe.Block(s), "\n") {
			if para == "" {
				out = append(out, "")
				continue
			}
			for _, ln := range textsafe.Wrap(para, max(w-indent, 1)) {
				out = append(out, strings.Repeat(" ", indent)+ln)
			}
		}
	}
	text(t.Title, 0)
	out = append(out, "")
	out = append(out, d.fields(w)...)
	if ln := d.triageLine(); ln != "" {
		out = append(out, "")
		for _, wl := range textsafe.Wrap(ln, max(w, 1)) {
			out = append(out, st.Dim.Render(wl))
		}
	}
	extra := ""
	if t.Escalated {
		extra = l.T(i18n.DetailEscalated)
	}
	section(i18n.DetailSLA, extra)
	if d.link.waits {
		text(l.T(i18n.FieldWaiting)+" "+waitLine(d.e, d.link.wait), 2)
	}
	out = append(out, d.clockLines(w)...)
	section(i18n.FieldBody, "")
	text(orNone(l, t.Body), 2)
	if t.Solution != "" {
		section(i18n.FieldSolution, "")
		text(t.Solution, 2)
	}
	section(i18n.DetailNotes, fmt.Sprintf(" (%d)", len(d.notes)))
	if len(d.notes) == 0 {
		out = append(out, "  "+st.Dim.Render(l.T(i18n.DetailNone)))
	}
	for _, n := range d.notes {
		out = append(out, "  "+st.Dim.Render(l.T(i18n.DetailNoteBy, stamp(d.e.now, n.At), safeName(n.Author))))
		text(n.Body, 4)
	}
	out = append(out, d.loopLines(w)...)
	section(i18n.DetailTimeline, "")
	for _, e := range d.events {
		for _, ln := range textsafe.Wrap(d.event(e), max(w-2, 1)) {
			out = append(out, "  "+ln)
		}
	}
	return out
}

// fields lays the card's fields out as label/value pairs, two per line
// when the screen is wide enough.
func (d *detail) fields(w int) []string {
	l := d.e.lang
	t := d.ticket
	owner := ownerOf(t)
	phone := "—"
	if t.Customer.Phone4 != "" {
		phone = "****" + textsafe.Line(t.Customer.Phone4)
	}
	product := strings.TrimSpace(textsafe.Line(t.Product) + " " + textsafe.Line(t.ProductVer))
	sentiment := l.Sentiment(t.Sentiment)
	if t.SentimentScore != 0 {
		sentiment += " (" + strconv.FormatFloat(t.SentimentScore, 'f', 2, 64) + ")"
	}
	pairs := []struct {
		k i18n.Key
		v string
	}{
		{i18n.FieldKey, t.Key()},
		{i18n.FieldStatus, l.Status(t.Status)},
		{i18n.FieldPriority, priorityLabel(l, t.Priority)},
		{i18n.FieldChannel, l.Channel(t.Channel)},
		{i18n.FieldCategory, l.Category(t.Category)},
		{i18n.FieldTeam, l.Team(textsafe.Line(t.Team))},
		{i18n.FieldOwner, owner},
		{i18n.FieldCustomer, orDash(textsafe.Line(t.Customer.Name))},
		{i18n.FieldPhone, phone},
		{i18n.FieldTier, l.Tier(t.Customer.Tier)},
		{i18n.FieldIndustry, orDash(textsafe.Line(t.Customer.Industry))},
		{i18n.FieldProduct, orDash(product)},
		{i18n.FieldOrderNo, orDash(textsafe.Line(t.OrderNo))},
		{i18n.FieldSentiment, sentiment},
		{i18n.FieldKeywords, orDash(safeList(l, t.Keywords))},
		{i18n.FieldTags, orDash(safeList(l, t.Tags))},
		{i18n.FieldReceived, stamp(d.e.now, t.ReceivedAt)},
		{i18n.FieldCreated, stamp(d.e.now, t.CreatedAt)},
		{i18n.FieldUpdated, stamp(d.e.now, t.UpdatedAt)},
		{i18n.FieldFirstReply, stamp(d.e.now, t.FirstResponseAt)},
		{i18n.FieldResolved, stamp(d.e.now, t.ResolvedAt)},
		{i18n.FieldClosed, stamp(d.e.now, t.ClosedAt)},
		{i18n.FieldReopened, strconv.Itoa(t.ReopenCount)},
		{i18n.FieldRevision, strconv.FormatInt(t.Version, 10)},
		{i18n.FieldZone, d.e.zoneName(d.e.now())},
	}
	if t.PriorityReason != "" {
		pairs = append(pairs, struct {
			k i18n.Key
			v string
		}{i18n.FieldPriorityReason, l.Reason(textsafe.Line(t.PriorityReason))})
	}
	if t.Duplicates > 0 {
		pairs = append(pairs, struct {
			k i18n.Key
			v string
		}{i18n.FieldDuplicates, l.T(i18n.DetailDuplicates, t.Duplicates)})
	}
	for _, f := range d.link.fields() {
		pairs = append(pairs, struct {
			k i18n.Key
			v string
		}{f.k, f.v})
	}
	if t.DuplicateOf != 0 {
		pairs = append(pairs, struct {
			k i18n.Key
			v string
		}{i18n.FieldDuplicate, domain.Key(t.DuplicateOf)})
	}
	labelW := 0
	for _, p := range pairs {
		labelW = max(labelW, textsafe.Width(l.T(p.k)))
	}
	perLine, cellW := 1, w
	if w >= 2*(labelW+1+24) {
		perLine, cellW = 2, w/2
	}
	var out []string
	var cur line
	for i, p := range pairs {
		cur.add(inkOf(d.e.styles.Dim), textsafe.PadRight(l.T(p.k), labelW+1))
		cur.add(ink{}, textsafe.Truncate(p.v, cellW-labelW-2))
		if (i+1)%perLine == 0 || i == len(pairs)-1 {
			out = append(out, cur.String())
			cur = line{}
		} else {
			cur.pad(cellW)
		}
	}
	return out
}

// triageLine is what triage suggested for the card when it arrived: the
// category, its confidence, the model (or the rules) and the words that
// drove it; "" when nothing was recorded or the category came stated.
func (d *detail) triageLine() string {
	sg, l := d.triage, d.e.lang
	if sg == nil || sg.Stated {
		return ""
	}
	by := l.T(i18n.DetailTriageRules)
	if sg.Model != 0 {
		by = l.T(i18n.DetailTriageModel, sg.Model)
	}
	s := l.T(i18n.DetailTriage, l.Category(sg.Category), sg.Confidence, by, orDash(safeList(l, sg.Reasons)))
	if sg.Review {
		s += l.T(i18n.DetailTriageReview)
	}
	return s
}

// event renders one timeline entry: when, who, what, before → after.
func (d *detail) event(e domain.Event) string {
	l := d.e.lang
	when, who, kind := stamp(d.e.now, e.At), safeName(e.Actor), l.EventKind(e.Kind)
	switch {
	case e.Kind == domain.EvResponded:
		return l.T(i18n.DetailResponded, when, who, textsafe.Truncate(textsafe.Line(e.After), 60))
	case e.Kind == domain.EvBreached:
		due := e.After
		if at, err := time.Parse(time.RFC3339, e.After); err == nil {
			due = stamp(d.e.now, at)
		}
		return l.T(i18n.DetailBreached, when, l.Clock(e.Field), textsafe.Line(due))
	case e.Field == "" || e.Kind == domain.EvNote || e.Kind == domain.EvEscalationOK:
		return l.T(i18n.DetailEvent, when, who, kind)
	}
	return l.T(i18n.DetailEventSet, when, who, kind, l.Field(e.Field), d.value(e.Field, e.Before), d.value(e.Field, e.After))
}

// value shows a field's value from the timeline in the session's words.
func (d *detail) value(field, v string) string {
	l := d.e.lang
	if v == "" {
		return "—"
	}
	switch field {
	case "status":
		return l.Status(domain.Status(v))
	case "priority":
		if p, err := domain.ParsePriority(v); err == nil {
			return l.Priority(p)
		}
	case "channel":
		return l.Channel(domain.Channel(v))
	case "category":
		return l.Category(domain.Category(v))
	case "sentiment":
		return l.Sentiment(v)
	case "team":
		return l.Team(textsafe.Line(v))
	}
	return textsafe.Truncate(textsafe.Line(v), 40)
}

func safeList(l i18n.Lang, items []string) string {
	clean := make([]string, 0, len(items))
	for _, it := range items {
		if s := textsafe.Line(it); s != "" {
			clean = append(clean, s)
		}
	}
	return strings.Join(clean, l.T(i18n.ListSeparator))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func orNone(l i18n.Lang, s string) string {
	if strings.TrimSpace(s) == "" {
		return l.T(i18n.DetailNone)
	}
	return s
}
