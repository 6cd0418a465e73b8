package intake

import (
	"context"
	"io"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/interchange"
	"github.com/loopdesk/loopdesk/store"
)

// Reader is what Export reads: whole tickets, one column at a time.
type Reader interface {
	Page(ctx context.Context, q store.PageQuery) ([]domain.Ticket, error)
	Ticket(ctx context.Context, id int64) (domain.Ticket, error)
}

// Export writes every ticket in the interchange format, column by column
// in board order, reading by keyset so memory stays flat at any size.
// Personal data goes out as stored: masked name, and the phone as
// "****1234".
func Export(ctx context.Context, s Reader, w io.Writer, format interchange.Format) (int, error) {
	iw := interchange.NewWriter(w, format)
	n := 0
	for _, st := range domain.Statuses {
		var cur *store.Cursor
		dir := store.From
		for {
			page, err := s.Page(ctx, store.PageQuery{Status: st, Cursor: cur, Dir: dir, Limit: 500})
			if err != nil {
				return n, err
			}
			for _, card := range page {
				t, err := s.Ticket(ctx, card.ID) // pages leave bodies out
				if err != nil {
					return n, err
				}
				if err := iw.Write(toRecord(t)); err != nil {
					return n, err
				}
				n++
			}
			if len(page) < 500 {
				break
			}
			c := store.CursorOf(page[len(page)-1])
			cur, dir = &c, store.After
		}
	}
	return n, iw.Flush()
}

func toRecord(t domain.Ticket) interchange.Record {
	ext := t.ExternalID
	if ext == "" {
		ext = t.Key() // so a re-import of an export finds its tickets again
	}
	return interchange.Record{
		ExternalID: ext, Channel: string(t.Channel), ReceivedAt: t.ReceivedAt.UTC(),
		CustomerName: t.Customer.Name, CustomerPhone: maskedPhone(t.Customer.Phone4), CustomerTier: string(t.Customer.Tier),
		Industry: t.Customer.Industry, Product: t.Product, Version: t.ProductVer, OrderNo: t.OrderNo,
		Title: t.Title, Body: t.Body, Category: string(t.Category), Priority: t.Priority.String(),
	}
}

func maskedPhone(last4 string) string {
	if last4 == "" {
		return ""
	}
	return "****" + last4
}
