package interchange

import "fmt"

// maxUnknownColumns bounds the unknown names remembered, so a JSON Lines file
// with a new key on every line cannot grow memory.
const maxUnknownColumns = 100

// warnings collects what the reader ignored, each thing once.
type warnings struct {
	list []string
	seen map[string]bool // quoted normal names of unknown columns
}

// unknownColumn notes that a column (or JSON key) is not part of the format.
func (w *warnings) unknownColumn(name string) {
	q := quote(normalName(name))
	if w.seen[q] || len(w.seen) > maxUnknownColumns {
		return
	}
	if w.seen == nil {
		w.seen = make(map[string]bool)
	}
	w.seen[q] = true
	if len(w.seen) > maxUnknownColumns {
		w.list = append(w.list, fmt.Sprintf("more than %d unknown columns; the rest ignored without warning", maxUnknownColumns))
		return
	}
	w.list = append(w.list, fmt.Sprintf("unknown column %s ignored", q))
}
