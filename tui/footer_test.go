package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/i18n"
)

// footer is the last line of the screen.
func footer(h *harness) string {
	lines := strings.Split(h.view(), "\n")
	return lines[len(lines)-1]
}

// TestFooterAt80Columns: at 80 columns, in English and Chinese, every
// place's footer ends with "? help", fits the width, and names only keys
// its table binds there; under a picker or form no board keys are drawn.
func TestFooterAt80Columns(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	if _, err := s.SweepSLA(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		h := newHarness(t, s, "alice", lang, 80, 24)
		help := "? " + lang.T(i18n.KeyHelp)
		places := []struct {
			name string
			keys []string
		}{
			{"board", nil}, {"card", []string{"enter"}}, {"queue", []string{"E"}}, {"approvals", []string{"A"}},
			{"team", []string{"T"}}, {"agents", []string{"U"}}, {"dashboard", []string{"d"}},
			{"knowledge base", []string{"K"}}, {"mentions", []string{"@"}}, {"rejected", []string{"X"}}, {"problems", []string{"B"}},
		}
		for _, p := range places {
			h.press(p.keys...)
			h.m.status = status{}
			f := footer(h)
			if displayWidth(f) != 80 {
				t.Errorf("%s %s: footer %d cells wide", lang, p.name, displayWidth(f))
			}
			if !strings.HasSuffix(strings.TrimRight(f, " "), help) {
				t.Errorf("%s %s: footer does not end with %q: %q", lang, p.name, help, f)
			}
			// Each hint is a binding of the place's table, as the table says it.
			var c keyContext
			switch {
			case h.m.detail != nil:
				c = h.m.detailContext()
			case h.m.screen != nil:
				c = h.m.screenContext()
			default:
				c = h.m.boardContext()
			}
			bound := map[string]bool{}
			for _, b := range c.keys {
				bound[b.Help().Key+" "+b.Help().Desc] = true
			}
			for _, item := range strings.Split(strings.TrimSpace(f), " • ") {
				if !bound[item] {
					t.Errorf("%s %s: footer hint %q is not a binding there", lang, p.name, item)
				}
			}
			h.press("esc")
		}
		// The card's j scrolls, and its footer says so.
		h.press("enter")
		if f := footer(h); !strings.Contains(f, "↓/j "+lang.T(i18n.KeyScrollDown)) {
			t.Errorf("%s card footer: %q", lang, f)
		}
		h.press("esc")
		// Under a picker and a form, no board keys.
		for _, k := range []string{"m", "n"} {
			h.press(k)
			if h.m.layer == nil {
				t.Fatalf("%s: %s opened nothing", lang, k)
			}
			if f := footer(h); strings.TrimSpace(f) != "" {
				t.Errorf("%s: board footer under %T: %q", lang, h.m.layer, f)
			}
			h.press("esc")
		}
	}
}
