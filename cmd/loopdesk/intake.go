package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/loopdesk/loopdesk/internal/bind"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/internal/triage"
	"github.com/loopdesk/loopdesk/internal/triage/learn"
	"github.com/loopdesk/loopdesk/internal/webintake"
	"github.com/loopdesk/loopdesk/store"
)

// intakeFlags are the triage and intake settings of the commands that
// bring feedback in (board, demo, import, serve).
type intakeFlags struct {
	triage        string
	dupWindow     time.Duration
	dupThreshold  float64
	surgeMultiple float64
	surgeMin      int
	roundRobin    bool
	rules         *triage.Rules    // set by build
	model         *triage.ModelRef // set by build: the desk's learned model
}

func addIntakeFlags(fs *pflag.FlagSet) *intakeFlags {
	f := &intakeFlags{}
	fs.StringVar(&f.triage, "triage", "", "triage rules, TOML (default $LOOPDESK_TRIAGE, else triage.toml in the data directory if present, else built-in)")
	fs.DurationVar(&f.dupWindow, "dup-window", intake.DefaultDuplicateWindow, "link a customer's near-identical feedback to their open ticket received within this long of it")
	fs.Float64Var(&f.dupThreshold, "dup-threshold", triage.DefaultNearDuplicateThreshold, "text similarity (0 to 1) at which feedback counts as near-identical")
	fs.Float64Var(&f.surgeMultiple, "surge-multiple", intake.DefaultSurgeMultiple, "raise an emergency when the last hour's negative feedback exceeds this multiple of the past week's hourly average")
	fs.IntVar(&f.surgeMin, "surge-min", intake.DefaultSurgeMinCount, "... and is at least this many items")
	fs.BoolVar(&f.roundRobin, "round-robin", false, "give each new ticket to the next active agent of its team in turn")
	return f
}

// build makes the Intake the flags describe.
func (f *intakeFlags) build(s *store.Store, log *slog.Logger) (*intake.Intake, error) {
	rules, err := loadTriageRules(f.triage)
	if err != nil {
		return nil, err
	}
	// The newest learned model, if the desk has trained one; one that
	// cannot be read leaves the rules to decide, with a warning.
	f.rules, f.model = rules, &triage.ModelRef{}
	if m, err := learn.Load(context.Background(), s); err != nil && log != nil {
		log.Warn("triage: learned model not used", "err", err)
	} else if m != nil {
		f.model.Store(m)
	}
	in, err := intake.New(s, intake.Config{
		Rules: rules, Model: f.model, DuplicateWindow: f.dupWindow, DuplicateThreshold: f.dupThreshold,
		SurgeMultiple: f.surgeMultiple, SurgeMinCount: f.surgeMin, RoundRobin: f.roundRobin, Log: log,
	})
	if err != nil {
		return nil, usageError{err.Error()}
	}
	return in, nil
}

// loadTriageRules loads path, then $LOOPDESK_TRIAGE, then triage.toml in
// the data directory if it exists, else returns the built-in rules.
func loadTriageRules(path string) (*triage.Rules, error) {
	if path == "" {
		path = os.Getenv("LOOPDESK_TRIAGE")
	}
	if path == "" {
		if dir, err := dataDir(); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "triage.toml")); err == nil {
				path = filepath.Join(dir, "triage.toml")
			}
		}
	}
	if path == "" {
		return triage.DefaultRules(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rules, err := triage.LoadRules(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rules, nil
}

// httpServer binds addr and returns what serves `serve --http addr` on it,
// or nil when addr is empty. Binding first lets serve report a taken port
// before it says it is serving.
func httpServer(st *store.Store, in *intake.Intake, addr string, log *slog.Logger) (func(context.Context) error, error) {
	if addr == "" {
		return nil, nil
	}
	ln, err := bind.TCP(addr)
	if err != nil {
		return nil, err
	}
	web := webintake.New(st, in, webintake.Options{Log: log})
	return func(ctx context.Context) error { return web.Serve(ctx, ln) }, nil
}

// serveBoth runs two servers until ctx ends; when either stops (a port
// taken, say), the other is stopped too.
func serveBoth(ctx context.Context, a, b func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 2)
	go func() { errs <- a(ctx) }()
	go func() { errs <- b(ctx) }()
	err := <-errs
	cancel()
	return errors.Join(err, <-errs)
}
