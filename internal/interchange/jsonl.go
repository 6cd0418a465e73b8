package interchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"
)

// jsonlSource reads rows of a JSON Lines file.
type jsonlSource struct {
	buf     *bufio.Reader
	line    int            // lines read so far
	long    []byte         // a line longer than buf's buffer, assembled
	obj     map[string]any // reused for every line
	unknown []string       // reused: unknown keys of the current line
	warn    *warnings
}

func newJSONLSource(r io.Reader, w *warnings) *jsonlSource {
	// A raw CR can only be white space in JSON, so lone CRs end lines too.
	s := &jsonlSource{buf: bufio.NewReaderSize(&lineEnds{r: r, mode: crEnds}, readBufferSize), warn: w}
	skipBOM(s.buf)
	return s
}

func (s *jsonlSource) next(rw *row) (int, error) {
	for {
		text, tooLong, err := s.readLine()
		if err != nil {
			return 0, err
		}
		s.line++
		if tooLong {
			return s.line, &RowError{Line: s.line, Reason: fmt.Sprintf("line longer than %d bytes", MaxRecordBytes)}
		}
		if text = bytes.TrimSpace(text); len(text) > 0 {
			return s.line, s.decode(text, rw)
		}
	}
}

// readLine returns the next line, or reports it as too long after skipping
// to its end without keeping it. The line is valid until the next call.
func (s *jsonlSource) readLine() (line []byte, tooLong bool, err error) {
	s.long = s.long[:0]
	for {
		chunk, err := s.buf.ReadSlice('\n')
		switch {
		case tooLong:
		case len(s.long)+len(chunk) > MaxRecordBytes:
			tooLong = true
			s.long = s.long[:0]
		case err == nil && len(s.long) == 0:
			return chunk, false, nil // the common case: no copy
		default:
			s.long = append(s.long, chunk...)
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && (len(s.long) > 0 || tooLong):
			return s.long, tooLong, nil // a last line without '\n'
		case err != nil:
			return nil, false, err
		}
		return s.long, tooLong, nil
	}
}

// decode fills rw from one JSON object, or returns a *RowError.
func (s *jsonlSource) decode(text []byte, rw *row) error {
	if text[0] != '{' {
		return &RowError{Line: s.line, Reason: "not a JSON object"}
	}
	// encoding/json would quietly replace invalid UTF-8.
	if !utf8.Valid(text) {
		return &RowError{Line: s.line, Reason: "not valid UTF-8"}
	}
	clear(s.obj)
	if err := json.Unmarshal(text, &s.obj); err != nil {
		return &RowError{Line: s.line, Reason: "invalid JSON: " + err.Error()}
	}
	var values [numColumns]any
	var seen, twice [numColumns]bool
	s.unknown = s.unknown[:0]
	for key, v := range s.obj {
		c, ok := columnNamed(key)
		if !ok {
			s.unknown = append(s.unknown, key)
			continue
		}
		twice[c] = seen[c] // keys differing only in case or spacing
		seen[c], values[c] = true, v
	}
	// Map order is random; sorting keeps warnings and errors reproducible.
	slices.Sort(s.unknown)
	for _, key := range s.unknown {
		s.warn.unknownColumn(key)
	}
	for c, v := range values {
		if twice[c] {
			return &RowError{Line: s.line, Field: columnNames[c], Reason: "given twice"}
		}
		switch v := v.(type) {
		case nil:
		case string:
			rw[c] = v
		default:
			return &RowError{Line: s.line, Field: columnNames[c], Reason: "must be a string, not " + jsonType(v)}
		}
	}
	return nil
}

// jsonType names the JSON type of a value decoded into any.
func jsonType(v any) string {
	switch v.(type) {
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case []any:
		return "an array"
	}
	return "an object"
}
