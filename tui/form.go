package tui

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// form is the new-ticket and the edit form, and (with one field) the
// note form. It stays open while the store saves; a refused save keeps
// every input and shows why next to the fields.
type form struct {
	e       *env
	title   string
	fields  []*widget.Field
	focus   int
	submit  func(f *form) (tea.Msg, string) // the intent, or why not
	ticket  *domain.Ticket                  // the card edited or noted; nil for a new one
	err     string
	saving  bool
	confirm bool // asking whether to discard the input
	hint    i18n.Key
	suggest *suggester // the new-ticket form's triage panel (suggest.go); nil elsewhere
	w, h    int
}

// Most rows a text field or the textarea takes on screen.
const (
	maxInputWidth = 72
	maxAreaHeight = 10
)

func (f *form) byName(name string) *widget.Field {
	for _, fl := range f.fields {
		if fl.Name() == name {
			return fl
		}
	}
	return nil
}

func (f *form) val(name string) string { return f.byName(name).Value() }

// labelWidth is the label column: "▸ " and the widest label.
func (f *form) labelWidth() int {
	w := 0
	for _, fl := range f.fields {
		w = max(w, textsafe.Width(fl.Label()))
	}
	return w + 3
}

// layout sizes the inputs for a w×h body: the textarea gets the rows the
// other fields and the title, error and hint lines leave.
func (f *form) layout(w, h int) {
	f.w, f.h = w, h
	inputW := min(w-f.labelWidth()-1, maxInputWidth)
	areaH := max(min(h-(len(f.fields)-1)-6-f.suggest.rows(), maxAreaHeight), 3)
	for _, fl := range f.fields {
		fl.SetSize(max(inputW, 4), areaH)
	}
}

func (f *form) dirty() bool {
	for _, fl := range f.fields {
		if fl.Changed() {
			return true
		}
	}
	return false
}

func (f *form) move(delta int) {
	f.fields[f.focus].Blur()
	f.focus = (f.focus + delta + len(f.fields)) % len(f.fields)
	f.fields[f.focus].Focus()
}

func (f *form) update(msg tea.Msg) (layer, tea.Cmd) {
	keys := &f.e.keys
	cur := f.fields[f.focus]
	switch msg := msg.(type) {
	case sizeMsg:
		f.layout(msg.width, msg.height)
		return f, nil
	case tea.PasteMsg:
		if !f.saving && !f.confirm {
			cur.Update(msg)
			f.suggest.refresh(f)
		}
		return f, nil
	case tea.KeyPressMsg:
		if f.saving {
			return f, nil
		}
		if f.confirm {
			switch {
			case keyIs(msg, keys.Yes):
				return nil, notice(f.e.lang.T(i18n.MsgCancelled), false)
			case keyIs(msg, keys.No):
				f.confirm = false
			}
			return f, nil
		}
		switch {
		case keyIs(msg, keys.Cancel):
			if !f.dirty() {
				return nil, notice(f.e.lang.T(i18n.MsgCancelled), false)
			}
			f.confirm = true
		case keyIs(msg, keys.Save):
			return f.save()
		case f.suggest != nil && keyIs(msg, keys.AcceptSuggestion):
			f.suggest.accept(f)
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
		case keyIs(msg, keys.Choose) && !cur.Multiline():
			if f.focus == len(f.fields)-1 {
				return f.save()
			}
			f.move(1)
		default:
			cur.Update(msg)
			f.suggest.refresh(f)
		}
	}
	return f, nil
}

// save checks what the form can check itself and hands the intent to the
// root; the form waits for the store's answer.
func (f *form) save() (layer, tea.Cmd) {
	msg, why := f.submit(f)
	if why != "" {
		f.err = why
		return f, nil
	}
	f.err, f.saving = "", true
	return f, emit(msg)
}

func (f *form) waiting() bool { return f.saving }

// failed shows why the store refused the save, puts the focus on the
// field it names, and, after a conflict, adopts the card's new version so
// that saving again applies the changes over it.
func (f *form) failed(err error, current *domain.Ticket) {
	f.saving = false
	f.err = errText(f.e.lang, err)
	var ie *store.InvalidError
	if errors.As(err, &ie) {
		name, _, _ := strings.Cut(ie.Msg, ":")
		for i, fl := range f.fields {
			if fl.Name() == name {
				f.fields[f.focus].Blur()
				f.focus = i
				fl.Focus()
			}
		}
	}
	if current != nil && f.ticket != nil {
		f.ticket.Version = current.Version
	}
}

func (f *form) view(w, h int) (string, *tea.Cursor) {
	if w != f.w || h != f.h {
		f.layout(w, h)
	}
	st, l := f.e.styles, f.e.lang
	labelW := f.labelWidth()
	out := []string{st.Title.Render(textsafe.Truncate(f.title, w)), ""}
	var cur *tea.Cursor
	for i, fl := range f.fields {
		focused := i == f.focus
		label := textsafe.PadRight(fl.Label(), labelW-2)
		mark, ls := "  ", st.Label
		if focused {
			mark, ls = "▸ ", st.LabelFocus
		}
		input, pos := fl.View(st.Styles, focused)
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
	out = append(out, f.suggest.lines(f, w)...)
	out = append(out, "")
	switch {
	case f.confirm:
		out = append(out, st.Error.Render(textsafe.Truncate(l.T(i18n.FormDiscard), w)))
	case f.saving:
		out = append(out, st.Dim.Render(l.T(i18n.FormSaving)))
	case f.err != "":
		for _, ln := range textsafe.Wrap(f.err, w) {
			out = append(out, st.Error.Render(ln))
		}
	default:
		out = append(out, "")
	}
	out = append(out, st.Dim.Render(textsafe.Truncate(l.T(f.hint), w)))
	return strings.Join(out, "\n"), cur
}

// Choices of the selector fields, in the session's language.
func channelChoices(l i18n.Lang) []widget.Choice {
	out := make([]widget.Choice, len(domain.Channels))
	for i, c := range domain.Channels {
		out[i] = widget.Choice{Label: l.Channel(c), Value: string(c)}
	}
	return out
}

func categoryChoices(l i18n.Lang) []widget.Choice {
	out := make([]widget.Choice, len(domain.Categories))
	for i, c := range domain.Categories {
		out[i] = widget.Choice{Label: l.Category(c), Value: string(c)}
	}
	return out
}

func priorityChoices(l i18n.Lang) []widget.Choice {
	out := make([]widget.Choice, len(domain.Priorities))
	for i, p := range domain.Priorities {
		out[i] = widget.Choice{Label: priorityLabel(l, p), Value: p.String()}
	}
	return out
}

func tierChoices(l i18n.Lang) []widget.Choice {
	return []widget.Choice{{Label: l.Tier(domain.TierNormal), Value: string(domain.TierNormal)}, {Label: l.Tier(domain.TierVIP), Value: string(domain.TierVIP)}}
}
