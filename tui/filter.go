package tui

import (
	"github.com/loopdesk/loopdesk/domain"
	"github.com/loopdesk/loopdesk/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// filterMenu offers the board's filters; each choice emits the whole new
// filter. Mine and unassigned exclude each other.
func filterMenu(e *env, f store.Filter) *picker {
	l := e.lang
	check := func(on bool) string {
		if on {
			return l.T(i18n.PickOn) + " "
		}
		return l.T(i18n.PickOff) + " "
	}
	mine, unassigned := f, f
	if f.Owner == "" {
		mine.Owner, mine.Unassigned = e.me.Name, false
	} else {
		mine.Owner = ""
	}
	unassigned.Unassigned = !f.Unassigned
	if unassigned.Unassigned {
		unassigned.Owner = ""
	}
	prio, channel, category := l.T(i18n.PickAny), l.T(i18n.PickAny), l.T(i18n.PickAny)
	if f.Priority != nil {
		prio = l.Priority(*f.Priority)
	}
	if f.Channel != "" {
		channel = l.Channel(f.Channel)
	}
	if f.Category != "" {
		category = l.Category(f.Category)
	}
	return newPicker(e, l.T(i18n.PickFilter), []pickItem{
		{label: check(f.Owner != "") + l.T(i18n.FilterOnlyMine), msg: filterIntent{mine}},
		{label: check(f.Unassigned) + l.T(i18n.FilterOnlyUnassd), msg: filterIntent{unassigned}},
		{label: l.T(i18n.FilterByPriority, prio) + " …", next: priorityPicker(e, f)},
		{label: l.T(i18n.FilterByChannel, channel) + " …", next: channelPicker(e, f)},
		{label: l.T(i18n.FilterByCategory, category) + " …", next: categoryPicker(e, f)},
		{label: l.T(i18n.FilterClear), msg: filterIntent{}},
	})
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
	return newPicker(e, e.lang.T(i18n.PickPriority), items)
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
	return newPicker(e, e.lang.T(i18n.PickChannel), items)
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
	return newPicker(e, e.lang.T(i18n.PickCategory), items)
}
