package webintake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// apiError is the body of every 4xx and 5xx answer of the API. Field names
// the offending interchange field; Item is the 0-based index of the item
// in a batch (absent for a single item).
type apiError struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
	Item  *int   `json:"item,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	// encoding/json escapes <, > and & by default, so a body echoed into
	// HTML by a careless client still cannot open a tag.
	_ = json.NewEncoder(w).Encode(v) // headers are sent: a failed write has no one to tell
}

func writeError(w http.ResponseWriter, status int, e apiError) { writeJSON(w, status, e) }

func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	writeError(w, http.StatusMethodNotAllowed, apiError{Error: "method not allowed; use " + allow})
}

// readBody reads the whole body, failing with *http.MaxBytesError past
// limit (and telling net/http to close the connection).
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	return io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
}

// byteSize renders a limit for people: "1 MiB", "64 KiB", "300 bytes".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
