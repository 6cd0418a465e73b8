package tui

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/store"
)

// hostile carries what a terminal acts on: CSI (clear screen, cursor
// moves), an OSC 8 hyperlink, a DCS string, the C1 CSI, a bidi override,
// carriage return, backspace and bell.
const hostile = "A\x1b[2J\x1b[1;1HB\x1b]8;;https://evil.example\x07link\x1b]8;;\x07" +
	"\x1bP1$qm\x1b\\C\u009b31mD\u202eEVIL\u202cE\rF\bG\aH"

// ownSGR is the styling the TUI itself writes: SGR sequences only.
var ownSGR = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// assertInert fails if the screen holds anything a terminal would act on
// beyond the TUI's own colours and bold.
func assertInert(t *testing.T, where, screen string) {
	t.Helper()
	rest := ownSGR.ReplaceAllString(screen, "")
	for i, r := range rest {
		bad := r < 0x20 && r != '\n' || // ESC, CR, BS, BEL and the other C0 controls
			r >= 0x7f && r <= 0x9f || // DEL and C1 (U+009B is CSI)
			r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 // bidi
		if bad {
			t.Errorf("%s: screen contains %U near %q", where, r, rest[max(i-20, 0):min(i+20, len(rest))])
			return
		}
	}
}

func TestUntrustedTextIsInert(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	if err := s.AddAgent(ctx, "alice", domain.Agent{Name: "mallory", DisplayName: "Mal" + hostile, Role: domain.RoleAgent}); err != nil {
		t.Fatal(err)
	}
	tk, err := s.CreateTicket(ctx, "alice", store.NewTicket{
		Title: "标题" + hostile, Body: "正文\n" + hostile + "\n第三行", Channel: domain.WeChat, Priority: domain.High,
		CustomerName: "客户" + hostile, Product: "P" + hostile, Industry: hostile, OrderNo: hostile,
		Keywords: []string{hostile}, Tags: []string{hostile},
	})
	if err != nil {
		t.Fatal(err)
	}
	if tk, err = s.AddNote(ctx, "alice", tk.ID, tk.Version, "备注"+hostile); err != nil {
		t.Fatal(err)
	}
	if tk, err = s.Update(ctx, "alice", tk.ID, tk.Version, store.Patch{Title: ptr("新" + hostile)}); err != nil {
		t.Fatal(err)
	}
	if _, err = s.Assign(ctx, "alice", tk.ID, tk.Version, "mallory"); err != nil {
		t.Fatal(err)
	}
	// Missed deadlines put the card in the escalation queue too.
	clockOf(s).advance(3 * time.Hour)
	if n, err := s.SweepSLA(ctx); err != nil || n == 0 {
		t.Fatalf("sweep: %d breaches, %v", n, err)
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
			h := newHarness(t, s, "alice", lang, size[0], size[1])
			assertInert(t, "board", h.m.View().Content)
			if !strings.Contains(h.view(), "新A") {
				t.Errorf("card title missing:\n%s", h.view())
			}
			h.press("enter")
			assertInert(t, "detail", h.m.View().Content)
			assertInert(t, "detail content", strings.Join(h.m.detail.content(size[0]), "\n"))
			h.press("G")
			assertInert(t, "detail bottom", h.m.View().Content)
			h.press("a")
			assertInert(t, "assign picker", h.m.View().Content)
			h.press("esc", "esc", "/")
			h.send(pasteMsg(hostile))
			assertInert(t, "search prompt", h.m.View().Content)
			h.press("enter")
			assertInert(t, "board searched", h.m.View().Content)
			for _, k := range []string{"T", "U", "E"} {
				h.press("esc", k)
				assertInert(t, "screen "+k, h.m.View().Content)
			}
			h.press("esc")
		}
	}
	// Presence names another session's agent on the card.
	p := live.NewPresence(nil)
	p.Set(live.Viewer{Session: "m", Agent: "mallory" + hostile, TicketID: tk.ID, Editing: true})
	h := startHarness(t, s, Options{Desk: s, Me: agent(t, s, "alice"), Lang: i18n.EN, Presence: p, Session: "a"}, 160, 48)
	assertInert(t, "presence", h.m.View().Content)
}

func ptr[T any](v T) *T { return &v }
