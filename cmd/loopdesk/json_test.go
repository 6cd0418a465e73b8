package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/jsonshape"
)

// TestEveryJSONOutputHasOneShape runs every command that prints JSON (each
// one with --json, and report --format json) and fails on a key that is not
// snake_case or an enum printed as a number. A JSON command added without
// a run here fails the test, so none escapes the check. A ticket has one
// shape wherever it appears: the keys of ticket new, list, show and the
// tickets of problem show agree.
func TestEveryJSONOutputHasOneShape(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	hook := newWebhook()
	defer hook.Close()
	mustCLI(t, db, "ada", "agent", "list")
	mustCLI(t, db, "ada", "agent", "add", "bob", "--role", "agent", "--team", "tech_support")
	mustCLI(t, db, "ada", "agent", "add", "sam", "--role", "supervisor")
	mustCLI(t, db, "ada", "channel", "set", "web", "--webhook", hook.URL)
	mustCLI(t, db, "ada", "channel", "add", "shop", "--kind", "web")

	// Every JSON command, in an order that gives each something to print;
	// "@name" first runs it as that agent.
	runs := [][]string{
		{"agent", "list", "--json"},
		{"agent", "key", "list", "ada", "--json"},
		{"ticket", "new", "--title", "支付失败", "--body", "扣了两次", "--channel", "web", "--priority", "low",
			"--customer", "张三丰", "--phone", "13800138000", "--json"},
		{"ticket", "new", "--title", "second", "--priority", "high", "--json"},
		{"ticket", "move", "FB-1001", "in_progress", "--json"},
		{"ticket", "assign", "FB-1001", "bob", "--json"},
		{"ticket", "note", "FB-1001", "call", "back", "--json"},
		{"ticket", "respond", "FB-1001", "--json"},
		{"ticket", "reply", "FB-1001", "--text", "on it", "--json"},
		{"ticket", "replies", "FB-1001", "--json"},
		{"ticket", "wait", "FB-1001", "--reason", "which version?", "--json"},
		{"ticket", "answered", "FB-1001", "--how", "5.3.1", "--json"},
		{"ticket", "resolve", "FB-1001", "--summary", "refunded", "--json"},
		{"ticket", "score", "FB-1001", "--timeliness", "5", "--effectiveness", "4", "--attitude", "5", "--overall", "5",
			"--comment", "thanks", "--json"},
		{"ticket", "reopen", "FB-1001", "--reason", "charged again", "--json"},
		{"@bob", "ticket", "move", "FB-1002", "in_progress", "--json"},
		{"@bob", "ticket", "resolve", "FB-1002", "--summary", "done", "--json"},
		{"ticket", "reject", "FB-1002", "--reason", "not enough", "--json"},
		{"@bob", "ticket", "resolve", "FB-1002", "--summary", "done now", "--json"},
		{"ticket", "approve", "FB-1002", "--json"},
		{"ticket", "new", "--title", "rude agent", "--category", "complaint", "--json"},
		{"ticket", "assign", "FB-1003", "bob", "--json"},
		{"@bob", "ticket", "compensate", "FB-1003", "--kind", "coupon", "--value", "500", "--text", "a coupon", "--json"},
		{"ticket", "compensation", "approve", "FB-1003", "--json"},
		{"ticket", "list", "--json"},
		{"ticket", "show", "FB-1001", "--json"},
		{"triage", "eval", filepath.Join("..", "..", "internal", "triage", "testdata", "labelled_test.jsonl"), "--json"},
		{"triage", "train", "--json"},
		{"triage", "queue", "--json"},
		{"problem", "new", "--kind", "bug", "--title", "payments", "--json"},
		{"problem", "link", "PB-1", "FB-1001", "FB-1002", "--json"},
		{"problem", "unlink", "PB-1", "FB-1002", "--json"},
		{"problem", "list", "--json"},
		{"problem", "show", "PB-1", "--json"},
		{"problem", "resolve", "PB-1", "--summary", "fixed", "--base-url", "https://desk.example", "--json"},
		{"problem", "new", "--kind", "request", "--title", "dark mode", "--json"},
		{"problem", "plan", "PB-2", "--release", "5.4", "--json"},
		{"problem", "new", "--kind", "request", "--title", "fax", "--json"},
		{"problem", "decline", "PB-3", "--reason", "no", "--json"},
		{"template", "list", "--json"},
		{"faq", "add", "--title", "Refunds", "--problem", "charged twice", "--solution", "refund", "--json"},
		{"faq", "list", "--json"},
		{"faq", "search", "refund", "--json"},
		{"channel", "list", "--json"},
		{"rejected", "list", "--json"},
		{"report", "--format", "json"},
		{"migrate", "--to", filepath.Join(t.TempDir(), "copy.db"), "--json"},
	}
	outs := map[string]string{}
	ran := map[string]bool{}
	for _, args := range runs {
		as := "sam" // a supervisor, unless the run names an agent
		if a, ok := strings.CutPrefix(args[0], "@"); ok {
			as, args = a, args[1:]
		}
		out := mustCLI(t, db, as, args...)
		if err := jsonshape.Check([]byte(out)); err != nil {
			t.Errorf("loopdesk %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		path := commandPath(args)
		ran[path] = true
		if _, seen := outs[path]; !seen {
			outs[path] = out
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("json") != nil && !ran[strings.TrimPrefix(c.CommandPath(), "loopdesk ")] {
			t.Errorf("%s prints JSON but this test does not run it", c.CommandPath())
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(newRoot(&cliEnv{}))

	// A ticket's keys: all of those ticketJSON always prints, and none
	// it does not know, in every output that holds a ticket.
	always, known := ticketFields()
	isTicket := func(where string, m map[string]any, extra ...string) {
		for _, k := range always {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: a ticket without %q", where, k)
			}
		}
		for k := range m {
			if !slices.Contains(known, k) && !slices.Contains(extra, k) {
				t.Errorf("%s: a ticket with %q, which ticketJSON lacks", where, k)
			}
		}
	}
	for _, path := range []string{"ticket new", "ticket move", "ticket list", "ticket score", "ticket approve"} {
		for _, line := range strings.Split(strings.TrimSpace(outs[path]), "\n") {
			isTicket(path, object(t, line))
		}
	}
	isTicket("ticket show", object(t, outs["ticket show"]), "sla_clocks", "satisfaction", "internal_notes", "timeline", "linked_items")
	var problem struct {
		Tickets []map[string]any `json:"tickets"`
	}
	if err := json.Unmarshal([]byte(outs["problem show"]), &problem); err != nil || len(problem.Tickets) != 1 {
		t.Fatalf("problem show: %v\n%s", err, outs["problem show"])
	}
	isTicket("problem show", problem.Tickets[0])
}

// ticketFields lists ticketJSON's keys: those it always prints, and all.
func ticketFields() (always, all []string) {
	rt := reflect.TypeFor[ticketJSON]()
	for i := range rt.NumField() {
		name, opts, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		all = append(all, name)
		if opts != "omitempty" {
			always = append(always, name)
		}
	}
	return always, all
}

func object(t *testing.T, doc string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	return m
}

// commandPath is the command words of args: up to the first flag or
// argument that is not a subcommand name.
func commandPath(args []string) string {
	c := newRoot(&cliEnv{})
	var words []string
	for _, a := range args {
		next := findSub(c, a)
		if next == nil {
			break
		}
		words, c = append(words, a), next
	}
	return strings.Join(words, " ")
}

func findSub(c *cobra.Command, name string) *cobra.Command {
	for _, s := range c.Commands() {
		if s.Name() == name {
			return s
		}
	}
	return nil
}

// TestTicketShowJSONCarriesClocksAndScores: ticket show --json holds each
// SLA clock (name, due time, state by name, breached, escalated) and the
// satisfaction scores. A ticket received long ago arrives breached and,
// once the sweep ran, escalated.
func TestTicketShowJSONCarriesClocksAndScores(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "desk.db")
	in := filepath.Join(dir, "old.csv")
	csv := "external_id,channel,title,body,priority,received_at\nold-1,hotline,Line dead,no dial tone,high,2020-01-02T08:00:00Z\n"
	if err := os.WriteFile(in, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "ada", "agent", "list")
	mustCLI(t, db, "ada", "import", in)
	mustCLI(t, db, "ada", "report") // sweeps the SLA: the breach escalates

	var show struct {
		Escalated bool `json:"escalated"`
		Clocks    []struct {
			Name      string `json:"name"`
			State     string `json:"state"`
			DueAt     string `json:"due_at"`
			Breached  bool   `json:"breached"`
			Escalated bool   `json:"escalated"`
		} `json:"sla_clocks"`
		Satisfaction []struct {
			Timeliness, Effectiveness, Attitude, Overall int
			Comment                                      string
		} `json:"satisfaction"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, "ada", "ticket", "show", "FB-1001", "--json")), &show); err != nil {
		t.Fatal(err)
	}
	if len(show.Clocks) == 0 || show.Clocks[0].Name != "first_response" || show.Clocks[0].State != "breached" ||
		!show.Clocks[0].Breached || !show.Clocks[0].Escalated || !show.Escalated ||
		show.Clocks[0].DueAt != "2020-01-02T10:00:00Z" || show.Satisfaction == nil || len(show.Satisfaction) != 0 {
		t.Fatalf("%+v", show)
	}

	mustCLI(t, db, "ada", "ticket", "move", "FB-1001", "in_progress")
	mustCLI(t, db, "ada", "ticket", "resolve", "FB-1001", "--summary", "line repaired")
	mustCLI(t, db, "ada", "ticket", "score", "FB-1001", "--timeliness", "2", "--effectiveness", "4", "--attitude", "5",
		"--overall", "3", "--comment", "slow")
	show.Satisfaction = nil
	if err := json.Unmarshal([]byte(mustCLI(t, db, "ada", "ticket", "show", "FB-1001", "--json")), &show); err != nil {
		t.Fatal(err)
	}
	if len(show.Satisfaction) != 1 || show.Satisfaction[0].Timeliness != 2 || show.Satisfaction[0].Effectiveness != 4 ||
		show.Satisfaction[0].Attitude != 5 || show.Satisfaction[0].Overall != 3 || show.Satisfaction[0].Comment != "slow" {
		t.Fatalf("%+v", show.Satisfaction)
	}
}
