package interchange

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Reader streams records from an interchange file.
type Reader struct {
	src      source
	warnings warnings
	err      error // the fatal error, returned again by every later Next
}

// source is one format's way of reading raw rows.
type source interface {
	// next fills rw with the next row and returns the line it starts on.
	// It returns a *RowError for a bad row, io.EOF at the end, and any
	// other error when reading cannot go on.
	next(rw *row) (line int, err error)
}

// readBufferSize is the read buffer; JSON lines up to this long are decoded
// without copying.
const readBufferSize = 64 << 10

// NewReader returns a Reader of r in the given format. For CSV it reads the
// header row, and fails if the header is missing, unreadable, names a column
// twice or lacks a required column (external_id, channel, title).
func NewReader(r io.Reader, format Format) (*Reader, error) {
	rd := &Reader{}
	switch format {
	case CSV:
		src, err := newCSVSource(r, &rd.warnings)
		if err != nil {
			return nil, err
		}
		rd.src = src
	case JSONL:
		rd.src = newJSONLSource(r, &rd.warnings)
	default:
		return nil, fmt.Errorf("unknown interchange format %d", format)
	}
	return rd, nil
}

// Next returns the next record. At the end it returns io.EOF. A bad row
// (an over-long record included) yields a *RowError and the next call goes
// on with the following row; any other error is final (an I/O error) and is
// returned again by every later call.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	var rw row
	line, err := r.src.next(&rw)
	if err != nil {
		var rowErr *RowError
		if !errors.As(err, &rowErr) {
			r.err = err
		}
		return Record{}, err
	}
	return rw.record(line)
}

// Warnings returns what the reader has ignored so far, such as
// `unknown column "foo" ignored`, once per column.
func (r *Reader) Warnings() []string {
	return append([]string(nil), r.warnings.list...)
}

// skipBOM drops a UTF-8 byte order mark at the start of br.
func skipBOM(br *bufio.Reader) {
	if head, _ := br.Peek(len(bom)); bytes.Equal(head, bom) {
		_, _ = br.Discard(len(bom)) // peeked above, so it cannot fail
	}
}
