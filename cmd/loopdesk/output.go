package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/table"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/sla"
	"github.com/loopdesk/loopdesk/store"
)

// ticketJSON is the one scriptable shape of a ticket, wherever a ticket
// appears (ticket list/show/new and every verb's --json, problem show).
type ticketJSON struct {
	Key             string   `json:"key"`
	Title           string   `json:"title"`
	Body            string   `json:"body,omitempty"`
	Status          string   `json:"status"`
	Priority        string   `json:"priority"`
	Channel         string   `json:"channel"`
	Category        string   `json:"category"`
	Team            string   `json:"team"`
	Owner           string   `json:"owner"`
	Customer        string   `json:"customer"`
	PhoneLast4      string   `json:"customer_phone_last4,omitempty"`
	Tier            string   `json:"customer_tier"`
	Product         string   `json:"product,omitempty"`
	ProductVersion  string   `json:"product_version,omitempty"`
	OrderNo         string   `json:"order_no,omitempty"`
	ExternalID      string   `json:"external_id,omitempty"`
	Sentiment       string   `json:"sentiment"`
	Keywords        []string `json:"keywords,omitempty"`
	ReopenCount     int      `json:"reopen_count"`
	Escalated       bool     `json:"escalated"`
	DuplicateOf     string   `json:"duplicate_of,omitempty"`
	Notes           int      `json:"notes"`
	ReceivedAt      string   `json:"received_at"`
	CreatedAt       string   `json:"created_at"`
	UpdatedAt       string   `json:"updated_at"`
	FirstResponseAt string   `json:"first_response_at,omitempty"`
	ResolvedAt      string   `json:"resolved_at,omitempty"`
	ClosedAt        string   `json:"closed_at,omitempty"`
	Version         int64    `json:"version"`
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func toJSON(t domain.Ticket) ticketJSON {
	j := ticketJSON{
		Key: t.Key(), Title: t.Title, Body: t.Body, Status: string(t.Status), Priority: t.Priority.String(),
		Channel: string(t.Channel), Category: string(t.Category), Team: t.Team, Owner: t.Owner,
		Customer: t.Customer.Name, PhoneLast4: t.Customer.Phone4, Tier: string(t.Customer.Tier),
		Product: t.Product, ProductVersion: t.ProductVer, OrderNo: t.OrderNo, ExternalID: t.ExternalID,
		Sentiment: t.Sentiment, Keywords: t.Keywords, ReopenCount: t.ReopenCount, Escalated: t.Escalated, Notes: t.Notes,
		ReceivedAt: rfc3339(t.ReceivedAt), CreatedAt: rfc3339(t.CreatedAt), UpdatedAt: rfc3339(t.UpdatedAt),
		FirstResponseAt: rfc3339(t.FirstResponseAt), ResolvedAt: rfc3339(t.ResolvedAt), ClosedAt: rfc3339(t.ClosedAt),
		Version: t.Version,
	}
	if t.DuplicateOf != 0 {
		j.DuplicateOf = domain.Key(t.DuplicateOf)
	}
	return j
}

// writeJSON prints v as one line of JSON that is safe on a terminal
// (textsafe.JSON).
func writeJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, textsafe.JSON(b)+"\n")
	return err
}

// tabbed prints rows under a header, aligned.
func tabbed(env *cliEnv, header string, rows [][]string) error {
	tw := table.New(env.stdout)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// clockJSON is one SLA clock of a ticket as `ticket show --json` prints it.
type clockJSON struct {
	Name             string `json:"name"`                     // first_response, update or resolution
	State            string `json:"state"`                    // ok, at_risk, breached, met or paused
	TargetSeconds    int64  `json:"target_seconds,omitempty"` // a target in hours
	TargetDays       int    `json:"target_days,omitempty"`    // a target in working days
	BusinessHours    bool   `json:"business_hours"`
	StartedAt        string `json:"started_at"`
	DueAt            string `json:"due_at"`
	StoppedAt        string `json:"stopped_at,omitempty"`
	RemainingSeconds int64  `json:"remaining_seconds"` // negative when overdue
	Breached         bool   `json:"breached"`
	// Escalated: this clock was missed and no supervisor has acknowledged
	// the ticket's escalation yet.
	Escalated bool `json:"escalated"`
}

// clocksJSON lists the clocks the ticket's policy runs (never nil, so a
// ticket without targets prints []).
func clocksJSON(t domain.Ticket, cs sla.Clocks) []clockJSON {
	out := []clockJSON{}
	for _, c := range cs {
		if c.State == sla.None {
			continue
		}
		breached := c.State == sla.Breached
		j := clockJSON{Name: c.Kind.String(), State: c.State.String(), TargetDays: c.Target.Days, BusinessHours: c.Target.Business,
			StartedAt: rfc3339(c.Start), DueAt: rfc3339(c.Due), StoppedAt: rfc3339(c.StoppedAt), RemainingSeconds: int64(c.Remaining / time.Second), Breached: breached, Escalated: breached && t.Escalated}
		if c.Target.Days <= 0 { // days take precedence over a duration
			j.TargetSeconds = int64(c.Target.Duration / time.Second)
		}
		out = append(out, j)
	}
	return out
}

// satisfactionJSON is one recorded satisfaction score (1 to 5 each).
type satisfactionJSON struct {
	Timeliness    int    `json:"timeliness"`
	Effectiveness int    `json:"effectiveness"`
	Attitude      int    `json:"attitude"`
	Overall       int    `json:"overall"`
	Comment       string `json:"comment,omitempty"`
	Source        string `json:"source"` // agent or survey
	RecordedBy    string `json:"recorded_by"`
	At            string `json:"at"`
}

func satisfactionJSONOf(sc store.Satisfaction) satisfactionJSON {
	return satisfactionJSON{Timeliness: sc.Timeliness, Effectiveness: sc.Effectiveness, Attitude: sc.Attitude, Overall: sc.Overall,
		Comment: sc.Comment, Source: sc.Source, RecordedBy: sc.RecordedBy, At: rfc3339(sc.At)}
}
