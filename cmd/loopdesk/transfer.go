package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/internal/interchange"
	"github.com/loopdesk/loopdesk/internal/migrate"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

func importCmd(env *cliEnv) *cobra.Command {
	c := verb("Import tickets from CSV or JSON Lines",
		"import FILE [--format csv|jsonl] [--from zammad|osticket|jira | --map FILE.toml] [--dry-run] [--triage FILE] [--dup-window D] [--dup-threshold S] [--surge-multiple M] [--surge-min N]\n"+
			"  FILE may be - for standard input. Every row is triaged; a row whose external_id is known is skipped,\n"+
			"  so re-running is safe; near-duplicates are linked; invalid rows go to the rejected list.\n"+
			"  --from reads another help desk's CSV export with each ticket's history (status, owner, created,\n"+
			"  first response, resolved, closed); --map FILE.toml describes any other CSV the same way. Owners\n"+
			"  who are not agents yet are added inactive. --dry-run prints what would happen and writes nothing.",
		exactArgs(1, "import: want a FILE (csv or jsonl)"))
	fs := c.Flags()
	format := fs.String("format", "", "either csv or jsonl (default: from the file name or content)")
	from := fs.String("from", "", "read the CSV export of this help desk: zammad, osticket or jira")
	mapFile := fs.String("map", "", "read a CSV described by this mapping file (TOML: columns, values, owners, time format)")
	dryRun := fs.Bool("dry-run", false, "print what the import would do (counts, first errors, the column mapping) and write nothing")
	intakeOpts := addIntakeFlags(fs)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		name := args[0]
		var in io.Reader = os.Stdin
		var size int64
		switch {
		case name == "-" && env.stdin != nil:
			in = env.stdin
		case name == "-":
			if st, err := os.Stdin.Stat(); err == nil && st.Mode().IsRegular() {
				size = st.Size() // < file: the ETA works as for a named file
			}
		default:
			f, err := os.Open(name)
			if err != nil {
				return err
			}
			defer f.Close()
			if st, err := f.Stat(); err == nil {
				size = st.Size()
			}
			in = f
		}
		counter := &countingReader{r: in}
		br := bufio.NewReaderSize(counter, 64<<10)
		fmtv, err := pickFormat(*format, name, br)
		if err != nil {
			return err
		}
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			intk, err := intakeOpts.build(s, slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
			if err != nil {
				return err
			}
			if *from != "" || *mapFile != "" {
				m, err := loadMapping(*from, *mapFile)
				if err != nil {
					return err
				}
				bar := newProgress(env.stderr, size, counter)
				sum, err := migrate.Run(ctx, s, intk, br, m, migrate.Options{Actor: me.Name, DryRun: *dryRun, Progress: bar.update})
				if !*dryRun {
					mergeSearch(ctx, env, s, bar, sum.Imported)
				}
				bar.done()
				printMigration(env, sum)
				if err != nil {
					return importEnd(err, sum.Rows)
				}
				if sum.Errors.Count > 0 && !*dryRun {
					return fmt.Errorf("%d of %d rows had errors and were not imported; fix them and re-run", sum.Errors.Count, sum.Rows)
				}
				return nil
			}
			if *dryRun {
				sum, err := intk.DryRun(ctx, br, fmtv)
				fmt.Fprintln(env.stdout, "dry run: nothing written")
				printSummary(env, sum)
				return importEnd(err, sum.Rows)
			}
			bar := newProgress(env.stderr, size, counter)
			sum, err := intk.Import(ctx, me.Name, br, fmtv, bar.update)
			mergeSearch(ctx, env, s, bar, sum.Imported)
			bar.done()
			printSummary(env, sum)
			if err != nil {
				return importEnd(err, sum.Rows)
			}
			if sum.Errors.Count > 0 {
				return fmt.Errorf("%d of %d rows had errors and were not imported; fix them and re-run", sum.Errors.Count, sum.Rows)
			}
			return nil
		})
	}
	return c
}

func pickFormat(flagv, name string, br *bufio.Reader) (interchange.Format, error) {
	switch strings.ToLower(flagv) {
	case "csv":
		return interchange.CSV, nil
	case "jsonl", "ndjson":
		return interchange.JSONL, nil
	case "":
		head, _ := br.Peek(512)
		return interchange.DetectFormat(name, head), nil
	}
	return 0, usagef("--format: want csv or jsonl, got %q", flagv)
}

func printSummary(env *cliEnv, sum intake.Summary) {
	for _, w := range sum.Warnings {
		fmt.Fprintln(env.stderr, "warning:", textsafe.Line(w))
	}
	printProblems(env, "error", sum.Errors)
	printProblems(env, "rejected", sum.Rejected)
	printProblems(env, "warning", sum.Filled)
	fmt.Fprintf(env.stdout, "rows %d · imported %d · duplicates linked %d · already imported %d · rejected %d · errors %d · left to triage %d\n",
		sum.Rows, sum.Imported, sum.Linked, sum.Repeats, sum.Rejected.Count, sum.Errors.Count, sum.Filled.Count)
	if sum.Rejected.Count > 0 {
		reasons := slices.Sorted(maps.Keys(sum.Reasons))
		for _, r := range reasons {
			fmt.Fprintf(env.stdout, "  rejected %d × %s\n", sum.Reasons[r], textsafe.Line(r))
		}
		fmt.Fprintln(env.stdout, "  rejected rows are kept for review: loopdesk rejected list")
	}
}

// loadMapping is the preset --from names or the mapping file --map reads.
func loadMapping(from, path string) (migrate.Mapping, error) {
	if from != "" && path != "" {
		return migrate.Mapping{}, usagef("import: --from and --map exclude each other")
	}
	if from != "" {
		m, err := migrate.Preset(from)
		if err != nil {
			return m, usageError{err.Error()}
		}
		return m, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return migrate.Mapping{}, err
	}
	defer f.Close()
	m, err := migrate.LoadMap(f)
	if err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// printMigration reports a migration: the mapping it used, problems by
// line, the counts, the columns tickets landed in and the owners added.
func printMigration(env *cliEnv, sum migrate.Summary) {
	verb := "imported"
	if sum.DryRun {
		verb = "would import"
		fmt.Fprintln(env.stdout, "dry run: nothing written")
		for _, m := range sum.Mapping {
			fmt.Fprintln(env.stdout, "  column", textsafe.Line(m))
		}
	}
	printProblems(env, "error", sum.Errors)
	printProblems(env, "warning", sum.Filled)
	fmt.Fprintf(env.stdout, "rows %d · %s %d · already imported %d · errors %d · warnings %d\n",
		sum.Rows, verb, sum.Imported, sum.Repeats, sum.Errors.Count, sum.Filled.Count)
	var cols []string
	for _, st := range domain.Statuses {
		if n := sum.ByStatus[st]; n > 0 {
			cols = append(cols, fmt.Sprintf("%s %d", st, n))
		}
	}
	if len(cols) > 0 {
		fmt.Fprintln(env.stdout, "  by column:", strings.Join(cols, " · "))
	}
	if len(sum.Owners) > 0 {
		what := "added inactive"
		if sum.DryRun {
			what = "would be added inactive"
		}
		fmt.Fprintf(env.stdout, "  owners %s (activate with agent add): %s\n", what, textsafe.Line(strings.Join(sum.Owners, ", ")))
	}
}

// printProblems lists the first rows of one kind of problem by line.
func printProblems(env *cliEnv, kind string, p intake.Problems) {
	const show = 50
	for i, pr := range p.First {
		if i == show {
			break
		}
		fmt.Fprintln(env.stderr, kind, textsafe.Line(pr.String()))
	}
	if more := p.Count - min(len(p.First), show); more > 0 {
		fmt.Fprintf(env.stderr, "… and %d more %s rows\n", more, kind)
	}
}

func exportCmd(env *cliEnv) *cobra.Command {
	c := verb("Export tickets in the interchange format",
		"export [--format csv|jsonl] [--out FILE]",
		noArgs)
	fs := c.Flags()
	format := fs.String("format", "jsonl", "either csv or jsonl")
	out := fs.String("out", "-", "output file (- for standard output)")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		var f interchange.Format
		switch strings.ToLower(*format) {
		case "csv":
			f = interchange.CSV
		case "jsonl", "ndjson":
			f = interchange.JSONL
		default:
			return usagef("--format: want csv or jsonl, got %q", *format)
		}
		if *out == "-" {
			if err := interchange.CheckTerminal(env.stdout, f); err != nil {
				return err
			}
		}
		return env.withStore(ctx, func(s *store.Store, _ domain.Agent) error {
			w := env.stdout
			if *out != "-" {
				file, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
				if err != nil {
					return err
				}
				defer file.Close()
				w = file
			}
			bw := bufio.NewWriterSize(w, 64<<10)
			n, err := intake.Export(ctx, s, bw, f)
			if err != nil {
				return err
			}
			if err := bw.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(env.stderr, "exported %d tickets\n", n)
			return nil
		})
	}
	return c
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// progress shows a long import's advance on one updating line of a
// terminal: rows, rows/s and, when the input's size is known, the share of
// bytes read and the time left. Anywhere else (a pipe, a log, cron) it
// prints nothing: the summary at the end says it all.
type progress struct {
	w     io.Writer
	tty   bool
	size  int64
	read  *countingReader
	now   func() time.Time
	start time.Time
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer, size int64, read *countingReader) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = isatty.IsTerminal(f.Fd())
	}
	return &progress{w: w, tty: tty, size: size, read: read, now: time.Now, start: time.Now()}
}

// update redraws the line, at most five times a second.
func (p *progress) update(rows int) {
	if !p.tty {
		return
	}
	now := p.now()
	if p.drawn && now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.drawn = now, true
	// Our own text only (no customer data), so erasing to the end of the
	// line with an escape is safe.
	fmt.Fprint(p.w, "\r"+p.line(rows, now.Sub(p.start))+"\x1b[K")
}

// line is the progress text after elapsed: "[███░░] 42% · 12000 rows ·
// 3100 rows/s · 5s left".
func (p *progress) line(rows int, elapsed time.Duration) string {
	secs := max(elapsed.Seconds(), 0.001)
	rate := fmt.Sprintf("%d rows · %.0f rows/s", rows, float64(rows)/secs)
	if p.size <= 0 {
		return rate
	}
	frac := min(float64(p.read.n)/float64(p.size), 1)
	const width = 24
	filled := int(frac * width)
	left := "…"
	if frac > 0 {
		left = (time.Duration(secs*(1-frac)/frac) * time.Second).Round(time.Second).String() + " left"
	}
	return fmt.Sprintf("[%s%s] %3.0f%% · %s · %s", strings.Repeat("█", filled), strings.Repeat("░", width-filled), 100*frac, rate, left)
}

// say puts text in place of the line, as the last step of a command.
func (p *progress) say(text string) {
	if p.tty {
		p.drawn = true
		fmt.Fprint(p.w, "\r"+text+"\x1b[K")
	}
}

// mergeSearch merges the search index an import of imported tickets left
// in pieces: an import leaves merging to the desk's upkeep
// (store.BeginImport), which a board or a server runs, so a desk imported
// from the command line and searched from it would wait for it — at a
// million tickets 245 pieces, a keystroke's column counts at p99 190 ms
// instead of 16. An import stopped by Ctrl+C does not start it; Ctrl+C
// during it stops it between steps. That or a failure only warns: the
// tickets are stored, and the next upkeep merges.
func mergeSearch(ctx context.Context, env *cliEnv, s *store.Store, bar *progress, imported int) {
	if imported == 0 || ctx.Err() != nil {
		return
	}
	bar.say("merging the search index…")
	if _, err := s.MergeSearch(ctx); err != nil {
		bar.done()
		fmt.Fprintln(env.stderr, "warning: search index not merged; a board or server merges it:", err)
	}
}

// done ends the line so the summary starts on its own.
func (p *progress) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}

// interruptedError is an import stopped by Ctrl+C: exit status 130, and
// the message says how to go on.
type interruptedError struct {
	rows int
	err  error
}

func (e interruptedError) Error() string {
	return fmt.Sprintf("interrupted after %d rows; run the same command again to continue", e.rows)
}

func (e interruptedError) Unwrap() error { return e.err }

// importEnd turns an import's error into what the command returns.
func importEnd(err error, rows int) error {
	if errors.Is(err, intake.ErrInterrupted) {
		return interruptedError{rows, err}
	}
	var missing *interchange.MissingColumnsError
	if errors.As(err, &missing) {
		if sys := migrate.Recognize(missing.Header); sys != "" {
			return fmt.Errorf("%w; the header is that of a %s export: import it with --from %s (with --dry-run first to see how its columns map)", err, sys, sys)
		}
	}
	return err
}
