package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

func ticketWaitCmd(env *cliEnv) *cobra.Command {
	c := verb("Wait for the customer's clarification (pauses the resolution clock)",
		"wait KEY --reason R [--version N] [--json]\n  the resolution clock pauses until the customer answers (loopdesk ticket answered)",
		exactArgs(1, "ticket wait: want a ticket KEY"))
	fs := c.Flags()
	reason := fs.String("reason", "", "what the customer was asked")
	vf := versionFlags(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		if strings.TrimSpace(*reason) == "" {
			return usagef("ticket wait: want --reason (what the customer was asked)")
		}
		return vf.change(ctx, env, args[0], func(s *store.Store, me domain.Agent, t domain.Ticket, v int64) (domain.Ticket, string, error) {
			t, err := s.StartWait(ctx, me.Name, t.ID, v, *reason)
			return t, fmt.Sprintf("%s: waiting for the customer; resolution clock paused", t.Key()), err
		})
	}
	return c
}

func ticketAnsweredCmd(env *cliEnv) *cobra.Command {
	c := verb("Record the customer's answer (resumes the resolution clock)",
		"answered KEY --how H [--version N] [--json]\n  e.g. --how \"phoned back: version 5.3.1\"",
		exactArgs(1, "ticket answered: want a ticket KEY"))
	fs := c.Flags()
	how := fs.String("how", "", "how and what the customer answered")
	vf := versionFlags(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		if strings.TrimSpace(*how) == "" {
			return usagef("ticket answered: want --how")
		}
		return vf.change(ctx, env, args[0], func(s *store.Store, me domain.Agent, t domain.Ticket, v int64) (domain.Ticket, string, error) {
			t, err := s.EndWait(ctx, me.Name, t.ID, v, *how)
			return t, fmt.Sprintf("%s: customer answered; resolution clock running, due %s", t.Key(), rfc3339(t.DueResolution)), err
		})
	}
	return c
}
