package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func runChannel(ctx context.Context, env *cliEnv, args []string) error {
	return dispatch(ctx, env, "channel", args,
		subcommand{"add", channelAdd},
		subcommand{"list", channelList},
		subcommand{"remove", channelRemove},
		subcommand{"rotate", channelRotate},
		subcommand{"set", channelSet},
	)
}

func channelAdd(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("channel add", "loopdesk channel add NAME --kind web|wechat|appstore|email|inapp|social|offline|hotline\n"+
		"  prints the channel's bearer token for POST /api/v1/feedback, once; a channel named website turns on the web form")
	kind := fs.String("kind", "", "the channel its feedback arrives on: web, wechat, appstore, email, inapp, social, offline or hotline")
	name, err := oneArg(fs, args, "channel add: want the channel's NAME")
	if err != nil {
		return err
	}
	if *kind == "" {
		return usagef("channel add: want --kind (web, wechat, appstore, email, inapp, social, offline or hotline)")
	}
	k, err := domain.ParseChannel(*kind)
	if err != nil {
		return usageError{err.Error()}
	}
	s, me, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	token, err := s.AddChannel(ctx, me.Name, name, k)
	if err != nil {
		return err
	}
	printToken(env, name, token)
	return nil
}

// printToken puts the token alone on stdout (for scripts) and the advice
// on stderr.
func printToken(env *cliEnv, name, token string) {
	fmt.Fprintln(env.stdout, token)
	fmt.Fprintf(env.stderr, "channel %s: the token above is shown only this once (the desk keeps only its hash);\n"+
		"senders use it as: Authorization: Bearer TOKEN\n", name)
}

func channelList(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("channel list", "loopdesk channel list [--json]")
	asJSON := fs.Bool("json", false, "print JSON lines, one channel per line")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	s, _, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.IntakeChannels(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		for _, c := range list {
			if err := writeJSON(env.stdout, map[string]string{"name": c.Name, "kind": string(c.Kind),
				"created_at": rfc3339(c.CreatedAt), "rotated_at": rfc3339(c.RotatedAt)}); err != nil {
				return err
			}
		}
		return nil
	}
	if len(list) == 0 {
		fmt.Fprintln(env.stderr, "no intake channels; add one with: loopdesk channel add NAME --kind web")
		return nil
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tCREATED\tTOKEN ROTATED")
	for _, c := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Name, c.Kind, rfc3339(c.CreatedAt), orDash(rfc3339(c.RotatedAt)))
	}
	return tw.Flush()
}

func channelRemove(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("channel remove", "loopdesk channel remove NAME\n  its token stops working at once")
	name, err := oneArg(fs, args, "channel remove: want the channel's NAME")
	if err != nil {
		return err
	}
	s, me, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.RemoveChannel(ctx, me.Name, name); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "removed channel %s\n", name)
	return nil
}

func channelRotate(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("channel rotate", "loopdesk channel rotate NAME\n  prints a new token, once; the old one stops working at once")
	name, err := oneArg(fs, args, "channel rotate: want the channel's NAME")
	if err != nil {
		return err
	}
	s, me, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	token, err := s.RotateChannel(ctx, me.Name, name)
	if err != nil {
		return err
	}
	printToken(env, name, token)
	return nil
}
