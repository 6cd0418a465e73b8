package tui

import (
	"slices"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// filterMenu offers the board's filters; each choice emits the whole new
// filter. Mine and unassigned exclude each other; "mine" is on only when
// the owner filter is me (the team view can show someone else's cards).
func filterMenu(e *env, f store.Filter, teams []domain.Team) *picker {
	l := e.lang
	check := func(on bool) string {
		if on {
			return l.T(i18n.PickOn) + " "
		}
		return l.T(i18n.PickOff) + " "
	}
	mine, unassigned, atRisk, escalated, review := f, f, f, f, f
	if f.Owner == "" || f.Owner != e.me.Name {
		mine.Owner, mine.Unassigned = e.me.Name, false
	} else {
		mine.Owner = ""
	}
	atRisk.AtRisk = !f.AtRisk
	escalated.Escalated = !f.Escalated
	review.Review = !f.Review
	unassigned.Unassigned = !f.Unassigned
	if unassigned.Unassigned {
		unassigned.Owner = ""
	}
	prio, channel, category, team := l.T(i18n.PickAny), l.T(i18n.PickAny), l.T(i18n.PickAny), l.T(i18n.PickAny)
	if f.Priority != nil {
		prio = l.Priority(*f.Priority)
	}
	if f.Channel != "" {
		channel = l.Channel(f.Channel)
	}
	if f.Category != "" {
		category = l.Category(f.Category)
	}
	if f.Team != "" {
		team = l.Team(textsafe.Line(f.Team))
	}
	return newPicker(e, l.T(i18n.PickFilter), []pickItem{
		{label: check(f.Owner != "" && f.Owner == e.me.Name) + l.T(i18n.FilterOnlyMine), msg: filterIntent{mine}},
		{label: check(f.Unassigned) + l.T(i18n.FilterOnlyUnassd), msg: filterIntent{unassigned}},
		{label: l.T(i18n.FilterByPriority, prio) + " …", next: priorityPicker(e, f)},
		{label: l.T(i18n.FilterByChannel, channel) + " …", next: channelPicker(e, f)},
		{label: l.T(i18n.FilterByCategory, category) + " …", next: categoryPicker(e, f)},
		{label: check(f.AtRisk) + l.T(i18n.FilterOnlyAtRisk), msg: filterIntent{atRisk}},
		{label: check(f.Escalated) + l.T(i18n.FilterOnlyEscal), msg: filterIntent{escalated}},
		{label: l.T(i18n.FilterByTeam, team) + " …", next: teamPicker(e, f, teams)},
		{label: l.T(i18n.FilterClear), msg: filterIntent{}},
		// After "clear" so that the digits agents know keep their meaning.
		{label: check(f.Review) + l.T(i18n.FilterOnlyReview), msg: filterIntent{review}},
	}).filtering()
}

// teamPicker filters by team; the session's own team comes first.
func teamPicker(e *env, f store.Filter, teams []domain.Team) *picker {
	cleared := f
	cleared.Team = ""
	items := []pickItem{{label: e.lang.T(i18n.PickAny), msg: filterIntent{cleared}}}
	mine := slices.IndexFunc(teams, func(t domain.Team) bool { return t.Name == e.me.Team })
	if mine > 0 {
		teams = append([]domain.Team{teams[mine]}, slices.Delete(slices.Clone(teams), mine, mine+1)...)
	}
	for _, t := range teams {
		g := f
		g.Team = t.Name
		it := pickItem{label: e.lang.Team(textsafe.Line(t.Name)), msg: filterIntent{g}}
		if t.Name == e.me.Team {
			it.note = e.lang.T(i18n.PickMyTeam)
		}
		items = append(items, it)
	}
	return newPicker(e, e.lang.T(i18n.PickTeam), items).filtering()
}

func priorityPicker(e *env, f store.Filter) *picker {
	cleared := f
	cleared.Priority = nil
	items := []pickItem{{label: e.lang.T(i18n.PickAny), msg: filterIntent{cleared}}}
	for _, p := range domain.Priorities {
		g := f
		g.Priority = &p
		items = append(items, pickItem{label: priorityLabel(e.lang, p), msg: filterIntent{g}})
	}
	return newPicker(e, e.lang.T(i18n.PickPriority), items).filtering()
}

func channelPicker(e *env, f store.Filter) *picker {
	cleared := f
	cleared.Channel = ""
	items := []pickItem{{label: e.lang.T(i18n.PickAny), msg: filterIntent{cleared}}}
	for _, c := range domain.Channels {
		g := f
		g.Channel = c
		items = append(items, pickItem{label: e.lang.Channel(c), msg: filterIntent{g}})
	}
	return newPicker(e, e.lang.T(i18n.PickChannel), items).filtering()
}

func categoryPicker(e *env, f store.Filter) *picker {
	cleared := f
	cleared.Category = ""
	items := []pickItem{{label: e.lang.T(i18n.PickAny), msg: filterIntent{cleared}}}
	for _, c := range domain.Categories {
		g := f
		g.Category = c
		items = append(items, pickItem{label: e.lang.Category(c), msg: filterIntent{g}})
	}
	return newPicker(e, e.lang.T(i18n.PickCategory), items).filtering()
}
