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
	Note     string // "current", "not allowed", "3 open"
	Disabled bool
}

// Picker is a small list to choose from: a column to move to, an agent,
// a filter. ↑/↓ (and tab) move, enter chooses, 1–9 choose directly ("m
// 3" moves to the third column), esc cancels. The cursor starts on the
// first item that is not disabled. A long list scrolls with the cursor
// and says which items it shows ("↑ 4–11/24 ↓").
//
// A picker that filters (Filter) narrows its items to those whose label
// holds what is typed: letters (j and k too) are typed, not moves; the
// arrows and tab move; a digit chooses directly only before anything is
// typed; backspace takes back a letter; esc clears what was typed, then
// cancels.
type Picker struct {
	keys        *Keys
	title, hint string
	items       []Item
	shown       []int // indexes of items that match the filter
	cur         int   // index into shown
	top         int   // first of shown in the window

	filters         bool
	query           string
	prompt, nomatch string
}

// NewPicker offers items (at least one) under title; hint says which keys
// do what.
func NewPicker(keys *Keys, title, hint string, items []Item) *Picker {
	p := &Picker{keys: keys, title: title, hint: hint, items: items}
	p.refilter()
	return p
}

// Filter makes the picker filter as the user types; prompt invites
// typing ("type to filter"), nomatch says nothing matches, hint replaces
// the keys' hint.
func (p *Picker) Filter(prompt, nomatch, hint string) *Picker {
	p.filters, p.prompt, p.nomatch, p.hint = true, prompt, nomatch, hint
	return p
}

// refilter recomputes the items shown and puts the cursor on the first
// enabled one.
func (p *Picker) refilter() {
	q := strings.ToLower(p.query)
	p.shown = p.shown[:0]
	for i, it := range p.items {
		if q == "" || strings.Contains(strings.ToLower(it.Label), q) {
			p.shown = append(p.shown, i)
		}
	}
	p.cur, p.top = 0, 0
	for p.cur < len(p.shown)-1 && p.items[p.shown[p.cur]].Disabled {
		p.cur++
	}
}

// Update takes a key press; Done means Chosen is the item chosen.
func (p *Picker) Update(msg tea.Msg) Result {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return Open
	}
	keys := p.keys
	n := len(p.shown)
	arrow := k.Code == tea.KeyUp || k.Code == tea.KeyDown
	switch {
	case key.Matches(k, keys.Cancel) && p.query != "":
		p.query = ""
		p.refilter()
	case key.Matches(k, keys.Cancel):
		return Cancelled
	case p.filters && key.Matches(k, keys.Line.DeleteBack):
		r := []rune(p.query)
		p.query = string(r[:max(len(r)-1, 0)])
		p.refilter()
	case (!p.filters || arrow) && (key.Matches(k, keys.Up) || key.Matches(k, keys.Prev)),
		p.filters && key.Matches(k, keys.Prev):
		if n > 0 {
			p.cur = (p.cur + n - 1) % n
		}
	case (!p.filters || arrow) && (key.Matches(k, keys.Down) || key.Matches(k, keys.Next)),
		p.filters && key.Matches(k, keys.Next):
		if n > 0 {
			p.cur = (p.cur + 1) % n
		}
	case key.Matches(k, keys.Choose):
		if n > 0 {
			return Done
		}
	case p.query == "" && len(k.Text) == 1 && k.Text >= "1" && k.Text <= "9":
		if i, _ := strconv.Atoi(k.Text); i <= n {
			p.cur = i - 1
			return Done
		}
	case p.filters && k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0:
		if t := textsafe.Line(k.Text); t != "" && textsafe.Width(p.query+t) <= 30 {
			p.query += t
			p.refilter()
		}
	}
	return Open
}

// Chosen is the index (in the items given) of the item under the cursor:
// the one chosen once Update returned Done.
func (p *Picker) Chosen() int {
	if p.cur >= len(p.shown) {
		return 0
	}
	return p.shown[p.cur]
}

// View draws the list in a box centred in w×h; a long list scrolls with
// the cursor and ends with which items show of how many.
func (p *Picker) View(st Styles, w, h int) string {
	var b strings.Builder
	b.WriteString(st.Title.Render(textsafe.Truncate(p.title, w-6)))
	inner := max(w-8, 10)
	if p.filters {
		line := st.Key.Render("› ") + p.query + st.Bar.Render("▏")
		if p.query == "" {
			line += st.Dim.Render(textsafe.Truncate(p.prompt, inner-3))
		}
		b.WriteString("\n" + line)
	}
	room := max(h-6, 3)
	if p.filters {
		room = max(room-1, 3)
	}
	total := len(p.shown)
	if total > room {
		room = max(room-1, 2) // the indicator's line
	}
	p.top = min(max(p.top, p.cur-room+1), p.cur)
	p.top = max(min(p.top, total-room), 0)
	if total == 0 {
		b.WriteString("\n" + st.Dim.Render(textsafe.Truncate(p.nomatch, inner)))
	}
	for i := p.top; i < min(total, p.top+room); i++ {
		it := p.items[p.shown[i]]
		mark := "  "
		style := lipgloss.NewStyle()
		if i == p.cur {
			mark, style = "▸ ", st.Selected
		}
		if it.Disabled {
			style = st.Disabled
		}
		num := "  "
		if i < 9 && p.query == "" {
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
	if total > room {
		ind := strconv.Itoa(p.top+1) + "–" + strconv.Itoa(min(p.top+room, total)) + "/" + strconv.Itoa(total)
		if p.top > 0 {
			ind = "↑ " + ind
		}
		if p.top+room < total {
			ind += " ↓"
		}
		b.WriteString("\n" + st.Dim.Render("    "+ind))
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
