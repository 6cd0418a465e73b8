package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

// searchQueries picks queries of each kind from the fixture's own text
// (so most of them match, some in nearly every ticket) plus misses.
func searchQueries(b *testing.B, s *store.Store, n int) map[string][]string {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 5))
	kinds := map[string][]string{}
	add := func(kind, q string) {
		if q = strings.TrimSpace(q); q != "" && len(kinds[kind]) < 40 {
			kinds[kind] = append(kinds[kind], q)
		}
	}
	for range 400 {
		tk, err := s.Ticket(ctx, 1+r.Int64N(int64(n)))
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range []string{tk.Title, tk.Body, tk.Product, tk.OrderNo} {
			rs := []rune(f)
			if len(rs) == 0 {
				continue
			}
			i := r.IntN(len(rs))
			piece := func(m int) string { return string(rs[i:min(len(rs), i+m)]) }
			switch {
			case rs[i] >= 0x4e00 && rs[i] <= 0x9fff:
				add("cjk1", piece(1))
				add("cjk2", piece(2))
				add("cjk3-6", piece(3+r.IntN(4)))
			case unicode.IsDigit(rs[i]):
				add("digits", piece(1+r.IntN(6)))
			case unicode.IsLetter(rs[i]):
				word := strings.FieldsFunc(string(rs[i:]), func(c rune) bool { return !unicode.IsLetter(c) || c >= 0x4e00 })
				if len(word) > 0 && utf8.RuneCountInString(word[0]) >= 3 {
					add("latin-word", strings.ToUpper(word[0][:1])+word[0][1:])
				}
				add("latin-frag", piece(2+r.IntN(3)))
			}
		}
	}
	for range 40 {
		add("miss", fmt.Sprintf("%c%c", 0x4e00+r.IntN(0x5000), 0x4e00+r.IntN(0x5000)))
		add("miss", fmt.Sprintf("zq%dxj", r.IntN(100)))
	}
	return kinds
}

// BenchmarkSearch measures what one keystroke of the board's search asks
// of the store: the first 20 cards and, when there are more, the count
// (capped at 99, as the board counts a search) of each of the five
// columns, for the search alone and combined with a channel or an owner
// filter (searchFilters; on SQLite read from the index by board keys
// either way, on PostgreSQL a filter takes a set of ids, a walk of the
// column, or the counting stream).
// Each engine runs the same queries in the same run. It reports the
// median and 99th percentile of each kind of query per keystroke (key-)
// and per store call, a page or a count (call-), and of the process's CPU
// time per keystroke (key-cpu-), which other work on a shared machine
// does not inflate; on PostgreSQL most of the work is the server's, which
// key-cpu- does not see.
func BenchmarkSearch(b *testing.B) {
	for _, n := range benchSizes[1:] {
		b.Run(fmt.Sprintf("tickets=%d", n), func(b *testing.B) {
			kinds := searchQueries(b, openFixture(b, n), n)
			names := make([]string, 0, len(kinds))
			for k := range kinds {
				names = append(names, k)
			}
			slices.Sort(names)
			for _, engine := range benchEngines {
				b.Run(engine, func(b *testing.B) {
					s := openEngineFixture(b, engine, n)
					if n <= 100_000 {
						verifySearch(b, s, kinds)
					}
					for _, filter := range searchFilters {
						for _, kind := range names {
							name := "kind=" + kind
							if filter.name != "" {
								name += "/" + filter.name
							}
							b.Run(name, func(b *testing.B) {
								benchKeystrokes(b, s, kinds[kind], filter.f)
							})
						}
					}
				})
			}
		})
	}
}

// searchFilters are the filters BenchmarkSearch combines the search
// with: none, a channel (a fifth of the fixture's tickets), an owner (a
// seventh; none of the pending column's).
var searchFilters = []struct {
	name string
	f    store.Filter
}{{"", store.Filter{}}, {"channel=wechat", store.Filter{Channel: domain.WeChat}}, {"owner=maria", store.Filter{Owner: "maria"}}}

// benchKeystrokes times the board's reads of one keystroke for each of qs
// in turn, the search alone or with filter.
func benchKeystrokes(b *testing.B, s *store.Store, qs []string, filter store.Filter) {
	ctx := context.Background()
	var took, calls, cpu []time.Duration
	i := 0
	for b.Loop() {
		f := filter
		f.Search = qs[i%len(qs)]
		i++
		cpuStart := cpuTime(b)
		start := time.Now()
		for _, st := range domain.Statuses {
			call := time.Now()
			page, err := s.Page(ctx, store.PageQuery{Status: st, Filter: f, Limit: 20})
			if err != nil {
				b.Fatal(err)
			}
			calls = append(calls, time.Since(call))
			if len(page) < 20 {
				continue // the whole column: the board counts its cards (tui's counts)
			}
			call = time.Now()
			if _, _, err := s.CountUpTo(ctx, st, f, 99); err != nil {
				b.Fatal(err)
			}
			calls = append(calls, time.Since(call))
		}
		took = append(took, time.Since(start))
		cpu = append(cpu, cpuTime(b)-cpuStart)
	}
	reportLatency(b, "key", took)
	reportLatency(b, "call", calls)
	reportLatency(b, "key-cpu", cpu)
	b.ReportMetric(0, "ns/op")
}

// verifySearch checks that the index finds what the substring scan finds
// on the fixture, for every query the benchmark times.
func verifySearch(b *testing.B, s *store.Store, kinds map[string][]string) {
	ctx := context.Background()
	for kind, qs := range kinds {
		for _, q := range qs {
			want, err := s.ScanIDs(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			got, err := s.SearchIDs(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			if !slices.Equal(got, want) {
				b.Fatalf("%s %q: the index finds %d tickets, the scan %d", kind, q, len(got), len(want))
			}
		}
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSearchDoc makes the index document of a typical ticket, as
// each of an import's rows needs.
func BenchmarkSearchDoc(b *testing.B) {
	fields := []string{"APP闪退", "更新到2.0.6版本以后一打开就闪退，重装了也没用，订单SO64048604还没付款", "李静", "LoopPay", ""}
	for b.Loop() {
		store.SearchDoc(fields...)
	}
}
