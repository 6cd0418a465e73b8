package main

import (
	"fmt"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
	"github.com/spf13/cobra"
)

func ticketMergeCmd(env *cliEnv) *cobra.Command {
	c := verb("Close a duplicate into the ticket that stays open",
		"merge DUPLICATE --into SURVIVOR\n  closes DUPLICATE as a duplicate; its timeline and notes join SURVIVOR's",
		exactArgs(1, "ticket merge: want the DUPLICATE's key and --into SURVIVOR"))
	fs := c.Flags()
	into := fs.String("into", "", "the ticket that stays open")
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		dupKey := args[0]
		if *into == "" {
			return usagef("ticket merge: want --into SURVIVOR")
		}
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			dup, err := s.TicketByKey(ctx, dupKey)
			if err != nil {
				return err
			}
			surv, err := s.TicketByKey(ctx, *into)
			if err != nil {
				return err
			}
			if _, _, err := s.Merge(ctx, me.Name, surv.ID, surv.Version, dup.ID, dup.Version); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "%s merged into %s\n", dup.Key(), surv.Key())
			return nil
		})
	}
	return c
}

func ticketLinkCmd(env *cliEnv) *cobra.Command {
	c := verb("Record that two tickets are related",
		"link KEY OTHER\n  records that two tickets are related",
		exactArgs(2, "ticket link: want two ticket keys"))
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		pos := args
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			a, err := s.TicketByKey(ctx, pos[0])
			if err != nil {
				return err
			}
			b, err := s.TicketByKey(ctx, pos[1])
			if err != nil {
				return err
			}
			if err := s.Link(ctx, me.Name, a.ID, b.ID); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "%s linked to %s\n", a.Key(), b.Key())
			return nil
		})
	}
	return c
}
