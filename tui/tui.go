// Package tui is loopdesk's terminal user interface: the kanban board of
// tickets, the card detail, the forms and pickers that act on cards, the
// help screen and the status line. One Model serves one session (a local
// terminal or one SSH connection); it reads and writes through Desk (the
// store), follows other sessions' changes through a live feed, and passes
// every piece of customer text through textsafe before it reaches the
// screen.
//
// One file per component: tui.go routes messages; board.go, load.go and
// boardview.go hold the columns, their keyset windows and their drawing;
// card.go draws a card; detail.go is the open card; picker.go, filter.go
// and prompt.go choose, filter, search and jump; form.go, forms.go,
// field.go and lineinput.go are the forms; help.go the help screen;
// status.go the status line; actions.go and keyhandling.go turn keys into
// store changes; feed.go follows the live feed. keys.go and styles.go hold
// every key binding and every style.
package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/domain"
	"github.com/loopdesk/loopdesk/i18n"
	"github.com/loopdesk/loopdesk/live"
	"github.com/loopdesk/loopdesk/store"
)

// Desk is the part of the store the TUI uses. *store.Store satisfies it.
type Desk interface {
	Page(ctx context.Context, q store.PageQuery) ([]domain.Ticket, error)
	Counts(ctx context.Context) (map[domain.Status]int, error)
	CountUpTo(ctx context.Context, st domain.Status, f store.Filter, limit int) (int, bool, error)
	Ticket(ctx context.Context, id int64) (domain.Ticket, error)
	TicketByKey(ctx context.Context, key string) (domain.Ticket, error)
	Notes(ctx context.Context, ticketID int64) ([]domain.Note, error)
	Timeline(ctx context.Context, ticketID int64) ([]domain.Event, error)
	Agents(ctx context.Context) ([]domain.Agent, error)
	Move(ctx context.Context, actor string, id, version int64, to domain.Status) (domain.Ticket, error)
	Assign(ctx context.Context, actor string, id, version int64, owner string) (domain.Ticket, error)
	Update(ctx context.Context, actor string, id, version int64, p store.Patch) (domain.Ticket, error)
	AddNote(ctx context.Context, actor string, id, version int64, body string) (domain.Ticket, error)
	CreateTicket(ctx context.Context, actor string, in store.NewTicket) (domain.Ticket, error)
}

var _ Desk = (*store.Store)(nil)

// Options configure one session's board.
type Options struct {
	Desk Desk
	Feed *live.Sub        // may be nil; when set the board reloads on changes
	Me   domain.Agent     // the acting agent; every action is done as Me.Name
	Lang i18n.Lang        // en or zh
	Now  func() time.Time // clock for card ages; nil means time.Now
}

// Fallback size until the terminal reports one (some report 0×0 first).
const (
	defaultWidth  = 80
	defaultHeight = 24
)

// Model is the root Bubble Tea model of a session.
type Model struct {
	env  env
	desk Desk
	feed *live.Sub
	ctx  context.Context // ends when the session quits
	stop context.CancelFunc

	width, height int

	board  board
	filter store.Filter
	gen    int  // newest load request; older results are dropped
	loaded bool // the first load arrived

	detail *detail // the open card, or nil
	layer  layer   // picker, form, prompt or help on top, or nil
	status status  // the status line's message
}

// New builds the model for one session.
func New(o Options) *Model {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	lang := o.Lang
	if lang != i18n.ZH {
		lang = i18n.EN
	}
	ctx, stop := context.WithCancel(context.Background())
	return &Model{
		env:   env{lang: lang, keys: newKeyMap(lang), styles: newStyles(), me: o.Me, now: now},
		desk:  o.Desk,
		feed:  o.Feed,
		ctx:   ctx,
		stop:  stop,
		board: newBoard(),
	}
}

// Init loads the board and starts following the feed.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.reload(m.board.request()), m.waitFeed())
}

// Update routes a message to the component it concerns.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m, m.resize(msg.Width, msg.Height)
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case tea.PasteMsg:
		return m, m.toLayer(msg)
	case loadedMsg:
		m.applyLoad(msg)
	case feedMsg:
		return m, m.onFeed(msg)
	case detailMsg:
		switch {
		case m.detail == nil || m.detail.id != msg.id:
		case msg.err != nil:
			m.detail = nil
			m.fail(msg.err)
		default:
			w, h := m.size()
			m.detail.apply(msg, w, h)
		}
	case noticeMsg:
		m.status = msg.status
	default:
		return m, m.act(msg)
	}
	return m, nil
}

// key handles a key press: ctrl+c always quits; otherwise the layer on
// top, the detail or the board gets it.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if keyIs(msg, m.env.keys.ForceQuit) {
		return m.quit()
	}
	switch {
	case m.layer != nil:
		return m.toLayer(msg)
	case m.detail != nil:
		return m.detailKey(msg)
	}
	return m.boardKey(msg)
}

func (m *Model) toLayer(msg tea.Msg) tea.Cmd {
	if m.layer == nil {
		return nil
	}
	var cmd tea.Cmd
	m.layer, cmd = m.layer.update(msg)
	return cmd
}

func (m *Model) quit() tea.Cmd {
	m.stop()
	return tea.Quit
}

// resize re-lays out from the new size; a window that now holds a
// different number of cards is reloaded.
func (m *Model) resize(w, h int) tea.Cmd {
	before := m.capacity()
	m.width, m.height = w, h
	if m.detail != nil {
		m.detail.layout(m.size())
	}
	if m.layer != nil {
		m.layer, _ = m.layer.update(sizeMsg{width: m.screenWidth(), height: m.bodyHeight()})
	}
	if m.capacity() != before {
		return m.reload(m.board.request())
	}
	return nil
}

// size is the last known terminal size, 80×24 until one arrives.
func (m *Model) size() (int, int) { return m.screenWidth(), m.bodyHeight() }

func (m *Model) screenWidth() int {
	if m.width <= 0 {
		return defaultWidth
	}
	return m.width
}

func (m *Model) screenHeight() int {
	if m.height <= 0 {
		return defaultHeight
	}
	return m.height
}

// bodyHeight is the screen less the two status lines.
func (m *Model) bodyHeight() int { return max(m.screenHeight()-statusLines, 1) }

// reload starts loading r (a fresh generation; older loads still running
// are ignored when they finish).
func (m *Model) reload(r loadReq) tea.Cmd {
	m.gen++
	r.gen, r.filter, r.limit = m.gen, m.filter, m.capacity()
	d, ctx := m.desk, m.ctx
	return func() tea.Msg { return load(ctx, d, r) }
}

func (m *Model) applyLoad(msg loadedMsg) {
	if msg.gen != m.gen {
		return
	}
	if msg.err != nil {
		m.fail(msg.err)
		return
	}
	// Keys pressed while the load ran win over where it put the cursor.
	focus, picked := m.board.focus, m.board.selectedID()
	m.board.apply(msg)
	if focus != msg.askedFocus || picked != msg.askedSel {
		m.board.focus = focus
		m.board.reselect(picked)
	}
	m.loaded = true
	l := m.env.lang
	switch {
	case msg.moved != nil && msg.moved.by != "":
		m.info(l.T(i18n.MsgMovedBy, msg.moved.key, l.Status(msg.moved.to), safeName(msg.moved.by)))
	case msg.moved != nil:
		m.info(l.T(i18n.MsgMoved, msg.moved.key, l.Status(msg.moved.to)))
	case msg.gone != "" && msg.jump:
		m.info(l.T(i18n.MsgHidden, msg.gone))
	case msg.gone != "":
		m.info(l.T(i18n.MsgGone, msg.gone))
	}
}

// View draws the screen: the board, the detail or a layer above the two
// status lines, always exactly the terminal's size.
func (m *Model) View() tea.View {
	w, h := m.size()
	var body string
	var cur *tea.Cursor
	switch {
	case m.layer != nil:
		body, cur = m.layer.view(w, h)
	case m.detail != nil:
		body = m.detail.view(w, h)
	default:
		body = m.boardView(w, h)
	}
	v := tea.NewView(fit(body, w, h) + "\n" + m.statusView(w))
	v.AltScreen = true
	v.Cursor = cur
	return v
}
