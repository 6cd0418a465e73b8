package tui

import (
	"context"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// cardLink is what the card detail shows of the card's ties beyond
// itself: the problem it is linked to, and its wait for the customer.
type cardLink struct {
	problem int64 // 0 when not linked
	wait    store.Wait
	waits   bool
}

// readCardLink reads a card's problem and wait.
func readCardLink(ctx context.Context, d Desk, id int64) (cardLink, error) {
	var c cardLink
	var err error
	if c.problem, err = d.ProblemOf(ctx, id); err != nil {
		return c, err
	}
	c.wait, c.waits, err = d.Waiting(ctx, id)
	return c, err
}

// linkField is one label/value pair of the detail's fields.
type linkField struct {
	k i18n.Key
	v string
}

// fields are the detail's fields for the ties that exist (the wait has
// a line of its own under the service levels: it is longer).
func (c cardLink) fields() []linkField {
	var out []linkField
	if c.problem != 0 {
		out = append(out, linkField{i18n.FieldProblemLink, store.ProblemKey(c.problem)})
	}
	return out
}
