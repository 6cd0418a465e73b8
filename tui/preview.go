package tui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// previewAsk is y on an approval row: read the card, then show it beside
// what is proposed before anything is approved.
type previewAsk struct {
	id       int64
	title    i18n.Key // "Approve the solution of %s?"
	heading  i18n.Key // "Proposed solution"
	proposal string   // the summary, or the compensation in words
	by       string
	at       time.Time
	yes      tea.Msg         // approveIntent or approveCompensationIntent
	back     *store.Approval // a solution can be sent back from the preview
}

// previewMsg is the card of a preview, read.
type previewMsg struct {
	ask previewAsk
	t   domain.Ticket
	err error
}

// readPreview reads the card for an approval preview.
func (m *Model) readPreview(ask previewAsk) tea.Cmd {
	d, ctx := m.desk, m.ctx
	return func() tea.Msg {
		t, err := d.Ticket(ctx, ask.id)
		return previewMsg{ask: ask, t: t, err: err}
	}
}

// approvalPreview shows the card and the proposed solution (or
// compensation) side by side, or one above the other when narrow; y
// approves, b sends a solution back with a reason, esc cancels.
type approvalPreview struct {
	e   *env
	t   domain.Ticket
	ask previewAsk
	w   int
}

func (p *approvalPreview) update(msg tea.Msg) (layer, tea.Cmd) {
	switch msg := msg.(type) {
	case sizeMsg:
		p.w = msg.width
	case tea.KeyPressMsg:
		k, l := &p.e.keys, p.e.lang
		switch {
		case keyIs(msg, k.Approve):
			return nil, emit(p.ask.yes)
		case keyIs(msg, k.SendBack) && p.ask.back != nil:
			a := *p.ask.back
			pr := newPrompt(p.e, l.T(i18n.PromptSendBack, a.Key()), "", p.w, func(r string) tea.Msg {
				return sendBackIntent{a: a, reason: r}
			}).required(i18n.MsgNeedReason)
			pr.waits = true
			return pr, nil
		case keyIs(msg, k.Back), keyIs(msg, k.Quit):
			return nil, notice(l.T(i18n.MsgCancelled), false)
		}
	}
	return p, nil
}

// view draws the question, the two panes and the keys:
//
//	Approve the solution of FB-1001?
//	─ Card ──────────────────────  ─ Proposed solution · bob · 2h ─
//	FB-1001 High · In progress · bob  Refunded the double charge …
//	支付失败但已扣款…
func (p *approvalPreview) view(w, h int) (string, *tea.Cursor) {
	p.w = w
	st, l := p.e.styles, p.e.lang
	head := []string{st.Title.Render(textsafe.Truncate(l.T(p.ask.title, p.t.Key()), w)), ""}
	keys := l.T(i18n.PreviewKeys)
	if p.ask.back != nil {
		keys = l.T(i18n.PreviewKeysBack)
	}
	foot := []string{"", st.Dim.Render(textsafe.Truncate(keys, w))}
	room := max(h-len(head)-len(foot), 2)
	var body []string
	if w >= 100 {
		cw := (w - 3) / 2
		card, sol := p.card(cw, room), p.solution(w-3-cw, room)
		for i := range max(len(card), len(sol)) {
			left, right := "", ""
			if i < len(card) {
				left = card[i]
			}
			if i < len(sol) {
				right = sol[i]
			}
			body = append(body, fitLine(left, cw)+" │ "+right)
		}
	} else {
		sol := p.solution(w, room/2)
		card := p.card(w, room-len(sol)-1)
		body = append(append(card, ""), sol...)
	}
	if len(body) > room {
		body = body[:room]
	}
	return strings.Join(append(append(head, body...), foot...), "\n"), nil
}

// card is the card's pane: what it is, whose, the customer's words.
func (p *approvalPreview) card(w, h int) []string {
	st, l, t := p.e.styles, p.e.lang, p.t
	out := []string{
		st.Dim.Render(textsafe.Truncate(l.T(i18n.PreviewCard), w)),
		textsafe.Truncate(t.Key()+" · "+l.Priority(t.Priority)+" · "+l.Status(t.Status)+" · "+ownerLabel(l, t.Owner), w),
		st.Title.Render(textsafe.Truncate(textsafe.Line(t.Title), w)),
		st.Dim.Render(textsafe.Truncate(l.Channel(t.Channel)+" · "+l.Category(t.Category)+" · "+orDash(textsafe.Line(t.Customer.Name)), w)),
	}
	for _, para := range strings.Split(textsafe.Block(orNone(l, t.Body)), "\n") {
		out = append(out, textsafe.Wrap(para, max(w, 1))...)
	}
	return cutLines(out, h, w)
}

// solution is the proposal's pane: who proposed it, when, and all of it.
func (p *approvalPreview) solution(w, h int) []string {
	st, l := p.e.styles, p.e.lang
	out := []string{st.Dim.Render(textsafe.Truncate(l.T(p.ask.heading)+" · "+safeName(p.ask.by)+" · "+age(l, p.e.now(), p.ask.at), w))}
	for _, para := range strings.Split(textsafe.Block(orNone(l, p.ask.proposal)), "\n") {
		out = append(out, textsafe.Wrap(para, max(w, 1))...)
	}
	return cutLines(out, h, w)
}

// cutLines keeps the first h lines, ending in "…" when some are left out.
func cutLines(lines []string, h, w int) []string {
	if len(lines) <= h {
		return lines
	}
	h = max(h, 1)
	return append(lines[:h-1], textsafe.Truncate("…", w))
}
