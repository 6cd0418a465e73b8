package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// KeyMap is every key binding of the TUI. Handling (key.Matches) and help
// (bubbles/help) read the same bindings, so the help cannot drift from
// what the keys do. Upper-case letters are bound both as "H" (legacy
// terminals send the shifted text) and "shift+h" (terminals with keyboard
// enhancements report the modifier).
type KeyMap struct {
	// Board and card detail.
	Top, Bottom      key.Binding
	PageUp, PageDown key.Binding
	// The lists of the screens move their cursor with the moving keys.
	RowUp, RowDown, RowTop, RowBottom key.Binding
	// A list's filter typed in place and its marks (list.go).
	ListFilter, ListMark key.Binding
	// The card detail scrolls with the moving keys.
	ScrollUp, ScrollDown, ScrollTop, ScrollBottom key.Binding
	Open, Back                                    key.Binding
	Move, MoveLeft, MoveRight                     key.Binding
	Assign, Take, New, Note, Edit                 key.Binding
	Respond, Select, Undo                         key.Binding
	Search, Filter, Sort, Jump                    key.Binding
	Refresh, Help, Quit                           key.Binding

	// Screens: the escalation queue, the team load, agents and keys, and
	// the keys that act inside them.
	Queue, Team, Admin          key.Binding
	Acknowledge, Raise          key.Binding
	AddAgent, Remove, AgentKeys key.Binding
	ShowCards                   key.Binding

	// The dashboard and its range (1 today, 7 and 3 for 7 and 30 days).
	Dashboard, RangeToday, Range7, Range30 key.Binding

	// The closed loop: replying, resolving, scoring and the approval
	// screen with its keys.
	Reply, Resolve, Score, Survey, RetryDelivery key.Binding
	Approvals, Approve, SendBack, CloseFollowUp  key.Binding
	SwitchTab                                    key.Binding

	// Intake and the knowledge base: the emergency banner, the triage
	// suggestion of the new-ticket form, the rejected list, the knowledge
	// base and mentions, and the keys inside them.
	Dismiss, AcceptSuggestion, Rejected, Restore key.Binding
	Knowledge, Promote, Mentions                 key.Binding
	// The triage review (triage.go) and its keys.
	Triage, TriageAccept, TriageCorrect key.Binding

	// Problems and waiting on the customer: the problems and roadmap
	// screen, linking cards to a problem, and a card's wait for the
	// customer's answer.
	Problems, Link, Wait, Answered key.Binding

	// ForceQuit works even where q is a letter (asking first where typed
	// text would be lost).
	ForceQuit key.Binding

	// The moving keys (Left, Right, Up, Down), the keys of pickers,
	// prompts and forms, and line editing.
	widget.Keys
}

func newKeyMap(l i18n.Lang) KeyMap {
	b := func(help string, desc i18n.Key, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, l.T(desc)))
	}
	plain := func(keys ...string) key.Binding { return key.NewBinding(key.WithKeys(keys...)) }
	return KeyMap{
		Top:      b("g", i18n.KeyTop, "g", "home"),
		Bottom:   b("G", i18n.KeyBottom, "G", "shift+g", "end"),
		PageUp:   b("pgup", i18n.KeyPageUp, "pgup", "ctrl+b", "ctrl+u"),
		PageDown: b("pgdn", i18n.KeyPageDown, "pgdown", "ctrl+f", "ctrl+d"),

		RowUp:      b("↑/k", i18n.KeyRowUp, "up", "k"),
		RowDown:    b("↓/j", i18n.KeyRowDown, "down", "j"),
		RowTop:     b("g", i18n.KeyRowTop, "g", "home"),
		RowBottom:  b("G", i18n.KeyRowBottom, "G", "shift+g", "end"),
		ListFilter: b("/", i18n.KeyListFilter, "/"),
		ListMark:   b("space/v", i18n.KeyListMark, "space", "v"),

		ScrollUp:     b("↑/k", i18n.KeyScrollUp, "up", "k"),
		ScrollDown:   b("↓/j", i18n.KeyScrollDown, "down", "j"),
		ScrollTop:    b("g", i18n.KeyScrollTop, "g", "home"),
		ScrollBottom: b("G", i18n.KeyScrollBottom, "G", "shift+g", "end"),

		Open:      b("enter", i18n.KeyOpen, "enter"),
		Back:      b("esc", i18n.KeyBack, "esc"),
		Move:      b("m", i18n.KeyMove, "m"),
		MoveLeft:  b("H", i18n.KeyMoveLeft, "H", "shift+h"),
		MoveRight: b("L", i18n.KeyMoveRight, "L", "shift+l"),
		Assign:    b("a", i18n.KeyAssign, "a"),
		Take:      b("t", i18n.KeyTake, "t"),
		New:       b("n", i18n.KeyNew, "n"),
		Note:      b("N/c", i18n.KeyNote, "N", "shift+n", "c"),
		Edit:      b("e", i18n.KeyEdit, "e"),
		Respond:   b("R", i18n.KeyRespond, "R", "shift+r"),
		Select:    b("v/space", i18n.KeySelect, "v", "space"),
		Undo:      b("z", i18n.KeyUndo, "z"),
		Search:    b("/", i18n.KeySearch, "/"),
		Filter:    b("f", i18n.KeyFilter, "f"),
		Sort:      b("s", i18n.KeySort, "s"),
		Jump:      b(":", i18n.KeyJump, ":"),
		// r is kept free for replying to the customer.
		Refresh: b("ctrl+r/F5", i18n.KeyRefresh, "ctrl+r", "f5"),
		Help:    b("?", i18n.KeyHelp, "?"),
		Quit:    b("q", i18n.KeyQuit, "q"),

		Queue:       b("E", i18n.KeyQueue, "E", "shift+e"),
		Team:        b("T", i18n.KeyTeam, "T", "shift+t"),
		Admin:       b("U", i18n.KeyAdmin, "U", "shift+u"),
		Acknowledge: b("A", i18n.KeyAck, "A", "shift+a"),
		Raise:       b("p/+", i18n.KeyRaise, "p", "+"),
		AddAgent:    b("n", i18n.KeyAddAgent, "n"),
		Remove:      b("x/del", i18n.KeyRemove, "x", "delete"),
		AgentKeys:   b("enter", i18n.KeyKeys, "enter"),
		ShowCards:   b("enter", i18n.KeyShowCards, "enter"),

		Dashboard:  b("d", i18n.KeyDashboard, "d"),
		RangeToday: b("1", i18n.KeyRangeToday, "1"),
		Range7:     b("7", i18n.KeyRange7, "7"),
		Range30:    b("3", i18n.KeyRange30, "3"),

		Reply:         b("r", i18n.KeyReply, "r"),
		Resolve:       b("S", i18n.KeyResolve, "S", "shift+s"),
		Score:         b("C", i18n.KeyScore, "C", "shift+c"),
		Survey:        b("V", i18n.KeySurvey, "V", "shift+v"),
		RetryDelivery: b("Y", i18n.KeyRetry, "Y", "shift+y"),
		Approvals:     b("A", i18n.KeyApprovals, "A", "shift+a"),
		Approve:       b("y", i18n.KeyApprove, "y"),
		SendBack:      b("b", i18n.KeySendBack, "b"),
		CloseFollowUp: b("y", i18n.KeyCloseFollowUp, "y"),
		SwitchTab:     b("tab", i18n.KeySwitchTab, "tab"),

		Dismiss:          b("!", i18n.KeyDismiss, "!"),
		AcceptSuggestion: b("ctrl+t", i18n.KeyAcceptSuggestion, "ctrl+t"),
		Rejected:         b("X", i18n.KeyRejected, "X", "shift+x"),
		Restore:          b("r", i18n.KeyRestore, "r"),
		Knowledge:        b("K", i18n.KeyKB, "K", "shift+k"),
		Triage:           b("I", i18n.KeyTriage, "I", "shift+i"),
		TriageAccept:     b("y", i18n.KeyTriageAccept, "y"),
		TriageCorrect:    b("c", i18n.KeyTriageCorrect, "c"),
		Promote:          b("P", i18n.KeyPromote, "P", "shift+p"),
		Mentions:         b("@", i18n.KeyMentions, "@"),

		Problems: b("B", i18n.KeyProblems, "B", "shift+b"),
		Link:     b("i", i18n.KeyLink, "i"),
		Wait:     b("w", i18n.KeyWait, "w"),
		Answered: b("W", i18n.KeyAnswered, "W", "shift+w"),

		ForceQuit: b("ctrl+c", i18n.KeyForceQuit, "ctrl+c"),

		Keys: widget.Keys{
			Left:   b("←/h", i18n.KeyLeft, "left", "h"),
			Right:  b("→/l", i18n.KeyRight, "right", "l"),
			Up:     b("↑/k", i18n.KeyUp, "up", "k"),
			Down:   b("↓/j", i18n.KeyDown, "down", "j"),
			Choose: b("enter", i18n.KeyChoose, "enter"),
			Cancel: b("esc", i18n.KeyCancel, "esc"),
			Next:   b("tab/↓", i18n.KeyNextField, "tab", "down"),
			Prev:   b("shift+tab/↑", i18n.KeyPrevField, "shift+tab", "up"),
			Save:   b("ctrl+s", i18n.KeySave, "ctrl+s"),
			Yes:    b("y", i18n.KeyYes, "y", "Y", "shift+y"),
			No:     b("n/esc", i18n.KeyNo, "n", "N", "shift+n", "esc"),
			Line: widget.EditKeys{
				CharLeft:      plain("left", "ctrl+b"),
				CharRight:     plain("right", "ctrl+f"),
				LineStart:     plain("home", "ctrl+a"),
				LineEnd:       plain("end", "ctrl+e"),
				DeleteBack:    plain("backspace", "ctrl+h"),
				DeleteForward: plain("delete", "ctrl+d"),
				DeleteToStart: plain("ctrl+u"),
				DeleteToEnd:   plain("ctrl+k"),
			},
		},
	}
}
