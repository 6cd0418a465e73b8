package interchange

import (
	"strings"
	"time"
)

// Record is one ticket as the interchange format carries it.
type Record struct {
	// Line is the 1-based line of the file the record starts on. Write
	// ignores it.
	Line int

	ExternalID    string
	Channel       string
	ReceivedAt    time.Time // zero when the file left it empty
	CustomerName  string
	CustomerPhone string
	CustomerTier  string
	Industry      string
	Product       string
	Version       string
	OrderNo       string
	Title         string
	Body          string
	Category      string
	Priority      string
}

// Size limits, in bytes of UTF-8.
const (
	MaxTitleBytes  = 1 << 10  // about 340 CJK characters
	MaxBodyBytes   = 64 << 10 // a long e-mail, not an attachment
	MaxFieldBytes  = 256      // every other value
	MaxRecordBytes = 1 << 20  // a whole CSV record or JSON line, unknown columns included
)

// column indexes the format's columns in their canonical order.
type column int

const (
	colExternalID column = iota
	colChannel
	colReceivedAt
	colCustomerName
	colCustomerPhone
	colCustomerTier
	colIndustry
	colProduct
	colVersion
	colOrderNo
	colTitle
	colBody
	colCategory
	colPriority
	numColumns
)

// columnNames are the header names, which are also the JSON keys.
var columnNames = [numColumns]string{
	"external_id", "channel", "received_at", "customer_name", "customer_phone",
	"customer_tier", "industry", "product", "version", "order_no", "title",
	"body", "category", "priority",
}

// requiredColumns must appear in a CSV header.
var requiredColumns = []column{colExternalID, colChannel, colTitle}

// columnIndex finds a column by its canonical name.
var columnIndex = func() map[string]column {
	m := make(map[string]column, numColumns)
	for c, name := range columnNames {
		m[name] = column(c)
	}
	return m
}()

// columnNamed finds the column a header name or JSON key stands for.
func columnNamed(name string) (column, bool) {
	c, ok := columnIndex[normalName(name)]
	return c, ok
}

// normalName is how header names and keys compare: trimmed, lower case.
func normalName(name string) string {
	return strings.ToLower(strings.TrimSpace(name))
}

// stringFields points at rec's string fields by column. received_at has no
// entry: it is a time.
func stringFields(rec *Record) [numColumns]*string {
	return [numColumns]*string{
		colExternalID:    &rec.ExternalID,
		colChannel:       &rec.Channel,
		colCustomerName:  &rec.CustomerName,
		colCustomerPhone: &rec.CustomerPhone,
		colCustomerTier:  &rec.CustomerTier,
		colIndustry:      &rec.Industry,
		colProduct:       &rec.Product,
		colVersion:       &rec.Version,
		colOrderNo:       &rec.OrderNo,
		colTitle:         &rec.Title,
		colBody:          &rec.Body,
		colCategory:      &rec.Category,
		colPriority:      &rec.Priority,
	}
}

// values returns rec's values as the file carries them.
func (rec *Record) values() [numColumns]string {
	var v [numColumns]string
	for c, p := range stringFields(rec) {
		if p != nil {
			v[c] = *p
		}
	}
	if !rec.ReceivedAt.IsZero() {
		v[colReceivedAt] = rec.ReceivedAt.Format(time.RFC3339Nano)
	}
	return v
}
