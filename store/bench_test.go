package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/demo"
	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/store/storetest"
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

// benchEngines are the engines a read benchmark compares in one run.
var benchEngines = []string{"sqlite", "postgres"}

// openEngineFixture opens the fixture of n tickets on engine: the SQLite
// file, or its copy on the PostgreSQL server LOOPDESK_TEST_POSTGRES names
// (demo.PostgresFixture, built on first use); without a server the
// PostgreSQL benchmark skips with one line.
func openEngineFixture(b *testing.B, engine string, n int) *store.Store {
	b.Helper()
	if engine == "sqlite" {
		return openFixture(b, n)
	}
	server := os.Getenv(storetest.PostgresEnv)
	if server == "" {
		b.Skip(storetest.PostgresEnv + " not set: PostgreSQL benchmark skipped")
	}
	ctx := context.Background()
	db, secret, err := demo.PostgresFixture(ctx, server, n)
	if err != nil {
		b.Fatal(err)
	}
	s, err := store.Open(ctx, db, store.WithSecretFile(secret))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// reportLatency reports the median and 99th percentile of d as
// name-p50-ms and name-p99-ms.
func reportLatency(b *testing.B, name string, d []time.Duration) {
	slices.Sort(d)
	b.ReportMetric(ms(d[len(d)/2]), name+"-p50-ms")
	b.ReportMetric(ms(d[len(d)*99/100]), name+"-p99-ms")
}

// BenchmarkBoardPage reads what one board frame needs: the counts and the
// first 20 cards of each of the five columns, then a page from the middle
// of the biggest column (keyset: as cheap as the top). Per engine in the
// same run; it reports the median and 99th percentile of a frame and of
// each call.
func BenchmarkBoardPage(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		for _, engine := range benchEngines {
			b.Run(fmt.Sprintf("tickets=%d/%s", n, engine), func(b *testing.B) {
				s := openEngineFixture(b, engine, n)
				mid, err := s.Page(ctx, store.PageQuery{Status: domain.Closed, Limit: n / 10})
				if err != nil || len(mid) == 0 {
					b.Fatal("no closed tickets in fixture", err)
				}
				cur := store.CursorOf(mid[len(mid)-1])
				var frames, calls []time.Duration
				timed := func(f func() error) {
					start := time.Now()
					if err := f(); err != nil {
						b.Fatal(err)
					}
					calls = append(calls, time.Since(start))
				}
				b.ResetTimer()
				for b.Loop() {
					start := time.Now()
					timed(func() error { _, err := s.Counts(ctx); return err })
					for _, st := range domain.Statuses {
						timed(func() error { _, err := s.Page(ctx, store.PageQuery{Status: st, Limit: 20}); return err })
					}
					timed(func() error {
						_, err := s.Page(ctx, store.PageQuery{Status: domain.Closed, Cursor: &cur, Dir: store.After, Limit: 20})
						return err
					})
					frames = append(frames, time.Since(start))
				}
				reportLatency(b, "frame", frames)
				reportLatency(b, "call", calls)
			})
		}
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

// BenchmarkMoveWriters measures version-checked moves with N writers at
// once, each a store of its own on the same desk (as N processes, or N
// nodes on PostgreSQL), each moving its own ticket back and forth, on
// SQLite and, with LOOPDESK_TEST_POSTGRES, on PostgreSQL in the same run.
// The desk holds only the writers' tickets: the figure is the cost of the
// write path and its one-writer lock, not of a large desk's indexes
// (BenchmarkMove has those).
func BenchmarkMoveWriters(b *testing.B) {
	ctx := context.Background()
	for _, engine := range []string{"sqlite", "postgres"} {
		for _, writers := range []int{1, 4, 16} {
			b.Run(fmt.Sprintf("engine=%s/writers=%d", engine, writers), func(b *testing.B) {
				db := filepath.Join(b.TempDir(), "desk.db")
				if engine == "postgres" {
					db = storetest.Postgres(b)
				}
				tickets := make([]domain.Ticket, writers)
				stores := make([]*store.Store, writers)
				for i := range stores {
					s, err := store.Open(ctx, db)
					if err != nil {
						b.Fatal(err)
					}
					defer s.Close()
					stores[i] = s
					if _, err := s.Login(ctx, "admin"); err != nil {
						b.Fatal(err)
					}
					if tickets[i], err = s.CreateTicket(ctx, "admin", store.NewTicket{Title: "bench", Channel: domain.Hotline}); err != nil {
						b.Fatal(err)
					}
				}
				next := map[domain.Status]domain.Status{domain.Pending: domain.InProgress, domain.InProgress: domain.Testing, domain.Testing: domain.InProgress}
				var done atomic.Int64
				var wg sync.WaitGroup
				errs := make(chan error, writers)
				b.ResetTimer()
				for i := range writers {
					wg.Go(func() {
						tk := tickets[i]
						for done.Add(1) <= int64(b.N) {
							var err error
							if tk, err = stores[i].Move(ctx, "admin", tk.ID, tk.Version, next[tk.Status]); err != nil {
								errs <- err
								return
							}
						}
					})
				}
				wg.Wait()
				b.StopTimer()
				close(errs)
				if err := <-errs; err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "moves/s")
			})
		}
	}
}
