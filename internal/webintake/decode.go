package webintake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/internal/interchange"
	"github.com/loopdesk/loopdesk/store"
)

// fieldError is a request the API refuses with 400.
type fieldError struct {
	item  int // -1: the request as a whole
	field string
	msg   string
}

// request is a decoded API request body.
type request struct {
	items    []intake.Item
	batch    bool     // the body was an array
	warnings []string // unknown fields (interchange reader), values left to triage
}

// placeholderID stands in for a missing external_id while the interchange
// reader (which requires one) checks the item; it is then replaced by a
// derived id.
const placeholderID = "-"

// decodeRequest parses a body of one JSON object or an array of them,
// checking every item with the interchange reader (types, sizes, UTF-8,
// times) and with in.Check (what the store accepts), so a bad item fails
// the whole request before anything is stored.
func decodeRequest(body []byte, ch store.IntakeChannel, in *intake.Intake, maxItems int) (request, *fieldError) {
	var req request
	body = bytes.TrimSpace(body)
	if !utf8.Valid(body) {
		return req, &fieldError{item: -1, msg: "body is not valid UTF-8"}
	}
	var elems []json.RawMessage
	switch {
	case len(body) == 0:
		return req, &fieldError{item: -1, msg: "empty body: send a JSON object or an array of them"}
	case body[0] == '{':
		elems = []json.RawMessage{body}
	case body[0] == '[':
		if err := json.Unmarshal(body, &elems); err != nil {
			return req, &fieldError{item: -1, msg: "invalid JSON: " + err.Error()}
		}
		if len(elems) == 0 || len(elems) > maxItems {
			return req, &fieldError{item: -1, msg: fmt.Sprintf("a batch holds 1 to %d items, not %d", maxItems, len(elems))}
		}
		req.batch = true
	default:
		return req, &fieldError{item: -1, msg: "body must be a JSON object or an array of objects"}
	}

	// Each item becomes one JSON line for the interchange reader.
	var lines bytes.Buffer
	derive := make([]bool, len(elems))
	for i, raw := range elems {
		line, needID, ferr := itemLine(raw, ch)
		if ferr != nil {
			ferr.item = i
			return req, ferr
		}
		lines.Write(line)
		lines.WriteByte('\n')
		derive[i] = needID
	}
	rd, err := interchange.NewReader(&lines, interchange.JSONL)
	if err != nil {
		return req, &fieldError{item: -1, msg: err.Error()}
	}
	var filled []string
	for i := range elems {
		rec, err := rd.Next()
		var rowErr *interchange.RowError
		if errors.As(err, &rowErr) {
			return req, &fieldError{item: i, field: rowErr.Field, msg: rowErr.Reason}
		} else if err != nil {
			return req, &fieldError{item: i, msg: err.Error()}
		}
		if derive[i] {
			rec.ExternalID = derivedID(in, ch, rec)
		}
		it, warnings, err := intake.FromRecord(rec)
		for _, w := range warnings {
			if req.batch {
				w = fmt.Sprintf("item %d: %s", i, w)
			}
			filled = append(filled, w)
		}
		if err == nil {
			err = in.Check(it)
		}
		if err != nil {
			field, msg := splitField(err)
			return req, &fieldError{item: i, field: field, msg: msg}
		}
		req.items = append(req.items, it)
	}
	req.warnings = append(rd.Warnings(), filled...)
	return req, nil
}

// itemLine checks one item's envelope and returns it as a single JSON
// line with the channel set from the token and an external_id placeholder
// when the item has none.
func itemLine(raw json.RawMessage, ch store.IntakeChannel) ([]byte, bool, *fieldError) {
	var obj map[string]json.RawMessage
	err := json.Unmarshal(raw, &obj)
	var notObject *json.UnmarshalTypeError
	if err != nil && !errors.As(err, &notObject) {
		return nil, false, &fieldError{msg: "invalid JSON: " + err.Error()}
	}
	if err != nil || obj == nil {
		return nil, false, &fieldError{msg: "an item must be a JSON object"}
	}
	// Keys match the way the interchange reader matches them.
	value := func(name string) (string, bool) {
		for k, v := range obj {
			if strings.ToLower(strings.TrimSpace(k)) == name {
				var s string
				if json.Unmarshal(v, &s) == nil {
					return strings.TrimSpace(s), true
				}
				return "", false
			}
		}
		return "", true
	}
	drop := func(name string) {
		for k := range obj {
			if strings.ToLower(strings.TrimSpace(k)) == name {
				delete(obj, k)
			}
		}
	}
	if v, isString := value("channel"); isString && v != "" {
		if c, err := domain.ParseChannel(v); err != nil || c != ch.Kind {
			return nil, false, &fieldError{field: "channel", msg: fmt.Sprintf("this token posts to channel %s; leave channel out or set it to %s", ch.Kind, ch.Kind)}
		}
	}
	drop("channel")
	obj["channel"], _ = json.Marshal(string(ch.Kind))
	ext, isString := value("external_id")
	needID := isString && ext == ""
	if needID {
		drop("external_id")
		obj["external_id"], _ = json.Marshal(placeholderID)
	}
	// Marshal compacts the raw values, so the item is one line.
	line, err := json.Marshal(obj)
	if err != nil {
		return nil, false, &fieldError{msg: "invalid JSON: " + err.Error()}
	}
	return line, needID, nil
}

// derivedID names an item that came without an external_id by what it
// says, so a retried request finds the item it already stored.
func derivedID(in *intake.Intake, ch store.IntakeChannel, rec interchange.Record) string {
	received := ""
	if !rec.ReceivedAt.IsZero() {
		received = rec.ReceivedAt.UTC().Format(time.RFC3339Nano)
	}
	return in.ItemID("api-", ch.Name, rec.CustomerName, rec.CustomerPhone, rec.Title, rec.Body, received)
}

// storeFields maps the field names the store's messages start with to
// the interchange's.
var storeFields = map[string]string{
	"title": "title", "body": "body", "channel": "channel", "category": "category", "priority": "priority",
	"tier": "customer_tier", "customer_tier": "customer_tier", "phone": "customer_phone", "customer": "customer_name",
	"industry": "industry", "product": "product", "version": "version", "order number": "order_no",
	"external id": "external_id", "received_at": "received_at",
}

// splitField turns "phone: too short" into ("customer_phone", "too short").
func splitField(err error) (string, string) {
	msg := err.Error()
	if name, rest, ok := strings.Cut(msg, ": "); ok {
		if field, known := storeFields[name]; known {
			return field, rest
		}
	}
	return "", msg
}
