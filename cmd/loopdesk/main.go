// Command loopdesk is the keyboard-first support console: with no
// subcommand it opens the kanban board; subcommands serve it over SSH,
// manage agents and tickets, import, export and back up. This package only
// parses flags and wires the other packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	_ "time/tzdata" // SLA calendars name IANA zones; don't depend on the host's zoneinfo

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// command is one subcommand: its usage line, what it does, and how to run it.
type command struct {
	usage   string
	summary string
	run     func(ctx context.Context, env *cliEnv, args []string) error
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"board":    {"loopdesk [board] [flags]", "open the kanban board (the default)", runBoard},
		"demo":     {"loopdesk demo [--tickets N] [flags]", "open the board on a demo database seeded with realistic tickets", runDemo},
		"serve":    {"loopdesk serve [--listen ADDR] [flags]", "serve the live board over SSH", runServe},
		"bench":    {"loopdesk bench ssh --sessions N [--moves M]", "measure SSH fan-out latency and memory on loopback", runBench},
		"agent":    {"loopdesk agent add|list|remove|key ...", "manage agents and their SSH keys", runAgent},
		"ticket":   {"loopdesk ticket new|list|show|move|reply|resolve ...", "work tickets from scripts", runTicket},
		"template": {"loopdesk template list|set ...", "canned customer replies (admins set them)", runTemplate},
		"faq":      {"loopdesk faq add|list|search ...", "the knowledge base", runFAQ},
		"import":   {"loopdesk import FILE", "import tickets from CSV or JSON Lines", runImport},
		"export":   {"loopdesk export [--format csv|jsonl] [--out FILE]", "export tickets in the interchange format", runExport},
		"backup":   {"loopdesk backup FILE", "write a consistent copy of the database while boards stay open", runBackup},
		"channel":  {"loopdesk channel add|list|remove|rotate|set ...", "manage the channels that post feedback over HTTP, their tokens and reply webhooks", runChannel},
		"rejected": {"loopdesk rejected list|restore ...", "review feedback triage rejected as invalid; restore what is real", runRejected},
		"report":   {"loopdesk report [--from --to] [--team ...] [--format text|markdown|csv|json]", "the metrics a supervisor runs the desk by", runReport},
		"brief":    {"loopdesk brief", "the daily monitoring brief, for a chat or an email", runBrief},
		"sla":      {"loopdesk sla show|report [--from --to]", "show SLA policies and calendars; report attainment", runSLA},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(os.Stderr, "loopdesk:", oneLine(ue.msg))
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "loopdesk:", oneLine(err.Error()))
		os.Exit(1)
	}
}

// usageError is a mistake on the command line (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// oneLine makes an error message one terminal-safe line: messages quote
// arguments, file contents and customer text.
func oneLine(s string) string { return textsafe.Line(s) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	name := "board"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		printUsage(stdout)
		return nil
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") && name == "board" {
		printUsage(stdout)
		return nil
	}
	cmd, ok := commands[name]
	if !ok {
		return usagef("unknown command %q (see loopdesk --help)", name)
	}
	env := &cliEnv{stdout: stdout, stderr: stderr}
	return cmd.run(ctx, env, args)
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "loopdesk: a keyboard-first support console")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-52s %s\n", commands[n].usage, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Common flags: --db PATH (or LOOPDESK_DB), --as NAME (or LOOPDESK_AGENT), --lang zh|en, --sla FILE (or LOOPDESK_SLA)")
	fmt.Fprintln(w, "Every command takes --help.")
}

// subcommand is one verb of a command that has verbs ("agent add").
type subcommand struct {
	name string
	run  func(context.Context, *cliEnv, []string) error
}

// dispatch runs the verb args[0] names, or explains which verbs exist.
func dispatch(ctx context.Context, env *cliEnv, cmd string, args []string, subs ...subcommand) error {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	want := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	if len(subs) == 1 {
		want = names[0]
	}
	if len(args) == 0 {
		return usagef("%s: want %s (see loopdesk %s %s --help)", cmd, want, cmd, names[0])
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(ctx, env, args[1:])
		}
	}
	return usagef("%s: unknown subcommand %q (want %s)", cmd, args[0], want)
}
