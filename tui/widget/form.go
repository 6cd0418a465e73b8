package widget

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// FormText is what a form says besides its fields: the keys hint, the
// question before discarding input, and the line shown while the
// application saves.
type FormText struct {
	Hint, Discard, Saving string
}

// Form is a column of labelled fields. tab, shift+tab and ↑/↓ at a
// field's edge move between fields; enter moves on, and on the last
// field (as ctrl+s anywhere) asks to save: Update returns Done and the
// application checks the values, then Refuses them or has the form Wait
// for its answer. esc is Cancelled at once when nothing changed; after a
// change the form asks first. A refused save keeps every input.
type Form struct {
	keys    *Keys
	title   string
	text    FormText
	fields  []*Field
	focus   int
	err     string
	waiting bool
	confirm bool // asking whether to discard the input
	panel   func(w int) []string
	panelH  int
	w, h    int
}

// Most cells a text field and most rows the textarea take.
const (
	maxInputWidth = 72
	maxAreaHeight = 10
)

// NewForm lays out fields (at least one) for a w×h body, the first
// focused.
func NewForm(keys *Keys, title string, text FormText, fields []*Field, w, h int) *Form {
	f := &Form{keys: keys, title: title, text: text, fields: fields}
	f.Layout(w, h)
	f.fields[0].Focus()
	return f
}

// SetPanel puts rows lines that draw returns (at most w cells each)
// under the fields, such as a hint computed from their values.
func (f *Form) SetPanel(rows int, draw func(w int) []string) {
	f.panel, f.panelH = draw, rows
	f.Layout(f.w, f.h)
}

// Field is the field called name, or nil.
func (f *Form) Field(name string) *Field {
	for _, fl := range f.fields {
		if fl.name == name {
			return fl
		}
	}
	return nil
}

// Dirty reports whether any field changed.
func (f *Form) Dirty() bool {
	for _, fl := range f.fields {
		if fl.Changed() {
			return true
		}
	}
	return false
}

// Err is why the last save was refused ("" if it was not).
func (f *Form) Err() string { return f.err }

// Wait shows the saving line and takes no keys until Refuse.
func (f *Form) Wait() { f.err, f.waiting = "", true }

// Waiting reports whether the form waits for the application.
func (f *Form) Waiting() bool { return f.waiting }

// Asking reports whether the form asks whether to discard its input.
func (f *Form) Asking() bool { return f.confirm }

// Refuse shows why the save was refused and takes keys again; a field
// called name, if any, gets the focus.
func (f *Form) Refuse(why, name string) {
	f.waiting, f.err = false, why
	for i, fl := range f.fields {
		if fl.name == name {
			f.fields[f.focus].Blur()
			f.focus = i
			fl.Focus()
		}
	}
}

// labelWidth is the label column: "▸ " and the widest label.
func (f *Form) labelWidth() int {
	w := 0
	for _, fl := range f.fields {
		w = max(w, textsafe.Width(fl.label))
	}
	return w + 3
}

// Layout sizes the inputs for a w×h body: the textarea gets the rows the
// other fields, the panel and the title, error and hint lines leave.
func (f *Form) Layout(w, h int) {
	f.w, f.h = w, h
	inputW := min(w-f.labelWidth()-1, maxInputWidth)
	areaH := max(min(h-(len(f.fields)-1)-6-f.panelH, maxAreaHeight), 3)
	for _, fl := range f.fields {
		fl.SetSize(max(inputW, 4), areaH)
	}
}

func (f *Form) move(delta int) {
	f.fields[f.focus].Blur()
	f.focus = (f.focus + delta + len(f.fields)) % len(f.fields)
	f.fields[f.focus].Focus()
}

// Update takes a key or a paste: Done asks to save, Cancelled closes.
func (f *Form) Update(msg tea.Msg) Result {
	cur := f.fields[f.focus]
	switch msg := msg.(type) {
	case tea.PasteMsg:
		if !f.waiting && !f.confirm {
			cur.Update(msg)
		}
	case tea.KeyPressMsg:
		keys := f.keys
		switch {
		case f.waiting:
		case f.confirm:
			switch {
			case key.Matches(msg, keys.Yes):
				return Cancelled
			case key.Matches(msg, keys.No):
				f.confirm = false
			}
		case key.Matches(msg, keys.Cancel):
			if !f.Dirty() {
				return Cancelled
			}
			f.confirm = true
		case key.Matches(msg, keys.Save):
			return Done
		case msg.String() == "tab":
			f.move(1)
		case msg.String() == "shift+tab":
			f.move(-1)
		case (msg.String() == "down" || msg.String() == "up") && cur.AtEdge(msg.String() == "down"):
			if msg.String() == "down" {
				f.move(1)
			} else {
				f.move(-1)
			}
		case key.Matches(msg, keys.Choose) && cur.kind != areaField:
			if f.focus == len(f.fields)-1 {
				return Done
			}
			f.move(1)
		default:
			cur.Update(msg)
		}
	}
	return Open
}

// View draws the form into a w×h body and says where the cursor goes.
func (f *Form) View(st Styles, w, h int) (string, *tea.Cursor) {
	if w != f.w || h != f.h {
		f.Layout(w, h)
	}
	labelW := f.labelWidth()
	out := []string{st.Title.Render(textsafe.Truncate(f.title, w)), ""}
	var cur *tea.Cursor
	for i, fl := range f.fields {
		focused := i == f.focus
		label := textsafe.PadRight(fl.label, labelW-2)
		mark, ls := "  ", st.Label
		if focused {
			mark, ls = "▸ ", st.LabelFocus
		}
		input, pos := fl.View(st, focused)
		if focused && pos != nil && !f.confirm {
			cur = tea.NewCursor(labelW+pos.X, len(out)+pos.Y)
		}
		for j, ln := range strings.Split(input, "\n") {
			if j == 0 {
				out = append(out, st.Bar.Render(mark)+ls.Render(label)+ln)
			} else {
				out = append(out, strings.Repeat(" ", labelW)+ln)
			}
		}
	}
	if f.panel != nil {
		out = append(out, f.panel(w)...)
	}
	out = append(out, "")
	switch {
	case f.confirm:
		out = append(out, st.Error.Render(textsafe.Truncate(f.text.Discard, w)))
	case f.waiting:
		out = append(out, st.Dim.Render(f.text.Saving))
	case f.err != "":
		for _, ln := range textsafe.Wrap(f.err, w) {
			out = append(out, st.Error.Render(ln))
		}
	default:
		out = append(out, "")
	}
	out = append(out, st.Dim.Render(textsafe.Truncate(f.text.Hint, w)))
	return strings.Join(out, "\n"), cur
}
