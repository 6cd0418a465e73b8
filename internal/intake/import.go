package intake

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/loopdesk/loopdesk/internal/interchange"
	"github.com/loopdesk/loopdesk/store"
)

// batchSize rows go into one transaction: large enough that fsyncs do not
// dominate, small enough that boards see progress and memory stays flat.
const batchSize = 500

// Summary is what an import did.
type Summary struct {
	Rows     int // records read, good or bad
	Imported int // new tickets
	Repeats  int // external_id seen before: skipped, so re-running is safe
	Linked   int // near-duplicates linked to the customer's open ticket
	// Rejected are rows triage found invalid, kept in the rejected list
	// for review (loopdesk rejected list); Reasons counts them by reason.
	Rejected Problems
	Reasons  map[string]int
	Errors   Problems // bad rows, not imported: fix them and re-run
	// Filled are values of imported rows the vocabulary could not read
	// (a category or priority), left for triage to fill.
	Filled   Problems
	Warnings []string // about the file as a whole (unknown columns)
}

// MaxListed is how many problems of a kind a Summary lists; beyond it
// they are only counted, so a file of a million bad rows cannot exhaust
// memory.
const MaxListed = 1000

// Problems counts rows of one kind and lists the first MaxListed found.
type Problems struct {
	Count int
	First []Problem
}

// Add counts a problem on line and lists it while fewer than MaxListed are.
func (p *Problems) Add(line int, reason string) {
	p.Count++
	if len(p.First) < MaxListed {
		p.First = append(p.First, Problem{line, reason})
	}
}

// AddRow counts a row the reader could not read, naming its field.
func (p *Problems) AddRow(e *interchange.RowError) {
	reason := e.Reason
	if e.Field != "" {
		reason = e.Field + ": " + reason
	}
	p.Add(e.Line, reason)
}

// Problem is one row that did not become a ticket.
type Problem struct {
	Line   int
	Reason string
}

func (p Problem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Reason) }

// Progress is called after every batch with the rows read so far.
type Progress func(rows int)

// ErrInterrupted is what Import returns when its context ends (Ctrl+C): the
// batch under way was committed, the Summary counts everything committed,
// and running the same import again continues, skipping what is stored by
// external id. It wraps the context's error.
var ErrInterrupted = errors.New("import interrupted")

// Interrupted is ErrInterrupted wrapping why ctx ended, or nil while it
// runs: checked between batches, so a batch is never cut in half.
func Interrupted(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrInterrupted, err)
	}
	return nil
}

// Import reads records from r and submits them as actor in batches. It
// returns an error when it cannot go on (unreadable header, database
// failure), when ctx ends (ErrInterrupted, after the batch under way is
// committed) and when the file holds no rows at all, which is never what
// was meant; batches already committed stay, and re-running the same file
// repeats nothing.
func (in *Intake) Import(ctx context.Context, actor string, r io.Reader, format interchange.Format, progress Progress) (Summary, error) {
	return in.importRows(ctx, actor, r, format, progress, false)
}

// DryRun reads and checks a file as Import would and writes nothing:
// Imported counts the rows that would be submitted (some may then turn out
// repeats, near-duplicates or rejects).
func (in *Intake) DryRun(ctx context.Context, r io.Reader, format interchange.Format) (Summary, error) {
	return in.importRows(ctx, "", r, format, nil, true)
}

func (in *Intake) importRows(ctx context.Context, actor string, r io.Reader, format interchange.Format, progress Progress, dry bool) (Summary, error) {
	sum := Summary{Reasons: map[string]int{}}
	rd, err := interchange.NewReader(r, format)
	if err != nil {
		return sum, err
	}
	batch := make([]Item, 0, batchSize)
	lines := make([]int, 0, batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if dry {
			for i, it := range batch {
				if err := in.Check(it); err != nil {
					sum.Errors.Add(lines[i], err.Error())
				} else {
					sum.Imported++
				}
			}
			batch, lines = batch[:0], lines[:0]
			return Interrupted(ctx)
		}
		// The batch under way is finished even when ctx ends meanwhile, so
		// an interrupted import reports exactly what it committed.
		res, err := in.Submit(context.WithoutCancel(ctx), actor, batch)
		if err != nil {
			return err
		}
		for i, r := range res {
			switch r.Outcome {
			case store.IngestCreated:
				sum.Imported++
			case store.IngestRepeat:
				sum.Repeats++
			case store.IngestLinked:
				sum.Linked++
			case store.IngestRejected:
				sum.Rejected.Add(lines[i], r.Reason)
				sum.Reasons[r.Reason]++
			default:
				sum.Errors.Add(lines[i], r.Err.Error())
			}
		}
		clear(batch) // drop the texts before the next batch reuses the array
		batch, lines = batch[:0], lines[:0]
		if progress != nil {
			progress(sum.Rows)
		}
		return Interrupted(ctx)
	}
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var rowErr *interchange.RowError
		if errors.As(err, &rowErr) {
			sum.Rows++
			sum.Errors.AddRow(rowErr)
			continue
		}
		if err != nil {
			return sum, err
		}
		sum.Rows++
		it, warnings, err := FromRecord(rec)
		if err != nil {
			sum.Errors.Add(rec.Line, err.Error())
			continue
		}
		for _, w := range warnings {
			sum.Filled.Add(rec.Line, w)
		}
		batch, lines = append(batch, it), append(lines, rec.Line)
		if len(batch) == batchSize {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	if err = flush(); errors.Is(err, ErrInterrupted) {
		err = nil // the last batch is stored: nothing is left to continue
	}
	if err == nil && sum.Rows == 0 {
		err = noRows(format)
	}
	// Row errors are found while reading, refusals when a batch is
	// stored; people read them by line.
	slices.SortStableFunc(sum.Errors.First, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	sum.Warnings = rd.Warnings()
	return sum, err
}

// noRows says why a file yielded no rows, good or bad.
func noRows(format interchange.Format) error {
	if format == interchange.JSONL {
		return errors.New("no rows to import: the file holds no JSON lines")
	}
	return errors.New("no rows to import: the CSV file has a header row and nothing after it")
}
