package domain

import (
	"fmt"
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

// ParsePriority accepts high/medium/low, h/m/l, 高/中/低.
func ParsePriority(s string) (Priority, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "high", "h", "高":
		return High, nil
	case "medium", "m", "med", "中":
		return Medium, nil
	case "low", "l", "低":
		return Low, nil
	}
	return 0, fmt.Errorf("unknown priority %q (want high, medium or low)", s)
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

// ParseChannel validates a channel identifier.
func ParseChannel(s string) (Channel, error) {
	c := Channel(strings.ToLower(strings.TrimSpace(s)))
	for _, v := range Channels {
		if v == c {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown channel %q (want one of %s)", s, join(Channels))
}

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

// ParseCategory validates a category identifier.
func ParseCategory(s string) (Category, error) {
	c := Category(strings.ToLower(strings.TrimSpace(s)))
	for _, v := range Categories {
		if v == c {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown category %q (want one of %s)", s, join(Categories))
}

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

// ParseTier accepts vip/normal (empty means normal).
func ParseTier(s string) (Tier, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "normal", "regular", "普通":
		return TierNormal, nil
	case "vip":
		return TierVIP, nil
	}
	return "", fmt.Errorf("unknown customer tier %q (want vip or normal)", s)
}

func join[T ~string](vs []T) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}
