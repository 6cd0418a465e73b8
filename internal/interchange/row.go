package interchange

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// row holds one row's raw values by column; a missing column is "".
type row [numColumns]string

// record checks a row's shape and turns it into a Record, or a *RowError
// naming the first bad column.
func (rw *row) record(line int) (Record, error) {
	rec := Record{Line: line}
	fields := stringFields(&rec)
	for c, v := range rw {
		name := columnNames[c]
		if !utf8.ValidString(v) {
			return Record{}, &RowError{Line: line, Field: name, Reason: "not valid UTF-8"}
		}
		if limit := maxBytes(column(c)); len(v) > limit {
			return Record{}, &RowError{Line: line, Field: name, Reason: fmt.Sprintf("longer than %d bytes", limit)}
		}
		switch column(c) {
		case colBody:
			// Stored as given; display sanitises it.
		case colChannel, colCategory, colPriority, colCustomerTier:
			v = strings.ToLower(strings.TrimSpace(v))
		default:
			v = strings.TrimSpace(v)
		}
		if column(c) == colReceivedAt {
			t, err := parseTime(v)
			if err != nil {
				return Record{}, &RowError{Line: line, Field: name, Reason: "not RFC 3339: " + quote(v)}
			}
			rec.ReceivedAt = t
			continue
		}
		*fields[c] = v
	}
	if rec.ExternalID == "" {
		return Record{}, &RowError{Line: line, Field: columnNames[colExternalID], Reason: "required"}
	}
	if rec.Title == "" && strings.TrimSpace(rec.Body) == "" {
		return Record{}, &RowError{Line: line, Field: columnNames[colTitle], Reason: "empty, and so is body"}
	}
	return rec, nil
}

// maxBytes is the size limit of a column's values.
func maxBytes(c column) int {
	switch c {
	case colTitle:
		return MaxTitleBytes
	case colBody:
		return MaxBodyBytes
	}
	return MaxFieldBytes
}

// parseTime parses an RFC 3339 time; empty means none.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, s)
}
