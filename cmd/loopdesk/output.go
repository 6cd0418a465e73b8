package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// ticketJSON is the scriptable shape of a ticket (ticket list/show/new --json).
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
	return ticketJSON{
		Key: t.Key(), Title: t.Title, Body: t.Body, Status: string(t.Status), Priority: t.Priority.String(),
		Channel: string(t.Channel), Category: string(t.Category), Team: t.Team, Owner: t.Owner,
		Customer: t.Customer.Name, PhoneLast4: t.Customer.Phone4, Tier: string(t.Customer.Tier),
		Product: t.Product, ProductVersion: t.ProductVer, OrderNo: t.OrderNo, ExternalID: t.ExternalID,
		Sentiment: t.Sentiment, Keywords: t.Keywords, ReopenCount: t.ReopenCount, Notes: t.Notes,
		ReceivedAt: rfc3339(t.ReceivedAt), CreatedAt: rfc3339(t.CreatedAt), UpdatedAt: rfc3339(t.UpdatedAt),
		FirstResponseAt: rfc3339(t.FirstResponseAt), ResolvedAt: rfc3339(t.ResolvedAt), ClosedAt: rfc3339(t.ClosedAt),
		Version: t.Version,
	}
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
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}
