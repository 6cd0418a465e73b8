package i18n

import "github.com/loopdesk/loopdesk/internal/domain"

// Names of the domain's vocabulary live in the catalogue under a prefix
// and the identifier the store uses, e.g. "status.in_progress".

// Status is a column's name.
func (l Lang) Status(s domain.Status) string { return l.named("status.", string(s)) }

// Channel is an intake channel's name.
func (l Lang) Channel(c domain.Channel) string { return l.named("channel.", string(c)) }

// Category is a category's name.
func (l Lang) Category(c domain.Category) string { return l.named("category.", string(c)) }

// Priority is a priority's name ("high", "高").
func (l Lang) Priority(p domain.Priority) string { return l.named("priority.", p.String()) }

// PriorityMark is the short marker a card shows ("H", "高"), so priority
// reads without colour.
func (l Lang) PriorityMark(p domain.Priority) string { return l.named("priority_mark.", p.String()) }

// Role is a role's name.
func (l Lang) Role(r domain.Role) string { return l.named("role.", string(r)) }

// Tier is a customer tier's name.
func (l Lang) Tier(t domain.Tier) string { return l.named("tier.", string(t)) }

// Sentiment names negative, neutral or positive.
func (l Lang) Sentiment(s string) string { return l.named("sentiment.", s) }

// EventKind names an audit event kind ("moved", "已移动").
func (l Lang) EventKind(kind string) string { return l.named("event.", kind) }

// Team names a team; teams added later by an admin show their identifier.
func (l Lang) Team(name string) string { return l.named("team.", name) }

// Template names a reply template; templates a desk added show their
// identifier.
func (l Lang) Template(name string) string { return l.named("template.", name) }

// Language names a reply's language by its code ("zh" → "Chinese", "中文").
func (l Lang) Language(code string) string { return l.named("language.", code) }

// Field names a ticket field as the store's events spell it ("order_no").
func (l Lang) Field(name string) string { return l.named("field.", name) }

// Clock names an SLA clock by the sla package's identifier
// ("first_response").
func (l Lang) Clock(kind string) string { return l.named("clock_name.", kind) }

// SLAState names an SLA clock's state by the sla package's identifier
// ("at_risk").
func (l Lang) SLAState(state string) string { return l.named("sla_state.", state) }

// named falls back to the identifier itself for values the catalogue does
// not know (data written by a newer version, custom teams).
func (l Lang) named(prefix, id string) string {
	if s, ok := l.catalogue()[Key(prefix+id)]; ok {
		return s
	}
	return id
}

// teams are the teams the first migration creates; the catalogue names them.
var teams = []string{"service_desk", "tech_support", "service_quality", "product", "logistics"}

// templates are the reply templates the migrations ship.
var templates = []string{"acknowledgement", "progress", "resolution", "follow_up", "problem_fixed", "problem_declined", "problem_planned", "wait_reminder"}

// sentiments are the sentiment values the store keeps.
var sentiments = []string{"negative", "neutral", "positive"}

// eventKinds are the audit event kinds the catalogue names.
var eventKinds = []string{domain.EvCreated, domain.EvMoved, domain.EvReopened, domain.EvAssigned, domain.EvEdited, domain.EvNote,
	domain.EvResponded, domain.EvBreached, domain.EvEscalationOK, domain.EvUndone, domain.EvAgentAdded, domain.EvAgentRemoved, domain.EvAgentChanged,
	// The closed loop's kinds (store's Ev constants), as a card's timeline shows them.
	"approval_requested", "solution_approved", "solution_rejected", "auto_closed", "compensated", "compensation_approved",
	"customer_mail", "reply_delivered", "reply_failed", "reply_retried", "duplicate_linked", "faq_promoted", "follow_up",
	"follow_up_done", "intake_restored", "linked", "mail_threaded", "merged", "problem_linked", "problem_unlinked",
	"problem_notice", "reopen_reason", "scored", "survey_link", "triage_confirmed", "triage_corrected", "waiting",
	"wait_ended", "wait_reminded", "wait_expired"}

// clocks and slaStates are the SLA identifiers the catalogue names.
var (
	clocks    = []string{"first_response", "update", "resolution"}
	slaStates = []string{"ok", "at_risk", "breached", "met", "paused"}
)
