package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/demo"
	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

var benchSizes = []int{10_000, 100_000, 1_000_000}

// openFixture opens the cached fixture of n tickets (built on first use).
func openFixture(b *testing.B, n int) *store.Store {
	b.Helper()
	ctx := context.Background()
	path, err := demo.Fixture(ctx, n)
	if err != nil {
		b.Fatal(err)
	}
	s, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkBoardPage reads what one board frame needs: the counts and the
// first 20 cards of each of the five columns, then a page from the middle
// of the biggest column (keyset: as cheap as the top).
func BenchmarkBoardPage(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("tickets=%d", n), func(b *testing.B) {
			s := openFixture(b, n)
			mid, err := s.Page(ctx, store.PageQuery{Status: domain.Closed, Limit: n / 10})
			if err != nil || len(mid) == 0 {
				b.Fatal("no closed tickets in fixture", err)
			}
			cur := store.CursorOf(mid[len(mid)-1])
			b.ResetTimer()
			for b.Loop() {
				if _, err := s.Counts(ctx); err != nil {
					b.Fatal(err)
				}
				for _, st := range domain.Statuses {
					if _, err := s.Page(ctx, store.PageQuery{Status: st, Limit: 20}); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := s.Page(ctx, store.PageQuery{Status: domain.Closed, Cursor: &cur, Dir: store.After, Limit: 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMove measures version-checked move transactions (with their
// events and count updates) on a copy of the fixture.
func BenchmarkMove(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("tickets=%d", n), func(b *testing.B) {
			src := openFixture(b, n)
			dst := filepath.Join(b.TempDir(), "move.db")
			if err := src.Backup(ctx, dst); err != nil {
				b.Fatal(err)
			}
			s, err := store.Open(ctx, dst)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			tk, err := s.CreateTicket(ctx, "admin", store.NewTicket{Title: "bench", Channel: domain.Hotline})
			if err != nil {
				b.Fatal(err)
			}
			tk, err = s.Move(ctx, "admin", tk.ID, tk.Version, domain.InProgress)
			if err != nil {
				b.Fatal(err)
			}
			next := map[domain.Status]domain.Status{domain.InProgress: domain.Testing, domain.Testing: domain.InProgress}
			b.ResetTimer()
			for b.Loop() {
				tk, err = s.Move(ctx, "admin", tk.ID, tk.Version, next[tk.Status])
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "moves/s")
		})
	}
}

// BenchmarkReport computes every dashboard and report metric for the last
// 30 days (the fixture's whole history) from the rollups, with and without
// a filter; "refresh" is what one dashboard refresh asks of the store: two
// reports (today and the range), the capped at-risk and escalated counts
// of the open columns, and the emergencies.
func BenchmarkReport(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes[1:] {
		b.Run(fmt.Sprintf("tickets=%d", n), func(b *testing.B) {
			s := openFixture(b, n)
			to := demo.FixtureEpoch.Add(24 * time.Hour)
			from := to.AddDate(0, 0, -30)
			b.Run("all", func(b *testing.B) {
				for b.Loop() {
					if r, err := s.Report(ctx, store.ReportFilter{From: from, To: to}); err != nil || r.Created == 0 {
						b.Fatal(r.Created, err)
					}
				}
			})
			b.Run("filtered", func(b *testing.B) {
				hi := domain.High
				for b.Loop() {
					if _, err := s.Report(ctx, store.ReportFilter{From: from, To: to, Channel: domain.WeChat, Priority: &hi}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("refresh", func(b *testing.B) {
				day := to.Add(-24 * time.Hour)
				for b.Loop() {
					if _, err := s.Report(ctx, store.ReportFilter{From: day, To: to}); err != nil {
						b.Fatal(err)
					}
					if _, err := s.Report(ctx, store.ReportFilter{From: from, To: to}); err != nil {
						b.Fatal(err)
					}
					for _, st := range domain.Statuses {
						if !st.Open() {
							continue
						}
						if _, _, err := s.CountUpTo(ctx, st, store.Filter{AtRisk: true}, 999); err != nil {
							b.Fatal(err)
						}
						if _, _, err := s.CountUpTo(ctx, st, store.Filter{Escalated: true}, 999); err != nil {
							b.Fatal(err)
						}
					}
					if _, err := s.Emergencies(ctx, day); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
