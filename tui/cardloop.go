package tui

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// cardLoop is what the card detail shows of the closed loop: the
// customer-visible replies with how their delivery went, and the latest
// approval request.
type cardLoop struct {
	replies    []store.CustomerReply
	deliveries map[int64]store.Delivery // by reply id
	approval   *store.Approval          // nil when none was ever asked
}

// readCardLoop reads a card's replies, deliveries and approval.
func readCardLoop(ctx context.Context, d Desk, id int64) (cardLoop, error) {
	var c cardLoop
	var err error
	if c.replies, err = d.Replies(ctx, id); err != nil {
		return c, err
	}
	ds, err := d.Deliveries(ctx, id)
	if err != nil {
		return c, err
	}
	c.deliveries = make(map[int64]store.Delivery, len(ds))
	for _, dl := range ds {
		c.deliveries[dl.ReplyID] = dl
	}
	a, err := d.LatestApproval(ctx, id)
	switch {
	case err == nil:
		c.approval = &a
	case !errors.Is(err, store.ErrNotFound):
		return c, err
	}
	return c, nil
}

// failedReply is the newest reply whose delivery failed, or 0.
func (c cardLoop) failedReply() int64 {
	for i := len(c.replies) - 1; i >= 0; i-- {
		if c.deliveries[c.replies[i].ID].State == store.DeliveryFailed {
			return c.replies[i].ID
		}
	}
	return 0
}

// loopLines draws the replies (apart from the internal notes) and the
// approval state for the detail, lines of at most w cells.
func (d *detail) loopLines(w int) []string {
	st, l := d.e.styles, d.e.lang
	c := d.loop
	out := []string{"", st.Title.Render(l.T(i18n.DetailReplies) + fmt.Sprintf(" (%d)", len(c.replies)))}
	if len(c.replies) == 0 {
		out = append(out, "  "+st.Dim.Render(l.T(i18n.DetailNone)))
	}
	for _, r := range c.replies {
		state, style := d.deliveryState(c.deliveries[r.ID])
		head := l.T(i18n.DetailReplyBy, stamp(d.e.now, r.At), safeName(r.Author))
		out = append(out, "  "+st.Dim.Render(head)+"  "+style.Render(textsafe.Truncate(state, max(w-4-textsafe.Width(head), 1))))
		// The lines as the customer got them: breaks kept, controls gone.
		for _, ln := range textsafe.Wrap(textsafe.Block(r.Body), max(w-4, 1)) {
			out = append(out, "    "+ln)
		}
	}
	if a := c.approval; a != nil {
		out = append(out, "", st.Title.Render(l.T(i18n.DetailApproval)))
		var s string
		switch a.State {
		case store.ApprovalPending:
			s = l.T(i18n.ApprovalPendingBy, safeName(a.RequestedBy))
		case store.ApprovalApproved:
			s = l.T(i18n.ApprovalApprovedBy, safeName(a.DecidedBy))
		default:
			s = l.T(i18n.ApprovalRejectedBy, safeName(a.DecidedBy), textsafe.Line(a.Reason))
		}
		for _, ln := range textsafe.Wrap(s, max(w-2, 1)) {
			out = append(out, "  "+ln)
		}
	}
	return out
}

// deliveryState names a delivery's state in words (never colour alone):
// "delivered", "pending (2 attempts)", "failed: 502 … — Y retries".
func (d *detail) deliveryState(dl store.Delivery) (string, lipgloss.Style) {
	st, l := d.e.styles, d.e.lang
	switch dl.State {
	case store.DeliveryDelivered:
		return l.T(i18n.DeliveryDelivered), st.Info
	case store.DeliveryFailed:
		return l.T(i18n.DeliveryFailed, textsafe.Truncate(textsafe.Line(dl.LastError), 60), d.e.keys.RetryDelivery.Help().Key), st.Error
	}
	return l.T(i18n.DeliveryPending, dl.Attempts), st.Dim
}

// retryDelivery queues the card's newest failed delivery again.
func (m *Model) retryDelivery(t domain.Ticket) tea.Cmd {
	l := m.env.lang
	if m.detail == nil || m.detail.loop.failedReply() == 0 {
		m.info(l.T(i18n.MsgNoFailedDelivery, t.Key()))
		return nil
	}
	d, ctx, me, id := m.desk, m.ctx, m.env.me.Name, m.detail.loop.failedReply()
	return m.loopChange(0, func() (string, error) {
		return l.T(i18n.MsgDeliveryRetried, t.Key()), d.RetryDelivery(ctx, me, id)
	})
}
