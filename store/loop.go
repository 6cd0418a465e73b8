package store

// The closed loop with the customer (confirmation, satisfaction, reopen) lives in the loop*.go
// files: reply templates and replies (loop_template.go, loop_reply.go) and
// their delivery (loop_outbox.go), resolving and approval
// (loop_resolve.go), satisfaction scores (loop_score.go), survey links
// (loop_survey.go), reopening and the supervisors' follow-up queue
// (loop_followup.go), auto-close (loop_autoclose.go), the knowledge base
// (loop_faq.go), mentions, merges and links (loop_collab.go). Their state
// is in tables of their own (migration 0005); on the ticket row they
// change only what Move and Update change.

import (
	"context"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Event kinds the closed loop writes, besides domain's moved, reopened,
// edited ("solution") and responded (field "reply" for a customer reply).
const (
	EvApprovalRequested = "approval_requested" // After: the proposed solution summary
	EvApproved          = "solution_approved"  // After: who proposed the solution
	EvSolutionRejected  = "solution_rejected"  // After: the supervisor's reason
	EvReopenReason      = "reopen_reason"      // After: why the ticket was reopened
	EvScored            = "scored"             // After: the four ratings and where they came from
	EvFollowUp          = "follow_up"          // Field: the reason (FollowUp*); the supervisors' queue got an entry
	EvFollowUpDone      = "follow_up_done"
	EvAutoClosed        = "auto_closed" // no answer from the customer within the confirmation window
	EvSurveyLink        = "survey_link" // a survey link was made; After: its expiry
	EvDelivered         = "reply_delivered"
	EvDeliveryFailed    = "reply_failed"  // After: the last error
	EvDeliveryRetried   = "reply_retried" // After: the reply id
	EvMerged            = "merged"        // Field "into" on the duplicate, "from" on the survivor; After: the other key
	EvLinked            = "linked"        // After: the other key
	EvFAQPromoted       = "faq_promoted"  // After: the article id

	// Desk-wide (ticket_id 0).
	EvTemplateChanged = "template_changed" // Field: name.lang
	EvWebhookChanged  = "webhook_changed"  // Field: the channel
)

// CustomerActor names events the customer caused through a survey link.
const CustomerActor = "customer"

// setStatus moves t to `to` with the bookkeeping every status change needs
// (resolved and closed times, the reopen count) and returns its event.
// Move and the loop's transitions share it so a reopen counts the same
// whichever path made it; callers have checked the move is allowed.
func setStatus(t *domain.Ticket, to domain.Status, now time.Time) change {
	kind := domain.EvMoved
	switch {
	case domain.IsReopen(t.Status, to):
		kind = domain.EvReopened
		t.ReopenCount++
		t.ResolvedAt, t.ClosedAt = time.Time{}, time.Time{}
	case to == domain.Resolved:
		t.ResolvedAt = now
	case to == domain.Closed:
		t.ClosedAt = now
	}
	c := change{kind, "status", string(t.Status), string(to)}
	t.Status = to
	return c
}

// actAs is mutate for changes nobody at the desk typed — the customer
// answering a survey, the auto-close sweep — inside the caller's write
// transaction. There is no agent to load and no version to compare: the
// caller has established its authority (a survey token, the sweep's
// condition) in the same transaction. actor names the events.
// Past that, it writes exactly what mutate writes: both end in apply.
func (s *Store) actAs(ctx context.Context, tx *wtx, actor string, id int64, fn func(t *domain.Ticket) ([]change, error)) (domain.Ticket, error) {
	cur, err := loadTicket(ctx, tx, id)
	if err != nil {
		return cur, err
	}
	next := cur
	changes, err := fn(&next)
	if err != nil || len(changes) == 0 {
		return cur, err
	}
	return s.apply(ctx, tx, actor, cur, next, changes)
}

// requireText cleans a free-text field the loop requires (a summary, a
// reason) and bounds it like a note.
func (s *Store) requireText(field, v string) (string, error) {
	v = cleanText(v)
	if v == "" {
		return "", invalid("%s: must not be empty", field)
	}
	if len(v) > s.limit.NoteBytes {
		return "", invalid("%s: %d bytes, at most %d", field, len(v), s.limit.NoteBytes)
	}
	return v, nil
}

// requireSupervisor refuses actors who are not supervisors or admins.
func requireSupervisor(a domain.Agent, action string) error {
	if a.Role.Supervises() {
		return nil
	}
	return &ForbiddenError{Actor: a.Name, Action: action, Reason: "needs the supervisor role"}
}

// eventExcerpt shortens text for an event's before/after: the full text stays
// in its own table.
func eventExcerpt(text string) string {
	const n = 80
	if s := cutRunes(text, n); s != text {
		return s + "…"
	}
	return text
}

// eventTime is how the loop's events write an instant.
func eventTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
