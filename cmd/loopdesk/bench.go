package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"time"

	"github.com/loopdesk/loopdesk/internal/server/loadtest"
)

// Bounds that keep a load run a measurement, not a stress weapon.
const (
	maxBenchSessions = 500
	maxBenchMoves    = 1000
)

func runBench(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 {
		return usagef("bench: want ssh (see loopdesk bench ssh --help)")
	}
	switch sub, rest := args[0], args[1:]; sub {
	case "ssh":
		return benchSSH(ctx, env, rest)
	case "ssh-clients":
		// The client half of bench ssh, run as a child process; not for people.
		return loadtest.Clients(ctx, rest, os.Stdin, env.stdout)
	default:
		return usagef("bench: unknown benchmark %q (want ssh)", sub)
	}
}

func benchSSH(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("bench ssh", "loopdesk bench ssh --sessions N [--moves M] [--external] [--cpuprofile FILE] [--timeout D]")
	sessions := fs.Int("sessions", 10, "SSH sessions to open on loopback")
	moves := fs.Int("moves", 50, "changes to commit and time")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	external := fs.Bool("external", false, "commit from a second database handle, as another process would (measures the polling path)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the server while changes are committed to this file")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *sessions < 1 || *sessions > maxBenchSessions || *moves < 1 || *moves > maxBenchMoves {
		return usagef("bench ssh: --sessions must be 1–%d and --moves 1–%d", maxBenchSessions, maxBenchMoves)
	}
	var profile io.Writer
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		profile = f
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	r, err := loadtest.Run(ctx, loadtest.Options{
		Sessions: *sessions, Moves: *moves, Timeout: *timeout, Log: env.stderr, External: *external,
		CPUProfile: profile,
		Clients: func(ctx context.Context, args []string) *exec.Cmd {
			return exec.CommandContext(ctx, self, append([]string{"bench", "ssh-clients"}, args...)...)
		},
	})
	if err != nil {
		return err
	}
	r.Print(env.stdout)
	return nil
}
