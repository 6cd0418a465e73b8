// Command loopdesk-bench measures the SSH server under load: it serves a
// board on loopback, opens many sessions from a child process (itself, as
// "loopdesk-bench ssh-clients") and times how long each change takes to
// reach every screen. It is a separate binary so the loopdesk that agents
// run does not link the load client.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/server/loadtest"
)

// Bounds that keep a load run a measurement, not a stress weapon.
const (
	maxSessions = 500
	maxMoves    = 1000
	maxSide     = 500 // terminal cells either way
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	root := newRoot(os.Stdout, os.Stderr)
	err := root.ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "loopdesk-bench:", strings.Join(strings.Fields(err.Error()), " "))
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError is a mistake on the command line (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "loopdesk-bench",
		Short:         "Measure the loopdesk SSH server under load",
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err.Error()} })
	root.AddCommand(sshCmd(stdout, stderr), &cobra.Command{
		// The client half of ssh, run as a child process; not for people.
		Use: "ssh-clients", Hidden: true, DisableFlagParsing: true,
		RunE: func(c *cobra.Command, args []string) error {
			return loadtest.Clients(c.Context(), args, os.Stdin, stdout)
		},
	})
	root.CompletionOptions.DisableDefaultCmd = true
	return root
}

func sshCmd(stdout, stderr io.Writer) *cobra.Command {
	c := &cobra.Command{
		Use:   "ssh",
		Short: "Measure SSH fan-out latency and memory on loopback",
		Args:  cobra.NoArgs,
	}
	fs := c.Flags()
	sessions := fs.Int("sessions", 10, "SSH sessions to open on loopback")
	moves := fs.Int("moves", 50, "changes to commit and time")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	external := fs.Bool("external", false, "commit from a second database handle, as another process would (measures the polling path)")
	db := fs.String("db", "", "run the desk in a new schema of this PostgreSQL database (postgres://…), dropped after, instead of a temporary SQLite file")
	nodes := fs.Int("nodes", 1, "servers on the one database: 2 opens the sessions on node B and makes the changes on node A")
	width := fs.Int("width", 170, "every client's terminal width")
	height := fs.Int("height", 40, "every client's terminal height")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the server while changes are committed to this file")
	c.RunE = func(c *cobra.Command, _ []string) error {
		if *sessions < 1 || *sessions > maxSessions || *moves < 1 || *moves > maxMoves {
			return usageError{fmt.Sprintf("ssh: --sessions must be 1–%d and --moves 1–%d", maxSessions, maxMoves)}
		}
		if *width < 20 || *width > maxSide || *height < 10 || *height > maxSide {
			return usageError{fmt.Sprintf("ssh: --width must be 20–%d and --height 10–%d", maxSide, maxSide)}
		}
		if *nodes < 1 || *nodes > 2 || *nodes == 2 && *external {
			return usageError{"ssh: --nodes must be 1 or 2, and 2 makes the changes on node A, not --external"}
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
		r, err := loadtest.Run(c.Context(), loadtest.Options{
			Sessions: *sessions, Moves: *moves, Timeout: *timeout, Log: stderr, External: *external, DB: *db, TwoNodes: *nodes == 2,
			Width: *width, Height: *height,
			CPUProfile: profile,
			Clients: func(ctx context.Context, args []string) *exec.Cmd {
				return exec.CommandContext(ctx, self, append([]string{"ssh-clients"}, args...)...)
			},
		})
		if err != nil {
			return err
		}
		r.Print(stdout)
		return nil
	}
	return c
}
