package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// Field limits the form enforces while typing; the store checks again.
const (
	titleLimit = 200
	fieldLimit = 100
	phoneLimit = 30
)

// newTicketForm logs a new piece of feedback (typically a hotline call).
func newTicketForm(e *env, w, h int) *form {
	l, k := e.lang, &e.keys.Keys
	f := &form{e: e, title: l.T(i18n.FormNew), hint: i18n.FormHint, fields: []*widget.Field{
		widget.NewText(k, l.T(i18n.FieldTitle), "title", "", titleLimit),
		widget.NewArea(l.T(i18n.FieldBody), "body", ""),
		widget.NewChoice(k, l.T(i18n.FieldChannel), "channel", channelChoices(l), string(domain.Hotline)),
		widget.NewChoice(k, l.T(i18n.FieldCategory), "category", categoryChoices(l), string(domain.Other)),
		widget.NewChoice(k, l.T(i18n.FieldPriority), "priority", priorityChoices(l), domain.Medium.String()),
		widget.NewText(k, l.T(i18n.FieldCustomer), "customer", "", fieldLimit),
		widget.NewText(k, l.T(i18n.FieldPhone), "phone", "", phoneLimit),
		widget.NewChoice(k, l.T(i18n.FieldTier), "tier", tierChoices(l), string(domain.TierNormal)),
		widget.NewText(k, l.T(i18n.FieldProduct), "product", "", fieldLimit),
	}}
	f.submit = submitNew
	f.suggest = newSuggester(e.intake)
	f.layout(w, h)
	f.fields[0].Focus()
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
// channel and product; only changed fields are sent.
func newEditForm(e *env, t domain.Ticket, w, h int) *form {
	l, k := e.lang, &e.keys.Keys
	f := &form{e: e, title: l.T(i18n.FormEdit, t.Key()), hint: i18n.FormHint, ticket: &t, fields: []*widget.Field{
		widget.NewText(k, l.T(i18n.FieldTitle), "title", t.Title, titleLimit),
		widget.NewArea(l.T(i18n.FieldBody), "body", t.Body),
		widget.NewChoice(k, l.T(i18n.FieldCategory), "category", categoryChoices(l), string(t.Category)),
		widget.NewChoice(k, l.T(i18n.FieldPriority), "priority", priorityChoices(l), t.Priority.String()),
		widget.NewChoice(k, l.T(i18n.FieldChannel), "channel", channelChoices(l), string(t.Channel)),
		widget.NewText(k, l.T(i18n.FieldProduct), "product", t.Product, fieldLimit),
	}}
	f.submit = submitEdit
	f.layout(w, h)
	f.fields[0].Focus()
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
	p.Title, p.Body, p.Product = str("title"), str("body"), str("product")
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
	f := &form{e: e, title: e.lang.T(i18n.FormNote, t.Key()), hint: i18n.FormNoteHint, ticket: &t, fields: []*widget.Field{
		widget.NewArea(e.lang.T(i18n.FieldNote), "note", ""),
	}}
	f.submit = func(f *form) (tea.Msg, string) {
		body := f.val("note")
		if strings.TrimSpace(body) == "" {
			return nil, f.e.lang.T(i18n.FormNeedNote)
		}
		return noteIntent{t: *f.ticket, body: body}, ""
	}
	f.layout(w, h)
	f.fields[0].Focus()
	return f
}
