package tui

import (
	"errors"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// similarLimit is how many knowledge-base articles the reply suggests;
// maxReplyWidth and maxReplyHeight the most cells and rows the reply's
// text takes on a large screen.
const (
	similarLimit   = 5
	maxReplyWidth  = 92
	maxReplyHeight = 16
)

// Replying: r reads the templates for the card (templatesMsg), the picker
// chooses one (draftAsk), the draft and similar articles are read
// (draftMsg) and the editor opens; ctrl+s sends (replyIntent).
type (
	templatesMsg struct {
		t         domain.Ticket
		templates []store.Template
		previews  map[string]string // the session's language version of each, by name
		err       error
	}
	draftAsk struct {
		t        domain.Ticket
		template string // "" for a blank reply
		lang     string
	}
	draftMsg struct {
		ask  draftAsk
		t    domain.Ticket // the card as the reply opened on it
		text string
		faqs []store.FAQ
		err  error
	}
	replyIntent struct {
		t        domain.Ticket
		template string
		lang     string
		text     string
	}
)

// startReply reads the templates for t in its customer's language, and
// the same templates in the session's language for the picker to show.
func (m *Model) startReply(t domain.Ticket) tea.Cmd {
	d, ctx, lang := m.desk, m.ctx, m.env.lang.String()
	return func() tea.Msg {
		msg := templatesMsg{t: t}
		if msg.templates, msg.err = d.TemplatesFor(ctx, t, ""); msg.err != nil {
			return msg
		}
		own, err := d.Templates(ctx, lang)
		msg.previews, msg.err = map[string]string{}, err
		for _, tp := range own {
			msg.previews[tp.Name] = tp.Body
		}
		return msg
	}
}

// templatePicker offers the templates, most specific first, then a blank
// reply; each shows its name and the start of its text in the session's
// language (the draft is in the customer's), and says so when the reply
// will be in another language.
func templatePicker(e *env, t domain.Ticket, tpls []store.Template, previews map[string]string) *picker {
	l := e.lang
	items := make([]pickItem, 0, len(tpls)+1)
	for _, tp := range tpls {
		label := l.Template(textsafe.Line(tp.Name))
		if tp.Lang != l.String() {
			label += l.T(i18n.ReplyInLang, l.Language(tp.Lang))
		}
		body, ok := previews[tp.Name]
		if !ok {
			body = tp.Body
		}
		items = append(items, pickItem{
			label: label + " — " + textsafe.Line(body),
			msg:   draftAsk{t: t, template: tp.Name, lang: tp.Lang},
		})
	}
	items = append(items, pickItem{label: l.T(i18n.ReplyBlank), msg: draftAsk{t: t, lang: store.ReplyLang(t)}})
	return newPicker(e, l.T(i18n.ReplyPickTemplate, t.Key()), items).filtering()
}

// loadDraft reads the card afresh (its version is what the reply is sent
// against), renders the template and finds similar articles.
func (m *Model) loadDraft(a draftAsk) tea.Cmd {
	d, ctx, me := m.desk, m.ctx, m.env.me.Name
	return func() tea.Msg {
		msg := draftMsg{ask: a}
		if msg.t, msg.err = d.Ticket(ctx, a.t.ID); msg.err != nil {
			return msg
		}
		if a.template != "" {
			if msg.text, msg.err = d.DraftReply(ctx, me, a.t.ID, a.template, a.lang); msg.err != nil {
				return msg
			}
		}
		msg.faqs, msg.err = d.SimilarFAQ(ctx, msg.t, similarLimit)
		return msg
	}
}

// replyEditor edits a reply before it goes to the customer. The text is
// the template's draft (placeholders such as {survey_link} are filled in
// when sent); tab moves to the similar articles, whose solution enter
// inserts at the cursor. If the card changed since the editor opened, the
// store holds the reply: the editor shows the change, keeps the draft and
// takes the new version, so only a second ctrl+s sends over it.
type replyEditor struct {
	e        *env
	t        domain.Ticket
	template string
	lang     string
	text     *widget.Field
	faqs     []store.FAQ
	inFAQ    bool
	faqRows  rows
	err      string
	held     bool // the last send was held by a change to the card
	saving   bool
	confirm  bool
	w, h     int
}

func newReplyEditor(e *env, msg draftMsg, w, h int) *replyEditor {
	r := &replyEditor{e: e, t: msg.t, template: msg.ask.template, lang: msg.ask.lang,
		text: widget.NewArea(e.lang.T(i18n.FieldReply), "reply", msg.text), faqs: msg.faqs}
	r.faqRows.resize(len(msg.faqs))
	r.text.Focus()
	r.layout(w, h)
	return r
}

// faqLines is how many article lines the editor shows.
func (r *replyEditor) faqLines() int { return min(len(r.faqs), 3) }

func (r *replyEditor) layout(w, h int) {
	r.w, r.h = w, h
	// Title, customer, blank; blank, articles heading and rows; blank,
	// message and hint.
	areaH := max(min(h-3-2-r.faqLines()-3, maxReplyHeight), 3)
	r.text.SetSize(min(w, maxReplyWidth), areaH)
}

func (r *replyEditor) waiting() bool { return r.saving }

// failed keeps the draft. A conflict says what changed and adopts the
// card's new version; the agent reads it and decides to send again.
func (r *replyEditor) failed(err error, current *domain.Ticket) {
	r.saving = false
	var ce *store.ConflictError
	if errors.As(err, &ce) && current != nil {
		r.held = true
		what := textsafe.Truncate(textsafe.Line(ce.What), 60)
		r.err = r.e.lang.T(i18n.ReplyHeld, ce.Key, what, safeName(ce.By))
		r.t.Version = current.Version
		return
	}
	r.err = errText(r.e.lang, err)
}

func (r *replyEditor) update(msg tea.Msg) (layer, tea.Cmd) {
	k := &r.e.keys
	switch msg := msg.(type) {
	case sizeMsg:
		r.layout(msg.width, msg.height)
	case tea.PasteMsg:
		if !r.saving && !r.confirm && !r.inFAQ {
			r.text.Update(msg)
		}
	case tea.KeyPressMsg:
		switch {
		case r.saving:
		case r.confirm:
			switch {
			case keyIs(msg, k.Yes):
				return nil, notice(r.e.lang.T(i18n.MsgCancelled), false)
			case keyIs(msg, k.No):
				r.confirm = false
			}
		case keyIs(msg, k.Save):
			return r.send()
		case msg.String() == "tab" && len(r.faqs) > 0:
			r.inFAQ = !r.inFAQ
		case r.inFAQ:
			r.faqKey(msg)
		case keyIs(msg, k.Cancel):
			if !r.text.Changed() {
				return nil, notice(r.e.lang.T(i18n.MsgCancelled), false)
			}
			r.confirm = true
		default:
			r.text.Update(msg)
		}
	}
	return r, nil
}

// faqKey moves in the article list; enter inserts the article's solution
// (braces escaped, so they stay braces) and goes back to the text.
func (r *replyEditor) faqKey(msg tea.KeyPressMsg) {
	k := &r.e.keys
	switch {
	case r.faqRows.move(k, msg):
	case keyIs(msg, k.Cancel):
		r.inFAQ = false
	case keyIs(msg, k.Choose):
		f := r.faqs[r.faqRows.cur]
		r.text.Insert(store.EscapeTemplate(strings.TrimSpace(f.Solution)))
		r.inFAQ = false
	}
}

func (r *replyEditor) send() (layer, tea.Cmd) {
	text := r.text.Value()
	if strings.TrimSpace(text) == "" {
		r.err = r.e.lang.T(i18n.ReplyEmpty)
		return r, nil
	}
	r.err, r.held, r.saving = "", false, true
	return r, emit(replyIntent{t: r.t, template: r.template, lang: r.lang, text: text})
}

func (r *replyEditor) view(w, h int) (string, *tea.Cursor) {
	if w != r.w || h != r.h {
		r.layout(w, h)
	}
	st, l := r.e.styles, r.e.lang
	tpl := l.Template(textsafe.Line(r.template))
	if r.template == "" {
		tpl = l.T(i18n.ReplyBlank)
	}
	out := []string{
		st.Title.Render(textsafe.Truncate(l.T(i18n.ReplyTitle, r.t.Key(), tpl, l.Language(r.lang)), w)),
		st.Dim.Render(textsafe.Truncate(l.T(i18n.ReplyTo, orDash(textsafe.Line(r.t.Customer.Name)), l.Channel(r.t.Channel), textsafe.Line(r.t.Title)), w)),
		"",
	}
	var cur *tea.Cursor
	area, pos := r.text.View(st.Styles, !r.inFAQ)
	if pos != nil && !r.inFAQ && !r.confirm {
		cur = tea.NewCursor(pos.X, len(out)+pos.Y)
	}
	out = append(out, strings.Split(area, "\n")...)
	out = append(out, "")
	if len(r.faqs) == 0 {
		out = append(out, st.Dim.Render(textsafe.Truncate(l.T(i18n.ReplyNoArticles), w)))
	} else {
		head := st.Label
		if r.inFAQ {
			head = st.LabelFocus
		}
		out = append(out, head.Render(textsafe.Truncate(l.T(i18n.ReplyArticles), w)))
		from, to := r.faqRows.visible(r.faqLines())
		for i := from; i < to; i++ {
			mark := "  "
			if r.inFAQ && i == r.faqRows.cur {
				mark = "▸ "
			}
			out = append(out, st.Bar.Render(mark)+textsafe.Truncate(strconv.Itoa(i+1)+" "+textsafe.Line(r.faqs[i].Title), w-2))
		}
	}
	out = append(out, "")
	switch {
	case r.confirm:
		out = append(out, st.Error.Render(textsafe.Truncate(l.T(i18n.FormDiscard), w)))
	case r.saving:
		out = append(out, st.Dim.Render(l.T(i18n.ReplySending)))
	case r.err != "":
		for _, ln := range textsafe.Wrap(r.err, w) {
			out = append(out, st.Error.Render(ln))
		}
	default:
		out = append(out, "")
	}
	hint := i18n.ReplyHint
	if r.inFAQ {
		hint = i18n.ReplyArticlesHint
	}
	out = append(out, st.Dim.Render(textsafe.Truncate(l.T(hint), w)))
	return strings.Join(out, "\n"), cur
}

// sendReply sends the reply against the version the editor holds.
func (m *Model) sendReply(msg replyIntent) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	draft := store.Draft{Text: msg.text, Template: msg.template, Lang: msg.lang, SurveyBase: m.loop.surveyBase}
	return m.loopChange(msg.t.ID, func() (string, error) {
		t, _, err := d.Reply(ctx, me, msg.t.ID, msg.t.Version, draft)
		return l.T(i18n.MsgReplied, t.Key()), err
	})
}
