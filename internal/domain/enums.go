package domain

import (
	"fmt"
	"slices"
	"strings"
)

// Priority orders the work: High sorts first on the board. The numeric
// value is what the store keeps, so it must never be renumbered.
type Priority int

// Priorities from most to least urgent.
const (
	High   Priority = 0
	Medium Priority = 1
	Low    Priority = 2
)

// Priorities lists every priority, most urgent first.
var Priorities = []Priority{High, Medium, Low}

var priorityNames = [...]string{"high", "medium", "low"}

func (p Priority) String() string {
	if p < High || p > Low {
		return fmt.Sprintf("priority(%d)", int(p))
	}
	return priorityNames[p]
}

// Valid reports whether p is one of Priorities.
func (p Priority) Valid() bool { return p >= High && p <= Low }

// ParsePriority accepts every spelling of a priority the active
// vocabulary knows: high/medium/low, h/m/l, 高/中/低, P1–P4, urgent …
func ParsePriority(s string) (Priority, error) {
	id, err := active.Load().parse(KindPriority, s)
	if err != nil {
		return 0, err
	}
	return Priority(slices.Index(priorityNames[:], id)), nil
}

// Channel is where a piece of feedback came from.
type Channel string

// The intake channels feedback arrives through.
const (
	Hotline  Channel = "hotline"
	WebForm  Channel = "web"
	WeChat   Channel = "wechat"
	AppStore Channel = "appstore"
	Email    Channel = "email"
	InApp    Channel = "inapp"
	Social   Channel = "social"
	Offline  Channel = "offline"
)

// Channels lists every channel.
var Channels = []Channel{Hotline, WebForm, WeChat, AppStore, Email, InApp, Social, Offline}

// ParseChannel maps any spelling of a channel the active vocabulary knows
// ("app_store", "应用商店", "App Store") to its id.
func ParseChannel(s string) (Channel, error) {
	id, err := active.Load().parse(KindChannel, s)
	return Channel(id), err
}

// Valid reports whether c is one of Channels, spelled as the store keeps it.
func (c Channel) Valid() bool { return slices.Contains(Channels, c) }

// Category is what a piece of feedback is about.
type Category string

// The categories triage sorts feedback into.
const (
	Suggestion  Category = "suggestion"
	Complaint   Category = "complaint"
	Malfunction Category = "malfunction"
	Question    Category = "question"
	Logistics   Category = "logistics"
	Pricing     Category = "pricing"
	Other       Category = "other"
)

// Categories lists every category.
var Categories = []Category{Suggestion, Complaint, Malfunction, Question, Logistics, Pricing, Other}

// ParseCategory maps any spelling of a category the active vocabulary
// knows ("product_suggestion", "产品建议", "feature request") to its id.
func ParseCategory(s string) (Category, error) {
	id, err := active.Load().parse(KindCategory, s)
	return Category(id), err
}

// Valid reports whether c is one of Categories, spelled as the store keeps it.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// DefaultTeam routes a category to a team (the default routing; configurable).
func DefaultTeam(c Category) string {
	switch c {
	case Malfunction:
		return "tech_support"
	case Complaint:
		return "service_quality"
	case Suggestion:
		return "product"
	case Logistics:
		return "logistics"
	}
	return "service_desk"
}

// Role is what an agent may do.
type Role string

// Roles, least to most powerful.
const (
	RoleAgent      Role = "agent"
	RoleSupervisor Role = "supervisor"
	RoleAdmin      Role = "admin"
)

// ParseRole validates a role identifier.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	switch r {
	case RoleAgent, RoleSupervisor, RoleAdmin:
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q (want agent, supervisor or admin)", s)
}

// Supervises reports whether r may act on any card (reassign, move others' cards).
func (r Role) Supervises() bool { return r == RoleSupervisor || r == RoleAdmin }

// Tier is the customer's service tier.
type Tier string

// Customer tiers.
const (
	TierNormal Tier = "normal"
	TierVIP    Tier = "vip"
)

// ParseTier maps any spelling of a tier the active vocabulary knows
// (vip, 普通, regular …); empty means normal.
func ParseTier(s string) (Tier, error) {
	if strings.TrimSpace(s) == "" {
		return TierNormal, nil
	}
	id, err := active.Load().parse(KindTier, s)
	return Tier(id), err
}

// JoinIDs lists ids for an error message: "a, b, c".
func JoinIDs[T ~string](vs []T) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}
