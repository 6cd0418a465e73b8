// Package tui is loopdesk's terminal user interface: the kanban board of
// tickets, the card detail, the full screens (escalation queue, team load,
// approvals, knowledge base, mentions, rejected feedback, problems and
// the roadmap, agents and keys, dashboard), and the pickers, prompts and forms that act on cards. One
// Model serves one session (a local terminal or one SSH connection); it
// reads and writes through Desk (the store), follows other sessions'
// changes through a live feed, and passes every piece of customer text
// through textsafe before it reaches the screen.
//
// The root Model routes each message to what is on top: a layer (picker,
// prompt, form, help), the open card, a screen, or the board. Layers and
// screens never touch the store; what they decide comes back to the root
// as an intent message, and the root carries it out and reports the
// store's answer. The pickers, prompts, confirmations and forms are
// widgets from the widget package, which know nothing of the board: the
// layers here wrap them, give them the session's words, keys and styles,
// and turn what they decide into intents. Every key binding is defined
// once, in KeyMap, and every style once, in Styles; the widgets' own
// (widget.Keys, widget.Styles) are part of these. What the keys do in
// each place (the board, a card, each screen) is one table of bindings
// (bindings.go): dispatch, the footer and the help screen all read it,
// and it refuses what the agent's role cannot do before anything opens.
package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/sla"
	"github.com/loopdesk/loopdesk/store"
)

// Desk is the part of the store the TUI uses. *store.Store satisfies it.
type Desk interface {
	// The board and the cards.
	Page(ctx context.Context, q store.PageQuery) ([]domain.Ticket, error)
	Counts(ctx context.Context) (map[domain.Status]int, error)
	CountUpTo(ctx context.Context, st domain.Status, f store.Filter, limit int) (int, bool, error)
	Ticket(ctx context.Context, id int64) (domain.Ticket, error)
	TicketByKey(ctx context.Context, key string) (domain.Ticket, error)
	Notes(ctx context.Context, ticketID int64) ([]domain.Note, error)
	Timeline(ctx context.Context, ticketID int64) ([]domain.Event, error)
	Agents(ctx context.Context) ([]domain.Agent, error)
	Teams(ctx context.Context) ([]domain.Team, error)
	Move(ctx context.Context, actor string, id, version int64, to domain.Status) (domain.Ticket, error)
	Undo(ctx context.Context, actor string, id, version int64) (domain.Ticket, error)
	Assign(ctx context.Context, actor string, id, version int64, owner string) (domain.Ticket, error)
	Update(ctx context.Context, actor string, id, version int64, p store.Patch) (domain.Ticket, error)
	AddNote(ctx context.Context, actor string, id, version int64, body string) (domain.Ticket, error)
	CreateTicket(ctx context.Context, actor string, in store.NewTicket) (domain.Ticket, error)
	TicketSuggestion(ctx context.Context, id int64) (store.Suggestion, bool, error)

	// Service levels. DeadlineOf computes from the card alone (no I/O), so
	// the board calls it for every card of every frame.
	DeadlineOf(t domain.Ticket, now time.Time) store.Deadline
	// Zone is the desk's time zone: the board shows every time in it,
	// named by ZoneName, as the replies to customers do.
	Zone() *time.Location
	ZoneName(at time.Time) string
	Clocks(ctx context.Context, t domain.Ticket) (sla.Clocks, error)
	Respond(ctx context.Context, actor string, id, version int64, how string) (domain.Ticket, error)
	EscalationQueue(ctx context.Context, limit int) ([]store.Escalation, error)
	AcknowledgeEscalation(ctx context.Context, actor string, id, version int64) (domain.Ticket, error)

	// Supervisors' and admins' screens.
	TeamLoad(ctx context.Context) (store.TeamLoad, error)
	Roster(ctx context.Context) ([]store.RosterEntry, error)
	AddAgent(ctx context.Context, actor string, a domain.Agent) error
	RemoveAgent(ctx context.Context, actor, name string) error
	AgentKeys(ctx context.Context, agent string) ([]store.AgentKey, error)
	AddAgentKey(ctx context.Context, actor, agent, fingerprint, publicKey string) error
	RemoveAgentKey(ctx context.Context, actor, agent, fingerprint string) error

	// The dashboard (dashboard.go), read-only.
	DashDesk

	// The closed loop with the customer (loop.go).
	LoopDesk

	// The emergency banner and the rejected list (banner.go).
	IntakeDesk

	// Problems, requests and the roadmap (problems.go).
	ProblemDesk

	// The triage review (triage.go).
	TriageDesk
}

var _ Desk = (*store.Store)(nil)

// Options configure one session's board.
type Options struct {
	Desk Desk
	Feed *live.Sub        // may be nil; when set the board reloads on changes
	Me   domain.Agent     // the acting agent; every action is done as Me.Name
	Lang i18n.Lang        // en or zh
	Now  func() time.Time // clock for card ages and deadlines, read in the desk's zone; nil means time.Now

	// Presence, when set, is the registry of who has which card open,
	// shared by the sessions of one process: the board shows the others on
	// their cards and tells the registry what this session has open. Nil
	// (a local, single-user board) shows nobody.
	Presence *live.Presence
	// Session names this session in the registry; sessions sharing a
	// Presence need distinct names. Empty means one made up from the model.
	Session string

	// SurveyBase is the public address of the HTTP server that serves
	// survey links (https://support.example.com); empty means the board
	// cannot make survey links or send replies that use {survey_link}.
	SurveyBase string

	// NoMouse leaves the mouse to the terminal (selecting text) instead
	// of clicking cards and scrolling with the wheel.
	NoMouse bool

	// Intake, when set, triages the new-ticket form's text as the agent
	// types and suggests category, priority and team; nil shows no
	// suggestions.
	Intake *intake.Intake

	// Renders, when set, is the cache of drawn cards shared by the
	// sessions of one process; nil gives the board a cache of its own.
	Renders *Renders
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
	byDue  bool // columns in deadline order instead of priority
	gen    int  // newest load request; older results are dropped
	// unload cancels the newest load: a newer one (the next keystroke of
	// a search) makes it stale, so its queries stop.
	unload context.CancelFunc
	loaded bool // the first load arrived
	marks  selection
	tick   time.Duration // countdown redraw interval; 0: no timer

	presence *live.Presence
	session  string
	told     live.Viewer // what the presence registry last heard from us

	screen screen         // the escalation queue, team load or admin screen, or nil
	detail *detail        // the open card, or nil
	layer  layer          // picker, form, prompt or help on top, or nil
	status status         // the status line's message
	fading bool           // a fade tick is pending (outcome.go)
	undo   *domain.Ticket // the card as my last move or assignment left it, for z
	// quitting: ctrl+c asked whether to quit and lose typed text; the
	// next key answers.
	quitting bool
	// opening counts the openings under way (typeahead.go); typeahead is
	// the keys and pastes typed meanwhile.
	opening   int
	typeahead []tea.Msg
	noMouse   bool // Options.NoMouse
	// The footer keys of the board and of the card (status.go).
	hintsBoard, hintsCard []key.Binding
	statusDrawn           drawnStatus // the status lines as last drawn (status.go)
	loop                  loopState
	alerts                alerts // the emergency banner and the unread mentions (banner.go)
}

// New builds the model for one session.
func New(o Options) *Model {
	clock := o.Now
	if clock == nil {
		clock = time.Now
	}
	// Times on the board are the desk's, as in the replies the customer
	// gets, not the zone the server happens to run in.
	zone := o.Desk.Zone()
	now := func() time.Time { return clock().In(zone) }
	lang := o.Lang
	if lang != i18n.ZH {
		lang = i18n.EN
	}
	ctx, stop := context.WithCancel(context.Background())
	m := &Model{
		env:      env{lang: lang, keys: newKeyMap(lang), styles: newStyles(), me: o.Me, now: now, zoneName: o.Desk.ZoneName, intake: o.Intake, renders: o.Renders},
		desk:     o.Desk,
		feed:     o.Feed,
		ctx:      ctx,
		stop:     stop,
		board:    newBoard(),
		tick:     countdownEvery,
		presence: o.Presence,
		session:  o.Session,
		loop:     loopState{surveyBase: o.SurveyBase},
		noMouse:  o.NoMouse,
	}
	if m.env.renders == nil {
		m.env.renders = NewRenders(DefaultRenders)
	}
	if m.session == "" {
		m.session = fmt.Sprintf("tui-%p", m)
	}
	return m
}

// Init loads the board, starts following the feed and starts the
// countdown.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.reload(m.board.request()), m.waitFeed(), m.countdown(), m.loadAlerts(true))
}

// Update routes a message to the component it concerns, then tells the
// presence registry what this session has open now.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.syncPresence()
	if fade := m.stampStatus(); fade != nil {
		cmd = tea.Batch(cmd, fade)
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.resize(msg.Width, msg.Height)
	case tea.KeyPressMsg:
		if !keyIs(msg, m.env.keys.ForceQuit) && m.waitForOpening(msg) {
			return nil
		}
		return m.key(msg)
	case tea.PasteMsg:
		if m.waitForOpening(msg) {
			return nil
		}
		return m.toLayer(msg)
	case openedMsg:
		return m.onOpened(msg)
	case tea.MouseClickMsg, tea.MouseWheelMsg:
		return m.mouse(msg)
	case loadedMsg:
		m.applyLoad(msg)
	case feedMsg:
		return m.onFeed(msg)
	case IntakeMsg:
		m.env.intake = msg.Intake
	case tickMsg:
		return m.onTick()
	case fadeMsg:
		return m.onFade()
	case deliveryFailedMsg:
		m.onDeliveryFailed(msg)
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
	case screenData:
		return m.toScreen(msg)
	case noticeMsg:
		m.status = msg.status
	default:
		return m.act(msg)
	}
	return nil
}

// key handles a key press: the answer to "quit?" if asked, the keys that
// work everywhere (ctrl+c); otherwise the layer on top, the detail, the
// screen or the board gets it.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.quitting {
		m.quitting = false
		if keyIs(msg, m.env.keys.Yes) || keyIs(msg, m.env.keys.ForceQuit) {
			return m.quit()
		}
		m.info(m.env.lang.T(i18n.MsgQuitKept))
		return nil
	}
	if cmd, ok := m.dispatch(m.everywhereContext().keys, msg); ok {
		return cmd
	}
	switch {
	case m.layer != nil:
		return m.toLayer(msg)
	case m.detail != nil:
		return m.detailKey(msg)
	case m.screen != nil:
		return m.screenKey(msg)
	}
	return m.boardKey(msg)
}

func (m *Model) toLayer(msg tea.Msg) tea.Cmd {
	if m.layer == nil {
		return nil
	}
	var cmd tea.Cmd
	m.layer, cmd = m.layer.update(msg)
	if m.layer == nil && cmd != nil {
		// Closing with a choice that may open the next step (the
		// template picked, its draft read for the editor).
		return m.opens(cmd)
	}
	return cmd
}

// quit leaves the presence registry and ends the session's context.
func (m *Model) quit() tea.Cmd {
	m.leavePresence()
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
	r.gen, r.filter, r.byDue, r.limit = m.gen, m.filter, m.byDue, m.capacity()
	if m.unload != nil {
		m.unload()
	}
	ctx, cancel := context.WithCancel(m.ctx)
	d := m.desk
	m.unload = cancel
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
	if msg.quiet {
		return
	}
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

// Frame is a view as whole lines, for a caller that draws rows itself
// (the SSH server's screen). The board's rows that did not change since
// the last frame are the very strings it returned then, so such a caller
// finds them unchanged without comparing their text.
type Frame struct {
	Lines []string // exactly the terminal's height, each its width
	// Pieces[y], where there is one, is Lines[y] cut into pieces Widths
	// cells wide (the board's columns and the rules between them), so a
	// screen may send only the pieces that changed.
	Pieces    [][]string
	Widths    []int
	Cursor    *tea.Cursor
	MouseMode tea.MouseMode
}

// Frame draws the screen: the board, the detail or a layer above the two
// status lines, always exactly the terminal's size.
func (m *Model) Frame() Frame {
	w, h := m.size()
	var body []string
	var board boardLines
	var cur *tea.Cursor
	switch {
	case m.layer != nil:
		if p, ok := m.layer.(*prompt); ok && p.filtersBoard() && m.detail == nil && m.screen == nil && h > 1 {
			line, col := p.line(w)
			board = m.boardWithBanner(w, h-1)
			// Clipped: the board's rows are kept for the next frame.
			body = append(slices.Clip(board.lines), fitLine(line, w))
			cur = tea.NewCursor(col, h-1)
			break
		}
		var s string
		s, cur = m.layer.view(w, h)
		body = fitLines(s, w, h)
	case m.detail != nil:
		body = fitLines(m.detail.view(w, h), w, h)
	case m.screen != nil:
		body = fitLines(m.screen.view(w, h), w, h)
	default:
		board = m.boardWithBanner(w, h)
		body = board.lines
	}
	status := m.statusView(w)
	f := Frame{Lines: make([]string, 0, len(body)+len(status)), Pieces: board.pieces, Widths: board.widths, Cursor: cur}
	f.Lines = append(append(f.Lines, body...), status...)
	if !m.noMouse {
		f.MouseMode = tea.MouseModeCellMotion
	}
	return f
}

// View is Frame for Bubble Tea's renderer.
func (m *Model) View() tea.View {
	f := m.Frame()
	v := tea.NewView(strings.Join(f.Lines, "\n"))
	v.AltScreen = true
	v.MouseMode = f.MouseMode
	v.Cursor = f.Cursor
	return v
}
