package tui

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/triage"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// Field limits the form enforces while typing; the store checks again.
const (
	titleLimit = 200
	fieldLimit = 100
	phoneLimit = 30
)

// form is the board's form (widget.Form): the new-ticket and the edit
// form, the note form and the others that act on a card or an agent. It
// stays open while the store saves; a refused save keeps every input and
// shows why next to the fields.
type form struct {
	e       *env
	f       *widget.Form
	submit  func(f *form) (tea.Msg, string) // the intent, or why not
	ticket  *domain.Ticket                  // the card edited or noted; nil for a new one
	suggest *suggester                      // the new-ticket form's triage panel (suggest.go); nil elsewhere
}

// newForm lays fields out for a w×h body under title, with hint (the keys
// that apply) under them; ticket is the card the form changes, if any.
func newForm(e *env, title string, hint i18n.Key, ticket *domain.Ticket, fields []*widget.Field, w, h int) *form {
	l := e.lang
	text := widget.FormText{Hint: l.T(hint), Discard: l.T(i18n.FormDiscard), Saving: l.T(i18n.FormSaving)}
	return &form{e: e, f: widget.NewForm(&e.keys.Keys, title, text, fields, w, h), ticket: ticket}
}

func (f *form) byName(name string) *widget.Field { return f.f.Field(name) }

func (f *form) val(name string) string { return f.f.Field(name).Value() }

func (f *form) dirty() bool { return f.f.Dirty() }

func (f *form) update(msg tea.Msg) (layer, tea.Cmd) {
	switch msg := msg.(type) {
	case sizeMsg:
		f.f.Layout(msg.width, msg.height)
		return f, nil
	case tea.KeyPressMsg:
		if f.suggest != nil && keyIs(msg, f.e.keys.AcceptSuggestion) && !f.f.Waiting() && !f.f.Asking() {
			f.suggest.accept(f)
			return f, nil
		}
	}
	switch f.f.Update(msg) {
	case widget.Cancelled:
		return nil, notice(f.e.lang.T(i18n.MsgCancelled), false)
	case widget.Done:
		return f.save()
	}
	f.suggest.refresh(f)
	return f, nil
}

// save checks what the form can check itself and hands the intent to the
// root; the form waits for the store's answer.
func (f *form) save() (layer, tea.Cmd) {
	msg, why := f.submit(f)
	if why != "" {
		f.f.Refuse(why, "")
		return f, nil
	}
	f.f.Wait()
	return f, emit(msg)
}

func (f *form) waiting() bool { return f.f.Waiting() }

// failed shows why the store refused the save, puts the focus on the
// field it names, and, after a conflict, adopts the card's new version so
// that saving again applies the changes over it.
func (f *form) failed(err error, current *domain.Ticket) {
	name := ""
	var ie *store.InvalidError
	if errors.As(err, &ie) {
		name, _, _ = strings.Cut(ie.Msg, ":")
	}
	f.f.Refuse(errText(f.e.lang, err), name)
	if current != nil && f.ticket != nil {
		f.ticket.Version = current.Version
	}
}

func (f *form) view(w, h int) (string, *tea.Cursor) {
	return f.f.View(f.e.styles.Styles, w, h)
}

// newTicketForm logs a new piece of feedback (typically a hotline call).
func newTicketForm(e *env, w, h int) *form {
	l, k := e.lang, &e.keys.Keys
	f := newForm(e, l.T(i18n.FormNew), i18n.FormHint, nil, []*widget.Field{
		widget.NewText(k, l.T(i18n.FieldTitle), "title", "", titleLimit),
		widget.NewArea(l.T(i18n.FieldBody), "body", ""),
		widget.NewChoice(k, l.T(i18n.FieldChannel), "channel", channelChoices(l), string(domain.Hotline)),
		widget.NewChoice(k, l.T(i18n.FieldCategory), "category", categoryChoices(l), string(domain.Other)),
		widget.NewChoice(k, l.T(i18n.FieldPriority), "priority", priorityChoices(l), domain.Medium.String()),
		widget.NewText(k, l.T(i18n.FieldCustomer), "customer", "", fieldLimit),
		widget.NewText(k, l.T(i18n.FieldPhone), "phone", "", phoneLimit),
		widget.NewChoice(k, l.T(i18n.FieldTier), "tier", tierChoices(l), string(domain.TierNormal)),
		widget.NewText(k, l.T(i18n.FieldProduct), "product", "", fieldLimit),
	}, w, h)
	f.submit = submitNew
	if f.suggest = newSuggester(e.intake); f.suggest != nil {
		f.f.SetPanel(suggestRows, func(w int) []string { return f.suggest.lines(f, w) })
	}
	return f
}

func submitNew(f *form) (tea.Msg, string) {
	l := f.e.lang
	if f.val("title") == "" && f.val("body") == "" {
		return nil, l.T(i18n.FormNeedTitle)
	}
	if _, err := domain.PhoneLast4(f.val("phone")); err != nil {
		return nil, l.T(i18n.FormBadPhone)
	}
	p, _ := domain.ParsePriority(f.val("priority"))
	in := store.NewTicket{
		Title:         f.val("title"),
		Body:          f.val("body"),
		Channel:       domain.Channel(f.val("channel")),
		Category:      domain.Category(f.val("category")),
		Priority:      p,
		CustomerName:  f.val("customer"),
		CustomerPhone: f.val("phone"),
		CustomerTier:  domain.Tier(f.val("tier")),
		Product:       f.val("product"),
	}
	f.suggest.fill(f, &in)
	return createIntent{in}, ""
}

// newEditForm edits a card's title, description, category, priority,
// sentiment, channel and product; only changed fields are sent.
func newEditForm(e *env, t domain.Ticket, w, h int) *form {
	l, k := e.lang, &e.keys.Keys
	f := newForm(e, l.T(i18n.FormEdit, t.Key()), i18n.FormHint, &t, []*widget.Field{
		widget.NewText(k, l.T(i18n.FieldTitle), "title", t.Title, titleLimit),
		widget.NewArea(l.T(i18n.FieldBody), "body", t.Body),
		widget.NewChoice(k, l.T(i18n.FieldCategory), "category", categoryChoices(l), string(t.Category)),
		widget.NewChoice(k, l.T(i18n.FieldPriority), "priority", priorityChoices(l), t.Priority.String()),
		widget.NewChoice(k, l.T(i18n.FieldSentiment), "sentiment", sentimentChoices(l), t.Sentiment),
		widget.NewChoice(k, l.T(i18n.FieldChannel), "channel", channelChoices(l), string(t.Channel)),
		widget.NewText(k, l.T(i18n.FieldProduct), "product", t.Product, fieldLimit),
	}, w, h)
	f.submit = submitEdit
	return f
}

func submitEdit(f *form) (tea.Msg, string) {
	var p store.Patch
	str := func(name string) *string {
		if fl := f.byName(name); fl.Changed() {
			v := fl.Value()
			return &v
		}
		return nil
	}
	p.Title, p.Body, p.Product, p.Sentiment = str("title"), str("body"), str("product"), str("sentiment")
	if fl := f.byName("category"); fl.Changed() {
		c := domain.Category(fl.Value())
		p.Category = &c
	}
	if fl := f.byName("channel"); fl.Changed() {
		c := domain.Channel(fl.Value())
		p.Channel = &c
	}
	if fl := f.byName("priority"); fl.Changed() {
		pr, _ := domain.ParsePriority(fl.Value())
		p.Priority = &pr
	}
	if !f.dirty() {
		return nil, f.e.lang.T(i18n.FormNothingChanged)
	}
	if p.Title != nil && *p.Title == "" {
		return nil, f.e.lang.T(i18n.FormNeedTitle)
	}
	return patchIntent{t: *f.ticket, p: p}, ""
}

// newNoteForm adds an internal note to a card.
func newNoteForm(e *env, t domain.Ticket, w, h int) *form {
	f := newForm(e, e.lang.T(i18n.FormNote, t.Key()), i18n.FormNoteHint, &t, []*widget.Field{
		widget.NewArea(e.lang.T(i18n.FieldNote), "note", ""),
	}, w, h)
	f.submit = func(f *form) (tea.Msg, string) {
		body := f.val("note")
		if strings.TrimSpace(body) == "" {
			return nil, f.e.lang.T(i18n.FormNeedNote)
		}
		return noteIntent{t: *f.ticket, body: body}, ""
	}
	return f
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

func sentimentChoices(l i18n.Lang) []widget.Choice {
	ids := triage.Sentiments()
	out := make([]widget.Choice, len(ids))
	for i, s := range ids {
		out[i] = widget.Choice{Label: l.Sentiment(s), Value: s}
	}
	return out
}

func tierChoices(l i18n.Lang) []widget.Choice {
	return []widget.Choice{{Label: l.Tier(domain.TierNormal), Value: string(domain.TierNormal)}, {Label: l.Tier(domain.TierVIP), Value: string(domain.TierVIP)}}
}
