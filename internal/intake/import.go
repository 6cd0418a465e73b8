package intake

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"

	"github.com/loopdesk/loopdesk/internal/interchange"
	"github.com/loopdesk/loopdesk/store"
)

// batchSize rows go into one transaction: large enough that fsyncs do not
// dominate, small enough that boards see progress and memory stays flat.
// 2000, not 500: each commit costs a WAL fsync, a new search-index
// segment to write and later merge, and the batch's lookups and rollup
// upserts; a quarter as many commits took the writer's CPU for 100k rows
// from 8.5-9.6 s to 7.0-7.2 s (5000 saved nothing more). Memory: the few
// batches read and prepared ahead of the writer, 69 MiB of heap at its
// peak instead of 22 (BenchmarkImport's peak-heap-MiB).
const batchSize = 2000

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

// merge adds o's problems to p's.
func (p *Problems) merge(o Problems) {
	p.Count += o.Count
	p.First = append(p.First, o.First[:min(len(o.First), MaxListed-len(p.First))]...)
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
// batch being read was read to its end and every batch read (a few at most
// run ahead of the writer) was committed, the Summary counts everything
// committed,
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
// failure), when ctx ends (ErrInterrupted, after the batches read are
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

func (in *Intake) importRows(ctx context.Context, actor string, r io.Reader, format interchange.Format, progress Progress, dry bool) (_ Summary, err error) {
	sum := Summary{Reasons: map[string]int{}}
	defer raiseGC()()
	if !dry {
		end := in.store.BeginImport()
		defer func() {
			if e := end(context.WithoutCancel(ctx)); err == nil {
				err = e
			}
		}()
	}
	rd, err := interchange.NewReader(r, format)
	if err != nil {
		return sum, err
	}
	// Reading and triage run ahead of the writer, on other cores, a few
	// batches at most. When ctx ends the reader finishes the batch under
	// way and stops; every batch read is stored, so an interrupted import
	// reports exactly what it committed.
	abort := make(chan struct{})
	batches := in.readBatches(ctx, abort, rd, dry)
	finished := false
	for b := range batches {
		<-b.ready
		sum.Rows += b.rows
		sum.Errors.merge(b.errors)
		sum.Filled.merge(b.filled)
		if b.err != nil {
			err = b.err
			break
		}
		if len(b.items) > 0 {
			if err = in.storeBatch(ctx, actor, b, &sum, dry); err != nil {
				break
			}
			if progress != nil {
				progress(sum.Rows)
			}
		}
		finished = b.last // the last batch is stored: nothing is left to continue
	}
	close(abort)
	for range batches { // let the reader and the workers finish
	}
	if err == nil && !finished {
		err = Interrupted(ctx)
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

// readBatch is up to batchSize rows of the file, with what reading them
// found; ready closes once its items are prepared.
type readBatch struct {
	items  []Item
	lines  []int
	rows   int      // rows read, good or bad
	errors Problems // rows that could not be read
	filled Problems
	err    error // reading cannot go on
	last   bool  // the end of the file
	ready  chan struct{}
	done   prepared
}

// readBatches reads rd into batches, in order, and has them prepared by
// worker goroutines; at most a few batches are read ahead of the one the
// writer stores. It stops at the first batch boundary after ctx ends, and
// at once when abort closes (the writer has stopped).
func (in *Intake) readBatches(ctx context.Context, abort <-chan struct{}, rd *interchange.Reader, dry bool) <-chan *readBatch {
	workers := max(1, runtime.GOMAXPROCS(0))
	ordered := make(chan *readBatch, workers+1)
	work := make(chan *readBatch)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				if !dry {
					b.done = in.prepare(b.items)
				}
				close(b.ready)
			}
		}()
	}
	go func() {
		defer func() {
			close(work)
			wg.Wait()
			close(ordered)
		}()
		send := func(b *readBatch) bool {
			select {
			case ordered <- b:
			case <-abort:
				return false
			}
			if b.err != nil || len(b.items) == 0 {
				close(b.ready)
				return true
			}
			work <- b
			return true
		}
		b := newReadBatch()
		for {
			rec, err := rd.Next()
			if errors.Is(err, io.EOF) {
				b.last = true
				send(b)
				return
			}
			var rowErr *interchange.RowError
			switch {
			case errors.As(err, &rowErr):
				b.rows++
				b.errors.AddRow(rowErr)
				continue
			case err != nil:
				b.err = err
				send(b)
				return
			}
			b.rows++
			it, warnings, err := FromRecord(rec)
			if err != nil {
				b.errors.Add(rec.Line, err.Error())
				continue
			}
			for _, w := range warnings {
				b.filled.Add(rec.Line, w)
			}
			b.items, b.lines = append(b.items, it), append(b.lines, rec.Line)
			if len(b.items) == batchSize {
				if !send(b) || ctx.Err() != nil {
					return
				}
				b = newReadBatch()
			}
		}
	}()
	return ordered
}

func newReadBatch() *readBatch {
	return &readBatch{items: make([]Item, 0, batchSize), lines: make([]int, 0, batchSize), ready: make(chan struct{})}
}

// storeBatch stores a prepared batch (or, dry, only checks it) and counts
// the outcome in sum.
func (in *Intake) storeBatch(ctx context.Context, actor string, b *readBatch, sum *Summary, dry bool) error {
	if dry {
		for i, it := range b.items {
			if err := in.Check(it); err != nil {
				sum.Errors.Add(b.lines[i], err.Error())
			} else {
				sum.Imported++
			}
		}
		return nil
	}
	// The batch under way is finished even when ctx ends meanwhile, so
	// an interrupted import reports exactly what it committed.
	res, err := in.submitPrepared(context.WithoutCancel(ctx), actor, b.done)
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
			sum.Rejected.Add(b.lines[i], r.Reason)
			sum.Reasons[r.Reason]++
		default:
			sum.Errors.Add(b.lines[i], r.Err.Error())
		}
	}
	return nil
}

// noRows says why a file yielded no rows, good or bad.
func noRows(format interchange.Format) error {
	if format == interchange.JSONL {
		return errors.New("no rows to import: the file holds no JSON lines")
	}
	return errors.New("no rows to import: the CSV file has a header row and nothing after it")
}
