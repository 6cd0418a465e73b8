package interchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
)

// Writer writes records in the interchange format. It does not validate
// them: what the Reader would reject is still written.
//
// CSV cells are written as they are. Opened in a spreadsheet, a customer's
// value starting with '=', '+', '-' or '@' may be taken for a formula; the
// format favours exact round trips over spreadsheet safety.
type Writer struct {
	csv    *csv.Writer   // CSV only
	header bool          // CSV header written
	out    *bufio.Writer // JSON Lines only
	line   bytes.Buffer  // JSON Lines: the line being built
	enc    *json.Encoder // JSON Lines: encodes values into line
	cells  []string      // CSV: reused record
}

// NewWriter returns a Writer of w in the given format (CSV unless format is
// JSONL). Call Flush when done.
func NewWriter(w io.Writer, format Format) *Writer {
	wr := &Writer{}
	if format == JSONL {
		wr.out = bufio.NewWriter(w)
		wr.enc = json.NewEncoder(&wr.line)
		wr.enc.SetEscapeHTML(false)
		return wr
	}
	wr.csv = csv.NewWriter(w)
	wr.cells = make([]string, numColumns)
	return wr
}

// Write writes one record; its Line is ignored. A CSV file gets its header
// row before the first record.
func (w *Writer) Write(rec Record) error {
	values := rec.values()
	if w.csv == nil {
		return w.writeJSON(&values)
	}
	if err := w.writeHeader(); err != nil {
		return err
	}
	copy(w.cells, values[:])
	return w.csv.Write(w.cells)
}

// writeJSON writes one JSON object, keys in column order.
func (w *Writer) writeJSON(values *[numColumns]string) error {
	w.line.Reset()
	w.line.WriteByte('{')
	for c, v := range values {
		if c > 0 {
			w.line.WriteByte(',')
		}
		w.line.WriteString(`"` + columnNames[c] + `":`)
		w.enc.Encode(v)                   // a string always encodes
		w.line.Truncate(w.line.Len() - 1) // Encode's newline
	}
	w.line.WriteString("}\n")
	_, err := w.out.Write(w.line.Bytes())
	return err
}

// writeHeader writes the CSV header row once.
func (w *Writer) writeHeader() error {
	if w.header {
		return nil
	}
	w.header = true
	return w.csv.Write(columnNames[:])
}

// Flush writes out buffered data, and for CSV the header row if no record
// was written, so an empty export still names its columns.
func (w *Writer) Flush() error {
	if w.csv == nil {
		return w.out.Flush()
	}
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.csv.Flush()
	return w.csv.Error()
}
