package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/loopdesk/loopdesk/domain"
	"github.com/loopdesk/loopdesk/textsafe"
)

func runAgent(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 {
		return usagef("agent: want add, list or remove (see loopdesk agent add --help)")
	}
	switch sub, rest := args[0], args[1:]; sub {
	case "add":
		return agentAdd(ctx, env, rest)
	case "list":
		return agentList(ctx, env, rest)
	case "remove":
		return agentRemove(ctx, env, rest)
	default:
		return usagef("agent: unknown subcommand %q (want add, list or remove)", sub)
	}
}

func agentAdd(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("agent add", "loopdesk agent add NAME --role agent|supervisor|admin [--team T] [--display NAME]")
	role := fs.String("role", "agent", "agent, supervisor or admin")
	team := fs.String("team", "service_desk", "team the agent works in")
	display := fs.String("display", "", "display name (default NAME)")
	name, err := oneArg(fs, args, "agent add: want the agent's NAME")
	if err != nil {
		return err
	}
	r, err := domain.ParseRole(*role)
	if err != nil {
		return usageError{err.Error()}
	}
	s, me, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.AddAgent(ctx, me.Name, domain.Agent{Name: name, DisplayName: *display, Role: r, Team: *team}); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "added %s (%s, team %s)\n", name, r, *team)
	return nil
}

func agentList(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("agent list", "loopdesk agent list [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	s, _, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	agents, err := s.Agents(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]map[string]string, 0, len(agents))
		for _, a := range agents {
			out = append(out, map[string]string{"name": a.Name, "display_name": a.DisplayName, "role": string(a.Role), "team": a.Team})
		}
		return json.NewEncoder(env.stdout).Encode(out)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tDISPLAY\tROLE\tTEAM")
	for _, a := range agents {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Name, textsafe.Line(a.DisplayName), a.Role, a.Team)
	}
	return tw.Flush()
}

func agentRemove(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("agent remove", "loopdesk agent remove NAME")
	name, err := oneArg(fs, args, "agent remove: want the agent's NAME")
	if err != nil {
		return err
	}
	s, me, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.RemoveAgent(ctx, me.Name, name); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "removed %s\n", name)
	return nil
}

