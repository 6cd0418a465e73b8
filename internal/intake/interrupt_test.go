package intake

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/interchange"
	"github.com/loopdesk/loopdesk/store"
)

// TestInterruptedImportResumes: an import whose context ends (Ctrl+C)
// finishes the batch being read, stores every batch read, reports exactly
// what it committed and returns ErrInterrupted; the same file imported
// again continues where it stopped and repeats nothing.
func TestInterruptedImportResumes(t *testing.T) {
	s, _ := newStore(t)
	in := newIntake(t, s, Config{})
	const rows = 2*batchSize + 200
	var file bytes.Buffer
	if err := writeBenchCSV(&file, rows); err != nil {
		t.Fatal(err)
	}
	run := func(ctx context.Context, progress Progress) (Summary, error) {
		return in.Import(ctx, "ada", bytes.NewReader(file.Bytes()), interchange.CSV, progress)
	}
	tickets := func() int {
		t.Helper()
		n := 0
		for _, st := range domain.Statuses {
			c, _, err := s.CountUpTo(context.Background(), st, store.Filter{}, 10*rows)
			if err != nil {
				t.Fatal(err)
			}
			n += c
		}
		return n
	}
	// done is what a run settled: stored, linked or rejected; a re-run
	// counts each of those rows as already imported.
	done := func(sum Summary) int { return sum.Imported + sum.Linked + sum.Rejected.Count + sum.Repeats }

	// Ended before the first batch is stored: that batch still commits
	// whole, then the import stops.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	first, err := run(ctx, nil)
	if !errors.Is(err, ErrInterrupted) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want ErrInterrupted", err)
	}
	if first.Rows != batchSize || done(first)+first.Errors.Count != batchSize || first.Imported == 0 || tickets() != first.Imported {
		t.Fatalf("cancelled before the first batch: %+v, %d tickets", first, tickets())
	}

	// Ctrl+C while the second batch is read: it is read to its end and
	// stored with the first, and the import stops.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	cut := bytes.Index(file.Bytes(), []byte("\nbench-"+strconv.Itoa(batchSize+10)+","))
	second, err := in.Import(ctx, "ada", &cancelAt{r: bytes.NewReader(file.Bytes()), at: cut, cancel: cancel}, interchange.CSV, nil)
	if !errors.Is(err, ErrInterrupted) || second.Rows != 2*batchSize || second.Repeats != done(first) ||
		tickets() != first.Imported+second.Imported {
		t.Fatalf("interrupted in the second batch: %v %+v", err, second)
	}

	// The same file again: the rest, nothing twice.
	third, err := run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if third.Rows != rows || third.Repeats != done(second) || third.Imported == 0 ||
		tickets() != first.Imported+second.Imported+third.Imported {
		t.Fatalf("resumed: %+v", third)
	}
	fourth, err := run(context.Background(), nil)
	if err != nil || fourth.Imported != 0 || fourth.Repeats != done(third) {
		t.Fatalf("a fourth run: %+v %v", fourth, err)
	}
}

// cancelAt reads r in small pieces and cancels once it has handed out at
// bytes, as Ctrl+C at that point of the file would.
type cancelAt struct {
	r      io.Reader
	n, at  int
	cancel context.CancelFunc
}

func (c *cancelAt) Read(p []byte) (int, error) {
	n, err := c.r.Read(p[:min(len(p), 512)])
	if c.n += n; c.n >= c.at {
		c.cancel()
	}
	return n, err
}
