package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
)

// together sends keys as one read from an SSH channel delivers them: each
// key is handled before any command the earlier ones started has run; the
// commands run afterwards, in order.
func (h *harness) together(keys ...string) {
	h.t.Helper()
	var cmds []tea.Cmd
	for _, k := range keys {
		_, cmd := h.m.Update(keyMsg(k))
		cmds = append(cmds, cmd)
	}
	for _, c := range cmds {
		h.run(c)
	}
}

// TestKeyAfterFIsNotLost: "f" reads the teams before its menu opens; the
// "1" typed with it (mine) goes to the menu, not to the board.
func TestKeyAfterFIsNotLost(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "bob", i18n.EN, 160, 48)
	h.together("f", "1")
	if h.m.filter.Owner != "bob" {
		t.Fatalf("f1 together: filter %+v, layer %T; want mine", h.m.filter, h.m.layer)
	}
	if n := len(onBoard(h)); n != 3 {
		t.Errorf("mine: %d cards, want bob's 3", n)
	}
	// And a key typed after a menu that opens at once is handled as before.
	h.together("f", "1", "j")
	if h.m.filter.Owner != "" || h.m.layer != nil {
		t.Fatalf("f1 again: filter %+v, layer %T", h.m.filter, h.m.layer)
	}
}

// TestKeysAfterRReachTheEditor: "r" reads the templates, "1" picks one,
// whose draft is read before the editor opens; the text typed with them
// lands in the editor.
func TestKeysAfterRReachTheEditor(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 120, 40)
	h.together("r", "1", "X", "Y", "Z")
	r, ok := h.m.layer.(*replyEditor)
	if !ok {
		t.Fatalf("r1XYZ together: layer %T, want the reply editor; status %q", h.m.layer, h.m.status.text)
	}
	if !strings.Contains(r.text.Value(), "XYZ") {
		t.Fatalf("typed text lost: %q", r.text.Value())
	}
	if h.m.opening != 0 || len(h.m.typeahead) != 0 {
		t.Fatalf("opening %d, %d keys still waiting", h.m.opening, len(h.m.typeahead))
	}
}

// TestOpeningPassesBubbleTeasOwnMessages: a command of an opening that
// ends in one of Bubble Tea's messages (a batch, quit) hands it back to
// the program instead of swallowing it.
func TestOpeningPassesBubbleTeasOwnMessages(t *testing.T) {
	s := openStore(t)
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	h.send(openedMsg{msg: tea.Quit()})
	if !h.quit {
		t.Fatal("quit inside an opening was swallowed")
	}
	ran := false
	h = newHarness(t, s, "alice", i18n.EN, 80, 24)
	h.send(openedMsg{msg: tea.BatchMsg{func() tea.Msg { ran = true; return nil }}})
	if !ran {
		t.Fatal("a batch inside an opening did not run")
	}
}

// TestTypeaheadIsBounded: a client typing without pause while something
// opens cannot grow the session's waiting keys past maxTypeahead.
func TestTypeaheadIsBounded(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "bob", i18n.EN, 80, 24)
	keys := append([]string{"f"}, strings.Split(strings.Repeat("j", 10*maxTypeahead), "")...)
	for _, k := range keys {
		h.m.Update(keyMsg(k))
	}
	if n := len(h.m.typeahead); n != maxTypeahead {
		t.Fatalf("%d keys waiting, want at most %d", n, maxTypeahead)
	}
}
