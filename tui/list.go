package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// list is the one shape of the desk's queues and lists (escalations,
// approvals and follow-ups, rejected feedback, the knowledge base,
// mentions, agents, the team load), as gh-dash's sections share one
// base: the items, a cursor, the window of rows on screen with an
// indicator of what lies above and below, the loading, empty and error
// states, a filter typed in place (/), and marks where acting on many
// rows at once makes sense. A screen keeps one list per table it shows
// and draws only its rows.
type list[T any] struct {
	e     *env
	all   []T
	shown []int // indexes into all that pass the filter, in order
	cur   int   // index into shown
	top   int   // first row of shown in the window

	loaded bool
	err    string // why the last read failed; the rows read before stay

	query    string
	editing  bool            // the filter takes the keys
	rowsLast int             // rows the last view showed, the page keys' step
	rowsAt   int             // the screen line of the window's first row (mouse.go)
	noFilter bool            // / means something else on the screen
	marks    map[string]bool // nil: the list does not mark

	id   func(T) string // identity: the cursor and the marks follow it
	text func(T) string // the words the filter looks in
}

func newList[T any](e *env, id func(T) string, text func(T) string) *list[T] {
	return &list[T]{e: e, id: id, text: text}
}

// marking makes the rows markable (space).
func (l *list[T]) marking() *list[T] {
	l.marks = map[string]bool{}
	return l
}

// set replaces the items, keeping the cursor on its row and dropping
// marks of rows gone.
func (l *list[T]) set(items []T) {
	cur, had := l.selected()
	l.all, l.loaded, l.err = items, true, ""
	present := map[string]bool{}
	for _, it := range items {
		present[l.id(it)] = true
	}
	for id := range l.marks {
		if !present[id] {
			delete(l.marks, id)
		}
	}
	l.refilter()
	if had {
		l.follow(l.id(cur))
	}
}

// fail records a failed read: the error shows above the rows already
// read (or in their place before any were).
func (l *list[T]) fail(err error) {
	l.loaded, l.err = true, errText(l.e.lang, err)
}

// follow puts the cursor on the row with id, if it shows.
func (l *list[T]) follow(id string) {
	for i, j := range l.shown {
		if l.id(l.all[j]) == id {
			l.cur = i
			return
		}
	}
}

// refilter recomputes the rows shown for the query (case-insensitive,
// anywhere in the row's words) and keeps the cursor in range.
func (l *list[T]) refilter() {
	q := strings.ToLower(strings.TrimSpace(l.query))
	l.shown = l.shown[:0]
	for i, it := range l.all {
		if q == "" || strings.Contains(strings.ToLower(l.text(it)), q) {
			l.shown = append(l.shown, i)
		}
	}
	l.cur = max(min(l.cur, len(l.shown)-1), 0)
}

// rows are the items shown, in order.
func (l *list[T]) rows() []T {
	out := make([]T, len(l.shown))
	for i, j := range l.shown {
		out[i] = l.all[j]
	}
	return out
}

// selected is the row under the cursor.
func (l *list[T]) selected() (T, bool) {
	var zero T
	if l.cur >= len(l.shown) {
		return zero, false
	}
	return l.all[l.shown[l.cur]], true
}

// marked are the marked rows in list order, or the row under the cursor
// when none is marked.
func (l *list[T]) marked() []T {
	var out []T
	for _, it := range l.all {
		if l.marks[l.id(it)] {
			out = append(out, it)
		}
	}
	if len(out) == 0 {
		if it, ok := l.selected(); ok {
			out = append(out, it)
		}
	}
	return out
}

func (l *list[T]) step(d int) {
	l.cur = max(min(l.cur+d, len(l.shown)-1), 0)
}

// keys are the list's bindings: moving, paging, the filter and marking.
func (l *list[T]) keys() []binding {
	k := &l.e.keys
	page := max(l.rowsLast, 1)
	keys := []binding{
		bind(k.RowUp, func() tea.Cmd { l.step(-1); return nil }),
		bind(k.RowDown, func() tea.Cmd { l.step(1); return nil }),
		bind(k.RowTop, func() tea.Cmd { l.cur = 0; return nil }),
		bind(k.RowBottom, func() tea.Cmd { l.cur = max(len(l.shown)-1, 0); return nil }),
		bind(k.PageUp, func() tea.Cmd { l.step(-page); return nil }),
		bind(k.PageDown, func() tea.Cmd { l.step(page); return nil }),
	}
	if !l.noFilter {
		keys = append(keys, bind(k.ListFilter, func() tea.Cmd { l.editing = true; return nil }).hinted())
	}
	if l.marks != nil {
		keys = append(keys, bind(k.ListMark, func() tea.Cmd {
			if it, ok := l.selected(); ok {
				id := l.id(it)
				if l.marks[id] {
					delete(l.marks, id)
				} else {
					l.marks[id] = true
				}
				l.step(1)
			}
			return nil
		}))
	}
	return keys
}

// back backs out of the list's own state, the filter first, then the
// marks; false when there was none (esc then leaves the screen).
func (l *list[T]) back() bool {
	switch {
	case l.editing || l.query != "":
		l.editing, l.query = false, ""
		l.refilter()
	case len(l.marks) > 0:
		clear(l.marks)
	default:
		return false
	}
	return true
}

// typing reports whether the filter takes the keys.
func (l *list[T]) typing() bool { return l.editing }

// typingKey takes a key while the filter is typed: text narrows the rows
// as it is typed, backspace widens them, enter keeps the filter, esc
// clears it; the arrows still move.
func (l *list[T]) typingKey(msg tea.KeyPressMsg) {
	k := &l.e.keys
	switch {
	case keyIs(msg, k.Back):
		l.back()
	case keyIs(msg, k.Choose):
		l.editing = false
	case msg.Code == tea.KeyUp:
		l.step(-1)
	case msg.Code == tea.KeyDown:
		l.step(1)
	case keyIs(msg, k.Line.DeleteBack):
		r := []rune(l.query)
		l.query = string(r[:max(len(r)-1, 0)])
		l.refilter()
	case keyIs(msg, k.Line.DeleteToStart):
		l.query = ""
		l.refilter()
	case msg.Text != "":
		if t := textsafe.Line(msg.Text); t != "" && textsafe.Width(l.query+t) <= 40 {
			l.query += t
			l.refilter()
		}
	}
}

// typist is a list that may be taking typed keys (its filter).
type typist interface {
	typing() bool
	typingKey(msg tea.KeyPressMsg)
}

// listScreen is a screen built on lists: active is the one in front.
type listScreen interface{ active() typist }

// row is what a screen draws of one item in w cells.
type rowFunc[T any] func(it T, w int) string

// view draws head (the screen's title lines), the filter line when there
// is a filter, then the rows that fit in h with the cursor in them, or
// the state instead of rows: loading, the error, empty (the screen's
// words) or nothing matching the filter. A list longer than its window
// ends with "↑ 13–24 of 40 ↓".
func (l *list[T]) view(w, h int, head []string, empty string, row rowFunc[T]) string {
	st, lang := l.e.styles, l.e.lang
	out := head
	if l.editing || l.query != "" {
		f := st.Mark.Render(lang.T(i18n.ListFilterLine, textsafe.Truncate(l.query, 40)))
		if l.editing {
			f += st.Bar.Render("▏") + "  " + st.Dim.Render(lang.T(i18n.ListFilterHint))
		}
		out = append(out, f)
	}
	if len(l.marks) > 0 {
		out = append(out, st.Mark.Render(lang.T(i18n.ListMarked, len(l.marks))))
	}
	if l.err != "" {
		out = append(out, st.Error.Render(textsafe.Truncate(lang.T(i18n.ListFailed, l.err), w)))
	}
	switch {
	case !l.loaded:
		return strings.Join(append(out, st.Dim.Render(lang.T(i18n.Loading))), "\n")
	case len(l.all) == 0 && l.err != "":
		return strings.Join(out, "\n")
	case len(l.all) == 0:
		return strings.Join(append(out, st.Dim.Render(textsafe.Truncate(empty, w))), "\n")
	case len(l.shown) == 0:
		return strings.Join(append(out, st.Dim.Render(textsafe.Truncate(lang.T(i18n.ListNoMatch, l.query), w))), "\n")
	}
	room := max(h-len(out), 1)
	n := len(l.shown)
	if n > room {
		room = max(room-1, 1) // the indicator's line
	}
	l.rowsLast, l.rowsAt = room, len(out)
	// The window moves only as far as the cursor needs.
	l.top = min(max(l.top, l.cur-room+1), l.cur)
	l.top = max(min(l.top, n-room), 0)
	prefix := 2 // "▸ ", and "▸✓ " when rows are marked
	if l.marks != nil {
		prefix = 3
	}
	for i := l.top; i < min(l.top+room, n); i++ {
		it := l.all[l.shown[i]]
		var ln line
		if i == l.cur {
			ln.add(inkOf(st.Bar), "▸")
		} else {
			ln.add(ink{}, " ")
		}
		if l.marks != nil {
			if l.marks[l.id(it)] {
				ln.add(inkOf(st.Mark), "✓")
			} else {
				ln.add(ink{}, " ")
			}
		}
		ln.add(ink{}, " ")
		out = append(out, ln.String()+row(it, max(w-prefix, 1)))
	}
	if n > room {
		ind := lang.T(i18n.ListWindow, l.top+1, min(l.top+room, n), n)
		if l.top > 0 {
			ind = "↑ " + ind
		}
		if l.top+room < n {
			ind += " ↓"
		}
		out = append(out, st.Dim.Render("  "+ind))
	}
	return strings.Join(out, "\n")
}
