package main

import (
	"fmt"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
	"github.com/spf13/cobra"
)

func backupCmd(env *cliEnv) *cobra.Command {
	c := verb("Write a consistent copy of the database while boards stay open",
		"backup FILE",
		exactArgs(1, "backup: want a destination FILE"))
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		dest := args[0]
		return env.withStore(ctx, func(s *store.Store, _ domain.Agent) error {
			if err := s.Backup(ctx, dest); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "backed up %s to %s\n", s.Path(), dest)
			return nil
		})
	}
	return c
}
