package intake

import (
	"fmt"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/interchange"
	"github.com/loopdesk/loopdesk/store"
)

// FromRecord checks a record's codes, in any spelling the domain's
// vocabulary knows, and turns it into an item. An empty category or
// priority is left for triage, and so is one the vocabulary cannot read:
// that is a warning (returned), not an error, since triage can fill it.
// An error names the column.
func FromRecord(rec interchange.Record) (Item, []string, error) {
	ch, err := domain.ParseChannel(rec.Channel)
	if err != nil {
		return Item{}, nil, fmt.Errorf("channel: %w", err)
	}
	it := Item{NewTicket: store.NewTicket{
		ExternalID: rec.ExternalID, Title: rec.Title, Body: rec.Body, Channel: ch,
		CustomerName: rec.CustomerName, CustomerPhone: rec.CustomerPhone, Industry: rec.Industry,
		Product: rec.Product, ProductVer: rec.Version, OrderNo: rec.OrderNo, ReceivedAt: rec.ReceivedAt,
	}}
	if it.CustomerTier, err = domain.ParseTier(rec.CustomerTier); err != nil {
		return it, nil, fmt.Errorf("customer_tier: %w", err)
	}
	var warnings []string
	if rec.Category != "" {
		if it.Category, err = domain.ParseCategory(rec.Category); err != nil {
			warnings = append(warnings, fmt.Sprintf("category: %v; left to triage", err))
		}
	}
	if rec.Priority != "" {
		if it.Priority, err = domain.ParsePriority(rec.Priority); err != nil {
			it.Priority = domain.High // the zero value; triage sets it
			warnings = append(warnings, fmt.Sprintf("priority: %v; left to triage", err))
		} else {
			it.PriorityStated = true
		}
	}
	return it, warnings, nil
}
