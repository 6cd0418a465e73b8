package interchange

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// csvSource reads rows of a CSV file after its header.
type csvSource struct {
	guard *recordGuard
	buf   *bufio.Reader
	csv   *csv.Reader
	cols  []column // by field position; -1 for an ignored column
	line  int      // line of the last record read
}

// newCSVSource reads the header of a CSV file and maps its columns.
func newCSVSource(r io.Reader, w *warnings) (*csvSource, error) {
	s := &csvSource{guard: &recordGuard{r: r, budget: MaxRecordBytes}}
	s.buf = bufio.NewReaderSize(s.guard, readBufferSize)
	skipBOM(s.buf)
	s.csv = csv.NewReader(s.buf) // reuses s.buf, so s.buf.Buffered() is csv's read-ahead
	s.csv.ReuseRecord = true
	s.csv.FieldsPerRecord = -1 // row length is checked here, as a RowError
	header, err := s.csv.Read()
	switch {
	case s.guard.tripped:
		return nil, fmt.Errorf("CSV header longer than %d bytes", MaxRecordBytes)
	case err == io.EOF:
		return nil, errors.New("empty CSV file: no header row")
	case err != nil:
		return nil, fmt.Errorf("CSV header: %w", err)
	}
	s.guard.budget = MaxRecordBytes - s.buf.Buffered()
	s.cols, err = mapHeader(header, w)
	return s, err
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
		return nil, fmt.Errorf("CSV header lacks required columns: %s", strings.Join(missing, ", "))
	}
	return cols, nil
}

func (s *csvSource) next(rw *row) (int, error) {
	fields, err := s.csv.Read()
	if s.guard.tripped {
		// Inside an unterminated quote there is no telling where the next
		// record starts, so reading stops here.
		return 0, fmt.Errorf("CSV record after line %d longer than %d bytes (an unterminated quote?)", s.line, MaxRecordBytes)
	}
	s.guard.budget = MaxRecordBytes - s.buf.Buffered()
	if err != nil {
		var parseErr *csv.ParseError
		if errors.As(err, &parseErr) {
			s.line = parseErr.StartLine
			return s.line, &RowError{Line: s.line, Reason: parseErr.Err.Error()}
		}
		return 0, err // io.EOF or a read error
	}
	s.line, _ = s.csv.FieldPos(0)
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

// recordGuard hands the CSV reader at most budget more bytes, so that one
// record (an unterminated quote, say) cannot buffer a whole file. The budget
// is renewed after every record.
type recordGuard struct {
	r       io.Reader
	budget  int
	tripped bool
}

var errRecordTooLong = errors.New("CSV record too long")

func (g *recordGuard) Read(p []byte) (int, error) {
	if g.budget <= 0 {
		g.tripped = true
		return 0, errRecordTooLong
	}
	if len(p) > g.budget {
		p = p[:g.budget]
	}
	n, err := g.r.Read(p)
	g.budget -= n
	return n, err
}
