package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// layer is a component shown in place of the board or the detail while it
// is open: a picker, a prompt, a form or the help. It gets every key and
// paste; returning a nil layer closes it. Layers never touch the store:
// what they decide comes back to the root as a message.
type layer interface {
	update(msg tea.Msg) (layer, tea.Cmd)
	// view draws the layer into a w×h body and says where the terminal
	// cursor goes (nil: hidden).
	view(w, h int) (string, *tea.Cursor)
}

// sizeMsg tells an open layer the body's new size.
type sizeMsg struct{ width, height int }

// keyIs reports whether a key press matches a binding.
func keyIs(msg tea.KeyPressMsg, b key.Binding) bool { return key.Matches(msg, b) }

// emit is a command that delivers msg to the root model.
func emit(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
