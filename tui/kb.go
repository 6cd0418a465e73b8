package tui

import (
	"context"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// kbLimit bounds the articles one search shows.
const kbLimit = 100

// kbScreen is the knowledge base: / searches the whole base (the board's
// one-line prompt), the results list best first, enter reads an article.
type kbScreen struct {
	e      *env
	query  string
	list   *list[store.FAQ] // / is the search here, not the list's filter
	open   bool             // reading the article under the cursor
	scroll int              // the article's first line shown
	w      int              // the last width drawn, for the prompt
}

func newKBScreen(e *env) *kbScreen {
	l := newList(e, func(f store.FAQ) string { return strconv.FormatInt(f.ID, 10) }, func(f store.FAQ) string { return f.Title })
	l.noFilter = true
	return &kbScreen{e: e, list: l}
}

// kbMsg is the articles found for query.
type kbMsg struct {
	query string
	items []store.FAQ
	err   error
}

func (kbMsg) forScreen() {}

// Intents of the knowledge base.
type (
	kbSearchIntent struct{ query string }
	promoteIntent  struct {
		t domain.Ticket
		f store.FAQ
	}
)

func (s *kbScreen) load(ctx context.Context, d Desk) tea.Cmd {
	q := s.query
	return func() tea.Msg {
		items, err := d.SearchFAQ(ctx, q, kbLimit)
		return kbMsg{query: q, items: items, err: err}
	}
}

func (s *kbScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case kbMsg:
		switch {
		case msg.query != s.query: // an older search finishing late
		case msg.err != nil:
			s.list.fail(msg.err)
			return s, notice(errText(s.e.lang, msg.err), true)
		default:
			s.list.set(msg.items)
			s.open = s.open && len(s.list.shown) > 0
		}
	}
	return s, nil
}

// search starts a new query from the top of the list.
func (s *kbScreen) search(q string) {
	s.query, s.open = q, false
	s.list.loaded, s.list.cur, s.list.top = false, 0, 0
}

func (s *kbScreen) active() typist { return s.list }

// keys is the knowledge base's bindings: / searches, enter opens an
// article, whose text j and k then scroll.
func (s *kbScreen) keys() []binding {
	k := &s.e.keys
	moves := s.list.keys()
	for i := range moves {
		do := moves[i].do
		moves[i].do = func(msg tea.KeyPressMsg) tea.Cmd {
			switch {
			case !s.open:
				return do(msg)
			case keyIs(msg, k.Down):
				s.scroll++
			case keyIs(msg, k.Up):
				s.scroll = max(s.scroll-1, 0)
			}
			return nil
		}
	}
	return append(moves,
		bind(k.Open, func() tea.Cmd {
			if _, ok := s.list.selected(); ok && !s.open {
				s.open, s.scroll = true, 0
			}
			return nil
		}).hinted(),
		bind(k.Search, func() tea.Cmd {
			p := newPrompt(s.e, s.e.lang.T(i18n.PromptKBSearch), s.query, s.w, func(q string) tea.Msg { return kbSearchIntent{q} })
			return emit(layerIntent{p})
		}).hinted().opensLayer(),
	)
}

// back closes the open article, or clears the search in place.
func (s *kbScreen) back() (tea.Cmd, bool) {
	switch {
	case s.open:
		s.open = false
		return nil, true
	case s.query != "":
		return emit(kbSearchIntent{}), true
	}
	return nil, false
}

func (s *kbScreen) view(w, h int) string {
	s.w = w
	st, l := s.e.styles, s.e.lang
	title := l.T(i18n.ScreenKB)
	if s.query != "" {
		title += " · " + l.T(i18n.StatusSearch, textsafe.Line(s.query))
	}
	head := []string{st.Title.Render(textsafe.Truncate(title, w)), ""}
	if f, ok := s.list.selected(); ok && s.open {
		body := s.article(f, w)
		s.scroll = min(s.scroll, max(len(body)-(h-len(head)), 0))
		return strings.Join(append(head, body[s.scroll:]...), "\n")
	}
	return s.list.view(w, h, head, l.T(i18n.KBEmpty), func(f store.FAQ, w int) string {
		var ln line
		ln.add(inkOf(st.Dim), textsafe.PadRight(textsafe.Line(f.Lang), 3))
		title := textsafe.Truncate(textsafe.Line(f.Title), max(w-ln.w, 0)*2/3)
		ln.add(ink{}, title)
		ln.add(ink{}, "  ")
		ln.add(inkOf(st.Dim), textsafe.Truncate(safeList(l, f.Tags), max(w-ln.w, 0)))
		return ln.String()
	})
}

// article draws an article in full: title, where it came from, the
// problem and the solution.
func (s *kbScreen) article(f store.FAQ, w int) []string {
	st, l := s.e.styles, s.e.lang
	from := "—"
	if f.TicketID != 0 {
		from = domain.Key(f.TicketID)
	}
	out := []string{
		st.Title.Render(textsafe.Truncate(textsafe.Line(f.Title), w)),
		st.Dim.Render(textsafe.Truncate(l.T(i18n.KBMeta, textsafe.Line(f.Lang), orDash(safeList(l, f.Tags)), from), w)),
	}
	section := func(k i18n.Key, text string) {
		out = append(out, "", st.Title.Render(l.T(k)))
		for _, para := range strings.Split(textsafe.Block(orNone(l, text)), "\n") {
			for _, ln := range textsafe.Wrap(para, max(w-2, 1)) {
				out = append(out, "  "+ln)
			}
		}
	}
	section(i18n.FieldProblem, f.Problem)
	section(i18n.FieldSolution, f.Solution)
	return out
}

// newPromoteForm turns closed ticket t's solution into an article: the
// title, tags and language start from the ticket; the store fills the
// problem and solution from it.
func newPromoteForm(e *env, t domain.Ticket, w, h int) *form {
	tags := t.Tags
	if len(tags) == 0 {
		tags = []string{string(t.Category)}
	}
	langs := []widget.Choice{{Label: "中文", Value: "zh"}, {Label: "English", Value: "en"}}
	f := newForm(e, e.lang.T(i18n.FormPromote, t.Key()), i18n.FormPromoteHint, &t, []*widget.Field{
		widget.NewText(&e.keys.Keys, e.lang.T(i18n.FieldTitle), "title", t.Title, titleLimit),
		widget.NewText(&e.keys.Keys, e.lang.T(i18n.FieldTags), "tags", strings.Join(tags, ", "), fieldLimit),
		widget.NewChoice(&e.keys.Keys, e.lang.T(i18n.FieldLanguage), "lang", langs, store.ReplyLang(t)),
	}, w, h)
	f.submit = func(f *form) (tea.Msg, string) {
		var tags []string
		for _, tag := range strings.Split(f.val("tags"), ",") {
			if tag = strings.TrimSpace(tag); tag != "" {
				tags = append(tags, tag)
			}
		}
		return promoteIntent{t: *f.ticket, f: store.FAQ{Title: strings.TrimSpace(f.val("title")), Tags: tags, Lang: f.val("lang")}}, ""
	}
	return f
}

// startPromote opens the promote form on the open card, which must be
// closed (the store checks again).
func (m *Model) startPromote(t domain.Ticket) {
	l := m.env.lang
	if t.Status != domain.Closed {
		m.status = status{text: l.T(i18n.LeadInvalid) + l.T(i18n.MsgPromoteClosedOnly, t.Key(), l.Status(t.Status)), err: true}
		return
	}
	w, h := m.size()
	m.layer = newPromoteForm(&m.env, t, w, h)
}

func (m *Model) promote(msg promoteIntent) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	return m.loopChange(0, func() (string, error) {
		f, err := d.PromoteFAQ(ctx, me, msg.t.ID, msg.f)
		return l.T(i18n.MsgPromoted, textsafe.Line(f.Title), msg.t.Key()), err
	})
}
