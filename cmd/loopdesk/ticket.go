package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/table"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

func ticketCmd(env *cliEnv) *cobra.Command {
	return group("ticket", "Work tickets from scripts",
		ticketNewCmd(env), ticketListCmd(env), ticketShowCmd(env), ticketMoveCmd(env), ticketAssignCmd(env),
		ticketNoteCmd(env), ticketRespondCmd(env), ticketReplyCmd(env), ticketRepliesCmd(env), ticketRetryCmd(env),
		ticketResolveCmd(env), ticketApproveCmd(env), ticketRejectCmd(env), ticketSurveyCmd(env), ticketScoreCmd(env),
		ticketReopenCmd(env), ticketMergeCmd(env), ticketLinkCmd(env), ticketWaitCmd(env), ticketAnsweredCmd(env),
		ticketCompensateCmd(env), ticketCompensationCmd(env),
	)
}

func ticketNewCmd(env *cliEnv) *cobra.Command {
	c := verb("Record a new ticket and print its key",
		"new --title T [--body B] [--channel C] [--category C] [--priority P] [--customer NAME] [--phone N] [--tier vip|normal] [--product P] [--json]",
		noArgs)
	fs := c.Flags()
	title := fs.String("title", "", "short summary")
	body := fs.String("body", "", "what the customer said")
	channel := fs.String("channel", "hotline", "hotline, web, wechat, appstore, email, inapp, social or offline")
	category := fs.String("category", "other", "suggestion, complaint, malfunction, question, logistics, pricing or other")
	priority := fs.String("priority", "medium", "high, medium or low")
	customer := fs.String("customer", "", "customer name (stored masked)")
	phone := fs.String("phone", "", "customer phone (only the last 4 digits are stored)")
	tier := fs.String("tier", "normal", "customer tier: vip or normal")
	product := fs.String("product", "", "product")
	version := fs.String("version", "", "product version")
	order := fs.String("order", "", "order or serial number")
	asJSON := fs.Bool("json", false, "print the ticket as JSON")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		ch, err := domain.ParseChannel(*channel)
		if err != nil {
			return usageError{err.Error()}
		}
		cat, err := domain.ParseCategory(*category)
		if err != nil {
			return usageError{err.Error()}
		}
		prio, err := domain.ParsePriority(*priority)
		if err != nil {
			return usageError{err.Error()}
		}
		tr, err := domain.ParseTier(*tier)
		if err != nil {
			return usageError{err.Error()}
		}
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			t, err := s.CreateTicket(ctx, me.Name, store.NewTicket{
				Title: *title, Body: *body, Channel: ch, Category: cat, Priority: prio,
				CustomerName: *customer, CustomerPhone: *phone, CustomerTier: tr,
				Product: *product, ProductVer: *version, OrderNo: *order,
			})
			if err != nil {
				return err
			}
			if *asJSON {
				return writeJSON(env.stdout, toJSON(t))
			}
			fmt.Fprintln(env.stdout, t.Key())
			return nil
		})
	}
	return c
}

func ticketListCmd(env *cliEnv) *cobra.Command {
	c := verb("List tickets",
		"list [--status S] [--mine] [--owner A] [--unassigned] [--priority P] [--channel C] [--category C] [--search Q] [--limit N] [--json]",
		noArgs)
	fs := c.Flags()
	status := fs.String("status", "", "only this status (default all)")
	mine := fs.Bool("mine", false, "only my tickets")
	owner := fs.String("owner", "", "only this agent's tickets")
	unassigned := fs.Bool("unassigned", false, "only unassigned tickets")
	priority := fs.String("priority", "", "only this priority")
	channel := fs.String("channel", "", "only this channel")
	category := fs.String("category", "", "only this category")
	search := fs.String("search", "", "key, title, body or customer contains")
	limit := fs.Int("limit", 100, "at most this many tickets per status")
	asJSON := fs.Bool("json", false, "print JSON lines, one ticket per line")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		f := store.Filter{Owner: *owner, Unassigned: *unassigned, Search: *search}
		statuses := domain.Statuses
		if *status != "" {
			st, err := domain.ParseStatus(*status)
			if err != nil {
				return usageError{err.Error()}
			}
			statuses = []domain.Status{st}
		}
		if *priority != "" {
			p, err := domain.ParsePriority(*priority)
			if err != nil {
				return usageError{err.Error()}
			}
			f.Priority = &p
		}
		if *channel != "" {
			c, err := domain.ParseChannel(*channel)
			if err != nil {
				return usageError{err.Error()}
			}
			f.Channel = c
		}
		if *category != "" {
			c, err := domain.ParseCategory(*category)
			if err != nil {
				return usageError{err.Error()}
			}
			f.Category = c
		}
		if *limit <= 0 {
			return usagef("--limit must be positive")
		}
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			if *mine {
				f.Owner = me.Name
			}
			tw := table.New(env.stdout)
			if !*asJSON {
				fmt.Fprintln(tw, "KEY\tSTATUS\tPRIO\tCHANNEL\tOWNER\tTITLE")
			}
			for _, st := range statuses {
				page, err := s.Page(ctx, store.PageQuery{Status: st, Filter: f, Limit: *limit})
				if err != nil {
					return err
				}
				for _, t := range page {
					if *asJSON {
						if err := writeJSON(env.stdout, toJSON(t)); err != nil {
							return err
						}
						continue
					}
					owner := t.Owner
					if owner == "" {
						owner = "-"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.Key(), t.Status, t.Priority, t.Channel, owner,
						textsafe.Truncate(textsafe.Line(t.Title), 60))
				}
			}
			if *asJSON {
				return nil
			}
			return tw.Flush()
		})
	}
	return c
}

func ticketShowCmd(env *cliEnv) *cobra.Command {
	c := verb("Show a ticket with its notes and timeline",
		"show KEY [--json]",
		exactArgs(1, "ticket show: want a ticket KEY, e.g. FB-1042"))
	fs := c.Flags()
	asJSON := fs.Bool("json", false, "print JSON")
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		key := args[0]
		return env.withStore(ctx, func(s *store.Store, _ domain.Agent) error {
			t, err := s.TicketByKey(ctx, key)
			if err != nil {
				return err
			}
			// Merged duplicates' notes and events join this ticket's.
			notes, err := s.MergedNotes(ctx, t.ID)
			if err != nil {
				return err
			}
			events, err := s.MergedTimeline(ctx, t.ID)
			if err != nil {
				return err
			}
			links, err := s.Links(ctx, t.ID)
			if err != nil {
				return err
			}
			// Near-duplicates folded in at intake, each with its own customer.
			dups, err := s.Duplicates(ctx, t.ID)
			if err != nil {
				return err
			}
			if *asJSON {
				type noteJSON struct {
					Author string `json:"author"`
					Body   string `json:"body"`
					At     string `json:"at"`
				}
				type eventJSON struct {
					Seq    int64  `json:"seq"`
					Actor  string `json:"actor"`
					At     string `json:"at"`
					Kind   string `json:"kind"`
					Field  string `json:"field"`
					Before string `json:"before"`
					After  string `json:"after"`
				}
				type linkedJSON struct {
					ExternalID   string `json:"external_id"`
					Channel      string `json:"channel"`
					ReceivedAt   string `json:"received_at"`
					CustomerName string `json:"customer"`
					Phone4       string `json:"customer_phone_last4,omitempty"`
					Title        string `json:"title"`
				}
				clocks, err := s.Clocks(ctx, t)
				if err != nil {
					return err
				}
				scores, err := s.SatisfactionOf(ctx, t.ID)
				if err != nil {
					return err
				}
				out := struct {
					ticketJSON
					Clocks       []clockJSON        `json:"sla_clocks"`
					Satisfaction []satisfactionJSON `json:"satisfaction"`
					NoteList     []noteJSON         `json:"internal_notes"`
					Timeline     []eventJSON        `json:"timeline"`
					Linked       []linkedJSON       `json:"linked_items"`
				}{ticketJSON: toJSON(t), Clocks: clocksJSON(t, clocks), Satisfaction: []satisfactionJSON{}}
				for _, sc := range scores {
					out.Satisfaction = append(out.Satisfaction, satisfactionJSONOf(sc))
				}
				for _, d := range dups {
					out.Linked = append(out.Linked, linkedJSON{d.ExternalID, string(d.Channel), rfc3339(d.ReceivedAt),
						d.Customer.Name, d.Customer.Phone4, d.Title})
				}
				for _, n := range notes {
					out.NoteList = append(out.NoteList, noteJSON{n.Author, n.Body, rfc3339(n.At)})
				}
				for _, e := range events {
					out.Timeline = append(out.Timeline, eventJSON{e.Seq, e.Actor, rfc3339(e.At), e.Kind, e.Field, e.Before, e.After})
				}
				return writeJSON(env.stdout, out)
			}
			w := env.stdout
			line := textsafe.Line
			fmt.Fprintf(w, "%s  %s\n", t.Key(), line(t.Title))
			fmt.Fprintf(w, "status %s · priority %s · channel %s · category %s · team %s · owner %s · version %d\n",
				t.Status, t.Priority, t.Channel, t.Category, t.Team, orDash(t.Owner), t.Version)
			phone := ""
			if t.Customer.Phone4 != "" {
				phone = " · phone ****" + t.Customer.Phone4
			}
			fmt.Fprintf(w, "customer %s%s · tier %s · product %s %s · order %s\n", orDash(line(t.Customer.Name)), phone,
				t.Customer.Tier, orDash(line(t.Product)), line(t.ProductVer), orDash(line(t.OrderNo)))
			fmt.Fprintf(w, "received %s · created %s · reopened %d×\n", rfc3339(t.ReceivedAt), rfc3339(t.CreatedAt), t.ReopenCount)
			if t.DuplicateOf != 0 {
				fmt.Fprintf(w, "duplicate of %s\n", domain.Key(t.DuplicateOf))
			}
			for _, l := range links {
				fmt.Fprintf(w, "related %s  %s\n", l.Key(), line(l.Title))
			}
			for _, d := range dups {
				phone := ""
				if d.Customer.Phone4 != "" {
					phone = " · phone ****" + d.Customer.Phone4
				}
				fmt.Fprintf(w, "linked %s via %s · customer %s%s  %s\n", rfc3339(d.ReceivedAt), d.Channel,
					orDash(line(d.Customer.Name)), phone, line(d.Title))
			}
			fmt.Fprintln(w)
			if body := textsafe.Block(t.Body); body != "" {
				fmt.Fprintln(w, body)
				fmt.Fprintln(w)
			}
			if len(notes) > 0 {
				fmt.Fprintln(w, "Internal notes:")
				for _, n := range notes {
					fmt.Fprintf(w, "  %s %s: %s\n", rfc3339(n.At), n.Author, line(n.Body))
				}
				fmt.Fprintln(w)
			}
			fmt.Fprintln(w, "Timeline:")
			for _, e := range events {
				change := line(e.After)
				if e.Before != "" {
					change = line(e.Before) + " → " + change
				}
				if e.TicketID != t.ID {
					change += " (" + domain.Key(e.TicketID) + ")"
				}
				fmt.Fprintf(w, "  %s %-10s %-10s %s %s\n", rfc3339(e.At), e.Actor, e.Kind, e.Field, change)
			}
			return nil
		})
	}
	return c
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// versioned holds the flags every version-checked ticket verb shares.
type versioned struct {
	version *int64
	asJSON  *bool
}

func versionFlags(fs *pflag.FlagSet) versioned {
	return versioned{
		version: fs.Int64("version", 0, "fail with a conflict unless the ticket is still at this version"),
		asJSON:  fs.Bool("json", false, "print the ticket as JSON"),
	}
}

// change is the one shape of the verbs that change a ticket: load it by
// key, act at the version given (or the current one), print the result.
func (vf versioned) change(ctx context.Context, env *cliEnv, key string,
	act func(s *store.Store, me domain.Agent, t domain.Ticket, v int64) (domain.Ticket, string, error)) error {
	s, me, t, v, err := loadVersioned(ctx, env, key, *vf.version)
	if err != nil {
		return err
	}
	defer s.Close()
	t, msg, err := act(s, me, t, v)
	return printResult(env, t, err, *vf.asJSON, msg)
}

// loadVersioned opens the store and reads the ticket; --version pins the
// version the caller saw (a script that read the ticket earlier), else the
// current one is used.
func loadVersioned(ctx context.Context, env *cliEnv, key string, version int64) (*store.Store, domain.Agent, domain.Ticket, int64, error) {
	s, me, err := env.open(ctx)
	if err != nil {
		return nil, me, domain.Ticket{}, 0, err
	}
	t, err := s.TicketByKey(ctx, key)
	if err != nil {
		s.Close()
		return nil, me, t, 0, err
	}
	if version == 0 {
		version = t.Version
	}
	return s, me, t, version, nil
}

func ticketMoveCmd(env *cliEnv) *cobra.Command {
	c := verb("Move a ticket to another status",
		"move KEY STATUS [--version N] [--json]\n  STATUS: pending in_progress testing resolved closed",
		exactArgs(2, "ticket move: want KEY STATUS, e.g. ticket move FB-1042 in_progress"))
	fs := c.Flags()
	vf := versionFlags(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		pos := args
		to, err := domain.ParseStatus(pos[1])
		if err != nil {
			return usageError{err.Error()}
		}
		return vf.change(ctx, env, pos[0], func(s *store.Store, me domain.Agent, t domain.Ticket, v int64) (domain.Ticket, string, error) {
			t, err := s.Move(ctx, me.Name, t.ID, v, to)
			return t, fmt.Sprintf("%s → %s", t.Key(), to), err
		})
	}
	return c
}

func ticketAssignCmd(env *cliEnv) *cobra.Command {
	c := verb("Give a ticket to an agent, or to nobody",
		"assign KEY AGENT|--none [--version N] [--json]",
		cobra.ArbitraryArgs)
	fs := c.Flags()
	version := fs.Int64("version", 0, "fail with a conflict unless the ticket is still at this version")
	none := fs.Bool("none", false, "unassign")
	asJSON := fs.Bool("json", false, "print the ticket as JSON")
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		pos := args
		owner := ""
		switch {
		case len(pos) == 2 && !*none:
			owner = pos[1]
		case len(pos) == 1 && *none:
		default:
			return usagef("ticket assign: want KEY AGENT, or KEY --none")
		}
		s, me, t, v, err := loadVersioned(ctx, env, pos[0], *version)
		if err != nil {
			return err
		}
		defer s.Close()
		t, err = s.Assign(ctx, me.Name, t.ID, v, owner)
		return printResult(env, t, err, *asJSON, fmt.Sprintf("%s → %s", t.Key(), orDash(owner)))
	}
	return c
}

func ticketNoteCmd(env *cliEnv) *cobra.Command {
	c := verb("Add an internal note",
		"note KEY TEXT [--version N] [--json]",
		minArgs(2, "ticket note: want KEY TEXT"))
	fs := c.Flags()
	vf := versionFlags(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		pos := args
		return vf.change(ctx, env, pos[0], func(s *store.Store, me domain.Agent, t domain.Ticket, v int64) (domain.Ticket, string, error) {
			t, err := s.AddNote(ctx, me.Name, t.ID, v, strings.Join(pos[1:], " "))
			return t, fmt.Sprintf("%s: note added", t.Key()), err
		})
	}
	return c
}

func printResult(env *cliEnv, t domain.Ticket, err error, asJSON bool, msg string) error {
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.stdout, toJSON(t))
	}
	fmt.Fprintln(env.stdout, msg)
	return nil
}

func ticketRespondCmd(env *cliEnv) *cobra.Command {
	c := verb("Record that the customer was answered",
		"respond KEY [--how TEXT] [--version N] [--json]\n  record that the customer was answered (stops the first-response clock)",
		exactArgs(1, "ticket respond: want a ticket KEY"))
	fs := c.Flags()
	how := fs.String("how", "acknowledged", "how the customer was answered, e.g. \"phoned back\"")
	vf := versionFlags(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		key := args[0]
		return vf.change(ctx, env, key, func(s *store.Store, me domain.Agent, t domain.Ticket, v int64) (domain.Ticket, string, error) {
			t, err := s.Respond(ctx, me.Name, t.ID, v, *how)
			return t, fmt.Sprintf("%s: response recorded", t.Key()), err
		})
	}
	return c
}
