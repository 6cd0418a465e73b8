package tui

import (
	"context"
	"fmt"
	"os"
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
