package interchange

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// csvSource reads rows of a CSV file after its header.
type csvSource struct {
	split *recordSplitter
	buf   *bufio.Reader
	csv   *csv.Reader
	cols  []column // by field position; -1 for an ignored column
	line  int      // line of the last record read
	base  int      // lines before the current csv.Reader's first
}

// newCSVSource reads the header of a CSV file and maps its columns.
func newCSVSource(r io.Reader, w *warnings) (*csvSource, error) {
	s := &csvSource{split: &recordSplitter{r: &lineEnds{r: r}, max: MaxRecordBytes}}
	s.buf = bufio.NewReaderSize(s.split, readBufferSize)
	skipBOM(s.buf)
	s.csv = newCSVReader(s.buf)
	header, err := s.csv.Read()
	switch {
	case s.split.tripped:
		return nil, fmt.Errorf("CSV header longer than %d bytes", MaxRecordBytes)
	case errors.Is(err, io.EOF):
		return nil, errors.New("empty CSV file: no header row")
	case err != nil:
		return nil, fmt.Errorf("CSV header: %w", err)
	}
	s.cols, err = mapHeader(header, w)
	return s, err
}

// newCSVReader returns a csv.Reader of buf, which it reads through
// directly (buf is large enough), so buf.Buffered() is its read-ahead.
func newCSVReader(buf *bufio.Reader) *csv.Reader {
	r := csv.NewReader(buf)
	r.ReuseRecord = true
	r.FieldsPerRecord = -1 // row length is checked here, as a RowError
	return r
}

// mapHeader maps header fields to columns, warning about unknown ones.
func mapHeader(header []string, w *warnings) ([]column, error) {
	cols := make([]column, len(header))
	var seen [numColumns]bool
	for i, name := range header {
		c, ok := columnNamed(name)
		if !ok {
			w.unknownColumn(name)
			cols[i] = -1
			continue
		}
		if seen[c] {
			return nil, fmt.Errorf("CSV header names column %s twice", columnNames[c])
		}
		seen[c] = true
		cols[i] = c
	}
	var missing []string
	for _, c := range requiredColumns {
		if !seen[c] {
			missing = append(missing, columnNames[c])
		}
	}
	if len(missing) > 0 {
		return nil, &MissingColumnsError{Missing: missing, Header: slices.Clone(header)}
	}
	return cols, nil
}

// MissingColumnsError is a CSV header without columns the interchange
// format requires. It keeps the header (bounded by MaxRecordBytes) so the
// caller can tell whose export the file is and say how to read it.
type MissingColumnsError struct {
	Missing []string // required columns, by name
	Header  []string
}

func (e *MissingColumnsError) Error() string {
	return "CSV header lacks required columns: " + strings.Join(e.Missing, ", ")
}

// unterminated is the reason given for a quoted field that is never closed:
// from its opening quote on, the whole file is one field.
const unterminated = "quoted field never closed: the rest of the file is this one bad row"

func (s *csvSource) next(rw *row) (int, error) {
	fields, err := s.csv.Read()
	if s.split.tripped {
		return s.overran()
	}
	if err != nil {
		var parseErr *csv.ParseError
		if errors.As(err, &parseErr) {
			s.line = s.base + parseErr.StartLine
			reason := parseErr.Err.Error()
			if errors.Is(parseErr.Err, csv.ErrQuote) && s.split.atEnd() && s.split.start == s.line {
				reason = unterminated
			}
			return s.line, &RowError{Line: s.line, Reason: reason}
		}
		return 0, err // io.EOF or a read error
	}
	line, _ := s.csv.FieldPos(0)
	s.line = s.base + line
	if len(fields) != len(s.cols) {
		return s.line, &RowError{Line: s.line, Reason: fmt.Sprintf("has %d fields, the header %d", len(fields), len(s.cols))}
	}
	for i, v := range fields {
		if c := s.cols[i]; c >= 0 {
			rw[c] = v
		}
	}
	return s.line, nil
}

// overran reports a record longer than MaxRecordBytes as a bad row, skips
// the rest of it and starts a fresh csv.Reader after it, since the old one
// holds a broken partial record.
func (s *csvSource) overran() (int, error) {
	line := s.split.start
	open, err := s.split.skip()
	if err != nil {
		return 0, err
	}
	s.base = s.split.line
	s.buf.Reset(s.split)
	s.csv = newCSVReader(s.buf)
	reason := fmt.Sprintf("record longer than %d bytes, skipped", s.split.max)
	if open {
		reason = unterminated
	}
	return line, &RowError{Line: line, Reason: reason}
}
