package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
)

// contexts are every context's bindings, as a model on the board of an
// admin (who may use every key) builds them: the board, the card, and
// each screen with the keys every screen shares.
func contexts(t *testing.T, lang i18n.Lang) (*harness, []keyContext) {
	t.Helper()
	s := openStore(t)
	seed(t, s, fixtures[:3])
	h := newHarness(t, s, "alice", lang, 200, 500)
	m := h.m
	cs := []keyContext{m.boardContext(), m.detailContext(), m.everywhereContext()}
	for _, k := range m.screenKinds() {
		c := m.everyScreenContext()
		c.title, c.keys = k.title, append(c.keys, k.s.keys()...)
		cs = append(cs, c)
	}
	return h, cs
}

// TestNoTwoBindingsShareAKey: within one context, a key does one thing.
func TestNoTwoBindingsShareAKey(t *testing.T) {
	_, cs := contexts(t, i18n.EN)
	for _, c := range cs {
		seen := map[string]string{}
		for _, b := range c.keys {
			for _, k := range b.Keys() {
				if other, dup := seen[k]; dup {
					t.Errorf("%s: key %q is bound to %q and %q", c.title, k, other, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
	}
}

// TestEveryBindingInHelp: the help screen lists every binding of every
// context, key and description, in both languages.
func TestEveryBindingInHelp(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		h, cs := contexts(t, lang)
		for _, w := range h.m.widgetKeys() {
			c := keyContext{title: w.title}
			for _, k := range w.keys {
				c.keys = append(c.keys, binding{Binding: k})
			}
			cs = append(cs, c)
		}
		h.press("?")
		v := h.view()
		for _, c := range cs {
			if !strings.Contains(v, lang.T(c.title)) {
				t.Errorf("%s: help has no section %q", lang, lang.T(c.title))
			}
			for _, b := range c.keys {
				hp := b.Help()
				if hp.Key == "" || hp.Desc == "" {
					t.Errorf("%s: %s: binding %v has no help", lang, c.title, b.Keys())
					continue
				}
				if !strings.Contains(v, hp.Key) || !strings.Contains(v, hp.Desc) {
					t.Errorf("%s: help lacks %q %q (%s)", lang, hp.Key, hp.Desc, c.title)
				}
			}
		}
	}
}

// TestDispatchFollowsTable: a key that a context's table binds runs that
// binding, and a key it does not bind does nothing.
func TestDispatchFollowsTable(t *testing.T) {
	h, _ := contexts(t, i18n.EN)
	ran := ""
	table := []binding{
		bind(key.NewBinding(key.WithKeys("x")), func() tea.Cmd { ran = "x"; return nil }),
		bind(key.NewBinding(key.WithKeys("y", "shift+y")), func() tea.Cmd { ran = "y"; return nil }),
	}
	if _, ok := h.m.dispatch(table, keyMsg("y")); !ok || ran != "y" {
		t.Fatalf("y ran %q (matched %v)", ran, ok)
	}
	if _, ok := h.m.dispatch(table, keyMsg("z")); ok || ran != "y" {
		t.Fatalf("z matched a binding (ran %q)", ran)
	}
	refused := table[0].only(admins, i18n.ScreenAdmin)
	h.m.env.me.Role = "agent"
	ran = ""
	if _, ok := h.m.dispatch([]binding{refused}, keyMsg("x")); !ok || ran != "" {
		t.Fatalf("an agent ran an admin's key (ran %q)", ran)
	}
	h.wantStatus("Agent and key management is for admins")
}

// TestRoleRefusedBeforeAnythingOpens: an agent on someone else's card
// hears why at once, and no picker, prompt or editor opens for work that
// the store would refuse after it was typed.
func TestRoleRefusedBeforeAnythingOpens(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "bob", i18n.EN, 120, 40)
	h.press("l")
	for h.selected().Owner == "bob" || h.selected().Owner == "" {
		before := h.selected().ID
		h.press("j")
		if h.selected().ID == before {
			t.Fatal("no card of someone else's in progress")
		}
	}
	owner := h.selected().Owner
	for _, k := range []string{"r", "e", "S", "w", "m", "a", "H", "C", "V"} {
		h.press(k)
		if h.m.layer != nil {
			t.Fatalf("%s opened %T on %s's card", k, h.m.layer, owner)
		}
		h.wantStatus("belongs to " + owner)
		h.m.status = status{}
	}
	for _, k := range []string{"E", "A", "U", "v"} {
		h.press(k)
		if h.m.screen != nil || h.m.layer != nil {
			t.Fatalf("%s opened a supervisor's screen for an agent", k)
		}
		h.wantStatus("Not allowed")
	}
	// What an agent may do still opens: a note on any card.
	h.press("N")
	if h.m.layer == nil {
		t.Fatal("N did not open the note form")
	}
}

// TestProblemResolveRefusedUpFront: an agent who does not own a problem
// is told so on S, before the fix summary is asked for.
func TestProblemResolveRefusedUpFront(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	seedProblems(t, s)
	h := newHarness(t, s, "bob", i18n.EN, 120, 40)
	h.press("B", "S")
	if h.m.layer != nil {
		t.Fatalf("S opened %T for an agent on alice's problem", h.m.layer)
	}
	h.wantStatus("belongs to alice")
}

// TestHelpSaysWhoMay: an agent's help still lists the supervisors' and
// admins' keys, marked as theirs.
func TestHelpSaysWhoMay(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures[:3])
	h := newHarness(t, s, "bob", i18n.EN, 200, 500)
	h.press("?")
	v := h.view()
	for _, want := range []string{"escalation queue (supervisors)", "agents and keys (admins)", "team load"} {
		if !strings.Contains(v, want) {
			t.Errorf("agent's help lacks %q", want)
		}
	}
	if strings.Contains(v, "team load (") {
		t.Error("team load is marked though everyone may open it")
	}
}
