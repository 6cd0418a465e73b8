package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// freshStore is a new desk: its first user (the admin) and nothing else.
func freshStore(t *testing.T) *store.Store {
	t.Helper()
	clock := newClock(epoch)
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "new.db"), store.WithClock(clock.now))
	if err != nil {
		t.Fatal(err)
	}
	clocks.Store(s, clock)
	t.Cleanup(func() {
		clocks.Delete(s)
		s.Close()
	})
	if _, err := s.Login(context.Background(), "alice"); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestFirstRunGuide: a new desk's board is a guide with the commands to
// add agents, import and serve, in the session's language; it goes once
// the desk has a second agent, and a filter that matches nothing on a
// desk in use never shows it.
func TestFirstRunGuide(t *testing.T) {
	for _, tc := range []struct {
		name string
		lang i18n.Lang
		w, h int
	}{
		{"en_80x24", i18n.EN, 80, 24},
		{"zh_80x24", i18n.ZH, 80, 24},
		{"en_160x48", i18n.EN, 160, 48},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := freshStore(t)
			h := newHarness(t, s, "alice", tc.lang, tc.w, tc.h)
			view := h.view()
			for _, want := range []string{"loopdesk agent add NAME --team tech_support --key-file NAME.pub",
				"loopdesk import tickets.csv", "loopdesk serve --listen :23234"} {
				if !strings.Contains(view, want) {
					t.Errorf("guide lacks %q:\n%s", want, view)
				}
			}
			golden.RequireEqual(t, view)
		})
	}
	s := freshStore(t)
	if err := s.AddAgent(context.Background(), "alice", domain.Agent{Name: "bob", Role: domain.RoleAgent}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, s, "alice", i18n.EN, 120, 30)
	if strings.Contains(h.view(), "Welcome to loopdesk") {
		t.Fatalf("guide on a desk with agents:\n%s", h.view())
	}
}
