package tui

import (
	"reflect"

	tea "charm.land/bubbletea/v2"
)

// Keys typed while a picker, form or editor is being opened wait for it.
// Opening one often reads first (the teams for the filter menu, the
// templates for a reply), and over SSH the key that opens it and the next
// arrive together, before the read is back: without waiting, "f" then "1"
// would give the 1 to the board and open the menu after it.

// openedMsg is the result of a command that opens something, hops
// commands after the key.
type openedMsg struct {
	msg  tea.Msg
	hops int
}

// maxOpenHops bounds how many commands in a row an opening may take (an
// ask, its read, the read's answer) before the keys go on regardless.
const maxOpenHops = 4

// maxTypeahead bounds the keys kept while something opens: a client
// typing or pasting without pause behind a slow read must not grow the
// session without end; what comes beyond it is dropped.
const maxTypeahead = 256

// opens runs cmd as an opening: keys typed until it is done wait.
func (m *Model) opens(cmd tea.Cmd) tea.Cmd { return m.opensAfter(cmd, 0) }

func (m *Model) opensAfter(cmd tea.Cmd, hops int) tea.Cmd {
	if cmd == nil {
		return nil
	}
	m.opening++
	return func() tea.Msg { return openedMsg{msg: cmd(), hops: hops} }
}

// onOpened handles an opening's result. While nothing opened on top and
// the result asks for more (the template picked, the draft to read), the
// keys keep waiting; then they go on, in order, to what is in front.
func (m *Model) onOpened(o openedMsg) tea.Cmd {
	m.opening = max(m.opening-1, 0)
	if o.msg == nil {
		return m.release()
	}
	if reflect.TypeOf(o.msg).PkgPath() != reflect.TypeFor[openedMsg]().PkgPath() {
		// Bubble Tea's own (a batch, the clipboard, quit): back to the
		// program, which acts on them before any model sees them.
		return tea.Batch(emit(o.msg), m.release())
	}
	cmd := m.update(o.msg)
	if m.layer == nil && cmd != nil && o.hops < maxOpenHops {
		return m.opensAfter(cmd, o.hops+1)
	}
	return tea.Batch(cmd, m.release())
}

// waitForOpening keeps a key or paste for later if something is being
// opened; it reports whether it did.
func (m *Model) waitForOpening(msg tea.Msg) bool {
	if m.opening <= 0 {
		return false
	}
	if len(m.typeahead) < maxTypeahead {
		m.typeahead = append(m.typeahead, msg)
	}
	return true
}

// release hands the waiting keys on, until one of them opens something
// again.
func (m *Model) release() tea.Cmd {
	var cmds []tea.Cmd
	for m.opening == 0 && len(m.typeahead) > 0 {
		msg := m.typeahead[0]
		m.typeahead = m.typeahead[1:]
		cmds = append(cmds, m.update(msg))
	}
	return tea.Batch(cmds...)
}
