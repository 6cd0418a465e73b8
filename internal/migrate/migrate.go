package migrate

import (
	"context"
	"errors"
	"io"
	"slices"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/internal/interchange"
	"github.com/loopdesk/loopdesk/store"
)

// batchSize rows go into one transaction.
const batchSize = 500

// Summary is what a migration did, or would do (DryRun).
type Summary struct {
	DryRun   bool
	Rows     int
	Imported int             // tickets loaded (DryRun: rows that would be)
	Repeats  int             // loaded by an earlier run: skipped
	Errors   intake.Problems // rows not loaded
	Filled   intake.Problems // values left to triage, owners left out
	Owners   []string        // agents added inactive (DryRun: who would be)
	Mapping  []string        // which column fills which field
	ByStatus map[domain.Status]int
}

// Options are a migration's settings.
type Options struct {
	Actor    string // an admin: owners may be added
	DryRun   bool   // read and check everything, write nothing
	Progress intake.Progress
}

// Run reads an export with m and loads its tickets through in (triage
// fills category, priority, team, sentiment and keywords a row leaves
// out). It stops after the batch in which ctx ends with
// intake.ErrInterrupted; what was committed stays, and a re-run skips it by
// external id.
func Run(ctx context.Context, s *store.Store, in *intake.Intake, r io.Reader, m Mapping, o Options) (Summary, error) {
	sum := Summary{DryRun: o.DryRun, ByStatus: map[domain.Status]int{}}
	rd, err := NewReader(r, m, s.SLA().Calendar.Location(), s.Now())
	if err != nil {
		return sum, err
	}
	sum.Mapping = rd.Inferred()
	var batch []store.Historic
	var lines []int
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if o.DryRun {
			sum.Imported += len(batch)
		} else {
			// Finish the batch under way even when ctx ends meanwhile.
			res, added, err := s.ImportHistoric(context.WithoutCancel(ctx), o.Actor, batch)
			if err != nil {
				return err
			}
			sum.Owners = append(sum.Owners, added...)
			for i, r := range res {
				switch {
				case r.Err == nil:
					sum.Imported++
				case errors.Is(r.Err, store.ErrDuplicate):
					sum.Repeats++
				default:
					sum.Errors.Add(lines[i], r.Err.Error())
				}
			}
		}
		batch, lines = batch[:0], lines[:0]
		if o.Progress != nil {
			o.Progress(sum.Rows)
		}
		return intake.Interrupted(ctx)
	}
	seenOwner := map[string]bool{}
	for {
		row, err := rd.Next()
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
		for _, w := range row.Warnings {
			sum.Filled.Add(row.Line, w)
		}
		h := row.Ticket
		tr := in.Suggest(h.Title, h.Body, h.Channel, h.CustomerTier)
		if !row.Category {
			h.Category, _ = domain.ParseCategory(tr.Category)
		}
		if !row.Priority {
			h.Priority, _ = domain.ParsePriority(tr.Priority)
		}
		h.Team = domain.DefaultTeam(h.Category)
		h.Sentiment, h.SentimentScore, h.Keywords, h.PriorityReason = tr.Sentiment, tr.SentimentScore, tr.Keywords, tr.PriorityReason
		if o.DryRun && h.Owner != "" && !seenOwner[h.Owner] {
			seenOwner[h.Owner] = true
			if _, err := s.Agent(ctx, h.Owner); errors.Is(err, store.ErrNotFound) {
				sum.Owners = append(sum.Owners, h.Owner)
			}
		}
		sum.ByStatus[finalStatus(h)]++
		batch, lines = append(batch, h), append(lines, row.Line)
		if len(batch) == batchSize {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	if err = flush(); errors.Is(err, intake.ErrInterrupted) {
		err = nil // the last batch is stored: nothing is left to continue
	}
	slices.SortStableFunc(sum.Errors.First, func(a, b intake.Problem) int { return a.Line - b.Line })
	return sum, err
}

// finalStatus is the column a ticket lands in.
func finalStatus(h store.Historic) domain.Status {
	if len(h.Steps) == 0 {
		return domain.Pending
	}
	return h.Steps[len(h.Steps)-1].To
}
