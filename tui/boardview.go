package tui

import (
	"slices"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// minColumnWidth is the narrowest a column may be before the board shows
// one column at a time with a tab bar.
const minColumnWidth = 24

// tabbed reports whether a screen w cells wide shows one column at a time.
func tabbed(w int) bool { return w < nCols*minColumnWidth }

// capacity is how many cards a column window holds at the current size.
// Around the cards: the header (or tab bar), a rule, and a line each for
// the "more" marks; the emergency banner takes a row.
func (m *Model) capacity() int {
	w, h := m.size()
	h -= m.bannerRows()
	if tabbed(w) {
		return max(h-4, 1)
	}
	return max((h-4+1)/(cardLines+1), 1)
}

// boardLines is the board as exactly h lines of w cells; the lines of
// the columns come cut into their pieces as well.
type boardLines struct {
	lines  []string
	pieces [][]string // pieces[y], where not nil, is lines[y] cut at widths
	widths []int
}

func (m *Model) boardView(w, h int) boardLines {
	if m.board.fresh {
		return boardLines{lines: fitLines(m.firstRunView(w, h), w, h)}
	}
	f := m.newFrame()
	if tabbed(w) {
		return boardLines{lines: fitLines(m.tabView(&f, w, h), w, h)}
	}
	return m.columnsView(&f, w, h)
}

// frame is what one drawing of the board shares across its cards: the
// clock, read once (to the second, as the cards' clocks are shared) so
// every deadline counts from the same instant; the widest key; and who
// else has which card open, read from the presence registry once.
type frame struct {
	now     time.Time
	keyW    int
	viewers map[int64][]live.Viewer
}

func (m *Model) newFrame() frame {
	f := frame{now: m.env.now().Truncate(time.Second), keyW: m.board.keyWidth()}
	if m.presence != nil {
		f.viewers = m.presence.Snapshot(m.session)
	}
	return f
}

// cardStyle is how card t looks in frame f, and how old it is.
func (m *Model) cardStyle(f *frame, t *domain.Ticket, selected bool) (cardStyle, string) {
	w, waits := m.board.waits[t.ID]
	c := m.env.renders.clock(&m.env, m.desk, t, f.now)
	return cardStyle{
		selected: selected,
		marked:   m.marks.has(t.ID),
		keyW:     f.keyW,
		due:      c.due,
		viewers:  presenceLabel(f.viewers[t.ID]),
		waiting:  waitFlag(&m.env, w, waits),
	}, c.ago
}

// columnsView lays the five columns side by side, separated by "│",
// exactly w cells wide and h lines high, each row also as its pieces (the
// columns and separators). A row whose pieces are all as the last frame
// drew them is the last frame's string: a change to one card rebuilds the
// rows of that card, not the screen, and a screen can send the card's
// column alone.
func (m *Model) columnsView(f *frame, w, h int) boardLines {
	colW := (w - (nCols - 1)) / nCols
	last := &m.board.body
	same := last.w == w && last.h == h
	if !same {
		widths := make([]int, 0, 2*nCols-1)
		for i := range nCols {
			if i > 0 {
				widths = append(widths, 1)
			}
			widths = append(widths, colW)
		}
		widths[len(widths)-1] = w - (nCols-1)*(colW+1) // the last column takes the rest
		*last = drawnBody{w: w, h: h, lines: boardLines{lines: make([]string, h), pieces: make([][]string, h), widths: widths}}
	}
	var cols columnPieces
	changed := !same
	for i := range m.board.cols {
		cw := colW
		if i == nCols-1 {
			cw = w - (nCols-1)*(colW+1) // the last column takes the rest
		}
		lines, unchanged := m.columnLines(f, i, cw)
		changed = changed || !unchanged
		cols.lines[i], cols.blank[i] = lines, m.blankLine(cw)
	}
	if !changed {
		return last.lines
	}
	seps := m.env.renders.piece(chromeKey{part: "separators"}, func() []string {
		return []string{m.env.styles.Rule.Render("│"), m.env.styles.Rule.Render("┼")}
	})
	out := boardLines{lines: make([]string, h), pieces: make([][]string, h), widths: last.lines.widths}
	for row := range h {
		if same && cols.sameRow(&last.cols, row) {
			out.lines[row], out.pieces[row] = last.lines.lines[row], last.lines.pieces[row]
			continue
		}
		sep := seps[0]
		if row == 1 {
			sep = seps[1]
		}
		pieces := make([]string, 0, 2*nCols-1)
		size := 0
		for i := range nCols {
			if i > 0 {
				pieces = append(pieces, sep)
			}
			pieces = append(pieces, cols.piece(i, row))
			size += len(pieces[len(pieces)-1]) + len(sep)
		}
		var b strings.Builder
		b.Grow(size)
		for _, p := range pieces {
			b.WriteString(p)
		}
		out.lines[row], out.pieces[row] = b.String(), pieces
	}
	*last = drawnBody{w: w, h: h, cols: cols, lines: out}
	return out
}

// columnPieces are the lines of every column in a frame, and the blank
// that fills each below its lines.
type columnPieces struct {
	lines [nCols][]string
	blank [nCols]string
}

func (c *columnPieces) piece(i, row int) string {
	if row < len(c.lines[i]) {
		return c.lines[i][row]
	}
	return c.blank[i]
}

// sameRow reports whether row shows the same piece of every column in c
// and d. Pieces are mostly the shared strings of the render cache, so
// equal ones are usually the same string and compare at once.
func (c *columnPieces) sameRow(d *columnPieces, row int) bool {
	for i := range nCols {
		if c.piece(i, row) != d.piece(i, row) {
			return false
		}
	}
	return true
}

// drawnBody is the board's rows as the last frame drew them at w×h, and
// the lines of the columns they were made of.
type drawnBody struct {
	w, h  int
	cols  columnPieces
	lines boardLines
}

// columnLines renders column i as lines of exactly w cells: header, rule,
// more-above mark, cards, more-below mark. same reports that they are
// the lines of the last frame.
func (m *Model) columnLines(f *frame, i, w int) (lines []string, same bool) {
	st, l := m.env.styles, m.env.lang
	c := &m.board.cols[i]
	focused := i == m.board.focus
	title := l.Status(c.status) + " " + count(c.count, c.capped)
	head := chromeKey{part: "head", text: title, w: w, focused: focused}
	top := m.env.renders.piece(head, func() []string {
		var head line
		if focused {
			head.add(inkOf(st.HeaderFocus), textsafe.PadRight("▸ "+textsafe.Truncate(title, w-2), w))
		} else {
			head.add(inkOf(st.Header), textsafe.PadRight("  "+textsafe.Truncate(title, w-2), w))
		}
		rule := st.Rule.Render(strings.Repeat("─", w))
		if focused {
			rule = st.RuleFocus.Render(strings.Repeat("━", w))
		}
		return []string{head.String(), rule}
	})
	keys := make([]cardKey, len(c.cards))
	for j := range c.cards {
		t := &c.cards[j]
		style, ago := m.cardStyle(f, t, focused && j == c.sel)
		keys[j] = newCardKey(false, &m.env, t, w, style, ago)
	}
	memo := &m.board.drawn[i]
	look := columnLook{head: head, above: c.above, below: c.below, empty: len(c.cards) == 0 && m.loaded}
	if memo.lines != nil && memo.look == look && slices.Equal(memo.cards, keys) {
		return memo.lines, true
	}
	out := make([]string, 0, 4+len(c.cards)*(cardLines+1))
	out = append(out, top[0], top[1], m.moreLine(c.above, i18n.MoreAbove, w))
	blank := m.blankLine(w)
	for j, t := range c.cards {
		if j > 0 {
			out = append(out, blank)
		}
		out = append(out, cardBlock(&m.env, t, keys[j])...)
	}
	if look.empty {
		out = append(out, m.dimLine(l.T(i18n.EmptyColumn), w))
	}
	out = append(out, m.moreLine(c.below, i18n.MoreBelow, w))
	*memo = drawnColumn{look: look, cards: keys, lines: out}
	return out, false
}

// drawnColumn is a column as the last frame drew it: when nothing it
// shows has changed, the next frame reuses its lines, and when no column
// has, the board's text.
type drawnColumn struct {
	look  columnLook
	cards []cardKey
	lines []string
}

// columnLook is what a column shows besides its cards.
type columnLook struct {
	head                chromeKey // the header and rule
	above, below, empty bool
}

func (m *Model) moreLine(more bool, k i18n.Key, w int) string {
	if !more {
		return m.blankLine(w)
	}
	return m.dimLine(m.env.lang.T(k), w)
}

// dimLine is text, dim, in a line of exactly w cells.
func (m *Model) dimLine(text string, w int) string {
	return m.env.renders.piece(chromeKey{part: "dim", text: text, w: w}, func() []string {
		return []string{m.env.styles.Dim.Render(textsafe.PadRight(textsafe.Truncate(" "+text, w), w))}
	})[0]
}

// blankLine is w spaces, one string for every use.
func (m *Model) blankLine(w int) string {
	return m.env.renders.piece(chromeKey{part: "blank", w: w}, func() []string { return []string{strings.Repeat(" ", w)} })[0]
}

// tabView shows the focused column alone under a tab bar of all five. The
// deadline column is as wide as the widest deadline shown.
func (m *Model) tabView(f *frame, w, h int) string {
	c := m.board.current()
	out := []string{m.tabBar(w), m.env.styles.RuleFocus.Render(strings.Repeat("━", w)), m.moreLine(c.above, i18n.MoreAbove, w)}
	styles := make([]cardStyle, len(c.cards))
	agos := make([]string, len(c.cards))
	dueW := 0
	for j := range c.cards {
		styles[j], agos[j] = m.cardStyle(f, &c.cards[j], j == c.sel)
		dueW = max(dueW, textsafe.Width(styles[j].due.text))
	}
	for j, t := range c.cards {
		styles[j].dueW = dueW
		out = append(out, cardRow(&m.env, t, newCardKey(true, &m.env, &t, w, styles[j], agos[j])))
	}
	if len(c.cards) == 0 && m.loaded {
		out = append(out, m.env.styles.Dim.Render(textsafe.PadRight(" "+m.env.lang.T(i18n.EmptyColumn), w)))
	}
	for len(out) < h-1 {
		out = append(out, "")
	}
	out = append(out, m.moreLine(c.below, i18n.MoreBelow, w))
	return strings.Join(out, "\n")
}

// tabBar names every column with its count; the focused one is bracketed
// (visible without colour) and reversed.
func (m *Model) tabBar(w int) string {
	st, l := m.env.styles, m.env.lang
	var bar line
	for i := range m.board.cols {
		c := &m.board.cols[i]
		label := l.Status(c.status) + " " + count(c.count, c.capped)
		if i == m.board.focus {
			bar.add(inkOf(st.TabActive), "["+label+"]")
		} else {
			bar.add(inkOf(st.Tab), " "+label+" ")
		}
		if i < nCols-1 {
			bar.add(inkOf(st.Dim), "│")
		}
	}
	if bar.w > w {
		// Too wide (huge counts): plain text cut to the width.
		return textsafe.Truncate(m.plainTabBar(), w)
	}
	bar.pad(w)
	return bar.String()
}

func (m *Model) plainTabBar() string {
	var parts []string
	for i := range m.board.cols {
		c := &m.board.cols[i]
		label := m.env.lang.Status(c.status) + " " + count(c.count, c.capped)
		if i == m.board.focus {
			label = "[" + label + "]"
		}
		parts = append(parts, label)
	}
	return strings.Join(parts, " ")
}
