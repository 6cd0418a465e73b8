package main

import (
	"context"
	"fmt"
)

func ticketMerge(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("ticket merge", "loopdesk ticket merge DUPLICATE --into SURVIVOR\n  closes DUPLICATE as a duplicate; its timeline and notes join SURVIVOR's")
	into := fs.String("into", "", "the ticket that stays open")
	dupKey, err := oneArg(fs, args, "ticket merge: want the DUPLICATE's key and --into SURVIVOR")
	if err != nil {
		return err
	}
	if *into == "" {
		return usagef("ticket merge: want --into SURVIVOR")
	}
	s, me, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
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
}

func ticketLink(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("ticket link", "loopdesk ticket link KEY OTHER\n  records that two tickets are related")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("ticket link: want two ticket keys")
	}
	s, me, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
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
}
