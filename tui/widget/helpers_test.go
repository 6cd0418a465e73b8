package widget

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// testKeys are bindings like the application's: the widgets must work
// with any, so the tests do not borrow tui's.
func testKeys() *Keys {
	b := func(keys ...string) key.Binding { return key.NewBinding(key.WithKeys(keys...)) }
	return &Keys{
		Left: b("left", "h"), Right: b("right", "l"), Up: b("up", "k"), Down: b("down", "j"),
		Next: b("tab", "down"), Prev: b("shift+tab", "up"),
		Choose: b("enter"), Cancel: b("esc"), Save: b("ctrl+s"),
		Yes: b("y"), No: b("n", "esc"),
		Line: EditKeys{
			CharLeft: b("left", "ctrl+b"), CharRight: b("right", "ctrl+f"),
			LineStart: b("home", "ctrl+a"), LineEnd: b("end", "ctrl+e"),
			DeleteBack: b("backspace", "ctrl+h"), DeleteForward: b("delete", "ctrl+d"),
			DeleteToStart: b("ctrl+u"), DeleteToEnd: b("ctrl+k"),
		},
	}
}

// testStyles draw without colour, so views compare as text.
func testStyles() Styles {
	s := lipgloss.NewStyle
	return Styles{Box: s().Border(lipgloss.RoundedBorder()).Padding(0, 1), Title: s(), Label: s(), LabelFocus: s(),
		Bar: s(), Selected: s(), Key: s(), Disabled: s(), Dim: s(), Error: s()}
}

var named = map[string]tea.Key{
	"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "space": {Code: tea.KeySpace, Text: " "},
	"left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown},
	"home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd}, "backspace": {Code: tea.KeyBackspace},
	"ctrl+s": {Code: 's', Mod: tea.ModCtrl},
}

// press is the key press named k: a name above or one character.
func press(k string) tea.KeyPressMsg {
	if key, ok := named[k]; ok {
		return tea.KeyPressMsg(key)
	}
	r := []rune(k)
	if len(r) != 1 {
		panic("unknown key " + k)
	}
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// typed sends every character of s as a key press.
func typed(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}
