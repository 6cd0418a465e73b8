package widget

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// Keys are the bindings the widgets read. The application defines their
// values with its other keys; Up, Down, Left and Right are the board's
// moving keys, which also move in a list and change a choice.
type Keys struct {
	Left, Right, Up, Down key.Binding
	Next, Prev            key.Binding // the next or previous item
	Choose, Cancel, Save  key.Binding
	Yes, No               key.Binding
	Line                  EditKeys
}

// Styles are the styles the widgets draw with. The application fills
// them in with its other styles, so a colour is set in one place.
type Styles struct {
	Box               lipgloss.Style // the frame of a picker, prompt or confirm
	Title             lipgloss.Style
	Label, LabelFocus lipgloss.Style // a form field's label, and the focused one's
	Bar               lipgloss.Style // the mark in front of the current item
	Selected          lipgloss.Style // the current item
	Key               lipgloss.Style // an item's number
	Disabled          lipgloss.Style // an item that cannot be chosen
	Dim               lipgloss.Style // hints and notes
	Error             lipgloss.Style
}

// Result is what a key did to a widget that ends in a decision.
type Result int

const (
	Open      Result = iota // nothing decided: the widget stays
	Done                    // chosen, submitted or confirmed
	Cancelled               // esc, or no to a question
)

// Box draws content in the Box style centred in a w×h area and returns
// where the content starts, so a widget can place the terminal cursor.
func Box(st Styles, content string, w, h int) (string, int, int) {
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
