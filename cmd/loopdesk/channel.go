package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/mail"
	"github.com/loopdesk/loopdesk/internal/table"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

func channelCmd(env *cliEnv) *cobra.Command {
	return group("channel", "Manage the channels that post feedback over HTTP, their tokens and reply webhooks",
		channelAddCmd(env), channelListCmd(env), channelRemoveCmd(env), channelRotateCmd(env), channelSetCmd(env))
}

func channelAddCmd(env *cliEnv) *cobra.Command {
	c := verb("Add an intake channel and print its token",
		"add NAME --kind web|wechat|appstore|email|inapp|social|offline|hotline\n"+
			"  prints the channel's bearer token for POST /api/v1/feedback, once; a channel named website turns on the web form",
		exactArgs(1, "channel add: want the channel's NAME"))
	fs := c.Flags()
	kind := fs.String("kind", "", "the channel its feedback arrives on: web, wechat, appstore, email, inapp, social, offline or hotline")
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		name := args[0]
		if *kind == "" {
			return usagef("channel add: want --kind (web, wechat, appstore, email, inapp, social, offline or hotline)")
		}
		k, err := domain.ParseChannel(*kind)
		if err != nil {
			return usageError{err.Error()}
		}
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			token, err := s.AddChannel(ctx, me.Name, name, k)
			if err != nil {
				return err
			}
			printToken(env, name, token)
			return nil
		})
	}
	return c
}

// printToken puts the token alone on stdout (for scripts) and the advice
// on stderr.
func printToken(env *cliEnv, name, token string) {
	fmt.Fprintln(env.stdout, token)
	fmt.Fprintf(env.stderr, "channel %s: the token above is shown only this once (the desk keeps only its hash);\n"+
		"senders use it as: Authorization: Bearer TOKEN\n", name)
}

func channelListCmd(env *cliEnv) *cobra.Command {
	c := verb("List intake channels",
		"list [--json]",
		noArgs)
	fs := c.Flags()
	asJSON := fs.Bool("json", false, "print JSON lines, one channel per line")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		return env.withStore(ctx, func(s *store.Store, _ domain.Agent) error {
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
			tw := table.New(env.stdout)
			fmt.Fprintln(tw, "NAME\tKIND\tCREATED\tTOKEN ROTATED")
			for _, c := range list {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Name, c.Kind, rfc3339(c.CreatedAt), orDash(rfc3339(c.RotatedAt)))
			}
			return tw.Flush()
		})
	}
	return c
}

func channelRemoveCmd(env *cliEnv) *cobra.Command {
	c := verb("Remove an intake channel",
		"remove NAME\n  its token stops working at once",
		exactArgs(1, "channel remove: want the channel's NAME"))
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		name := args[0]
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			if err := s.RemoveChannel(ctx, me.Name, name); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "removed channel %s\n", name)
			return nil
		})
	}
	return c
}

func channelRotateCmd(env *cliEnv) *cobra.Command {
	c := verb("Replace an intake channel's token",
		"rotate NAME\n  prints a new token, once; the old one stops working at once",
		exactArgs(1, "channel rotate: want the channel's NAME"))
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		name := args[0]
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			token, err := s.RotateChannel(ctx, me.Name, name)
			if err != nil {
				return err
			}
			printToken(env, name, token)
			return nil
		})
	}
	return c
}

func channelSetCmd(env *cliEnv) *cobra.Command {
	c := verb("Set where replies to a channel's tickets are delivered",
		"set NAME (--webhook URL | --clear)\n"+
			"  admins: where replies to tickets from channel NAME are delivered (NAME: "+channelNames()+")\n"+
			"set email --smtp-relay smtp://USER@HOST:PORT --from \"Support <support@example.com>\" [--smtp-password-file PATH]\n"+
			"  admins: mail replies to e-mail customers through the company's relay (STARTTLS when offered);\n"+
			"  the password comes from $"+mail.EnvPassword+" of the delivering process, or a 0600 file, never a flag",
		exactArgs(1, "channel set: want a channel NAME ("+channelNames()+")"))
	fs := c.Flags()
	webhook := fs.String("webhook", "", "an http(s) URL that receives replies as JSON POSTs")
	clear := fs.Bool("clear", false, "remove the webhook (and for email the relay): replies are kept but not delivered")
	relay := fs.String("smtp-relay", "", "email only: smtp://USER@HOST:PORT (or smtps://) of the relay replies are mailed through")
	from := fs.String("from", "", "with --smtp-relay: the sender, e.g. \"Support <support@example.com>\"")
	pwFile := fs.String("smtp-password-file", "", "with --smtp-relay: a file (mode 0600) holding the relay password; default $"+mail.EnvPassword)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		name := args[0]
		ch, err := domain.ParseChannel(name)
		if err != nil {
			return usageError{err.Error()}
		}
		if *relay != "" {
			return setMailRelay(ctx, env, ch, *relay, *from, *pwFile, *webhook != "" || *clear)
		}
		if (*webhook == "") != *clear {
			return usagef("channel set: want --webhook URL or --clear")
		}
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			if err := s.SetChannelWebhook(ctx, me.Name, ch, *webhook); err != nil {
				return err
			}
			if *clear && ch == domain.Email {
				if err := s.SetMailRelay(ctx, me.Name, store.MailRelay{}); err != nil {
					return err
				}
			}
			if *clear {
				fmt.Fprintf(env.stdout, "%s: no webhook; replies are kept but not delivered\n", ch)
			} else {
				fmt.Fprintf(env.stdout, "%s: replies go to %s\n", ch, textsafe.Line(*webhook))
			}
			return nil
		})
	}
	return c
}

// setMailRelay is channel set email --smtp-relay.
func setMailRelay(ctx context.Context, env *cliEnv, ch domain.Channel, relay, from, pwFile string, other bool) error {
	switch {
	case ch != domain.Email:
		return usagef("channel set: --smtp-relay is for the email channel")
	case other:
		return usagef("channel set: --smtp-relay goes without --webhook or --clear")
	case from == "":
		return usagef("channel set: --smtp-relay needs --from \"Support <support@example.com>\"")
	}
	if pwFile != "" {
		abs, err := filepath.Abs(pwFile)
		if err != nil {
			return err
		}
		pwFile = abs
	}
	s, me, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := mail.SetRelay(ctx, s, me.Name, store.MailRelay{URL: relay, From: from, PasswordFile: pwFile}); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%s: replies are mailed through %s from %s\n", ch, textsafe.Line(relay), textsafe.Line(from))
	return nil
}

func channelNames() string {
	names := make([]string, len(domain.Channels))
	for i, c := range domain.Channels {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}
