package interchange

import (
	"bytes"
	"path/filepath"
	"strings"
)

// Format is a file format of the interchange.
type Format int

// The formats. The zero Format is none of them.
const (
	CSV   Format = iota + 1 // comma-separated values with a header row
	JSONL                   // JSON Lines: one object per line
)

// bom is the UTF-8 byte order mark some spreadsheet exports start with.
var bom = []byte("\uFEFF")

// DetectFormat guesses a file's format from its name (.csv; .jsonl, .ndjson
// or .json) and otherwise from its first bytes: a '{' as the first
// non-space byte means JSON Lines, anything else CSV.
func DetectFormat(name string, head []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return CSV
	case ".jsonl", ".ndjson", ".json":
		return JSONL
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head, bom), " \t\r\n")
	if len(head) > 0 && head[0] == '{' {
		return JSONL
	}
	return CSV
}
