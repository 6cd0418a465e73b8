package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/table"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

func rejectedCmd(env *cliEnv) *cobra.Command {
	return group("rejected", "Review feedback triage rejected as invalid; restore what is real",
		rejectedListCmd(env), rejectedRestoreCmd(env))
}

// rejectedJSON is the scriptable shape of a rejected item.
type rejectedJSON struct {
	ID         int64  `json:"id"`
	Reason     string `json:"reason"`
	From       string `json:"from"`
	ExternalID string `json:"external_id,omitempty"`
	Channel    string `json:"channel"`
	Title      string `json:"title"`
	Body       string `json:"body,omitempty"`
	Customer   string `json:"customer,omitempty"`
	PhoneLast4 string `json:"customer_phone_last4,omitempty"`
	ReceivedAt string `json:"received_at"`
	RejectedAt string `json:"rejected_at"`
}

func rejectedListCmd(env *cliEnv) *cobra.Command {
	c := verb("List feedback triage rejected as invalid",
		"list [--limit N] [--before ID] [--json]\n  items triage rejected as invalid and nobody restored yet, newest first",
		noArgs)
	fs := c.Flags()
	limit := fs.Int("limit", 50, "at most this many items")
	before := fs.Int64("before", 0, "only items older than this ID (the next page)")
	asJSON := fs.Bool("json", false, "print JSON lines, one item per line")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		return env.withStore(ctx, func(s *store.Store, _ domain.Agent) error {
			list, err := s.Rejected(ctx, *limit, *before)
			if err != nil {
				return err
			}
			if *asJSON {
				for _, r := range list {
					if err := writeJSON(env.stdout, toRejectedJSON(r)); err != nil {
						return err
					}
				}
				return nil
			}
			if len(list) == 0 {
				fmt.Fprintln(env.stderr, "no rejected items waiting for review")
				return nil
			}
			tw := table.New(env.stdout)
			fmt.Fprintln(tw, "ID\tRECEIVED\tCHANNEL\tFROM\tREASON\tTITLE")
			for _, r := range list {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.ID, rfc3339(r.Item.ReceivedAt), r.Item.Channel,
					textsafe.Line(r.Actor), textsafe.Line(r.Reason), textsafe.Truncate(textsafe.Line(r.Item.Title), 50))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if len(list) == *limit {
				fmt.Fprintf(env.stderr, "more with: loopdesk rejected list --before %d\n", list[len(list)-1].ID)
			}
			return nil
		})
	}
	return c
}

func toRejectedJSON(r store.RejectedItem) rejectedJSON {
	return rejectedJSON{
		ID: r.ID, Reason: r.Reason, From: r.Actor, ExternalID: r.Item.ExternalID, Channel: string(r.Item.Channel),
		Title: r.Item.Title, Body: r.Item.Body, Customer: r.Item.CustomerName, PhoneLast4: r.Item.CustomerPhone,
		ReceivedAt: rfc3339(r.Item.ReceivedAt), RejectedAt: rfc3339(r.CreatedAt),
	}
}

func rejectedRestoreCmd(env *cliEnv) *cobra.Command {
	c := verb("Make a ticket of a rejected item",
		"restore ID\n  makes a ticket of a rejected item and takes it off the list",
		exactArgs(1, "rejected restore: want the item's ID (see loopdesk rejected list)"))
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		arg := args[0]
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || id <= 0 {
			return usagef("rejected restore: %q is not an item ID", arg)
		}
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			t, err := s.RestoreRejected(ctx, me.Name, id)
			if err != nil {
				return err
			}
			fmt.Fprintln(env.stdout, t.Key())
			return nil
		})
	}
	return c
}
