package domain

import (
	"fmt"
	"time"
)

// Customer is the little the desk keeps about who gave the feedback:
// a masked name and the last four phone digits, never more.
type Customer struct {
	Name     string // masked, e.g. "张**"
	Phone4   string // last four digits, or ""
	Tier     Tier
	Industry string
}

// Ticket is one piece of customer feedback being worked on.
type Ticket struct {
	ID         int64
	ExternalID string
	Title      string
	Body       string
	Channel    Channel
	Category   Category
	Priority   Priority
	Status     Status
	Team       string
	Owner      string // agent name, "" when unassigned
	Customer   Customer
	Product    string
	ProductVer string
	OrderNo    string

	Sentiment      string // negative, neutral, positive
	SentimentScore float64
	Keywords       []string
	Tags           []string

	ReceivedAt      time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
	FirstResponseAt time.Time // zero until the first reply to the customer
	ResolvedAt      time.Time
	ClosedAt        time.Time

	// SLA deadlines, kept by the store. Due is the nearest running
	// deadline (zero when no clock runs); DueClock names its clock.
	Due              time.Time
	DueClock         string // first_response, update or resolution
	DueBusiness      bool   // Due's clock counts business time
	RiskAt           time.Time
	DueFirstResponse time.Time
	DueUpdate        time.Time
	DueResolution    time.Time
	Escalated        bool // a deadline was missed and no supervisor has acknowledged it

	ReopenCount int
	Solution    string
	DuplicateOf int64
	Notes       int // number of internal notes

	// PriorityReason says why intake chose the priority, e.g.
	// "high: 支付失败 + VIP"; "" for tickets from before triage.
	PriorityReason string
	// Duplicates counts near-identical feedback from the same customer
	// that intake linked to this ticket instead of opening a new card.
	Duplicates int

	// Version increases with every change; a write naming an older version
	// is refused, so two agents never silently overwrite each other.
	Version int64
}

// Key is the ticket's human key, e.g. "FB-1042".
func (t Ticket) Key() string { return Key(t.ID) }

// Agent is a person working the desk.
type Agent struct {
	Name        string // login name, unique
	DisplayName string
	Role        Role
	Team        string
	Active      bool
	Email       string // where the daily brief is mailed to a supervisor; may be ""
}

// Team groups agents; tickets are routed to teams.
type Team struct {
	Name        string
	DisplayName string
}

// Note is an internal comment on a ticket, never shown to the customer.
type Note struct {
	ID       int64
	TicketID int64
	Author   string
	Body     string
	At       time.Time
}

// Event is one entry of the append-only audit trail. Seq increases with
// every event and is the change feed other processes follow.
type Event struct {
	Seq      int64
	TicketID int64 // 0 for events about agents or teams
	Actor    string
	At       time.Time
	Kind     string // created, moved, assigned, edited, note, reopened, agent_added, ...
	Field    string
	Before   string
	After    string
}

// Event kinds written to the audit trail.
const (
	EvCreated      = "created"
	EvMoved        = "moved"
	EvReopened     = "reopened"
	EvAssigned     = "assigned"
	EvEdited       = "edited"
	EvNote         = "note"
	EvAgentAdded   = "agent_added"
	EvAgentRemoved = "agent_removed"
	EvAgentChanged = "agent_changed"
	EvResponded    = "responded"    // a reply or acknowledgement reached the customer
	EvBreached     = "sla_breached" // a deadline was missed (written once per clock)
	EvEscalationOK = "escalation_acknowledged"
	EvUndone       = "undone" // the actor's last move or assignment was put back; After: the version undone

	// Intake (ticket_id is 0 unless said otherwise).
	EvDuplicateLinked = "duplicate_linked" // on the ticket: a near-duplicate was linked to it
	EvIntakeRejected  = "intake_rejected"  // an item went to the rejected list; After is its id
	EvIntakeRestored  = "intake_restored"  // on the ticket: created from a rejected item
	EvEmergency       = "emergency"        // a surge of negative feedback; boards show a banner
	EvChannelChanged  = "channel_changed"  // an intake channel was added, removed or its token rotated
)

// SystemActor is the actor of events nobody typed (SLA breaches).
const SystemActor = "system"

// MaxClockSkew is how far ahead of the desk's clock a client's received
// time may be: clocks drift, but an SLA clock must not start in the future.
const MaxClockSkew = 5 * time.Minute

// CheckReceived refuses a received time later than now + MaxClockSkew,
// which would park the ticket's SLA clocks (a received_at of 9999 never
// breaches). Zero (not given) passes.
func CheckReceived(at, now time.Time) error {
	if limit := now.Add(MaxClockSkew); at.After(limit) {
		return fmt.Errorf("%s is in the future (the desk's clock says %s; at most %v ahead is accepted)",
			at.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339), MaxClockSkew)
	}
	return nil
}
