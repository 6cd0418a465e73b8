package intake

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/loopdesk/loopdesk/domain"
	"github.com/loopdesk/loopdesk/interchange"
	"github.com/loopdesk/loopdesk/store"
)

// batchSize rows go into one transaction: large enough that fsyncs do not
// dominate, small enough that boards see progress and memory stays flat.
const batchSize = 500

// Summary is what an import did.
type Summary struct {
	Rows       int // records read, good or bad
	Imported   int
	Duplicates int // external_id already present: skipped, safe to re-run
	Rejected   []Problem
	Warnings   []string
}

// Problem is one row that was not imported.
type Problem struct {
	Line   int
	Reason string
}

func (p Problem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Reason) }

// Progress is called after every batch with the rows read so far.
type Progress func(rows int)

// Import reads records from r and creates tickets as actor. It returns an
// error only when it cannot go on (unreadable header, database failure);
// rows already committed stay, and re-running the same file skips them.
func Import(ctx context.Context, s *store.Store, actor string, r io.Reader, format interchange.Format, progress Progress) (Summary, error) {
	var sum Summary
	rd, err := interchange.NewReader(r, format)
	if err != nil {
		return sum, err
	}
	batch := make([]store.NewTicket, 0, batchSize)
	lines := make([]int, 0, batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := s.CreateBatch(ctx, actor, batch)
		if err != nil {
			return err
		}
		for i, r := range res {
			switch {
			case r.Err == nil:
				sum.Imported++
			case errors.Is(r.Err, store.ErrDuplicate):
				sum.Duplicates++
			default:
				sum.Rejected = append(sum.Rejected, Problem{lines[i], r.Err.Error()})
			}
		}
		batch, lines = batch[:0], lines[:0]
		if progress != nil {
			progress(sum.Rows)
		}
		return ctx.Err()
	}
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var rowErr *interchange.RowError
		if errors.As(err, &rowErr) {
			sum.Rows++
			reason := rowErr.Reason
			if rowErr.Field != "" {
				reason = rowErr.Field + ": " + reason
			}
			sum.Rejected = append(sum.Rejected, Problem{rowErr.Line, reason})
			continue
		}
		if err != nil {
			return sum, err
		}
		sum.Rows++
		nt, err := ToTicket(rec)
		if err != nil {
			sum.Rejected = append(sum.Rejected, Problem{rec.Line, err.Error()})
			continue
		}
		batch, lines = append(batch, nt), append(lines, rec.Line)
		if len(batch) == batchSize {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	err = flush()
	sum.Warnings = rd.Warnings()
	return sum, err
}

// ToTicket checks a record's codes and turns it into a new ticket. Empty
// category and priority get the desk's defaults.
func ToTicket(rec interchange.Record) (store.NewTicket, error) {
	ch, err := domain.ParseChannel(rec.Channel)
	if err != nil {
		return store.NewTicket{}, fmt.Errorf("channel: %w", err)
	}
	nt := store.NewTicket{
		ExternalID: rec.ExternalID, Title: rec.Title, Body: rec.Body, Channel: ch,
		Category: domain.Other, Priority: domain.Medium,
		CustomerName: rec.CustomerName, CustomerPhone: rec.CustomerPhone, Industry: rec.Industry,
		Product: rec.Product, ProductVer: rec.Version, OrderNo: rec.OrderNo, ReceivedAt: rec.ReceivedAt,
	}
	if nt.CustomerTier, err = domain.ParseTier(rec.CustomerTier); err != nil {
		return nt, fmt.Errorf("customer_tier: %w", err)
	}
	if rec.Category != "" {
		if nt.Category, err = domain.ParseCategory(rec.Category); err != nil {
			return nt, fmt.Errorf("category: %w", err)
		}
	}
	if rec.Priority != "" {
		if nt.Priority, err = domain.ParsePriority(rec.Priority); err != nil {
			return nt, fmt.Errorf("priority: %w", err)
		}
	}
	return nt, nil
}
