package triage

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/interchange"
)

// MaxExamplesBytes bounds a labelled file read whole.
const MaxExamplesBytes = 64 << 20

// ReadExamples reads a labelled file: the interchange format (CSV or JSON
// Lines, told apart by name and content as on import), whose category
// column is the category label, with two optional columns more:
// sentiment (negative, neutral or positive) and invalid (true or false;
// spam and junk are invalid). An empty value leaves that label unknown.
// A bad row is an error naming its line; nothing is skipped silently.
func ReadExamples(r io.Reader, name string) ([]Example, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxExamplesBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxExamplesBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, MaxExamplesBytes)
	}
	format := interchange.DetectFormat(name, data)
	extra, err := labelColumns(data, format)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	rd, err := interchange.NewReader(bytes.NewReader(data), format)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var out []Example
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		ex, err := exampleOf(rec, extra[rec.Line])
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", name, rec.Line, err)
		}
		out = append(out, ex)
	}
}

// labels are the two label columns the interchange format does not have.
type labels struct{ sentiment, invalid string }

func exampleOf(rec interchange.Record, l labels) (Example, error) {
	ex := Example{Input: Input{Title: rec.Title, Body: rec.Body, Channel: rec.Channel,
		CustomerTier: rec.CustomerTier, Product: rec.Product}}
	if rec.Category != "" {
		c, err := domain.ParseCategory(rec.Category)
		if err != nil {
			return ex, fmt.Errorf("category: %w", err)
		}
		ex.Category = string(c)
	}
	switch s := strings.ToLower(strings.TrimSpace(l.sentiment)); s {
	case "", SentimentNegative, SentimentNeutral, SentimentPositive:
		ex.Sentiment = s
	default:
		return ex, fmt.Errorf("sentiment: %q is not negative, neutral or positive", l.sentiment)
	}
	switch v := strings.ToLower(strings.TrimSpace(l.invalid)); v {
	case "":
	case "true", "yes", "1":
		ex.Invalid, ex.InvalidKnown = true, true
	case "false", "no", "0":
		ex.InvalidKnown = true
	default:
		return ex, fmt.Errorf("invalid: %q is not true or false", l.invalid)
	}
	return ex, nil
}

// labelColumns reads the sentiment and invalid columns of every row, by
// the line the row starts on (which is how the interchange reader names
// rows). Rows it cannot read are left to the interchange reader to report.
func labelColumns(data []byte, format interchange.Format) (map[int]labels, error) {
	out := map[int]labels{}
	if format == interchange.JSONL {
		for i, line := range bytes.Split(data, []byte("\n")) {
			var v struct {
				Sentiment string `json:"sentiment"`
				Invalid   any    `json:"invalid"`
			}
			if json.Unmarshal(line, &v) != nil {
				continue
			}
			l := labels{sentiment: v.Sentiment}
			switch x := v.Invalid.(type) {
			case string:
				l.invalid = x
			case bool:
				l.invalid = fmt.Sprint(x)
			}
			out[i+1] = l
		}
		return out, nil
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return out, nil //nolint:nilerr // the interchange reader reports what is wrong with the file
	}
	si, ii := -1, -1
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "sentiment":
			si = i
		case "invalid":
			ii = i
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				continue
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		var l labels
		if si >= 0 && si < len(rec) {
			l.sentiment = rec[si]
		}
		if ii >= 0 && ii < len(rec) {
			l.invalid = rec[ii]
		}
		out[line] = l
	}
}
