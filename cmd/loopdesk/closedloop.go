package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/outbox"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// loopSubcommands are the closed loop's "ticket" subcommands, for usage
// messages.
const loopSubcommands = "reply, replies, retry, resolve, approve, reject, survey, score, reopen, merge or link"

// autoCloseInterval is how often a process with the database open looks
// for resolved tickets whose confirmation window has passed.
const autoCloseInterval = time.Minute

// runClosedLoop does the closed loop's background work until ctx ends:
// it delivers queued replies and closes resolved tickets nobody confirmed
// within store.DefaultConfirmWindow. Every process with the database open
// for writing (board, serve) runs it; the store keeps two processes from
// sending or closing anything twice.
func runClosedLoop(ctx context.Context, s *store.Store, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	go outbox.New(s, outbox.Config{Log: log}).Run(ctx)
	t := time.NewTicker(autoCloseInterval)
	defer t.Stop()
	for {
		if n, err := s.AutoClose(ctx, 0); err != nil && ctx.Err() == nil {
			log.Warn("auto-close failed", "err", err)
		} else if n > 0 {
			log.Info("resolved tickets closed without an answer", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func channelSet(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("channel set", "loopdesk channel set NAME (--webhook URL | --clear)\n"+
		"  admins: where replies to tickets from channel NAME are delivered (NAME: "+channelNames()+")")
	webhook := fs.String("webhook", "", "http(s) URL that receives replies as JSON POSTs")
	clear := fs.Bool("clear", false, "remove the webhook: replies are kept but not delivered")
	name, err := oneArg(fs, args, "channel set: want a channel NAME ("+channelNames()+")")
	if err != nil {
		return err
	}
	if (*webhook == "") != *clear {
		return usagef("channel set: want --webhook URL or --clear")
	}
	ch, err := domain.ParseChannel(name)
	if err != nil {
		return usageError{err.Error()}
	}
	s, me, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetChannelWebhook(ctx, me.Name, ch, *webhook); err != nil {
		return err
	}
	if *clear {
		fmt.Fprintf(env.stdout, "%s: no webhook; replies are kept but not delivered\n", ch)
	} else {
		fmt.Fprintf(env.stdout, "%s: replies go to %s\n", ch, textsafe.Line(*webhook))
	}
	return nil
}

func channelNames() string {
	names := make([]string, len(domain.Channels))
	for i, c := range domain.Channels {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

// tabbed prints rows under a header, aligned.
func tabbed(env *cliEnv, header string, rows [][]string) error {
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}
