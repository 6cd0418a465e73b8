package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/table"
)

func slaCmd(env *cliEnv) *cobra.Command {
	show := verb("Show SLA policies and calendars", "show [--sla FILE]", noArgs)
	show.RunE = func(*cobra.Command, []string) error {
		cfg, err := env.slaConfig()
		if err != nil {
			return err
		}
		return cfg.Describe(env.stdout)
	}
	return group("sla", "Show SLA policies and calendars; report attainment", show, slaReportCmd(env))
}

func slaReportCmd(env *cliEnv) *cobra.Command {
	c := verb("Report SLA attainment", "report [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"+
		"  tickets created from --from (inclusive) to --to (exclusive); default the last 30 days", noArgs)
	fromS := c.Flags().String("from", "", "first day (default 30 days ago)")
	toS := c.Flags().String("to", "", "day after the last (default tomorrow)")
	c.RunE = func(c *cobra.Command, _ []string) error { return slaReport(c.Context(), env, *fromS, *toS) }
	return c
}

func slaReport(ctx context.Context, env *cliEnv, fromS, toS string) error {
	s, _, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	loc := s.SLA().Calendar.Location()
	today := time.Now().In(loc)
	to := time.Date(today.Year(), today.Month(), today.Day()+1, 0, 0, 0, 0, loc)
	from := to.AddDate(0, 0, -30)
	if fromS != "" {
		if from, err = time.ParseInLocation(time.DateOnly, fromS, loc); err != nil {
			return usagef("--from: want YYYY-MM-DD, got %q", fromS)
		}
	}
	if toS != "" {
		if to, err = time.ParseInLocation(time.DateOnly, toS, loc); err != nil {
			return usagef("--to: want YYYY-MM-DD, got %q", toS)
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
	tw := table.New(env.stdout).AlignRight()
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
