package intake

import (
	"fmt"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/interchange"
	"github.com/loopdesk/loopdesk/store"
)

// FromRecord checks a record's codes and turns it into an item. An empty
// category or priority is left for triage; an error names the column.
func FromRecord(rec interchange.Record) (Item, error) {
	ch, err := domain.ParseChannel(rec.Channel)
	if err != nil {
		return Item{}, fmt.Errorf("channel: %w", err)
	}
	it := Item{NewTicket: store.NewTicket{
		ExternalID: rec.ExternalID, Title: rec.Title, Body: rec.Body, Channel: ch,
		CustomerName: rec.CustomerName, CustomerPhone: rec.CustomerPhone, Industry: rec.Industry,
		Product: rec.Product, ProductVer: rec.Version, OrderNo: rec.OrderNo, ReceivedAt: rec.ReceivedAt,
	}}
	if it.CustomerTier, err = domain.ParseTier(rec.CustomerTier); err != nil {
		return it, fmt.Errorf("customer_tier: %w", err)
	}
	if rec.Category != "" {
		if it.Category, err = domain.ParseCategory(rec.Category); err != nil {
			return it, fmt.Errorf("category: %w", err)
		}
	}
	if rec.Priority != "" {
		if it.Priority, err = domain.ParsePriority(rec.Priority); err != nil {
			return it, fmt.Errorf("priority: %w", err)
		}
		it.PriorityStated = true
	}
	return it, nil
}
