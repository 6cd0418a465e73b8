// Package domain holds loopdesk's vocabulary: tickets and their statuses,
// the allowed moves between statuses, channels, categories, priorities,
// roles, human ticket keys and the masking of customer personal data.
// It is pure: no I/O, no clock, no storage.
package domain

import (
	"fmt"
	"strings"
)

// Status is a board column. The order of Statuses is the order on the board.
type Status string

// The five columns of the board, left to right.
const (
	Pending    Status = "pending"
	InProgress Status = "in_progress"
	Testing    Status = "testing"
	Resolved   Status = "resolved"
	Closed     Status = "closed"
)

// Statuses lists the board columns in order.
var Statuses = []Status{Pending, InProgress, Testing, Resolved, Closed}

// Index is the column position of s, or -1 when s is not a status.
func (s Status) Index() int {
	for i, v := range Statuses {
		if v == s {
			return i
		}
	}
	return -1
}

// ParseStatus maps any spelling of a status the active vocabulary knows
// ("in_progress", "In-Progress", "处理中", Zammad's "pending reminder",
// Jira's "Done") to its column.
func ParseStatus(s string) (Status, error) {
	id, err := active.Load().parse(KindStatus, s)
	return Status(id), err
}

// transitions is the ticket's life: pending → in progress → testing →
// resolved → closed. Reopening (resolved or closed back to in progress) is
// allowed; skipping testing is allowed.
var transitions = map[Status][]Status{
	Pending:    {InProgress},
	InProgress: {Pending, Testing, Resolved},
	Testing:    {InProgress, Resolved},
	Resolved:   {Closed, InProgress},
	Closed:     {InProgress},
}

// Targets lists the statuses a ticket in s may move to.
func (s Status) Targets() []Status { return transitions[s] }

// CheckMove explains why from → to is not allowed, or returns nil.
func CheckMove(from, to Status) error {
	if from == to {
		return fmt.Errorf("ticket is already %s", to)
	}
	for _, t := range transitions[from] {
		if t == to {
			return nil
		}
	}
	allowed := make([]string, 0, len(transitions[from]))
	for _, t := range transitions[from] {
		allowed = append(allowed, string(t))
	}
	return &TransitionError{From: from, To: to, Allowed: allowed}
}

// TransitionError is a move the ticket's life does not allow.
type TransitionError struct {
	From, To Status
	Allowed  []string
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("cannot move from %s to %s (allowed: %s)", e.From, e.To, strings.Join(e.Allowed, ", "))
}

// IsReopen reports whether from → to reopens a finished ticket.
func IsReopen(from, to Status) bool {
	return (from == Resolved || from == Closed) && to == InProgress
}

// Open reports whether a ticket in s still needs work from the desk.
func (s Status) Open() bool { return s != Resolved && s != Closed }

// Viewer is one board session looking at (or editing) a ticket: presence,
// which the boards show on the ticket's card.
type Viewer struct {
	Session  string
	Agent    string
	TicketID int64
	Editing  bool
}
