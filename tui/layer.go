package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
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

// boxed draws content in the layer box centred in a w×h body and returns
// where the box's content starts, so a layer can place the cursor.
func boxed(st Styles, content string, w, h int) (string, int, int) {
	box := st.Box.Render(content)
	bw, bh := lipgloss.Width(box), lipgloss.Height(box)
	x, y := max((w-bw)/2, 0), max((h-bh)/2, 0)
	pad := strings.Repeat(" ", x)
	lines := strings.Split(box, "\n")
	for i := range lines {
		lines[i] = pad + lines[i]
	}
	top := strings.Repeat("\n", y)
	// Content starts inside the border and the horizontal padding.
	return top + strings.Join(lines, "\n"), x + st.Box.GetBorderLeftSize() + st.Box.GetPaddingLeft(), y + st.Box.GetBorderTopSize() + st.Box.GetPaddingTop()
}
