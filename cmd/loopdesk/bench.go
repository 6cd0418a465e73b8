package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"time"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/server/loadtest"
)

// Bounds that keep a load run a measurement, not a stress weapon.
const (
	maxBenchSessions = 500
	maxBenchMoves    = 1000
)

func benchCmd(env *cliEnv) *cobra.Command {
	// The client half of bench ssh, run as a child process; not for people.
	clients := &cobra.Command{Use: "ssh-clients", Hidden: true, DisableFlagParsing: true,
		RunE: func(c *cobra.Command, args []string) error {
			return loadtest.Clients(c.Context(), args, os.Stdin, env.stdout)
		}}
	return group("bench", "Measure SSH fan-out latency and memory on loopback", benchSSHCmd(env), clients)
}

func benchSSHCmd(env *cliEnv) *cobra.Command {
	c := verb("Measure SSH fan-out latency and memory on loopback",
		"ssh --sessions N [--moves M] [--external] [--cpuprofile FILE] [--timeout D]", noArgs)
	fs := c.Flags()
	sessions := fs.Int("sessions", 10, "sessions to open over SSH on loopback")
	moves := fs.Int("moves", 50, "changes to commit and time")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	external := fs.Bool("external", false, "commit from a second database handle, as another process would (measures the polling path)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the server while changes are committed to this file")
	c.RunE = func(c *cobra.Command, _ []string) error {
		return benchSSH(c.Context(), env, *sessions, *moves, *timeout, *external, *cpuProfile)
	}
	return c
}

func benchSSH(ctx context.Context, env *cliEnv, sessions, moves int, timeout time.Duration, external bool, cpuProfile string) error {
	if sessions < 1 || sessions > maxBenchSessions || moves < 1 || moves > maxBenchMoves {
		return usagef("bench ssh: --sessions must be 1–%d and --moves 1–%d", maxBenchSessions, maxBenchMoves)
	}
	var profile io.Writer
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
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
		Sessions: sessions, Moves: moves, Timeout: timeout, Log: env.stderr, External: external,
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
