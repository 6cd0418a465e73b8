package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"
)

func runSLA(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 {
		return usagef("sla: want show or report")
	}
	switch sub, rest := args[0], args[1:]; sub {
	case "show":
		fs := env.flags("sla show", "loopdesk sla show [--sla FILE]")
		if err := noArgs(fs, rest); err != nil {
			return err
		}
		cfg, err := env.slaConfig()
		if err != nil {
			return err
		}
		return cfg.Describe(env.stdout)
	case "report":
		return slaReport(ctx, env, rest)
	}
	return usagef("sla: unknown subcommand %q (want show or report)", args[0])
}

func slaReport(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("sla report", "loopdesk sla report [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n  tickets created from --from (inclusive) to --to (exclusive); default the last 30 days")
	fromS := fs.String("from", "", "first day (default 30 days ago)")
	toS := fs.String("to", "", "day after the last (default tomorrow)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	s, _, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	loc := s.SLA().Calendar.Location()
	today := time.Now().In(loc)
	to := time.Date(today.Year(), today.Month(), today.Day()+1, 0, 0, 0, 0, loc)
	from := to.AddDate(0, 0, -30)
	if *fromS != "" {
		if from, err = time.ParseInLocation(time.DateOnly, *fromS, loc); err != nil {
			return usagef("--from: want YYYY-MM-DD, got %q", *fromS)
		}
	}
	if *toS != "" {
		if to, err = time.ParseInLocation(time.DateOnly, *toS, loc); err != nil {
			return usagef("--to: want YYYY-MM-DD, got %q", *toS)
		}
	}
	if !from.Before(to) {
		return usagef("--from must be before --to")
	}
	if _, err := s.SweepSLA(ctx); err != nil { // count breaches up to now
		return err
	}
	rows, err := s.SLAAttainment(ctx, from, to)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "SLA attainment for tickets created %s to %s (%s)\n\n", from.Format(time.DateOnly), to.Format(time.DateOnly), loc)
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "PRIORITY\tCLOCK\tMET\tBREACHED\tOPEN\tATTAINMENT\t")
	for _, r := range rows {
		att := "-"
		if done := r.Met + r.Breached; done > 0 {
			att = fmt.Sprintf("%.1f%%", 100*float64(r.Met)/float64(done))
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t\n", r.Priority, r.Clock, r.Met, r.Breached, r.Open, att)
	}
	return tw.Flush()
}
