package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// The layers below wrap a widget for the root: they give it the
// session's keys, styles and words and turn its result into an intent
// message or a notice.

// confirm asks a yes/no question before something that cannot be undone
// from the board (removing an agent or a key): yes emits the intent, no
// or esc cancels.
type confirm struct {
	e   *env
	c   *widget.Confirm
	yes tea.Msg
}

func newConfirm(e *env, question string, yes tea.Msg) *confirm {
	return &confirm{e: e, c: widget.NewConfirm(&e.keys.Keys, question, e.lang.T(i18n.ConfirmHint)), yes: yes}
}

func (c *confirm) update(msg tea.Msg) (layer, tea.Cmd) {
	switch c.c.Update(msg) {
	case widget.Done:
		return nil, emit(c.yes)
	case widget.Cancelled:
		return nil, notice(c.e.lang.T(i18n.MsgCancelled), false)
	}
	return c, nil
}

func (c *confirm) view(w, h int) (string, *tea.Cursor) {
	return c.c.View(c.e.styles.Styles, w, h), nil
}

// pickItem is one choice of a picker. Choosing it emits msg, or opens next
// (a sub-menu). A disabled item stays visible, marked in words, and
// choosing it emits its refusal instead.
type pickItem struct {
	label   string // sanitised
	note    string // "current", "not allowed"
	refusal string // why it cannot be chosen; "" when it can
	msg     tea.Msg
	next    layer
}

// picker is the board's list to choose from (widget.Picker).
type picker struct {
	e     *env
	p     *widget.Picker
	items []pickItem
}

func newPicker(e *env, title string, items []pickItem) *picker {
	ws := make([]widget.Item, len(items))
	for i, it := range items {
		ws[i] = widget.Item{Label: it.label, Note: it.note, Disabled: it.refusal != ""}
	}
	return &picker{e: e, p: widget.NewPicker(&e.keys.Keys, title, e.lang.T(i18n.PickHint), ws), items: items}
}

// filtering makes p filter its items as the user types (agents,
// templates, filters: lists one finds by name).
func (p *picker) filtering() *picker {
	l := p.e.lang
	p.p.Filter(l.T(i18n.PickFilterPrompt), l.T(i18n.PickNoMatch), l.T(i18n.PickFilterHint))
	return p
}

func (p *picker) update(msg tea.Msg) (layer, tea.Cmd) {
	switch p.p.Update(msg) {
	case widget.Cancelled:
		return nil, notice(p.e.lang.T(i18n.MsgCancelled), false)
	case widget.Done:
		it := p.items[p.p.Chosen()]
		switch {
		case it.refusal != "":
			return nil, notice(it.refusal, true)
		case it.next != nil:
			return it.next, nil
		}
		return nil, emit(it.msg)
	}
	return p, nil
}

func (p *picker) view(w, h int) (string, *tea.Cursor) {
	return p.p.View(p.e.styles.Styles, w, h), nil
}
