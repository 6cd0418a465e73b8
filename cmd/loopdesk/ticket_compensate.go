package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

func ticketCompensateCmd(env *cliEnv) *cobra.Command {
	c := verb("Record compensation on a complaint",
		"compensate KEY --kind apology_letter|coupon|service_upgrade|refund [--value N] --text T [--version N] [--json]\n  above the desk's limit it waits for a supervisor (loopdesk ticket compensation approve KEY)",
		exactArgs(1, "ticket compensate: want a ticket KEY"))
	fs := c.Flags()
	kind := fs.String("kind", "", "apology_letter, coupon, service_upgrade or refund")
	value := fs.Int64("value", 0, "a coupon's worth or a refund's amount, in whole currency units")
	text := fs.String("text", "", "what the customer is given, in words")
	vf := versionFlags(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		k, err := store.ParseCompensationKind(*kind)
		if err != nil {
			return usageError{"ticket compensate: " + err.Error()}
		}
		if strings.TrimSpace(*text) == "" {
			return usagef("ticket compensate: want --text")
		}
		return vf.change(ctx, env, args[0], func(s *store.Store, me domain.Agent, t domain.Ticket, v int64) (domain.Ticket, string, error) {
			t, comp, err := s.Compensate(ctx, me.Name, t.ID, v, k, *value, *text)
			msg := fmt.Sprintf("%s: %s recorded", t.Key(), comp.Describe("en"))
			if comp.State == store.CompensationPending {
				msg += "; waits for a supervisor's approval"
			}
			return t, msg, err
		})
	}
	return c
}

func ticketCompensationCmd(env *cliEnv) *cobra.Command {
	approve := verb("Approve the compensation waiting on a ticket (supervisors)",
		"approve KEY [--version N] [--json]", exactArgs(1, "ticket compensation approve: want a ticket KEY"))
	vf := versionFlags(approve.Flags())
	approve.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		return vf.change(ctx, env, args[0], func(s *store.Store, me domain.Agent, t domain.Ticket, v int64) (domain.Ticket, string, error) {
			t, comp, err := s.ApproveCompensation(ctx, me.Name, t.ID, v)
			return t, fmt.Sprintf("%s: %s approved", t.Key(), comp.Describe("en")), err
		})
	}
	return group("compensation", "Compensation above the desk's limit", approve)
}
