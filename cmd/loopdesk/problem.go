package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/outbox"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

func problemCmd(env *cliEnv) *cobra.Command {
	return group("problem", "Problems and requests behind many tickets",
		problemNewCmd(env), problemLinkCmd(env, true), problemLinkCmd(env, false), problemListCmd(env), problemShowCmd(env),
		problemResolveCmd(env), problemDeclineCmd(env), problemPlanCmd(env),
	)
}

func problemNewCmd(env *cliEnv) *cobra.Command {
	c := verb("File a problem (bug) or request and print its key",
		"new --kind bug|request --title T [--body B] [--team TEAM] [--owner NAME] [--json]", noArgs)
	fs := c.Flags()
	kind := fs.String("kind", "", "bug (one fault behind many tickets) or request (one feature many customers ask for)")
	var in store.NewProblem
	fs.StringVar(&in.Title, "title", "", "what the problem is")
	fs.StringVar(&in.Body, "body", "", "details")
	fs.StringVar(&in.Team, "team", "", "owning team (default: tech_support for a bug, product for a request)")
	fs.StringVar(&in.Owner, "owner", "", "owning agent (default: you)")
	asJSON := fs.Bool("json", false, "print the problem as JSON")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		k, err := store.ParseProblemKind(*kind)
		if err != nil {
			return usagef("problem new: want --kind bug or request")
		}
		if strings.TrimSpace(in.Title) == "" {
			return usagef("problem new: want --title")
		}
		in.Kind = k
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			p, err := s.CreateProblem(ctx, me.Name, in)
			if err != nil {
				return err
			}
			if *asJSON {
				return writeJSON(env.stdout, problemJSONOf(p))
			}
			fmt.Fprintln(env.stdout, p.Key())
			return nil
		})
	}
	return c
}

// problemLinkCmd is link (or, with link false, unlink).
func problemLinkCmd(env *cliEnv, link bool) *cobra.Command {
	name, short := "link", "Link tickets to a problem"
	if !link {
		name, short = "unlink", "Take tickets off a problem"
	}
	c := verb(short, name+" PB-N FB-1 [FB-2…] [--version N] [--json]",
		minArgs(2, "problem "+name+": want a problem key and ticket keys"))
	fs := c.Flags()
	version := fs.Int64("version", 0, "fail with a conflict unless the problem is still at this version")
	asJSON := fs.Bool("json", false, "print the problem as JSON")
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		ids := make([]int64, 0, len(args)-1)
		for _, k := range args[1:] {
			id, err := domain.ParseKey(k)
			if err != nil {
				return usagef("problem %s: %v", name, err)
			}
			ids = append(ids, id)
		}
		s, me, p, err := loadProblem(ctx, env, args[0])
		if err != nil {
			return err
		}
		defer s.Close()
		v := p.Version
		if *version != 0 {
			v = *version
		}
		if link {
			p, err = s.LinkTickets(ctx, me.Name, p.ID, v, ids)
		} else {
			p, err = s.UnlinkTickets(ctx, me.Name, p.ID, v, ids)
		}
		if err != nil {
			return err
		}
		if *asJSON {
			j, err := problemWithTickets(ctx, s, p)
			if err != nil {
				return err
			}
			return writeJSON(env.stdout, j)
		}
		fmt.Fprintf(env.stdout, "%s: %d ticket(s), %d customer(s); priority %s\n", p.Key(), p.Impact.Tickets, p.Impact.Customers,
			textsafe.Line(p.Impact.Reason))
		return nil
	}
	return c
}

// loadProblem opens the store and reads a problem by key.
func loadProblem(ctx context.Context, env *cliEnv, key string) (*store.Store, domain.Agent, store.Problem, error) {
	id, err := store.ParseProblemKey(key)
	if err != nil {
		return nil, domain.Agent{}, store.Problem{}, usageError{err.Error()}
	}
	s, me, err := env.open(ctx)
	if err != nil {
		return nil, me, store.Problem{}, err
	}
	p, err := s.Problem(ctx, id)
	if err != nil {
		s.Close()
		return nil, me, p, err
	}
	return s, me, p, nil
}

func problemListCmd(env *cliEnv) *cobra.Command {
	c := verb("List problems, most pressing first",
		"list [--kind bug|request] [--open] [--roadmap] [--json]\n"+
			"  ranked by priority (from impact), affected customers, SLA risk and age;\n"+
			"  --roadmap: open and planned requests by requesting customers (a VIP counts "+strconv.Itoa(store.VIPWeight)+") and age", noArgs)
	fs := c.Flags()
	kind := fs.String("kind", "", "only bugs or only requests")
	open := fs.Bool("open", false, "only those not fixed, shipped or declined")
	roadmap := fs.Bool("roadmap", false, "the roadmap: open and planned requests, most wanted first")
	asJSON := fs.Bool("json", false, "print JSON lines, one problem per line")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		var q store.ProblemQuery
		if *kind != "" {
			k, err := store.ParseProblemKind(*kind)
			if err != nil {
				return usagef("problem list: --kind bug or request")
			}
			q.Kind = k
		}
		q.Open = *open
		return env.withStore(ctx, func(s *store.Store, _ domain.Agent) error {
			var ps []store.Problem
			var err error
			if *roadmap {
				ps, err = s.Roadmap(ctx)
			} else {
				ps, err = s.Problems(ctx, q)
			}
			if err != nil {
				return err
			}
			if *asJSON {
				for _, p := range ps {
					if err := writeJSON(env.stdout, problemJSONOf(p)); err != nil {
						return err
					}
				}
				return nil
			}
			rows := make([][]string, 0, len(ps))
			for _, p := range ps {
				rows = append(rows, []string{p.Key(), string(p.Kind), string(p.Status), p.Impact.Priority.String(),
					strconv.Itoa(p.Impact.Customers), strconv.Itoa(p.Impact.VIPs), strconv.Itoa(p.Impact.OpenTickets),
					strconv.Itoa(p.Impact.AtRisk), textsafe.Truncate(textsafe.Line(p.Title), 48)})
			}
			return tabbed(env, "KEY\tKIND\tSTATUS\tPRIORITY\tCUSTOMERS\tVIPS\tOPEN\tAT_RISK\tTITLE", rows)
		})
	}
	return c
}

func problemShowCmd(env *cliEnv) *cobra.Command {
	c := verb("Show a problem, its impact and its tickets", "show PB-N [--json]",
		exactArgs(1, "problem show: want a problem key"))
	asJSON := c.Flags().Bool("json", false, "print the problem as JSON")
	c.RunE = func(c *cobra.Command, args []string) error {
		s, _, p, err := loadProblem(c.Context(), env, args[0])
		if err != nil {
			return err
		}
		defer s.Close()
		if *asJSON {
			j, err := problemWithTickets(c.Context(), s, p)
			if err != nil {
				return err
			}
			return writeJSON(env.stdout, j)
		}
		w := env.stdout
		im := p.Impact
		fmt.Fprintf(w, "%s  %s · %s  %s\n", p.Key(), p.Kind, p.Status, textsafe.Line(p.Title))
		fmt.Fprintf(w, "owner %s · team %s · version %d\n", p.Owner, p.Team, p.Version)
		if p.Release != "" {
			fmt.Fprintf(w, "release %s\n", textsafe.Line(p.Release))
		}
		if p.Resolution != "" {
			fmt.Fprintf(w, "resolution: %s\n", textsafe.Line(p.Resolution))
		}
		fmt.Fprintf(w, "impact: %d customer(s), %d VIP, %d ticket(s) (%d open, %d at SLA risk); channels %s\n",
			im.Customers, im.VIPs, im.Tickets, im.OpenTickets, im.AtRisk, channelList(im.Channels))
		if im.Tickets > 0 {
			fmt.Fprintf(w, "reported %s … %s\n", rfc3339(im.FirstReport), rfc3339(im.LastReport))
		}
		fmt.Fprintf(w, "priority %s\n", textsafe.Line(im.Reason))
		if b := textsafe.Block(p.Body); b != "" {
			fmt.Fprintln(w, b)
		}
		for _, t := range p.Tickets {
			fmt.Fprintf(w, "  %s  %-11s %-6s %-8s %s  %s\n", t.Key(), t.Status, t.Priority, t.Channel,
				textsafe.Line(t.Customer.Name), textsafe.Truncate(textsafe.Line(t.Title), 40))
		}
		return nil
	}
	return c
}

func channelList(chs []domain.Channel) string {
	out := make([]string, len(chs))
	for i, c := range chs {
		out[i] = string(c)
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// problemJSON is the scriptable shape of a problem.
type problemJSON struct {
	Key         string              `json:"key"`
	Kind        string              `json:"kind"`
	Title       string              `json:"title"`
	Body        string              `json:"body,omitempty"`
	Status      string              `json:"status"`
	Owner       string              `json:"owner"`
	Team        string              `json:"team"`
	Release     string              `json:"release,omitempty"`
	Resolution  string              `json:"resolution,omitempty"`
	Priority    string              `json:"priority"`
	Reason      string              `json:"priority_reason"`
	Customers   int                 `json:"customers"`
	VIPs        int                 `json:"vip_customers"`
	TicketCount int                 `json:"ticket_count"`
	Open        int                 `json:"open_tickets"`
	AtRisk      int                 `json:"at_risk_tickets"`
	Channels    []string            `json:"channels"`
	FirstReport string              `json:"first_report,omitempty"`
	LastReport  string              `json:"last_report,omitempty"`
	CreatedAt   string              `json:"created_at"`
	Version     int64               `json:"version"`
	Tickets     []ticketJSON        `json:"tickets,omitempty"`
	Outcomes    []ticketOutcomeJSON `json:"outcomes,omitempty"`
}

type ticketOutcomeJSON struct {
	Ticket   string `json:"ticket"`
	Result   string `json:"result"`
	SameAs   string `json:"same_customer_as,omitempty"`
	Delivery string `json:"delivery,omitempty"`
	Error    string `json:"error,omitempty"`
}

func problemJSONOf(p store.Problem) problemJSON {
	im := p.Impact
	j := problemJSON{Key: p.Key(), Kind: string(p.Kind), Title: p.Title, Body: p.Body, Status: string(p.Status), Owner: p.Owner,
		Team: p.Team, Release: p.Release, Resolution: p.Resolution, Priority: im.Priority.String(), Reason: im.Reason,
		Customers: im.Customers, VIPs: im.VIPs, TicketCount: im.Tickets, Open: im.OpenTickets, AtRisk: im.AtRisk,
		Channels: []string{}, FirstReport: rfc3339(im.FirstReport), LastReport: rfc3339(im.LastReport),
		CreatedAt: rfc3339(p.CreatedAt), Version: p.Version}
	for _, c := range im.Channels {
		j.Channels = append(j.Channels, string(c))
	}
	return j
}

// problemWithTickets is a problem's JSON with its linked tickets, each in
// the one ticket shape (ticket show, ticket list) rather than a digest.
func problemWithTickets(ctx context.Context, s *store.Store, p store.Problem) (problemJSON, error) {
	j := problemJSONOf(p)
	for _, l := range p.Tickets {
		t, err := s.Ticket(ctx, l.ID)
		if err != nil {
			return j, err
		}
		j.Tickets = append(j.Tickets, toJSON(t))
	}
	return j, nil
}

// settleFlags are the flags of resolve, decline and plan.
type settleFlags struct {
	base    *string
	version *int64
	asJSON  *bool
}

func newSettleFlags(c *cobra.Command) settleFlags {
	fs := c.Flags()
	return settleFlags{
		base:    fs.String("base-url", os.Getenv("LOOPDESK_BASE_URL"), "public address of the survey server, for each customer's survey link (default $LOOPDESK_BASE_URL)"),
		version: fs.Int64("version", 0, "fail with a conflict unless the problem is still at this version"),
		asJSON:  fs.Bool("json", false, "print the problem and each ticket's outcome as JSON"),
	}
}

// run reads the problem, runs act on it, delivers the notices queued and
// reports each ticket's outcome.
func (sf settleFlags) run(ctx context.Context, env *cliEnv, key string,
	act func(s *store.Store, me domain.Agent, p store.Problem, n store.Notify) (store.BulkResult, error)) error {
	s, me, p, err := loadProblem(ctx, env, key)
	if err != nil {
		return err
	}
	defer s.Close()
	if *sf.version != 0 {
		p.Version = *sf.version
	}
	res, err := act(s, me, p, store.Notify{SurveyBase: *sf.base})
	if err != nil {
		return err
	}
	// Deliver at once, as ticket reply does; a failure stays queued for
	// the worker's retries and is reported per ticket.
	w := outbox.New(s, outbox.Config{})
	j := problemJSONOf(res.Problem)
	for _, o := range res.Tickets {
		oj := ticketOutcomeJSON{Ticket: o.Key(), Result: o.Result}
		if o.SameAs != 0 {
			oj.SameAs = domain.Key(o.SameAs)
		}
		if o.Err != nil {
			oj.Error = oneLine(o.Err.Error())
		}
		if o.ReplyID != 0 {
			if _, err := w.Deliver(ctx, o.ReplyID); err != nil {
				return err
			}
			d, err := deliveryOf(ctx, s, o.TicketID, o.ReplyID)
			if err != nil {
				return err
			}
			oj.Delivery = describeDelivery(d)
		}
		j.Outcomes = append(j.Outcomes, oj)
	}
	if *sf.asJSON {
		return writeJSON(env.stdout, j)
	}
	fmt.Fprintf(env.stdout, "%s → %s (%d ticket(s))\n", res.Problem.Key(), res.Problem.Status, len(res.Tickets))
	left := 0
	for _, o := range j.Outcomes {
		line := "  " + o.Ticket + ": " + strings.ReplaceAll(o.Result, "_", " ")
		switch {
		case o.SameAs != "":
			line += " (customer told on " + o.SameAs + ")"
		case o.Delivery != "":
			line += ", notice " + o.Delivery
		}
		if o.Error != "" {
			line += ": " + textsafe.Line(o.Error)
			left++
		}
		fmt.Fprintln(env.stdout, line)
	}
	if left > 0 {
		fmt.Fprintf(env.stdout, "%d ticket(s) left alone; run it again to settle them\n", left)
	}
	return nil
}

func problemResolveCmd(env *cliEnv) *cobra.Command {
	c := verb("Resolve a problem and every open linked ticket; tell each customer once",
		"resolve PB-N --summary S [--base-url URL] [--version N] [--json]\n"+
			"  resolves each open linked ticket with the summary (one audited change each; a ticket changed\n"+
			"  meanwhile is reported, not overwritten) and sends each customer the resolution template with a\n"+
			"  survey link of their own; customers of tickets already closed get a \"fixed\" notice",
		exactArgs(1, "problem resolve: want a problem key"))
	summary := c.Flags().String("summary", "", "the fix, as the customers will read it")
	sf := newSettleFlags(c)
	c.RunE = func(c *cobra.Command, args []string) error {
		if strings.TrimSpace(*summary) == "" {
			return usagef("problem resolve: want --summary")
		}
		return sf.run(c.Context(), env, args[0], func(s *store.Store, me domain.Agent, p store.Problem, n store.Notify) (store.BulkResult, error) {
			return s.ResolveProblem(c.Context(), me.Name, p, *summary, n)
		})
	}
	return c
}

func problemDeclineCmd(env *cliEnv) *cobra.Command {
	c := verb("Decline a problem or request; tell every requester why",
		"decline PB-N --reason R [--version N] [--json]", exactArgs(1, "problem decline: want a problem key"))
	reason := c.Flags().String("reason", "", "why, as the customers will read it")
	sf := newSettleFlags(c)
	c.RunE = func(c *cobra.Command, args []string) error {
		if strings.TrimSpace(*reason) == "" {
			return usagef("problem decline: want --reason")
		}
		return sf.run(c.Context(), env, args[0], func(s *store.Store, me domain.Agent, p store.Problem, n store.Notify) (store.BulkResult, error) {
			return s.DeclineProblem(c.Context(), me.Name, p, *reason, n)
		})
	}
	return c
}

func problemPlanCmd(env *cliEnv) *cobra.Command {
	c := verb("Put a request on the roadmap; tell every requester the release",
		"plan PB-N --release R [--version N] [--json]", exactArgs(1, "problem plan: want a problem key"))
	release := c.Flags().String("release", "", "target release, e.g. 5.4")
	sf := newSettleFlags(c)
	c.RunE = func(c *cobra.Command, args []string) error {
		if strings.TrimSpace(*release) == "" {
			return usagef("problem plan: want --release")
		}
		return sf.run(c.Context(), env, args[0], func(s *store.Store, me domain.Agent, p store.Problem, n store.Notify) (store.BulkResult, error) {
			return s.PlanProblem(c.Context(), me.Name, p, *release, n)
		})
	}
	return c
}
