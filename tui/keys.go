package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/loopdesk/loopdesk/i18n"
)

// KeyMap is every key binding of the TUI. Handling (key.Matches) and help
// (bubbles/help) read the same bindings, so the help cannot drift from
// what the keys do. Upper-case letters are bound both as "H" (legacy
// terminals send the shifted text) and "shift+h" (terminals with keyboard
// enhancements report the modifier).
type KeyMap struct {
	// Board and card detail.
	Left, Right, Up, Down, Top, Bottom key.Binding
	PageUp, PageDown                   key.Binding
	Open, Back                         key.Binding
	Move, MoveLeft, MoveRight          key.Binding
	Assign, Take, New, Note, Edit      key.Binding
	Search, Filter, Jump, Refresh      key.Binding
	Help, Quit                         key.Binding

	// Pickers, prompts and forms. ForceQuit works even where q is a letter.
	Choose, Cancel, Next, Prev, Save, Yes, No, ForceQuit key.Binding

	// Editing a line of text.
	CharLeft, CharRight, LineStart, LineEnd key.Binding
	DeleteBack, DeleteForward               key.Binding
	DeleteToStart, DeleteToEnd              key.Binding
}

func newKeyMap(l i18n.Lang) KeyMap {
	b := func(help string, desc i18n.Key, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, l.T(desc)))
	}
	plain := func(keys ...string) key.Binding { return key.NewBinding(key.WithKeys(keys...)) }
	return KeyMap{
		Left:      b("←/h", i18n.KeyLeft, "left", "h"),
		Right:     b("→/l", i18n.KeyRight, "right", "l"),
		Up:        b("↑/k", i18n.KeyUp, "up", "k"),
		Down:      b("↓/j", i18n.KeyDown, "down", "j"),
		Top:       b("g", i18n.KeyTop, "g", "home"),
		Bottom:    b("G", i18n.KeyBottom, "G", "shift+g", "end"),
		PageUp:    b("pgup", i18n.KeyPage, "pgup", "ctrl+b"),
		PageDown:  b("pgdn/pgup", i18n.KeyPage, "pgdown", "ctrl+f", "space"),
		Open:      b("enter", i18n.KeyOpen, "enter"),
		Back:      b("esc", i18n.KeyBack, "esc"),
		Move:      b("m", i18n.KeyMove, "m"),
		MoveLeft:  b("H", i18n.KeyMoveLeft, "H", "shift+h"),
		MoveRight: b("L", i18n.KeyMoveRight, "L", "shift+l"),
		Assign:    b("a", i18n.KeyAssign, "a"),
		Take:      b("t", i18n.KeyTake, "t"),
		New:       b("n", i18n.KeyNew, "n"),
		Note:      b("N/c", i18n.KeyNote, "N", "shift+n", "c"),
		Edit:      b("e", i18n.KeyEdit, "e"),
		Search:    b("/", i18n.KeySearch, "/"),
		Filter:    b("f", i18n.KeyFilter, "f"),
		Jump:      b(":", i18n.KeyJump, ":"),
		Refresh:   b("r", i18n.KeyRefresh, "r"),
		Help:      b("?", i18n.KeyHelp, "?"),
		Quit:      b("q", i18n.KeyQuit, "q", "ctrl+c"),

		Choose: plain("enter"),
		Cancel: plain("esc"),
		Next:   plain("tab", "down"),
		Prev:   plain("shift+tab", "up"),
		Save:   plain("ctrl+s"),
		Yes:    plain("y", "Y", "shift+y"),
		No:     plain("n", "N", "shift+n", "esc"),

		ForceQuit: plain("ctrl+c"),

		CharLeft:      plain("left", "ctrl+b"),
		CharRight:     plain("right", "ctrl+f"),
		LineStart:     plain("home", "ctrl+a"),
		LineEnd:       plain("end", "ctrl+e"),
		DeleteBack:    plain("backspace", "ctrl+h"),
		DeleteForward: plain("delete", "ctrl+d"),
		DeleteToStart: plain("ctrl+u"),
		DeleteToEnd:   plain("ctrl+k"),
	}
}

// boardHelp is the short help of the board's status line.
func (k KeyMap) boardHelp() []key.Binding {
	return []key.Binding{k.Open, k.Move, k.Assign, k.Take, k.New, k.Search, k.Filter, k.Help, k.Quit}
}

// detailHelp is the short help of the card detail.
func (k KeyMap) detailHelp() []key.Binding {
	return []key.Binding{k.Back, k.Down, k.Move, k.Assign, k.Take, k.Note, k.Edit, k.Help}
}

// fullHelp groups every board and detail binding for the help screen.
func (k KeyMap) fullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Left, k.Right, k.Up, k.Down, k.Top, k.Bottom, k.PageDown},
		{k.Open, k.Back, k.Move, k.MoveLeft, k.MoveRight, k.Assign, k.Take, k.Note},
		{k.Edit, k.New, k.Search, k.Filter, k.Jump, k.Refresh, k.Help, k.Quit},
	}
}
