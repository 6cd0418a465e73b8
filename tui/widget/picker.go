package widget

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// Item is one choice of a picker. A disabled item stays visible, drawn
// as such and with its note saying why in words; choosing it is still a
// choice, which the application refuses as it sees fit.
type Item struct {
	Label    string
	Note     string // "current", "not allowed"
	Disabled bool
}

// Picker is a small list to choose from: a column to move to, an agent,
// a filter. ↑/↓ (and tab) move, enter chooses, 1–9 choose directly ("m
// 3" moves to the third column), esc cancels. The cursor starts on the
// first item that is not disabled.
type Picker struct {
	keys        *Keys
	title, hint string
	items       []Item
	cur         int
}

// NewPicker offers items (at least one) under title; hint says which keys
// do what.
func NewPicker(keys *Keys, title, hint string, items []Item) *Picker {
	p := &Picker{keys: keys, title: title, hint: hint, items: items}
	for p.cur < len(items)-1 && items[p.cur].Disabled {
		p.cur++
	}
	return p
}

// Update takes a key press; Done means Chosen is the item chosen.
func (p *Picker) Update(msg tea.Msg) Result {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return Open
	}
	keys := p.keys
	switch {
	case key.Matches(k, keys.Cancel):
		return Cancelled
	case key.Matches(k, keys.Up), key.Matches(k, keys.Prev):
		p.cur = (p.cur + len(p.items) - 1) % len(p.items)
	case key.Matches(k, keys.Down), key.Matches(k, keys.Next):
		p.cur = (p.cur + 1) % len(p.items)
	case key.Matches(k, keys.Choose):
		return Done
	case len(k.Text) == 1 && k.Text >= "1" && k.Text <= "9":
		if i, _ := strconv.Atoi(k.Text); i <= len(p.items) {
			p.cur = i - 1
			return Done
		}
	}
	return Open
}

// Chosen is the index of the item under the cursor: the one chosen once
// Update returned Done.
func (p *Picker) Chosen() int { return p.cur }

// View draws the list in a box centred in w×h; a long list scrolls with
// the cursor.
func (p *Picker) View(st Styles, w, h int) string {
	var b strings.Builder
	b.WriteString(st.Title.Render(textsafe.Truncate(p.title, w-6)))
	inner := max(w-8, 10)
	n := max(h-6, 3)
	start := max(p.cur-n+1, 0)
	for i := start; i < min(len(p.items), start+n); i++ {
		it := p.items[i]
		mark := "  "
		style := lipgloss.NewStyle()
		if i == p.cur {
			mark, style = "▸ ", st.Selected
		}
		if it.Disabled {
			style = st.Disabled
		}
		num := "  "
		if i < 9 {
			num = strconv.Itoa(i+1) + " "
		}
		note := ""
		if it.Note != "" {
			note = " (" + textsafe.Line(it.Note) + ")"
		}
		// The mark and the number take four cells.
		label := textsafe.Truncate(textsafe.Line(it.Label), inner-4-textsafe.Width(note))
		b.WriteString("\n" + st.Bar.Render(mark) + st.Key.Render(num) + paint(style, label) + paint(st.Dim, note))
	}
	b.WriteString("\n\n" + st.Dim.Render(textsafe.Truncate(p.hint, inner)))
	s, _, _ := Box(st, b.String(), w, h)
	return s
}

// paint renders s in st, and nothing for nothing.
func paint(st lipgloss.Style, s string) string {
	if s == "" {
		return ""
	}
	return st.Render(s)
}
