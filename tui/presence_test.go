package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/live"
)

// TestPresenceAcrossSessions: two boards share one registry; what one has
// open shows on the other's card, editing is marked, and leaving clears
// it.
func TestPresenceAcrossSessions(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	p := live.NewPresence(nil)
	alice := startHarness(t, s, Options{Desk: s, Me: agent(t, s, "alice"), Lang: i18n.EN, Presence: p, Session: "a"}, 160, 48)
	bob := startHarness(t, s, Options{Desk: s, Me: agent(t, s, "bob"), Lang: i18n.EN, Presence: p, Session: "b"}, 160, 48)

	alice.press("enter") // FB-1001
	if got := cardText(t, bob, "FB-1001"); !strings.Contains(got, "◉alice") {
		t.Errorf("bob does not see alice on FB-1001:\n%s", got)
	}
	if got := cardText(t, alice, "FB-1001"); strings.Contains(got, "◉") {
		t.Errorf("alice sees herself:\n%s", got)
	}
	alice.press("e")
	if got := cardText(t, bob, "FB-1001"); !strings.Contains(got, "✎alice") {
		t.Errorf("editing not marked:\n%s", got)
	}
	alice.press("esc") // the form, untouched
	if got := cardText(t, bob, "FB-1001"); !strings.Contains(got, "◉alice") {
		t.Errorf("after the form alice should be looking again:\n%s", got)
	}
	alice.press("esc") // back to the board
	if got := cardText(t, bob, "FB-1001"); strings.Contains(got, "alice") {
		t.Errorf("alice left the card but still shows:\n%s", got)
	}

	// A form opened from the board marks that card too.
	alice.press("j", "N")
	if got := cardText(t, bob, "FB-1002"); !strings.Contains(got, "✎alice") {
		t.Errorf("note form from the board not marked:\n%s", got)
	}
	alice.press("esc", "k")
	bob.press("l", "enter") // bob looks at FB-1006
	if got := cardText(t, alice, "FB-1006"); !strings.Contains(got, "◉bob") {
		t.Errorf("alice does not see bob:\n%s", got)
	}
	alice.press("enter", "ctrl+c") // quits with FB-1001 open
	bob.press("esc")
	if got := cardText(t, bob, "FB-1001"); strings.Contains(got, "alice") {
		t.Errorf("alice quit but still shows:\n%s", got)
	}
	if vs := p.On(1, ""); len(vs) != 0 {
		t.Errorf("registry still has %+v on FB-1001", vs)
	}
}

// TestPresenceBatchDoesNotReload: the feed's presence nudge redraws the
// board without reading the database.
func TestPresenceBatchDoesNotReload(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	ctx := context.Background()
	feed, err := live.NewFeed(ctx, s, time.Hour, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := live.NewPresence(feed)
	sub := feed.Subscribe()
	defer feed.Unsubscribe(sub)
	h := startHarness(t, s, Options{Desk: s, Feed: sub, Me: agent(t, s, "bob"), Lang: i18n.EN, Presence: p, Session: "b"}, 160, 48)
	gen := h.m.gen
	p.Set(live.Viewer{Session: "c", Agent: "carol", TicketID: 2, Editing: true})
	h.pump()
	if h.m.gen != gen {
		t.Errorf("a presence batch reloaded the board (generation %d → %d)", gen, h.m.gen)
	}
	if got := cardText(t, h, "FB-1002"); !strings.Contains(got, "✎carol") {
		t.Errorf("carol's edit not shown:\n%s", got)
	}
}

func TestPresenceLabel(t *testing.T) {
	for _, tc := range []struct {
		vs   []live.Viewer
		want string
	}{
		{nil, ""},
		{[]live.Viewer{{Agent: "bob"}}, "◉bob"},
		{[]live.Viewer{{Agent: "zoe"}, {Agent: "ann"}}, "◉ann+1"},
		{[]live.Viewer{{Agent: "ann"}, {Agent: "zoe", Editing: true}, {Agent: "ann", Session: "2"}}, "✎zoe+1"},
		{[]live.Viewer{{Agent: "maximilian.schmidt"}}, "◉maximil…"},
	} {
		if got := presenceLabel(tc.vs); got != tc.want {
			t.Errorf("presenceLabel(%+v) = %q, want %q", tc.vs, got, tc.want)
		}
	}
}
