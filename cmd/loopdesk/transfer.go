package main

import (
	"bufio"
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
		if name != "-" {
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
		s, me, err := env.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
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
			bar.done()
			printMigration(env, sum)
			if err != nil {
				return err
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
			return err
		}
		bar := newProgress(env.stderr, size, counter)
		sum, err := intk.Import(ctx, me.Name, br, fmtv, bar.update)
		bar.done()
		printSummary(env, sum)
		if err != nil {
			return err
		}
		if sum.Errors.Count > 0 {
			return fmt.Errorf("%d of %d rows had errors and were not imported; fix them and re-run", sum.Errors.Count, sum.Rows)
		}
		return nil
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
		s, _, err := env.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
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

// progress draws a bar on a terminal and plain periodic lines otherwise,
// so logs of scripted imports stay readable.
type progress struct {
	w     io.Writer
	tty   bool
	size  int64
	read  *countingReader
	last  time.Time
	start time.Time
	rows  int
}

func newProgress(w io.Writer, size int64, read *countingReader) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = isatty.IsTerminal(f.Fd())
	}
	return &progress{w: w, tty: tty, size: size, read: read, start: time.Now()}
}

func (p *progress) update(rows int) {
	p.rows = rows
	now := time.Now()
	interval := 200 * time.Millisecond
	if !p.tty {
		interval = 5 * time.Second
	}
	if now.Sub(p.last) < interval {
		return
	}
	p.last = now
	rate := float64(rows) / max(now.Sub(p.start).Seconds(), 0.001)
	if !p.tty {
		fmt.Fprintf(p.w, "import: %d rows (%.0f rows/s)\n", rows, rate)
		return
	}
	if p.size <= 0 {
		fmt.Fprintf(p.w, "\r%d rows · %.0f rows/s", rows, rate)
		return
	}
	frac := min(float64(p.read.n)/float64(p.size), 1)
	const width = 30
	filled := int(frac * width)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%% · %d rows · %.0f rows/s", strings.Repeat("█", filled),
		strings.Repeat("░", width-filled), frac*100, rows, rate)
}

func (p *progress) done() {
	if p.tty && !p.last.IsZero() {
		fmt.Fprintln(p.w)
	}
}
