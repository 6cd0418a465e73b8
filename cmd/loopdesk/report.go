package main

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/mail"
	"github.com/loopdesk/loopdesk/internal/report"
	"github.com/loopdesk/loopdesk/store"
)

func reportCmd(env *cliEnv) *cobra.Command {
	c := verb("The metrics a supervisor runs the desk by",
		"report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--team T] [--channel C] [--category C] [--priority P] [--agent A] [--format text|markdown|csv|json|html|svg|png] [--chart NAME] [--out FILE]\n  --from inclusive, --to exclusive; default the last 7 days including today\n  html: one self-contained page of charts and tables; svg or png: the one chart --chart names ("+strings.Join(report.ChartNames, ", ")+")",
		noArgs)
	fs := c.Flags()
	fromS := fs.String("from", "", "first day (default 6 days ago)")
	toS := fs.String("to", "", "day after the last (default tomorrow)")
	team := fs.String("team", "", "only this team")
	channel := fs.String("channel", "", "only this channel")
	category := fs.String("category", "", "only this category")
	priority := fs.String("priority", "", "only this priority")
	agent := fs.String("agent", "", "only this agent's work")
	format := fs.String("format", "text", "text, markdown, csv, json, html, svg or png")
	chartName := fs.String("chart", "", "with --format svg or png: the chart to draw")
	out := fs.String("out", "", "write to this file instead of standard output")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		f, err := report.ParseFormat(*format)
		if err != nil {
			return usageError{err.Error()}
		}
		if single := f == report.SVG || f == report.PNG; single != (*chartName != "") {
			return usagef("--chart NAME goes with --format svg or png (charts: %s)", strings.Join(report.ChartNames, ", "))
		}
		if *chartName != "" && !slices.Contains(report.ChartNames, *chartName) {
			return usagef("unknown chart %q (charts: %s)", *chartName, strings.Join(report.ChartNames, ", "))
		}
		lang, err := env.language()
		if err != nil {
			return usageError{err.Error()}
		}
		rf := store.ReportFilter{Team: *team, Agent: *agent}
		if *channel != "" {
			if rf.Channel, err = domain.ParseChannel(*channel); err != nil {
				return usageError{err.Error()}
			}
		}
		if *category != "" {
			if rf.Category, err = domain.ParseCategory(*category); err != nil {
				return usageError{err.Error()}
			}
		}
		if *priority != "" {
			p, err := domain.ParsePriority(*priority)
			if err != nil {
				return usageError{err.Error()}
			}
			rf.Priority = &p
		}
		return env.withStore(ctx, func(s *store.Store, _ domain.Agent) error {
			loc := s.SLA().Calendar.Location()
			today := midnight(s.Now().In(loc))
			rf.From, rf.To = today.AddDate(0, 0, -6), today.AddDate(0, 0, 1)
			if rf.From, err = dayFlag("--from", *fromS, rf.From, loc); err != nil {
				return err
			}
			if rf.To, err = dayFlag("--to", *toS, rf.To, loc); err != nil {
				return err
			}
			if !rf.From.Before(rf.To) {
				return usagef("--from must be before --to")
			}
			if _, err := s.SweepSLA(ctx); err != nil { // breaches up to now count
				return err
			}
			r, err := s.Report(ctx, rf)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			switch f {
			case report.HTML, report.SVG, report.PNG:
				// Triage accuracy by whole months, from the month --from falls in.
				month := time.Date(rf.From.Year(), rf.From.Month(), 1, 0, 0, 0, 0, loc)
				acc, err := s.TriageAccuracy(ctx, month, rf.To)
				if err != nil {
					return err
				}
				p := report.Page{Report: r, Accuracy: &acc, Lang: lang, Now: s.Now()}
				if f == report.HTML {
					err = report.WritePage(&buf, p)
				} else {
					err = report.WriteChart(&buf, p, *chartName, f)
				}
				if err != nil {
					return err
				}
			default:
				if err := report.Render(&buf, r, f); err != nil {
					return err
				}
			}
			if *out != "" {
				return os.WriteFile(*out, buf.Bytes(), 0o644)
			}
			_, err = env.stdout.Write(buf.Bytes())
			return err
		})
	}
	return c
}

func briefCmd(env *cliEnv) *cobra.Command {
	c := verb("The daily monitoring brief, for a chat or an email",
		"brief [--mail supervisors]\n  the daily monitoring brief: yesterday's and today's numbers, hot topics, emergencies\n"+
			"  --mail supervisors: mail it (HTML with charts, and plain text) to the supervisors' addresses through the e-mail channel's relay",
		noArgs)
	to := c.Flags().String("mail", "", "mail the brief instead of printing it: supervisors")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		if *to != "" && *to != "supervisors" {
			return usagef("brief --mail: want supervisors, got %q", *to)
		}
		lang, err := env.language()
		if err != nil {
			return usageError{err.Error()}
		}
		return env.withStore(ctx, func(s *store.Store, _ domain.Agent) error {
			if *to != "" {
				n, err := report.MailBrief(ctx, s, (&mail.Sender{}).SendMessage, lang)
				if err != nil {
					return err
				}
				fmt.Fprintf(env.stdout, "brief mailed to %d supervisors\n", n)
				return nil
			}
			d, err := report.GatherBrief(ctx, s)
			if err != nil {
				return err
			}
			return d.Text(env.stdout, lang)
		})
	}
	return c
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

func dayFlag(name, v string, def time.Time, loc *time.Location) (time.Time, error) {
	if v == "" {
		return def, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		return def, usagef("%s: want YYYY-MM-DD, got %q", name, v)
	}
	return t, nil
}
