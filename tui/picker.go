package tui

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/tui/widget"
)

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

// picker is a small list to choose from: a column to move to, an agent,
// a filter. 1–9 choose directly ("m 3" moves to the third column).
type picker struct {
	e     *env
	title string
	items []pickItem
	cur   int
}

func newPicker(e *env, title string, items []pickItem) *picker {
	p := &picker{e: e, title: title, items: items}
	for p.cur < len(items)-1 && items[p.cur].refusal != "" {
		p.cur++
	}
	return p
}

func (p *picker) update(msg tea.Msg) (layer, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return p, nil
	}
	keys := p.e.keys
	switch {
	case keyIs(k, keys.Cancel):
		return nil, notice(p.e.lang.T(i18n.MsgCancelled), false)
	case keyIs(k, keys.Up), keyIs(k, keys.Prev):
		p.cur = (p.cur + len(p.items) - 1) % len(p.items)
	case keyIs(k, keys.Down), keyIs(k, keys.Next):
		p.cur = (p.cur + 1) % len(p.items)
	case keyIs(k, keys.Choose):
		return p.choose(p.cur)
	case len(k.Text) == 1 && k.Text >= "1" && k.Text <= "9":
		if i, _ := strconv.Atoi(k.Text); i <= len(p.items) {
			return p.choose(i - 1)
		}
	}
	return p, nil
}

func (p *picker) choose(i int) (layer, tea.Cmd) {
	it := p.items[i]
	switch {
	case it.refusal != "":
		return nil, notice(it.refusal, true)
	case it.next != nil:
		return it.next, nil
	}
	return nil, emit(it.msg)
}

func (p *picker) view(w, h int) (string, *tea.Cursor) {
	st := p.e.styles
	var b strings.Builder
	b.WriteString(st.Title.Render(textsafe.Truncate(p.title, w-6)))
	inner := max(w-8, 10)
	// Long lists (many agents) scroll with the cursor.
	n := max(h-6, 3)
	start := max(p.cur-n+1, 0)
	for i := start; i < min(len(p.items), start+n); i++ {
		it := p.items[i]
		var ln line
		mark := "  "
		style := lipgloss.NewStyle()
		if i == p.cur {
			mark, style = "▸ ", st.Selected
		}
		if it.refusal != "" {
			style = st.Disabled
		}
		ln.add(inkOf(st.Bar), mark)
		num := "  "
		if i < 9 {
			num = strconv.Itoa(i+1) + " "
		}
		ln.add(inkOf(st.Key), num)
		note := ""
		if it.note != "" {
			note = " (" + it.note + ")"
		}
		ln.add(inkOf(style), textsafe.Truncate(it.label, inner-ln.w-textsafe.Width(note)))
		ln.add(inkOf(st.Dim), note)
		b.WriteString("\n" + ln.String())
	}
	b.WriteString("\n\n" + st.Dim.Render(textsafe.Truncate(p.e.lang.T(i18n.PickHint), inner)))
	s, _, _ := widget.Box(st.Styles, b.String(), w, h)
	return s, nil
}
