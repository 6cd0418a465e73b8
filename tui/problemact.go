package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// Intents and reads of linking cards to problems.
type (
	// linkAsk is the open problems read for the link picker of cards.
	linkAsk struct {
		cards    []domain.Ticket
		problems []store.Problem
		err      error
	}
	// linkIntent links cards to a problem at the version the picker read.
	linkIntent struct {
		p     store.Problem
		cards []domain.Ticket
	}
	// newProblemIntent files a problem and links cards to it.
	newProblemIntent struct {
		kind  store.ProblemKind
		title string
		cards []domain.Ticket
	}
	// linkDoneMsg is the store's answer to a link: the cards linked.
	linkDoneMsg struct {
		loopDoneMsg
		linked []int64
	}
)

// linkTargets are the cards a link names: the board's selection, or the
// open card or the card under the cursor.
func (m *Model) linkTargets() []domain.Ticket {
	if m.detail == nil && len(m.marks) > 0 {
		return m.marks.cards()
	}
	if t, ok := m.target(); ok {
		return []domain.Ticket{t}
	}
	return nil
}

// linkPicker lists the open problems to link cards to, then "new
// problem…", which asks the kind and the title.
func linkPicker(e *env, w int, cards []domain.Ticket, problems []store.Problem) *picker {
	l := e.lang
	items := make([]pickItem, 0, len(problems)+1)
	for _, p := range problems {
		items = append(items, pickItem{label: problemLabel(l, p), msg: linkIntent{p: p, cards: cards}})
	}
	var kinds []pickItem
	for _, kind := range []store.ProblemKind{store.KindBug, store.KindRequest} {
		title := newPrompt(e, l.T(i18n.PromptProblemTitle, problemKind(l, kind)), "", w, func(s string) tea.Msg {
			return newProblemIntent{kind: kind, title: s, cards: cards}
		}).required(i18n.MsgNeedTitle)
		title.waits = true
		kinds = append(kinds, pickItem{label: problemKind(l, kind), next: title})
	}
	items = append(items, pickItem{label: l.T(i18n.PickNewProblem), next: newPicker(e, l.T(i18n.PickProblemKind), kinds)})
	title := l.T(i18n.PickProblemMany, len(cards))
	if len(cards) == 1 {
		title = l.T(i18n.PickProblem, cards[0].Key())
	}
	return newPicker(e, title, items)
}

// problemAct carries out the intents and reads of problems and waits; it
// ends the chain of act, loopAct, adminAct and intakeAct.
func (m *Model) problemAct(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case linkAsk:
		if msg.err != nil {
			m.fail(msg.err)
			return nil
		}
		m.layer = linkPicker(&m.env, m.screenWidth(), msg.cards, msg.problems)
	case linkIntent:
		return m.link(msg.cards, func() (store.Problem, error) { return msg.p, nil })
	case newProblemIntent:
		d, ctx, me := m.desk, m.ctx, m.env.me.Name
		return m.link(msg.cards, func() (store.Problem, error) {
			return d.CreateProblem(ctx, me, store.NewProblem{Kind: msg.kind, Title: msg.title})
		})
	case linkDoneMsg:
		if msg.err == nil {
			for _, id := range msg.linked {
				delete(m.marks, id)
			}
		}
		return m.loopDone(msg.loopDoneMsg)
	case resolveProblemIntent:
		return m.resolveProblem(msg)
	case waitIntent:
		return m.startWait(msg)
	case answeredIntent:
		return m.endWait(msg)
	}
	return nil
}

// link links cards to the problem get returns (the one picked, or one
// just filed) in one change of the problem.
func (m *Model) link(cards []domain.Ticket, get func() (store.Problem, error)) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	ids := make([]int64, len(cards))
	keys := make([]string, len(cards))
	for i, t := range cards {
		ids[i], keys[i] = t.ID, t.Key()
	}
	return func() tea.Msg {
		p, err := get()
		if err == nil {
			p, err = d.LinkTickets(ctx, me, p.ID, p.Version, ids)
		}
		msg := linkDoneMsg{loopDoneMsg: loopDoneMsg{err: err}}
		if err == nil {
			msg.text, msg.linked = l.T(i18n.MsgLinked, strings.Join(keys, l.T(i18n.ListSeparator)), p.Key()), ids
		}
		return msg
	}
}

// resolveProblem resolves a problem and settles its linked tickets; the
// status line says how many were resolved, told, left for approval or in
// conflict (changed since the screen read them).
func (m *Model) resolveProblem(msg resolveProblemIntent) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	base := m.loop.surveyBase
	return m.loopChange(0, func() (string, error) {
		res, err := d.ResolveProblem(ctx, me, msg.p, msg.summary, store.Notify{SurveyBase: base})
		if err != nil {
			return "", err
		}
		told := 0
		for _, o := range res.Tickets {
			if o.ReplyID != 0 {
				told++
			}
		}
		return l.T(i18n.MsgProblemResolved, msg.p.Key(), res.Count(store.OutcomeResolved), told,
			res.Count(store.OutcomeApproval), res.Count(store.OutcomeConflict)), nil
	})
}
