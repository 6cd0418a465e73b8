package interchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"

	"github.com/mattn/go-isatty"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// Writer writes records in the interchange format. It does not validate
// them: what the Reader would reject is still written.
//
// JSON Lines are terminal-safe: besides the C0 controls encoding/json
// escapes, DEL, C1 controls and format characters (bidi controls,
// zero-width and tag characters) are written as \uXXXX escapes
// ([textsafe.JSON]), so the data stays exact and no byte of it is a
// terminal command. CSV has no escapes: its cells carry customer text raw,
// so CSV must not go to a terminal (see [CheckTerminal]).
//
// CSV cells are written as they are. Opened in a spreadsheet, a customer's
// value starting with '=', '+', '-' or '@' may be taken for a formula; the
// format favours exact round trips over spreadsheet safety.
type Writer struct {
	csv    *csv.Writer   // CSV only
	header bool          // CSV header written
	out    *bufio.Writer // JSON Lines only
	line   bytes.Buffer  // JSON Lines: the line being built
	safe   []byte        // JSON Lines: line respelt by textsafe.AppendJSON
	enc    *json.Encoder // JSON Lines: encodes values into line
	cells  []string      // CSV: reused record
}

// ErrCSVToTerminal is CheckTerminal's refusal.
var ErrCSVToTerminal = errors.New("CSV carries customer text raw and the output is a terminal: " +
	"write it to a file (--out FILE), pipe it, or use JSON Lines, which escapes control characters")

// CheckTerminal returns ErrCSVToTerminal if w is a terminal and format is
// CSV. A CSV cell can hold any byte a customer sent, escape sequences
// included, and CSV has no way to escape them; sanitising would silently
// change the exported data, so CSV is refused rather than cleaned. JSON
// Lines is always terminal-safe (see [Writer]).
func CheckTerminal(w io.Writer, format Format) error {
	if f, ok := w.(*os.File); ok && format != JSONL && isatty.IsTerminal(f.Fd()) {
		return ErrCSVToTerminal
	}
	return nil
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
		if err := w.enc.Encode(v); err != nil {
			return err
		}
		w.line.Truncate(w.line.Len() - 1) // Encode's newline
	}
	w.line.WriteString("}\n")
	w.safe = textsafe.AppendJSON(w.safe[:0], w.line.Bytes())
	_, err := w.out.Write(w.safe)
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
