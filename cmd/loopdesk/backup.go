package main

import (
	"context"
	"fmt"
)

func runBackup(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("backup", "loopdesk backup FILE")
	dest, err := oneArg(fs, args, "backup: want a destination FILE")
	if err != nil {
		return err
	}
	s, _, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, dest); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "backed up %s to %s\n", s.Path(), dest)
	return nil
}
