package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

func ticketResolveCmd(env *cliEnv) *cobra.Command {
	c := verb("Resolve a ticket with its solution",
		"resolve KEY --summary S [--version N] [--json]\n"+
			"  high priority: an agent's solution waits for a supervisor's approval",
		exactArgs(1, "ticket resolve: want a ticket KEY"))
	fs := c.Flags()
	summary := fs.String("summary", "", "the solution, as the customer and the knowledge base will read it")
	vf := versionFlags(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		key := args[0]
		if strings.TrimSpace(*summary) == "" {
			return usagef("ticket resolve: want --summary (the solution)")
		}
		return vf.change(ctx, env, key, func(s *store.Store, me domain.Agent, t domain.Ticket, v int64) (domain.Ticket, string, error) {
			t, pending, err := s.Resolve(ctx, me.Name, t.ID, v, *summary)
			msg := fmt.Sprintf("%s → resolved", t.Key())
			if pending {
				msg = fmt.Sprintf("%s: high priority, the solution waits for a supervisor (loopdesk ticket approve %s)", t.Key(), t.Key())
			}
			return t, msg, err
		})
	}
	return c
}

func ticketApproveCmd(env *cliEnv) *cobra.Command {
	c := verb("Approve the solution waiting and resolve",
		"approve KEY [--version N] [--json]\n  supervisors: accept the solution waiting and resolve the ticket",
		exactArgs(1, "ticket approve: want a ticket KEY"))
	fs := c.Flags()
	vf := versionFlags(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		key := args[0]
		return vf.change(ctx, env, key, func(s *store.Store, me domain.Agent, t domain.Ticket, v int64) (domain.Ticket, string, error) {
			t, err := s.Approve(ctx, me.Name, t.ID, v)
			return t, fmt.Sprintf("%s: solution approved → resolved", t.Key()), err
		})
	}
	return c
}

func ticketRejectCmd(env *cliEnv) *cobra.Command {
	c := verb("Send the solution waiting back",
		"reject KEY --reason R [--version N] [--json]\n  supervisors: send the solution waiting back",
		exactArgs(1, "ticket reject: want a ticket KEY"))
	fs := c.Flags()
	reason := fs.String("reason", "", "what the solution lacks")
	vf := versionFlags(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		key := args[0]
		if strings.TrimSpace(*reason) == "" {
			return usagef("ticket reject: want --reason")
		}
		return vf.change(ctx, env, key, func(s *store.Store, me domain.Agent, t domain.Ticket, v int64) (domain.Ticket, string, error) {
			t, err := s.RejectSolution(ctx, me.Name, t.ID, v, *reason)
			return t, fmt.Sprintf("%s: solution sent back (%s)", t.Key(), t.Status), err
		})
	}
	return c
}

func ticketReopenCmd(env *cliEnv) *cobra.Command {
	c := verb("Reopen a resolved or closed ticket",
		"reopen KEY --reason R [--version N] [--json]\n  back into in progress, on the supervisors' follow-up queue",
		exactArgs(1, "ticket reopen: want a ticket KEY"))
	fs := c.Flags()
	reason := fs.String("reason", "", "why the ticket is reopened")
	vf := versionFlags(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		key := args[0]
		if strings.TrimSpace(*reason) == "" {
			return usagef("ticket reopen: want --reason")
		}
		return vf.change(ctx, env, key, func(s *store.Store, me domain.Agent, t domain.Ticket, v int64) (domain.Ticket, string, error) {
			t, err := s.Reopen(ctx, me.Name, t.ID, v, *reason)
			return t, fmt.Sprintf("%s → in_progress (reopened %d×)", t.Key(), t.ReopenCount), err
		})
	}
	return c
}

func ticketScoreCmd(env *cliEnv) *cobra.Command {
	c := verb("Record the customer's satisfaction ratings",
		"score KEY --timeliness N --effectiveness N --attitude N --overall N [--comment C] [--version N] [--json]\n"+
			"  records the customer's 1–5 ratings from a call: overall 4–5 closes the ticket, 1–3 reopens it;\n"+
			"  any rating of 3 or less puts it on the supervisors' follow-up queue",
		exactArgs(1, "ticket score: want a ticket KEY"))
	fs := c.Flags()
	var sc store.Scores
	fs.IntVar(&sc.Timeliness, "timeliness", 0, "1–5")
	fs.IntVar(&sc.Effectiveness, "effectiveness", 0, "1–5")
	fs.IntVar(&sc.Attitude, "attitude", 0, "1–5")
	fs.IntVar(&sc.Overall, "overall", 0, "1–5; 4 or 5 means satisfied")
	fs.StringVar(&sc.Comment, "comment", "", "what the customer said")
	vf := versionFlags(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		key := args[0]
		return vf.change(ctx, env, key, func(s *store.Store, me domain.Agent, t domain.Ticket, v int64) (domain.Ticket, string, error) {
			t, err := s.Score(ctx, me.Name, t.ID, v, sc)
			msg := fmt.Sprintf("%s: satisfied → %s", t.Key(), t.Status)
			if !sc.Satisfied() {
				msg = fmt.Sprintf("%s: not satisfied → %s, escalated to the supervisors' follow-up queue", t.Key(), t.Status)
			} else if low := sc.Low(); len(low) > 0 {
				msg += fmt.Sprintf("; on the follow-up queue (%s)", strings.Join(low, ", "))
			}
			return t, msg, err
		})
	}
	return c
}

func ticketSurveyCmd(env *cliEnv) *cobra.Command {
	c := verb("Print a one-use satisfaction survey link",
		"survey KEY [--base-url URL] [--ttl D]\n  prints a one-use satisfaction survey link for the customer",
		exactArgs(1, "ticket survey: want a ticket KEY"))
	fs := c.Flags()
	base := fs.String("base-url", os.Getenv("LOOPDESK_BASE_URL"), "public address of the HTTP server that serves /survey/ (default $LOOPDESK_BASE_URL)")
	ttl := fs.Duration("ttl", store.DefaultSurveyTTL, "how long the link stays open")
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		key := args[0]
		if *base == "" {
			return usagef("ticket survey: want --base-url (or LOOPDESK_BASE_URL), e.g. https://support.example.com")
		}
		if *ttl <= 0 {
			return usagef("--ttl must be positive")
		}
		s, me, t, _, err := loadVersioned(ctx, env, key, 0)
		if err != nil {
			return err
		}
		defer s.Close()
		token, expires, err := s.SurveyToken(ctx, me.Name, t.ID, *ttl)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.stdout, store.SurveyLink(*base, token))
		fmt.Fprintf(env.stderr, "%s: the link works once, until %s; it cannot be shown again\n", t.Key(), rfc3339(expires))
		return nil
	}
	return c
}
