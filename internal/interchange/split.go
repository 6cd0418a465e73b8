package interchange

import (
	"errors"
	"io"
)

// csvState is where a CSV stream stands, as encoding/csv (strict quotes,
// ',' separator, '\n' line ends) parses it.
type csvState uint8

const (
	recordStart   csvState = iota // before a record, or on an empty line
	fieldStart                    // after a ','
	unquoted                      // in an unquoted field, or in a line csv rejects
	quoted                        // in a quoted field
	quoteInQuoted                 // after a '"' in a quoted field: escaped or closing
)

// recordSplitter passes a CSV stream on to encoding/csv while following
// its records, so that a record longer than max (an unterminated
// quote, say) is refused before csv buffers it, and the rest of that record
// can be skipped to read on after it. It agrees with csv on where records
// end, bad lines included: csv drops the rest of a line it rejects, and so
// a bare or stray quote ends at the line break like an unquoted field.
type recordSplitter struct {
	r       io.Reader
	max     int    // longest record passed on, in bytes
	pending []byte // read but not passed on: the rest of a chunk when a record overran
	state   csvState
	size    int  // bytes of the current record so far
	line    int  // line breaks passed on or skipped
	start   int  // line the current (or last) record starts on
	tripped bool // the current record overran; skip it
	eof     bool // r is exhausted
}

var errRecordTooLong = errors.New("CSV record too long")

func (s *recordSplitter) Read(p []byte) (int, error) {
	if s.tripped {
		return 0, errRecordTooLong
	}
	var n int
	var err error
	if len(s.pending) > 0 {
		n = copy(p, s.pending)
		s.pending = s.pending[n:]
	} else {
		n, err = s.r.Read(p)
		s.eof = err == io.EOF
	}
	for i, b := range p[:n] {
		if s.state == recordStart {
			if b == '\n' { // an empty line, which csv skips
				s.line++
				continue
			}
			s.start, s.size = s.line+1, 0
		}
		if s.size++; s.size > s.max {
			s.tripped = true
			s.pending = append(append([]byte(nil), p[i:n]...), s.pending...)
			if i == 0 {
				return 0, errRecordTooLong
			}
			return i, nil
		}
		s.step(b)
	}
	return n, err
}

// step advances the state by one byte.
func (s *recordSplitter) step(b byte) {
	if b == '\n' {
		s.line++
	}
	switch s.state {
	case recordStart, fieldStart:
		switch b {
		case '"':
			s.state = quoted
		case ',':
			s.state = fieldStart
		case '\n':
			s.state = recordStart
		default:
			s.state = unquoted
		}
	case unquoted:
		switch b {
		case ',':
			s.state = fieldStart
		case '\n':
			s.state = recordStart
		}
	case quoted:
		if b == '"' {
			s.state = quoteInQuoted
		}
	case quoteInQuoted:
		switch b {
		case '"':
			s.state = quoted
		case ',':
			s.state = fieldStart
		case '\n':
			s.state = recordStart
		case '\r': // before '\n'; anything else is csv's ErrQuote
		default:
			s.state = unquoted
		}
	}
}

// skip discards the rest of the record that overran and reports whether
// the input ended inside its quoted field, so that the record is all the
// rest of the file.
func (s *recordSplitter) skip() (open bool, err error) {
	buf := make([]byte, readBufferSize)
	for {
		chunk := s.pending
		s.pending = nil
		if len(chunk) == 0 {
			var n int
			n, err = s.r.Read(buf)
			chunk = buf[:n]
		}
		for i, b := range chunk {
			s.step(b)
			if s.state == recordStart {
				s.pending, s.tripped = chunk[i+1:], false
				return false, nil
			}
		}
		switch {
		case err == io.EOF:
			open = s.state == quoted
			s.eof, s.tripped, s.state = true, false, recordStart
			return open, nil
		case err != nil:
			return false, err
		}
	}
}

// atEnd reports whether the input ended inside a quoted field.
func (s *recordSplitter) atEnd() bool {
	return s.eof && s.state == quoted
}
