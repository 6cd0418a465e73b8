package widget

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// fieldKind is how a field is edited.
type fieldKind int

const (
	textField   fieldKind = iota // one line (LineInput)
	areaField                    // several lines (textarea)
	choiceField                  // one of a few values, chosen with ←/→
)

// Choice is one value of a choice field: what it shows and what it means.
type Choice struct{ Label, Value string }

// Field is one input of a form, or an editor on its own. Its name
// ("title", "phone") lets the application put the focus on the field an
// error names.
type Field struct {
	label   string
	name    string
	kind    fieldKind
	keys    *Keys
	input   *LineInput
	area    textarea.Model
	choices []Choice
	idx     int
	initial string // value when the field was made, to tell what changed
}

// NewText is a one-line field that takes at most limit grapheme clusters
// (0: no limit).
func NewText(keys *Keys, label, name, value string, limit int) *Field {
	f := &Field{label: label, name: name, kind: textField, keys: keys, input: NewLineInput(&keys.Line, 20, limit)}
	f.input.SetValue(value)
	f.initial = f.Value()
	return f
}

// NewArea is a textarea with the real terminal cursor: bubbles' textarea
// measures wide characters by cells, which the tests check.
func NewArea(label, name, value string) *Field {
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
	f := &Field{label: label, name: name, kind: areaField, area: ta}
	f.initial = f.Value()
	return f
}

// NewChoice is a field that holds one of choices, value at first (the
// first choice if none has it).
func NewChoice(keys *Keys, label, name string, choices []Choice, value string) *Field {
	f := &Field{label: label, name: name, kind: choiceField, keys: keys, choices: choices}
	f.Pick(value)
	f.initial = f.Value()
	return f
}

// Label is what the form shows in front of the field.
func (f *Field) Label() string { return f.label }

// Name is the field's name in the application's terms.
func (f *Field) Name() string { return f.name }

// Value is the text typed or the value chosen.
func (f *Field) Value() string {
	switch f.kind {
	case textField:
		return f.input.Value()
	case areaField:
		return f.area.Value()
	}
	return f.choices[f.idx].Value
}

// Changed reports whether the value differs from the one the field was
// made with.
func (f *Field) Changed() bool { return f.Value() != f.initial }

// Pick selects the choice with value, if the field offers it.
func (f *Field) Pick(value string) {
	for i, c := range f.choices {
		if c.Value == value {
			f.idx = i
		}
	}
}

// Insert puts s at the cursor of a text field or textarea, as a paste.
func (f *Field) Insert(s string) {
	switch f.kind {
	case textField:
		f.input.Update(tea.PasteMsg{Content: s})
	case areaField:
		f.area.InsertString(s)
	}
}

// SetSize fits the input into w cells; a textarea gets areaH rows.
func (f *Field) SetSize(w, areaH int) {
	switch f.kind {
	case textField:
		f.input.SetWidth(w - 2)
	case areaField:
		f.area.SetWidth(w)
		f.area.SetHeight(areaH)
	}
}

// Focus and Blur show and hide a textarea's cursor.
func (f *Field) Focus() {
	if f.kind == areaField {
		f.area.Focus()
	}
}

func (f *Field) Blur() {
	if f.kind == areaField {
		f.area.Blur()
	}
}

// AtEdge reports whether ↑/↓ should leave the field rather than move
// within it: always, except inside a textarea away from its first or
// last line.
func (f *Field) AtEdge(down bool) bool {
	if f.kind != areaField {
		return true
	}
	li := f.area.LineInfo()
	if down {
		return f.area.Line() == f.area.LineCount()-1 && li.RowOffset >= li.Height-1
	}
	return f.area.Line() == 0 && li.RowOffset == 0
}

// Update gives the field a key or paste.
func (f *Field) Update(msg tea.Msg) {
	switch f.kind {
	case textField:
		f.input.Update(msg)
	case areaField:
		f.area, _ = f.area.Update(msg)
	case choiceField:
		if k, ok := msg.(tea.KeyPressMsg); ok {
			keys := f.keys
			switch {
			case key.Matches(k, keys.Line.CharLeft), key.Matches(k, keys.Left):
				f.idx = (f.idx + len(f.choices) - 1) % len(f.choices)
			case key.Matches(k, keys.Line.CharRight), key.Matches(k, keys.Right), k.String() == "space":
				f.idx = (f.idx + 1) % len(f.choices)
			}
		}
	}
}

// View draws the field's input (without its label) and, when focused,
// where the cursor goes relative to the input's top-left cell. Every kind
// starts with a two-cell lead so the values line up.
func (f *Field) View(st Styles, focused bool) (string, *tea.Position) {
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
	label := textsafe.Line(f.choices[f.idx].Label)
	if focused {
		return st.LabelFocus.Render("‹ " + label + " ›"), nil
	}
	return "  " + label, nil
}
