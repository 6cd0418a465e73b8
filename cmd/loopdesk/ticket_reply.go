package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/outbox"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

func ticketReplyCmd(env *cliEnv) *cobra.Command {
	c := verb("Send the customer a reply",
		"reply KEY (--text T | --template NAME) [--lang zh|en] [--base-url URL] [--version N] [--json]\n"+
			"  sends a customer-visible reply (placeholders: "+strings.Join(store.Placeholders, ", ")+")",
		exactArgs(1, "ticket reply: want a ticket KEY"))
	fs := c.Flags()
	text := fs.String("text", "", "the reply; {placeholders} are filled in")
	tpl := fs.String("template", "", "send this template (see loopdesk template list); --lang picks its language (default: the customer's)")
	base := fs.String("base-url", os.Getenv("LOOPDESK_BASE_URL"), "public address of the survey server, for {survey_link} (default $LOOPDESK_BASE_URL)")
	version := fs.Int64("version", 0, "send only if the ticket is still at this version (the one you read)")
	asJSON := fs.Bool("json", false, "print the reply and its delivery as JSON")
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		key := args[0]
		if (*text == "") == (*tpl == "") {
			return usagef("ticket reply: want --text or --template")
		}
		s, me, t, v, err := loadVersioned(ctx, env, key, *version)
		if err != nil {
			return err
		}
		defer s.Close()
		t, r, err := s.Reply(ctx, me.Name, t.ID, v, store.Draft{Text: *text, Template: *tpl, Lang: env.lang, SurveyBase: *base})
		if err != nil {
			return err
		}
		// Deliver at once rather than wait for a board or server to run the
		// worker; a failure stays queued for their retries.
		if _, err := outbox.New(s, outbox.Config{}).Deliver(ctx, r.ID); err != nil {
			return err
		}
		d, err := deliveryOf(ctx, s, t.ID, r.ID)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(env.stdout, replyJSONOf(r, d))
		}
		fmt.Fprintf(env.stdout, "%s: reply %d %s\n", t.Key(), r.ID, describeDelivery(d))
		return nil
	}
	return c
}

func deliveryOf(ctx context.Context, s *store.Store, ticketID, replyID int64) (store.Delivery, error) {
	ds, err := s.Deliveries(ctx, ticketID)
	if err != nil {
		return store.Delivery{}, err
	}
	for _, d := range ds {
		if d.ReplyID == replyID {
			return d, nil
		}
	}
	return store.Delivery{}, fmt.Errorf("reply %d: no delivery", replyID)
}

// describeDelivery says where a delivery stands, and what to do about a
// failed one.
func describeDelivery(d store.Delivery) string {
	key := domain.Key(d.TicketID)
	errText := textsafe.Line(d.LastError)
	switch d.State {
	case store.DeliveryDelivered:
		return "delivered"
	case store.DeliveryFailed:
		if strings.HasPrefix(d.LastError, "not delivered: no webhook") {
			return fmt.Sprintf("%s (set one with: loopdesk channel set %s --webhook URL)", errText, d.Channel)
		}
		return "failed: " + errText + " (retry with: loopdesk ticket retry " + key + ")"
	}
	if d.Attempts == 0 {
		return "queued"
	}
	return fmt.Sprintf("queued, attempt %d failed: %s; next try %s", d.Attempts, errText, rfc3339(d.NextAt))
}

type replyJSON struct {
	ID       int64  `json:"id"`
	Ticket   string `json:"ticket"`
	Author   string `json:"author"`
	Text     string `json:"text"`
	Template string `json:"template,omitempty"`
	Lang     string `json:"lang"`
	At       string `json:"at"`
	Delivery string `json:"delivery"`
	Attempts int    `json:"attempts"`
	Error    string `json:"error,omitempty"`
}

func replyJSONOf(r store.CustomerReply, d store.Delivery) replyJSON {
	return replyJSON{ID: r.ID, Ticket: domain.Key(r.TicketID), Author: r.Author, Text: r.Body, Template: r.Template, Lang: r.Lang,
		At: rfc3339(r.At), Delivery: d.State, Attempts: d.Attempts, Error: d.LastError}
}

func ticketRepliesCmd(env *cliEnv) *cobra.Command {
	c := verb("List a ticket's replies and their delivery",
		"replies KEY [--json]\n  customer-visible replies and how their delivery went",
		exactArgs(1, "ticket replies: want a ticket KEY"))
	fs := c.Flags()
	asJSON := fs.Bool("json", false, "print JSON lines, one reply per line")
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		key := args[0]
		s, _, t, _, err := loadVersioned(ctx, env, key, 0)
		if err != nil {
			return err
		}
		defer s.Close()
		replies, err := s.Replies(ctx, t.ID)
		if err != nil {
			return err
		}
		deliveries, err := s.Deliveries(ctx, t.ID)
		if err != nil {
			return err
		}
		byReply := map[int64]store.Delivery{}
		for _, d := range deliveries {
			byReply[d.ReplyID] = d
		}
		for _, r := range replies {
			if *asJSON {
				if err := writeJSON(env.stdout, replyJSONOf(r, byReply[r.ID])); err != nil {
					return err
				}
				continue
			}
			fmt.Fprintf(env.stdout, "#%d %s %s — %s\n  %s\n", r.ID, rfc3339(r.At), r.Author, describeDelivery(byReply[r.ID]), textsafe.Line(r.Body))
		}
		return nil
	}
	return c
}

func ticketRetryCmd(env *cliEnv) *cobra.Command {
	c := verb("Send a ticket's failed replies again",
		"retry KEY\n  sends the ticket's failed replies again",
		exactArgs(1, "ticket retry: want a ticket KEY"))
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		key := args[0]
		s, me, t, _, err := loadVersioned(ctx, env, key, 0)
		if err != nil {
			return err
		}
		defer s.Close()
		deliveries, err := s.Deliveries(ctx, t.ID)
		if err != nil {
			return err
		}
		w := outbox.New(s, outbox.Config{})
		retried := 0
		for _, d := range deliveries {
			if d.State != store.DeliveryFailed {
				continue
			}
			if err := s.RetryDelivery(ctx, me.Name, d.ReplyID); err != nil {
				return err
			}
			if _, err := w.Deliver(ctx, d.ReplyID); err != nil {
				return err
			}
			if d, err = deliveryOf(ctx, s, t.ID, d.ReplyID); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "%s: reply %d %s\n", t.Key(), d.ReplyID, describeDelivery(d))
			retried++
		}
		if retried == 0 {
			fmt.Fprintf(env.stdout, "%s: no failed replies\n", t.Key())
		}
		return nil
	}
	return c
}
