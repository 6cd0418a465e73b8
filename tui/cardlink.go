package tui

import (
	"context"
	"time"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// cardLink is what the card detail shows of the card's ties beyond
// itself: the problem it is linked to.
type cardLink struct {
	problem int64 // 0 when not linked
}

// readCardLink reads a card's problem.
func readCardLink(ctx context.Context, d Desk, id int64) (cardLink, error) {
	var c cardLink
	var err error
	c.problem, err = d.ProblemOf(ctx, id)
	return c, err
}

// linkField is one label/value pair of the detail's fields.
type linkField struct {
	k i18n.Key
	v string
}

// fields are the detail's fields for the ties that exist.
func (c cardLink) fields(_ i18n.Lang, _ func() time.Time) []linkField {
	var out []linkField
	if c.problem != 0 {
		out = append(out, linkField{i18n.FieldProblemLink, store.ProblemKey(c.problem)})
	}
	return out
}
