package tui

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/demo"
	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// BenchmarkBoardFrame measures drawing alone, what the countdown's redraw
// and a presence change cost a session: View() at 160×48 of a loaded
// board (every card's deadline computed, nothing read).
func BenchmarkBoardFrame(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("tickets=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			m.Update(m.reload(m.board.request())())
			for b.Loop() {
				if m.View().Content == "" {
					b.Fatal("empty view")
				}
			}
		})
	}
}

// benchModel is a 160×48 board on the demo fixture of n tickets (built
// once, cached under the temp directory).
func benchModel(b *testing.B, n int) *Model {
	ctx := context.Background()
	path, err := demo.Fixture(ctx, n)
	if err != nil {
		b.Fatal(err)
	}
	s, err := store.Open(ctx, path, store.WithClock(func() time.Time { return demo.FixtureEpoch }))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	me := domain.Agent{Name: "admin", DisplayName: "admin", Role: domain.RoleAdmin, Active: true}
	m := New(Options{Desk: s, Me: me, Lang: i18n.ZH, Now: func() time.Time { return demo.FixtureEpoch }})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	return m
}

// BenchmarkBoardView measures what every change costs a session: a full
// reload of the visible windows and counts (keyset pages, never OFFSET or
// COUNT over the table) and View() at 160×48, on demo fixtures of 10k,
// 100k and 1M tickets (built once, cached under the temp directory).
func BenchmarkBoardView(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("tickets=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			for b.Loop() {
				msg := m.reload(m.board.request())()
				m.Update(msg)
				if m.View().Content == "" {
					b.Fatal("empty view")
				}
			}
			if !m.loaded || len(m.board.cols[0].cards) == 0 {
				b.Fatal("the board did not load")
			}
		})
	}
}

// BenchmarkFirstFrame measures what an agent waits for at start: opening
// the desk, the board's first load (keyset pages and maintained counts,
// no scan) and its first View at 160×48, on the 1M-ticket demo fixture
// (built once, cached under the temp directory). LOOPDESK_BENCH_DB names
// another database to open instead (a copy: opening migrates it).
func BenchmarkFirstFrame(b *testing.B) {
	ctx := context.Background()
	path := os.Getenv("LOOPDESK_BENCH_DB")
	if path == "" {
		var err error
		if path, err = demo.Fixture(ctx, 1_000_000); err != nil {
			b.Fatal(err)
		}
	}
	me := domain.Agent{Name: "admin", DisplayName: "admin", Role: domain.RoleAdmin, Active: true}
	now := func() time.Time { return demo.FixtureEpoch }
	for b.Loop() {
		s, err := store.Open(ctx, path, store.WithClock(now))
		if err != nil {
			b.Fatal(err)
		}
		m := New(Options{Desk: s, Me: me, Lang: i18n.ZH, Now: now})
		m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
		m.Update(m.reload(m.board.request())())
		if v := m.View().Content; !m.loaded || len(m.board.cols[0].cards) == 0 || v == "" {
			b.Fatal("the board did not load")
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}

// BenchmarkBoardChange measures what one change costs each of 100 boards
// of a process, as the SSH server runs them at 170×40 (English and
// Chinese, one shared card cache): the reload's result applied and the
// board drawn. The read itself is done once per change, as the server's
// shared read cache does. Reported as µs per session per change.
func BenchmarkBoardChange(b *testing.B) {
	const sessions = 100
	s := openStore(b)
	tks := seed(b, s, fixtures)
	shared := NewRenders(DefaultRenders)
	ms := make([]*Model, sessions)
	for i := range ms {
		lang := i18n.EN
		if i%2 == 1 {
			lang = i18n.ZH
		}
		ms[i] = New(Options{Desk: s, Me: agent(b, s, "alice"), Lang: lang, Now: fixedNow, Renders: shared})
		ms[i].Update(tea.WindowSizeMsg{Width: 170, Height: 40})
		ms[i].Update(ms[i].reload(ms[i].board.request())())
		ms[i].View()
	}
	tk := tks[1]
	ctx := context.Background()
	n := 0
	for b.Loop() {
		n++
		title := fmt.Sprintf("crash report %d", n)
		var err error
		if tk, err = s.Update(ctx, "alice", tk.ID, tk.Version, store.Patch{Title: &title}); err != nil {
			b.Fatal(err)
		}
		loaded := ms[0].reload(ms[0].board.request())().(loadedMsg)
		for _, m := range ms {
			m.reload(m.board.request()) // the model's own request; its result is the shared read
			msg := loaded
			msg.gen = m.gen
			m.Update(msg)
			if !strings.Contains(m.View().Content, title) {
				b.Fatal("the change is not on the board")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n*sessions), "µs/session/change")
}

// BenchmarkSessionChange measures what a change elsewhere costs one
// session's board besides reading: the reloaded board applied and the
// next frame drawn at 170×40, with a card cache shared as the server
// shares it. Each op is one change (one card's title, back and forth);
// reads are left out because the server shares them between sessions.
func BenchmarkSessionChange(b *testing.B) {
	s := openStore(b)
	tks := seed(b, s, fixtures)
	h := startHarness(b, s, Options{Desk: s, Me: agent(b, s, "alice"), Lang: i18n.EN, Renders: NewRenders(DefaultRenders)}, 170, 40)
	ctx := context.Background()
	tk := tks[1]
	var loads [2]loadedMsg
	for i, title := range []string{"Crash on photo upload", "App crashes when uploading photos"} {
		t, err := s.Update(ctx, "alice", tk.ID, tk.Version, store.Patch{Title: &title})
		if err != nil {
			b.Fatal(err)
		}
		tk = t
		loads[i] = h.m.reload(h.m.board.request())().(loadedMsg)
	}
	i := 0
	for b.Loop() {
		msg := loads[i%2]
		msg.gen = h.m.gen // as if just asked for
		h.m.Update(msg)
		if len(h.m.Frame().Lines) != 40 {
			b.Fatal("short frame")
		}
		i++
	}
}
