package tui

import (
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// fieldKind is how a form field is edited.
type fieldKind int

const (
	textField   fieldKind = iota // one line (widget.LineInput)
	areaField                    // several lines (textarea)
	choiceField                  // one of a few values, chosen with ←/→
)

// choice is one value of a choice field.
type choice struct{ label, value string }

// field is one input of a form. Its store name ("title", "phone") lets a
// store error that names the field put the focus on it.
type field struct {
	label   i18n.Key
	name    string
	kind    fieldKind
	input   *widget.LineInput
	area    textarea.Model
	choices []choice
	idx     int
	initial string // value when the form opened, to tell what changed
}

func textInput(keys *KeyMap, label i18n.Key, name, value string, limit int) *field {
	f := &field{label: label, name: name, kind: textField, input: widget.NewLineInput(&keys.Line, 20, limit)}
	f.input.SetValue(value)
	f.initial = f.value()
	return f
}

// areaInput is a textarea with the real terminal cursor: bubbles'
// textarea measures wide characters by cells, which the tests check.
func areaInput(label i18n.Key, name, value string) *field {
	ta := textarea.New()
	ta.SetVirtualCursor(false)
	ta.ShowLineNumbers = false
	ta.Prompt = "┃ " // shows the area's extent even without colour
	ta.MaxContentHeight = 2000
	s := textarea.DefaultStyles(true)
	s.Focused.CursorLine = lipgloss.NewStyle()
	s.Blurred.Text = lipgloss.NewStyle()
	s.Blurred.CursorLine = lipgloss.NewStyle()
	ta.SetStyles(s)
	ta.SetValue(value)
	f := &field{label: label, name: name, kind: areaField, area: ta}
	f.initial = f.value()
	return f
}

func choiceInput(label i18n.Key, name string, choices []choice, value string) *field {
	f := &field{label: label, name: name, kind: choiceField, choices: choices}
	for i, c := range choices {
		if c.value == value {
			f.idx = i
		}
	}
	f.initial = f.value()
	return f
}

func (f *field) value() string {
	switch f.kind {
	case textField:
		return f.input.Value()
	case areaField:
		return f.area.Value()
	}
	return f.choices[f.idx].value
}

func (f *field) changed() bool { return f.value() != f.initial }

func (f *field) setSize(w, areaH int) {
	switch f.kind {
	case textField:
		f.input.SetWidth(w - 2)
	case areaField:
		f.area.SetWidth(w)
		f.area.SetHeight(areaH)
	}
}

func (f *field) focus() {
	if f.kind == areaField {
		f.area.Focus()
	}
}

func (f *field) blur() {
	if f.kind == areaField {
		f.area.Blur()
	}
}

// atEdge reports whether ↑/↓ should leave the field rather than move
// within it: always, except inside a textarea away from its first or
// last line.
func (f *field) atEdge(down bool) bool {
	if f.kind != areaField {
		return true
	}
	li := f.area.LineInfo()
	if down {
		return f.area.Line() == f.area.LineCount()-1 && li.RowOffset >= li.Height-1
	}
	return f.area.Line() == 0 && li.RowOffset == 0
}

// update gives the field a key or paste.
func (f *field) update(msg tea.Msg, keys *KeyMap) {
	switch f.kind {
	case textField:
		f.input.Update(msg)
	case areaField:
		f.area, _ = f.area.Update(msg)
	case choiceField:
		if k, ok := msg.(tea.KeyPressMsg); ok {
			switch {
			case keyIs(k, keys.Line.CharLeft), keyIs(k, keys.Left):
				f.idx = (f.idx + len(f.choices) - 1) % len(f.choices)
			case keyIs(k, keys.Line.CharRight), keyIs(k, keys.Right), k.String() == "space":
				f.idx = (f.idx + 1) % len(f.choices)
			}
		}
	}
}

// view draws the field's input (without its label) and, when focused,
// where the cursor goes relative to the input's top-left cell. Every kind
// starts with a two-cell lead so the values line up.
func (f *field) view(st Styles, focused bool) (string, *tea.Position) {
	switch f.kind {
	case textField:
		// Indented like the textarea's "┃ " and the choices' "‹ ".
		return "  " + f.input.View(), &tea.Position{X: 2 + f.input.CursorColumn()}
	case areaField:
		if c := f.area.Cursor(); c != nil {
			return f.area.View(), &c.Position
		}
		return f.area.View(), nil
	}
	label := textsafe.Line(f.choices[f.idx].label)
	if focused {
		return st.LabelFocus.Render("‹ " + label + " ›"), nil
	}
	return "  " + label, nil
}
