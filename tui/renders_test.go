package tui

import (
	"context"
	"strings"
	"testing"
	"unsafe"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/store"
)

// Boards sharing one cache of drawn cards: a card another agent changed
// shows its new text on every board, and boards of other widths or
// languages never show a card drawn for another.
func TestSharedRendersFollowChanges(t *testing.T) {
	s := openStore(t)
	tks := seed(t, s, fixtures)
	shared := NewRenders(DefaultRenders)
	type board struct {
		h    *harness
		w    int
		lang i18n.Lang
	}
	var boards []board
	for _, b := range []struct {
		me   string
		lang i18n.Lang
		w    int
	}{{"alice", i18n.EN, 170}, {"bob", i18n.ZH, 170}, {"carol", i18n.EN, 130}, {"wang.fang", i18n.EN, 170}} {
		h := startHarness(t, s, Options{Desk: s, Me: agent(t, s, b.me), Lang: b.lang, Renders: shared}, b.w, 40)
		boards = append(boards, board{h, b.w, b.lang})
	}
	tk := tks[1] // "App crashes when uploading photos", high, pending
	check := func(title string) {
		t.Helper()
		for _, b := range boards {
			v := b.h.view()
			if !strings.Contains(v, title) {
				t.Errorf("%s board at %d cells: no %q:\n%s", b.lang, b.w, title, v)
			}
			for i, l := range strings.Split(v, "\n") {
				if got := displayWidth(l); got != b.w {
					t.Errorf("%s board at %d cells: line %d is %d cells: %q", b.lang, b.w, i, got, l)
				}
			}
			var keyLine string
			for l := range strings.SplitSeq(v, "\n") {
				if strings.Contains(l, tk.Key()+" ") {
					keyLine = l
					break
				}
			}
			if mark := b.lang.PriorityMark(tk.Priority); !strings.Contains(keyLine, tk.Key()+" "+mark) &&
				!strings.Contains(keyLine, tk.Key()+"  "+mark) {
				t.Errorf("%s board: the card's first line %q lacks its priority mark %q", b.lang, keyLine, mark)
			}
		}
	}
	check("App crashes")
	title := "Crash on photo upload (2.4.0)"
	if _, err := s.Update(context.Background(), "alice", tk.ID, tk.Version, store.Patch{Title: &title}); err != nil {
		t.Fatal(err)
	}
	for _, b := range boards {
		b.h.run(b.h.m.reload(b.h.m.board.request()))
	}
	check("Crash on photo")
	for _, b := range boards {
		if v := b.h.view(); strings.Contains(v, "App crashes") {
			t.Errorf("%s board at %d cells still shows the old title:\n%s", b.lang, b.w, v)
		}
	}
}

// The cache holds at most its size: the older half goes when the newer
// fills, and what is still asked for moves forward and stays.
func TestRendersBounded(t *testing.T) {
	r := NewRenders(4)
	draws := 0
	get := func(i int) {
		r.piece(chromeKey{part: "test", w: i}, func() []string { draws++; return []string{"x"} })
	}
	for i := range 100 {
		get(i)
		get(0) // always in use
	}
	if n := len(r.chrome.cur) + len(r.chrome.old); n > 4 {
		t.Errorf("%d entries, want at most 4", n)
	}
	if draws != 100 {
		t.Errorf("%d draws for 100 distinct keys and one kept in use, want 100", draws)
	}
}

// A batch of changes on the board only starts a reload: the view it
// leaves is the one before, so a caller may skip drawing it. A batch that
// changes what is drawn (who looks at a card, an emergency) is not quiet,
// nor is any batch while something covers the board.
func TestQuietFeedBatches(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures[:3])
	h := newHarness(t, s, "alice", i18n.EN, 170, 40)
	moved := feedMsg{ok: true, batch: live.Batch{Events: []domain.Event{{Kind: domain.EvMoved, TicketID: 1}}}}
	before := h.m.View().Content
	if !h.m.Quiet(moved) {
		t.Error("a batch of moves is not quiet")
	}
	h.m.Update(moved)
	if after := h.m.View().Content; after != before {
		t.Errorf("a quiet batch changed the view:\n%s\n---\n%s", before, after)
	}
	for name, msg := range map[string]feedMsg{
		"presence":  {ok: true, batch: live.Batch{Presence: true}},
		"overflow":  {ok: true, batch: live.Batch{Overflow: true}},
		"emergency": {ok: true, batch: live.Batch{Events: []domain.Event{{Kind: domain.EvEmergency, Before: "1.5", After: "40"}}}},
	} {
		if h.m.Quiet(msg) {
			t.Errorf("a %s batch is quiet", name)
		}
	}
	h.press("/")
	if h.m.Quiet(moved) {
		t.Error("a batch with the search prompt open is quiet")
	}
}

// A change to one card gives the next frame new rows where that card is
// drawn and the very rows of the last frame everywhere else, so the
// server's screen sends the card's rows alone without comparing the rest.
func TestFrameKeepsUnchangedRows(t *testing.T) {
	s := openStore(t)
	tks := seed(t, s, fixtures)
	h := startHarness(t, s, Options{Desk: s, Me: agent(t, s, "alice"), Lang: i18n.EN, Renders: NewRenders(DefaultRenders)}, 170, 40)
	first := h.m.Frame()
	before := first.Lines
	tk := tks[1] // "App crashes when uploading photos", pending
	title := "Crash on photo upload (2.4.0)"
	if _, err := s.Update(context.Background(), "alice", tk.ID, tk.Version, store.Patch{Title: &title}); err != nil {
		t.Fatal(err)
	}
	h.run(h.m.reload(h.m.board.request()))
	next := h.m.Frame()
	after := next.Lines
	for y, pieces := range next.Pieces {
		if got := strings.Join(pieces, ""); pieces != nil && got != after[y] {
			t.Errorf("row %d's pieces make %q, not the row %q", y, got, after[y])
		}
		if after[y] == before[y] || pieces == nil {
			continue
		}
		changed := 0
		for i := range pieces {
			if pieces[i] != first.Pieces[y][i] {
				changed++
			}
		}
		if changed != 1 {
			t.Errorf("row %d: %d pieces changed for one card's title, want its column's alone", y, changed)
		}
	}
	if len(after) != 40 || len(before) != 40 {
		t.Fatalf("frames of %d and %d lines, want 40", len(before), len(after))
	}
	redrawn := 0
	for i := range after {
		switch {
		case unsafe.StringData(after[i]) == unsafe.StringData(before[i]):
		case after[i] == before[i]:
			t.Errorf("row %d was drawn again though it shows the same: %q", i, after[i])
		default:
			redrawn++
		}
	}
	if !strings.Contains(strings.Join(after, "\n"), "Crash on photo") {
		t.Fatalf("the frame lacks the new title:\n%s", strings.Join(after, "\n"))
	}
	if redrawn == 0 || redrawn > cardLines {
		t.Errorf("%d rows changed for one card's title, want 1–%d", redrawn, cardLines)
	}
}

// A change to a card a board does not show leaves that board's frame as
// it was, row for row, so the server's screen sends it nothing.
func TestFrameUnchangedByCardNotShown(t *testing.T) {
	s := openStore(t)
	tks := seed(t, s, fixtures)
	h := startHarness(t, s, Options{Desk: s, Me: agent(t, s, "bob"), Lang: i18n.EN, Renders: NewRenders(DefaultRenders)}, 170, 40)
	h.m.filter = store.Filter{Owner: "bob"}
	h.run(h.m.reload(h.m.board.request()))
	before := h.m.Frame().Lines
	tk := tks[1] // unassigned: not on bob's board
	title := "Crash on photo upload (2.4.0)"
	if _, err := s.Update(context.Background(), "alice", tk.ID, tk.Version, store.Patch{Title: &title}); err != nil {
		t.Fatal(err)
	}
	h.run(h.m.reload(h.m.board.request()))
	after := h.m.Frame().Lines
	for i := range after {
		if unsafe.StringData(after[i]) != unsafe.StringData(before[i]) {
			t.Errorf("row %d drawn again for a card the board does not show: %q", i, after[i])
		}
	}
}
