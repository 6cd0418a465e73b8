package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestImportProgressLine: on a terminal one line is redrawn with rows,
// rows/s, the share read and the time left; anywhere else nothing is
// printed.
func TestImportProgressLine(t *testing.T) {
	var out bytes.Buffer
	read := &countingReader{n: 250}
	clock := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	p := &progress{w: &out, tty: true, size: 1000, read: read, now: func() time.Time { return clock }, start: clock}
	clock = clock.Add(10 * time.Second)
	p.update(5000)
	clock = clock.Add(50 * time.Millisecond) // too soon to redraw
	p.update(5100)
	p.done()
	want := "\r[██████░░░░░░░░░░░░░░░░░░]  25% · 5000 rows · 500 rows/s · 30s left\x1b[K\n"
	if out.String() != want {
		t.Fatalf("terminal:\n%q\nwant\n%q", out.String(), want)
	}

	out.Reset()
	p = &progress{w: &out, size: 1000, read: read, now: func() time.Time { return clock }, start: clock}
	p.update(5000)
	p.done()
	if out.Len() != 0 {
		t.Fatalf("not a terminal, printed %q", out.String())
	}
}

// TestImportInterruptedAndResumed: an import stopped by Ctrl+C (its
// context ends) finishes the batch under way, reports what it committed and
// how to continue, exits 130, and the same command again continues without
// importing anything twice.
func TestImportInterruptedAndResumed(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "desk.db")
	var csv strings.Builder
	csv.WriteString("external_id,channel,customer_name,title,body\n")
	// Intake commits 2000 rows a transaction (internal/intake batchSize).
	const rows = 4800
	cut := 0 // where row 2040 starts: Ctrl+C while the second batch is read
	for i := range rows {
		if i == 2040 {
			cut = csv.Len()
		}
		fmt.Fprintf(&csv, "r%d,email,Customer %d,Order %d late,parcel number %d has not arrived\n", i, i, i, i)
	}
	mustCLI(t, db, "ada", "agent", "list")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb bytes.Buffer
	env := &cliEnv{stdin: &cancelAt{r: strings.NewReader(csv.String()), at: cut, cancel: cancel}, stdout: &out, stderr: &errb}
	root := newRoot(env)
	root.SetArgs([]string{"import", "-", "--db", db, "--as", "ada"})
	err := root.ExecuteContext(ctx)
	if code := exitCode(err); code != 130 || err.Error() != "interrupted after 4000 rows; run the same command again to continue" {
		t.Fatalf("exit %d: %v\n%s%s", code, err, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "rows 4000 · imported 4000 ·") {
		t.Fatalf("interrupted import said:\n%s%s", out.String(), errb.String())
	}
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	again := mustCLI(t, db, "ada", "import", in)
	if !strings.Contains(again, "rows 4800 · imported 800 · duplicates linked 0 · already imported 4000 ·") {
		t.Fatalf("re-run said:\n%s", again)
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

// TestImportLeavesTheSearchIndexMerged: an import leaves merging the
// search index to the desk's upkeep, which only a board or a server
// runs; the command merges it before it returns, so a desk imported and
// searched from the command line finds nothing left to merge.
func TestImportLeavesTheSearchIndexMerged(t *testing.T) {
	dir := t.TempDir()
	db, in := filepath.Join(dir, "desk.db"), filepath.Join(dir, "in.csv")
	var csv strings.Builder
	csv.WriteString("external_id,channel,customer_name,title,body\n")
	for i := range 4800 { // three of intake's transactions: three pieces of index
		fmt.Fprintf(&csv, "r%d,email,Customer %d,Order %d late,parcel number %d has not arrived\n", i, i, i, i)
	}
	if err := os.WriteFile(in, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "ada", "import", in)
	merged, err := openAt(t, db, time.Now()).MergeSearch(context.Background())
	if err != nil || merged {
		t.Fatalf("after the import the upkeep merged the search index (%v, %v)", merged, err)
	}
	if out := mustCLI(t, db, "ada", "ticket", "list", "--search", "number 4799"); !strings.Contains(out, "Order 4799 late") {
		t.Fatalf("search after the import:\n%s", out)
	}
}
