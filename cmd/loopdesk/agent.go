package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/loopdesk/loopdesk/internal/authkeys"
	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/table"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

func agentCmd(env *cliEnv) *cobra.Command {
	return group("agent", "Manage agents and their SSH keys",
		agentAddCmd(env), agentListCmd(env), agentRemoveCmd(env),
		group("key", "Manage an agent's SSH keys", agentKeyAddCmd(env), agentKeyRemoveCmd(env), agentKeyListCmd(env)),
	)
}

func agentAddCmd(env *cliEnv) *cobra.Command {
	c := verb("Add an agent, with their SSH keys",
		"add NAME --role agent|supervisor|admin [--team T] [--display NAME] [--email ADDR] [--key-file PATH | --key \"ssh-ed25519 ...\"]...",
		exactArgs(1, "agent add: want the agent's NAME"))
	fs := c.Flags()
	role := fs.String("role", "agent", "agent, supervisor or admin")
	team := fs.String("team", "service_desk", "team the agent works in")
	display := fs.String("display", "", "display name (default NAME)")
	email := fs.String("email", "", "e-mail address; supervisors' receive the mailed daily brief")
	var keys keyFlags
	keys.register(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		name := args[0]
		r, err := domain.ParseRole(*role)
		if err != nil {
			return usageError{err.Error()}
		}
		// Keys are checked before the agent exists, so a typo adds nothing.
		parsed, err := keys.parse(false)
		if err != nil {
			return err
		}
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			if err := s.AddAgent(ctx, me.Name, domain.Agent{Name: name, DisplayName: *display, Role: r, Team: *team, Email: *email}); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "added %s (%s, team %s)\n", name, r, *team)
			return addKeys(ctx, env, s, me.Name, name, parsed)
		})
	}
	return c
}

func agentListCmd(env *cliEnv) *cobra.Command {
	c := verb("List agents",
		"list [--json]",
		noArgs)
	fs := c.Flags()
	asJSON := fs.Bool("json", false, "print JSON")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		return env.withStore(ctx, func(s *store.Store, _ domain.Agent) error {
			agents, err := s.Agents(ctx)
			if err != nil {
				return err
			}
			if *asJSON {
				out := make([]map[string]string, 0, len(agents))
				for _, a := range agents {
					out = append(out, map[string]string{"name": a.Name, "display_name": a.DisplayName, "role": string(a.Role), "team": a.Team})
				}
				return writeJSON(env.stdout, out)
			}
			tw := table.New(env.stdout)
			fmt.Fprintln(tw, "NAME\tDISPLAY\tROLE\tTEAM")
			for _, a := range agents {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Name, textsafe.Line(a.DisplayName), a.Role, a.Team)
			}
			return tw.Flush()
		})
	}
	return c
}

func agentRemoveCmd(env *cliEnv) *cobra.Command {
	c := verb("Remove an agent",
		"remove NAME",
		exactArgs(1, "agent remove: want the agent's NAME"))
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		name := args[0]
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			if err := s.RemoveAgent(ctx, me.Name, name); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "removed %s\n", name)
			return nil
		})
	}
	return c
}

func agentKeyAddCmd(env *cliEnv) *cobra.Command {
	c := verb("Add SSH public keys to an agent",
		"add NAME (--key-file PATH | --key \"ssh-ed25519 ...\")...",
		exactArgs(1, "agent key add: want the agent's NAME"))
	fs := c.Flags()
	var keys keyFlags
	keys.register(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		name := args[0]
		parsed, err := keys.parse(true)
		if err != nil {
			return err
		}
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			return addKeys(ctx, env, s, me.Name, name, parsed)
		})
	}
	return c
}

func agentKeyRemoveCmd(env *cliEnv) *cobra.Command {
	c := verb("Remove an agent's SSH key",
		"remove NAME FINGERPRINT",
		exactArgs(2, "agent key remove: want NAME and FINGERPRINT (see loopdesk agent key list NAME)"))
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		pos := args
		name, fp := pos[0], pos[1]
		if !strings.HasPrefix(fp, "SHA256:") {
			fp = "SHA256:" + fp
		}
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			if err := s.RemoveAgentKey(ctx, me.Name, name, fp); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "removed key %s from %s\n", fp, name)
			return nil
		})
	}
	return c
}

func agentKeyListCmd(env *cliEnv) *cobra.Command {
	c := verb("List an agent's SSH keys",
		"list NAME [--json]",
		exactArgs(1, "agent key list: want the agent's NAME"))
	fs := c.Flags()
	asJSON := fs.Bool("json", false, "print JSON")
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		name := args[0]
		return env.withStore(ctx, func(s *store.Store, _ domain.Agent) error {
			if _, err := s.Agent(ctx, name); err != nil {
				return err
			}
			keys, err := s.AgentKeys(ctx, name)
			if err != nil {
				return err
			}
			if *asJSON {
				out := make([]map[string]string, 0, len(keys))
				for _, k := range keys {
					out = append(out, map[string]string{"fingerprint": k.Fingerprint, "public_key": textsafe.Line(k.PublicKey),
						"added_at": k.AddedAt.UTC().Format(time.RFC3339)})
				}
				return writeJSON(env.stdout, out)
			}
			tw := table.New(env.stdout)
			fmt.Fprintln(tw, "FINGERPRINT\tTYPE\tCOMMENT\tADDED")
			for _, k := range keys {
				typ, comment := keyTypeAndComment(k.PublicKey)
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.Fingerprint, typ, comment, k.AddedAt.Format("2006-01-02 15:04"))
			}
			return tw.Flush()
		})
	}
	return c
}

// keyTypeAndComment splits a stored authorized_keys line for display.
func keyTypeAndComment(line string) (typ, comment string) {
	f := strings.Fields(textsafe.Line(line))
	if len(f) > 0 {
		typ = f[0]
	}
	if len(f) > 2 {
		comment = strings.Join(f[2:], " ")
	}
	return typ, comment
}

// addKeys registers parsed keys for agent, reporting each.
func addKeys(ctx context.Context, env *cliEnv, s *store.Store, actor, agent string, keys []authkeys.Key) error {
	for _, k := range keys {
		if err := s.AddAgentKey(ctx, actor, agent, k.Fingerprint, k.Line); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "added key %s to %s\n", k.Fingerprint, agent)
	}
	return nil
}

// maxKeyFile bounds --key-file: public keys are short, so anything larger
// is the wrong file (a private key directory, a log).
const maxKeyFile = 1 << 20

// keyFlags collects repeated --key and --key-file flags.
type keyFlags struct {
	keys, files []string
}

func (k *keyFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&k.keys, "key", nil, `public key in authorized_keys form, e.g. "ssh-ed25519 AAAA… you@host" (repeatable)`)
	fs.StringArrayVar(&k.files, "key-file", nil, "file of public keys, one per line, e.g. ~/.ssh/id_ed25519.pub (repeatable)")
}

// parse reads every key given; required says at least one must be.
func (k *keyFlags) parse(required bool) ([]authkeys.Key, error) {
	if required && len(k.keys) == 0 && len(k.files) == 0 {
		return nil, usagef("give the key with --key-file PATH or --key \"ssh-ed25519 ...\"")
	}
	var out []authkeys.Key
	for _, v := range k.keys {
		keys, err := authkeys.Parse(v)
		if err != nil {
			return nil, fmt.Errorf("--key: %w", err)
		}
		out = append(out, keys...)
	}
	for _, path := range k.files {
		data, err := readSmallFile(path, maxKeyFile)
		if err != nil {
			return nil, fmt.Errorf("--key-file: %w", err)
		}
		keys, err := authkeys.Parse(string(data))
		if err != nil {
			return nil, fmt.Errorf("--key-file %s: %w", path, err)
		}
		out = append(out, keys...)
	}
	return dedupe(out), nil
}

// dedupe drops a key given twice (the same key with another comment, or
// the same file twice), so the second copy is not reported as taken.
func dedupe(keys []authkeys.Key) []authkeys.Key {
	seen := map[string]bool{}
	out := keys[:0]
	for _, k := range keys {
		if !seen[k.Fingerprint] {
			seen[k.Fingerprint] = true
			out = append(out, k)
		}
	}
	return out
}

func readSmallFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes; is it a public key file?", path, limit)
	}
	return data, nil
}
