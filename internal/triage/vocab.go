package triage

import "slices"

// Categories of feedback. The identifiers are shared across the product
// (storage, import files, reports), so they never change.
const (
	CategorySuggestion  = "suggestion"  // product suggestion
	CategoryComplaint   = "complaint"   // service complaint
	CategoryMalfunction = "malfunction" // something is broken
	CategoryQuestion    = "question"    // usage question
	CategoryLogistics   = "logistics"   // delivery, shipping, returns in transit
	CategoryPricing     = "pricing"     // prices, charges, refunds, invoices
	CategoryOther       = "other"       // none of the above
)

// Priorities, highest first.
const (
	PriorityHigh   = "high"
	PriorityMedium = "medium"
	PriorityLow    = "low"
)

// Sentiment labels.
const (
	SentimentNegative = "negative"
	SentimentNeutral  = "neutral"
	SentimentPositive = "positive"
)

// Teams that own tickets.
const (
	TeamTechSupport    = "tech_support"
	TeamServiceQuality = "service_quality"
	TeamProduct        = "product"
	TeamLogistics      = "logistics"
	TeamServiceDesk    = "service_desk"
)

// categoryNames is indexed by the internal category number; the order is
// also the tie-break when two categories score exactly the same.
var categoryNames = [numCategories]string{
	CategoryComplaint, CategoryMalfunction, CategoryPricing, CategoryLogistics,
	CategorySuggestion, CategoryQuestion, CategoryOther,
}

const (
	catComplaint = iota
	catMalfunction
	catPricing
	catLogistics
	catSuggestion
	catQuestion
	catOther
	numCategories
)

// priority levels as small integers so raising one is an addition.
const (
	levelLow = iota
	levelMedium
	levelHigh
)

var levelNames = [...]string{PriorityLow, PriorityMedium, PriorityHigh}

var teamNames = [...]string{TeamTechSupport, TeamServiceQuality, TeamProduct, TeamLogistics, TeamServiceDesk}

// Categories returns every category identifier.
func Categories() []string { return slices.Clone(categoryNames[:]) }

// Priorities returns every priority identifier, highest first.
func Priorities() []string { return []string{PriorityHigh, PriorityMedium, PriorityLow} }

// Sentiments returns every sentiment label.
func Sentiments() []string {
	return []string{SentimentNegative, SentimentNeutral, SentimentPositive}
}

// Teams returns every team identifier.
func Teams() []string { return slices.Clone(teamNames[:]) }

func categoryIndex(name string) int {
	for i, n := range categoryNames {
		if n == name {
			return i
		}
	}
	return -1
}

func levelIndex(name string) int {
	for i, n := range levelNames {
		if n == name {
			return i
		}
	}
	return -1
}

func isTeam(name string) bool {
	for _, n := range teamNames {
		if n == name {
			return true
		}
	}
	return false
}
