package loadtest

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"time"
)

// usage is a point-in-time reading of this process's resources.
type usage struct {
	heap uint64        // live heap after a collection
	rss  int64         // resident set, 0 where unknown
	cpu  time.Duration // user + system
}

func sample() usage {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return usage{heap: m.HeapAlloc, rss: residentBytes(), cpu: cpuTime()}
}

// Report is what a run measured.
type Report struct {
	Sessions       int
	Width, Height  int    // every client's terminal
	External       bool   // changes came from another database handle
	TwoNodes       bool   // changes made on node A, sessions on node B
	Engine         string // sqlite or postgres
	ServerSessions int    // boards the server counted as open
	Moves          int
	Latencies      []time.Duration
	Missed         int // (session, change) pairs never seen within the round timeout
	HeapPerSession int64
	RSSPerSession  int64
	ConnectWall    time.Duration
	CPUConnect     time.Duration
	MovesWall      time.Duration
	CPUMoves       time.Duration
}

// Percentile is the p-th percentile latency (0 < p ≤ 100), nearest rank.
func (r Report) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	s := slices.Clone(r.Latencies)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// Print writes the report for people.
func (r Report) Print(w io.Writer) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	from := "an SSH session's path (server Desk)"
	if r.External {
		from = "another database handle, as another process"
	}
	if r.TwoNodes {
		from = "node A's Desk to sessions on node B"
	}
	from += " on " + r.Engine
	fmt.Fprintf(w, "sessions %d at %d×%d (server counted %d), changes %d from %s, samples %d, missed %d\n",
		r.Sessions, r.Width, r.Height, r.ServerSessions, r.Moves, from, len(r.Latencies), r.Missed)
	fmt.Fprintf(w, "commit → on screen: p50 %s  p95 %s  p99 %s  max %s\n",
		ms(r.Percentile(50)), ms(r.Percentile(95)), ms(r.Percentile(99)), ms(r.Percentile(100)))
	fmt.Fprintf(w, "server memory per session: heap %.0f KiB, RSS %s\n", float64(r.HeapPerSession)/1024, kib(r.RSSPerSession))
	fmt.Fprintf(w, "server CPU: connecting %s (%s wall); changes %s over %s wall = %s per change, %s per session per change\n",
		ms(r.CPUConnect), ms(r.ConnectWall), ms(r.CPUMoves), ms(r.MovesWall),
		ms(r.CPUMoves/time.Duration(max(r.Moves, 1))),
		fmt.Sprintf("%.0f µs", float64(r.CPUMoves.Microseconds())/float64(max(r.Moves*r.Sessions, 1))))
}

func kib(b int64) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f KiB", float64(b)/1024)
}
