// Command loopdesk is the keyboard-first support console: with no
// subcommand it opens the kanban board; subcommands serve it over SSH,
// manage agents and tickets, import, export and back up. This package only
// defines the commands (spf13/cobra, styled by charm's fang) and wires the
// other packages together.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	_ "time/tzdata" // SLA calendars name IANA zones; don't depend on the host's zoneinfo

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err))
}

// exitCode is 0 for success, 2 for a mistake on the command line, 130
// for a command stopped by Ctrl+C (as a shell reports SIGINT) and 1 for
// anything else.
func exitCode(err error) int {
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		return 2
	case errors.Is(err, context.Canceled):
		return 130
	}
	return 1
}

// run runs the command line args, printing errors as one line on stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	root := newRoot(&cliEnv{stdout: stdout, stderr: stderr})
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	// fang styles help and adds --version and `completion`; its own man
	// command writes to os.Stdout and is hidden, so loopdesk has its own.
	return fang.Execute(ctx, root, fang.WithoutManpage(), fang.WithErrorHandler(printError))
}

// printError is the one-line error every failure ends with, styled or not.
func printError(w io.Writer, _ fang.Styles, err error) {
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(w, "loopdesk:", oneLine(ue.msg))
		return
	}
	fmt.Fprintln(w, "loopdesk:", oneLine(err.Error()))
}

func newRoot(env *cliEnv) *cobra.Command {
	// Commands are listed in the order they are added: the reading order.
	cobra.EnableCommandSorting = false
	bf := &boardFlags{}
	root := &cobra.Command{
		Use:   "loopdesk",
		Short: "A keyboard-first support console",
		Long: "loopdesk: a keyboard-first support console. With no command it opens the kanban board.\n" +
			"Every command and verb takes --help.",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q (see loopdesk --help)", args[0])
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error { return runBoard(c.Context(), env, bf) },
	}
	env.persistentFlags(root)
	root.PersistentPreRunE = func(*cobra.Command, []string) error { return env.useAliases() }
	bf.register(root)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err.Error()} })
	root.AddCommand(
		boardCmd(env), demoCmd(env), serveCmd(env),
		agentCmd(env), ticketCmd(env), problemCmd(env), templateCmd(env), faqCmd(env), channelCmd(env), rejectedCmd(env),
		importCmd(env), exportCmd(env), backupCmd(env), migrateCmd(env),
		reportCmd(env), briefCmd(env), slaCmd(env), triageCmd(env),
		manCmd(),
	)
	// cobra adds completion when it runs; added now, a missing or unknown
	// shell is a usage error like any other command's.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Args = cobra.ArbitraryArgs
			c.RunE = wantVerb
		}
	}
	return root
}

// usageError is a mistake on the command line (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// oneLine makes an error one terminal-safe line: arguments echoed in it may carry escapes.
func oneLine(s string) string { return textsafe.Line(s) }

// group makes a command whose verbs are its subcommands.
func group(use, short string, verbs ...*cobra.Command) *cobra.Command {
	c := &cobra.Command{Use: use, Short: short, Args: cobra.ArbitraryArgs, RunE: wantVerb}
	c.AddCommand(verbs...)
	return c
}

// wantVerb runs a group bare or with an unknown verb: a usage error that
// names the verbs.
func wantVerb(c *cobra.Command, args []string) error {
	path := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
	var names []string
	for _, v := range c.Commands() {
		if v.IsAvailableCommand() {
			names = append(names, v.Name())
		}
	}
	want := names[0]
	if len(names) > 1 {
		want = strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	}
	if len(args) == 0 {
		return usagef("%s: want %s (see loopdesk %s --help)", path, want, path)
	}
	return usagef("%s: unknown subcommand %q (want %s)", path, args[0], want)
}

// noArgs refuses positional arguments.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected arguments: %s", strings.Join(args, " "))
	}
	return nil
}

// exactArgs wants n positional arguments; missing explains what fewer lack.
func exactArgs(n int, missing string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) < n {
			return usageError{missing}
		}
		if len(args) > n {
			return usagef("unexpected arguments: %s", strings.Join(args[n:], " "))
		}
		return nil
	}
}

// minArgs wants at least n positional arguments.
func minArgs(n int, missing string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) < n {
			return usageError{missing}
		}
		return nil
	}
}

// optionalFlags matches the optional flags of a usage line ("[--json]"),
// which help lists under FLAGS anyway.
var optionalFlags = regexp.MustCompile(` *\[--[^]]*\](\.\.\.)?`)

// verb makes a command from its usage: the first line is cobra's Use (the
// verb, its arguments and required flags), the indented lines after it
// explain it.
func verb(short, usage string, args cobra.PositionalArgs) *cobra.Command {
	use, more, _ := strings.Cut(usage, "\n")
	use = optionalFlags.ReplaceAllString(use, "")
	c := &cobra.Command{Use: use, Short: short, Args: args}
	if more != "" {
		lines := strings.Split(more, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimPrefix(l, "  ")
		}
		c.Long = short + ".\n\n" + strings.Join(lines, "\n")
	}
	return c
}
