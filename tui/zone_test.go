package tui

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// TestPromiseEqualsDueInDeskZone runs the board on a server whose clock
// is in UTC for a desk in Asia/Shanghai: the resolution time the card
// shows and the one the acknowledgement promises the customer are the
// same wall time, both in the desk's zone, and the card names the zone.
func TestPromiseEqualsDueInDeskZone(t *testing.T) {
	s := openStore(t)
	tk := seed(t, s, fixtures)
	utc := func() time.Time { return clockOf(s).now().UTC() }
	h := startHarness(t, s, Options{Desk: s, Me: agent(t, s, "alice"), Lang: i18n.EN, Now: utc}, 120, 60)
	h.openCard(tk[1].Key())
	card := h.view()
	if !strings.Contains(card, "Time zone      Asia/Shanghai (UTC+8)") {
		t.Fatalf("the card does not name the desk's zone:\n%s", card)
	}
	m := regexp.MustCompile(`Resolution .*due (\d{4}-\d\d-\d\d \d\d:\d\d)`).FindStringSubmatch(card)
	if m == nil {
		t.Fatalf("no resolution due on the card:\n%s", card)
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	if want := tk[1].DueResolution.In(shanghai).Format("2006-01-02 15:04"); m[1] != want {
		t.Fatalf("the card says due %s, the desk's zone says %s", m[1], want)
	}
	h.press("r", "1")
	ed, ok := h.m.layer.(*replyEditor)
	if !ok {
		t.Fatalf("reply editor did not open:\n%s", h.view())
	}
	if promise := "by " + m[1] + " Asia/Shanghai (UTC+8)."; !strings.Contains(ed.text.Value(), promise) {
		t.Fatalf("the reply promises %q, the card says due %s", ed.text.Value(), m[1])
	}
}

// TestReplyLinesKeptOnCard: a reply typed on several lines shows on the
// card on those lines, with its control characters gone.
func TestReplyLinesKeptOnCard(t *testing.T) {
	s := openStore(t)
	tk := seed(t, s, fixtures)
	sent := "Hello,\n\nstep 1: update the app\x1b[31m\nstep 2: restart\n— Alice"
	if _, _, err := s.Reply(context.Background(), "alice", tk[1].ID, tk[1].Version, store.Draft{Text: sent}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, s, "alice", i18n.EN, 120, 60)
	h.openCard(tk[1].Key())
	view := h.view()
	want := "    Hello,\n    \n    step 1: update the app\n    step 2: restart\n    — Alice"
	var got []string
	for ln := range strings.SplitSeq(view, "\n") {
		got = append(got, strings.TrimRight(ln, " "))
	}
	if !strings.Contains(strings.Join(got, "\n"), strings.ReplaceAll(want, "    \n", "\n")) {
		t.Fatalf("the card does not show the reply as sent:\n%s", view)
	}
	if strings.Contains(view, "\x1b[31m") || strings.Contains(view, "[31m") {
		t.Fatal("a control sequence from the reply reached the screen")
	}
}
