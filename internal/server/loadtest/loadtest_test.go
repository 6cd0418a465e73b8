package loadtest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The test binary doubles as the client process: run with
// LOADTEST_CLIENTS=1 it is the client half, as "loopdesk-bench
// ssh-clients" is for the CLI.
func TestMain(m *testing.M) {
	if os.Getenv("LOADTEST_CLIENTS") == "1" {
		if err := Clients(context.Background(), os.Args[1:], os.Stdin, os.Stdout); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestRunSmall(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	r, err := Run(context.Background(), Options{
		Sessions: 3, Moves: 4, Timeout: time.Minute, Log: &log,
		Clients: func(ctx context.Context, args []string) *exec.Cmd {
			cmd := exec.CommandContext(ctx, self, args...)
			cmd.Env = append(os.Environ(), "LOADTEST_CLIENTS=1")
			return cmd
		},
	})
	if err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	if r.ServerSessions != 3 || r.Moves != 4 || len(r.Latencies) != 12 || r.Missed != 0 {
		t.Fatalf("report: %d sessions on the server, %d moves, %d samples, %d missed; want 3, 4, 12, 0",
			r.ServerSessions, r.Moves, len(r.Latencies), r.Missed)
	}
	if r.HeapPerSession <= 0 {
		t.Errorf("heap per session %d: sessions cost nothing?", r.HeapPerSession)
	}
	var out bytes.Buffer
	r.Print(&out)
	for _, want := range []string{"p50", "p99", "heap", "CPU"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestPercentile(t *testing.T) {
	var r Report
	for i := 1; i <= 100; i++ {
		r.Latencies = append(r.Latencies, time.Duration(101-i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{50: 50 * time.Millisecond, 99: 99 * time.Millisecond, 100: 100 * time.Millisecond} {
		if got := r.Percentile(p); got != want {
			t.Errorf("p%v = %v, want %v", p, got, want)
		}
	}
	if (Report{}).Percentile(50) != 0 {
		t.Error("empty report")
	}
}
