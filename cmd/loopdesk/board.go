package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/demo"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/tui"
)

// feedInterval is how often a board looks for changes made elsewhere
// (other processes, the SSH server, the CLI).
const feedInterval = 150 * time.Millisecond

// sweepInterval is how often a board records missed SLA deadlines; a
// breach is on the card at once anyway (the card computes its state), the
// sweep writes the event and the escalation.
const sweepInterval = 20 * time.Second

// searchMergeInterval is how often the upkeep looks whether the search
// index needs merging (store.MergeSearch).
const searchMergeInterval = time.Minute

// upkeepDelay is how long after start a board begins its upkeep (SLA
// sweep, auto-close, outbox).
const upkeepDelay = time.Second

// boardFlags are what a board needs beyond the common flags: the triage
// rules behind the new-ticket form's suggestions, the survey address, and
// whether the board takes the mouse.
type boardFlags struct {
	intake  *intakeFlags
	baseURL string
	noMouse bool
}

func (f *boardFlags) register(c *cobra.Command) {
	f.intake = addIntakeFlags(c.Flags())
	c.Flags().StringVar(&f.baseURL, "base-url", os.Getenv("LOOPDESK_BASE_URL"), "public address of the HTTP server, for survey links (default $LOOPDESK_BASE_URL)")
	c.Flags().BoolVar(&f.noMouse, "no-mouse", false, "Leave the mouse to the terminal (selecting text) instead of clicking cards and scrolling with the wheel")
}

func boardCmd(env *cliEnv) *cobra.Command {
	bf := &boardFlags{}
	c := &cobra.Command{
		Use:   "board",
		Short: "Open the kanban board (the default)",
		Args:  noArgs,
		RunE:  func(c *cobra.Command, _ []string) error { return runBoard(c.Context(), env, bf) },
	}
	bf.register(c)
	return c
}

func runBoard(ctx context.Context, env *cliEnv, bf *boardFlags) error {
	path, err := env.dbPath("loopdesk.db")
	if err != nil {
		return err
	}
	return openBoard(ctx, env, bf, path, nil)
}

func demoCmd(env *cliEnv) *cobra.Command {
	bf := &boardFlags{}
	var n int
	c := &cobra.Command{
		Use:   "demo",
		Short: "Open the board on a demo database seeded with realistic tickets",
		Long: "Open the board on a demo database (default demo.db in the data directory), seeded with\n" +
			"--tickets realistic tickets the first time.",
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if n < 0 || n > 5_000_000 {
				return usagef("--tickets must be between 0 and 5000000")
			}
			return runDemo(c.Context(), env, bf, n)
		},
	}
	c.Flags().IntVar(&n, "tickets", 300, "tickets to seed a new demo database with")
	bf.register(c)
	return c
}

func runDemo(ctx context.Context, env *cliEnv, bf *boardFlags, n int) error {
	path := env.db
	if path == "" { // never $LOOPDESK_DB: the demo's tickets stay out of a real desk
		dir, err := dataDir()
		if err != nil {
			return err
		}
		path = filepath.Join(dir, demoName)
		env.sayDesk(path, path)
	}
	return openBoard(ctx, env, bf, path, func(s *store.Store, admin string) error {
		counts, err := s.Counts(ctx)
		if err != nil {
			return err
		}
		total := 0
		for _, c := range counts {
			total += c
		}
		if total > 0 {
			return nil // seeded on an earlier run
		}
		fmt.Fprintf(env.stderr, "seeding %s with %d demo tickets…\n", store.Redact(path), n)
		return demo.Seed(ctx, s, admin, demo.Options{N: n, Seed: uint64(time.Now().UnixNano()), Now: s.Now()}, nil)
	})
}

// openBoard runs the board on the database at path; prepare (may be nil)
// runs first with the store and the logged-in agent.
func openBoard(ctx context.Context, env *cliEnv, bf *boardFlags, path string, prepare func(*store.Store, string) error) error {
	lang, err := env.language()
	if err != nil {
		return err
	}
	s, me, err := env.openAt(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	if prepare != nil {
		if err := prepare(s, me.Name); err != nil {
			return err
		}
	}
	feed, err := live.NewFeed(ctx, s, feedInterval, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Polling on the interval is the fallback where files cannot be watched.
	_ = feed.Watch(ctx, s)
	go feed.Run(ctx)
	// The upkeep starts once the board is up: after a pause, a large desk
	// has a backlog of breaches and auto-closes that takes a second or
	// more to write, and the first frame need not wait behind it.
	upkeep := time.AfterFunc(upkeepDelay, func() {
		go live.RunLeading(ctx, s, nil, func(ctx context.Context) {
			var wg sync.WaitGroup
			wg.Go(func() { live.RunSweeper(ctx, s, sweepInterval, nil) })
			wg.Go(func() { runClosedLoop(ctx, s, nil) })
			wg.Go(func() { live.RunSearchMerge(ctx, s, searchMergeInterval, nil) })
			wg.Wait()
		})
	})
	defer upkeep.Stop()
	sub := feed.Subscribe()
	defer feed.Unsubscribe(sub)
	m := tui.New(tui.Options{Desk: s, Feed: sub, Me: me, Lang: lang, Now: time.Now, SurveyBase: bf.baseURL, NoMouse: bf.noMouse})
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithOutput(os.Stdout))
	// Triage's rules take longer to build than the board takes to show
	// (150 ms against 15 at a million tickets): the board starts without
	// them and gets them when built. A rules file that cannot be used
	// ends the board with its error, as it would have kept it from
	// opening.
	built := make(chan error, 1)
	go func() {
		in, err := bf.intake.build(s, nil)
		if err != nil {
			p.Quit()
		} else {
			p.Send(tui.IntakeMsg{Intake: in})
		}
		built <- err
	}()
	_, err = p.Run()
	// Waited for before the store closes under it.
	if err := <-built; err != nil {
		return err
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}
