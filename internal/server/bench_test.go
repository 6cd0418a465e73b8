package server

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/server/termclient"
	"github.com/loopdesk/loopdesk/store"
)

// BenchmarkSSHFanout times one change, committed through the server's
// Desk (as a session's action is), until every open board shows it. Clients
// run in this process too, so ns/op and the CPU per session per change
// include their terminal emulation (an upper bound of the server's share);
// loopdesk-bench ssh keeps them apart and reports memory as well.
func BenchmarkSSHFanout(b *testing.B) {
	for _, n := range []int{10, 50} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) { benchFanout(b, n) })
	}
}

func benchFanout(b *testing.B, n int) {
	d := newDesk(b)
	tk := d.ticket(b, "mk-start", domain.High, "")
	for i := range 12 {
		d.ticket(b, fmt.Sprintf("filler %d", i), domain.Medium, "")
	}
	ctx := context.Background()
	cs := make([]*termclient.Client, n)
	srv, _ := serve(b, d, Config{MaxSessions: n})
	for i := range cs {
		name := fmt.Sprintf("fan%03d", i)
		if err := d.store.AddAgent(ctx, "ada", domain.Agent{Name: name, Role: domain.RoleAgent}); err != nil {
			b.Fatal(err)
		}
		d.register(b, name)
		cs[i] = connect(b, srv, d, name)
		waitScreen(b, cs[i], name, "mk-start")
	}
	var worst []time.Duration
	cpu0 := processCPU()
	b.ResetTimer()
	for i := range b.N {
		marker := fmt.Sprintf("mk%06d", i)
		start := time.Now()
		t, err := srv.Desk().Update(ctx, "ada", tk.ID, tk.Version, store.Patch{Title: &marker})
		if err != nil {
			b.Fatal(err)
		}
		tk = t
		var wg sync.WaitGroup
		for _, c := range cs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.WaitText(wait, marker); err != nil {
					b.Error(err)
				}
			}()
		}
		wg.Wait()
		worst = append(worst, time.Since(start))
	}
	b.StopTimer()
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N*n), "cpu-µs/session/change")
	slices.Sort(worst)
	b.ReportMetric(float64(worst[len(worst)/2].Microseconds())/1000, "ms-p50-all-seen")
	b.ReportMetric(float64(worst[len(worst)-1].Microseconds())/1000, "ms-max-all-seen")
}

// processCPU is the CPU time this process's goroutines and its garbage
// collector have used, as the runtime estimates it (it updates the
// figures at each collection, hence the one here).
func processCPU() time.Duration {
	runtime.GC()
	ms := []metrics.Sample{{Name: "/cpu/classes/user:cpu-seconds"}, {Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(ms)
	return time.Duration((ms[0].Value.Float64() + ms[1].Value.Float64()) * float64(time.Second))
}
