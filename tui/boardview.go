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

func (m *Model) boardView(w, h int) string {
	if m.board.fresh {
		return m.firstRunView(w, h)
	}
	f := m.newFrame()
	if tabbed(w) {
		return m.tabView(&f, w, h)
	}
	return m.columnsView(&f, w, h)
}

// frame is what one drawing of the board shares across its cards: the
// clock, read once so every deadline counts from the same instant; the
// widest key; and who else has which card open, read from the presence
// registry once.
type frame struct {
	now     time.Time
	keyW    int
	viewers map[int64][]live.Viewer
}

func (m *Model) newFrame() frame {
	f := frame{now: m.env.now(), keyW: m.board.keyWidth()}
	if m.presence != nil {
		f.viewers = m.presence.Snapshot(m.session)
	}
	return f
}

// cardStyle is how card t looks in frame f.
func (m *Model) cardStyle(f *frame, t domain.Ticket, selected bool) cardStyle {
	w, waits := m.board.waits[t.ID]
	return cardStyle{
		selected: selected,
		marked:   m.marks.has(t.ID),
		keyW:     f.keyW,
		due:      deadlineOf(m.env.lang, m.desk.DeadlineOf(t, f.now)),
		viewers:  presenceLabel(f.viewers[t.ID]),
		waiting:  waitFlag(&m.env, w, waits),
	}
}

// columnsView lays the five columns side by side, separated by "│",
// exactly w cells wide and h lines high (View does not fit it again).
func (m *Model) columnsView(f *frame, w, h int) string {
	colW := (w - (nCols - 1)) / nCols
	parts := make([][]string, nCols)
	unchanged := m.board.body.w == w && m.board.body.h == h
	for i := range m.board.cols {
		cw := colW
		if i == nCols-1 {
			cw = w - (nCols-1)*(colW+1) // the last column takes the rest
		}
		var same bool
		parts[i], same = m.columnLines(f, i, cw)
		unchanged = unchanged && same
		if len(parts[i]) < h {
			blank := m.blankLine(cw)
			for len(parts[i]) < h {
				parts[i] = append(parts[i], blank)
			}
		}
	}
	if unchanged {
		return m.board.body.text
	}
	var b strings.Builder
	size := 0
	for _, p := range parts {
		for _, l := range p[:h] {
			size += len(l) + 8 // and a separator
		}
	}
	b.Grow(size)
	seps := m.env.renders.get(chromeKey{part: "separators"}, func() []string {
		return []string{m.env.styles.Rule.Render("│"), m.env.styles.Rule.Render("┼")}
	})
	sep, cross := seps[0], seps[1]
	for row := range h {
		if row > 0 {
			b.WriteByte('\n')
		}
		for i := range parts {
			if i > 0 {
				if row == 1 {
					b.WriteString(cross)
				} else {
					b.WriteString(sep)
				}
			}
			if row < len(parts[i]) {
				b.WriteString(parts[i][row])
			}
		}
	}
	m.board.body = drawnBody{w: w, h: h, text: b.String()}
	return m.board.body.text
}

// drawnBody is the board's text as the last frame drew it at w×h.
type drawnBody struct {
	w, h int
	text string
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
	top := m.env.renders.get(head, func() []string {
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
	for j, t := range c.cards {
		keys[j] = newCardKey(false, &m.env, &t, w, m.cardStyle(f, t, focused && j == c.sel), f.now)
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
	return m.env.renders.get(chromeKey{part: "dim", text: text, w: w}, func() []string {
		return []string{m.env.styles.Dim.Render(textsafe.PadRight(textsafe.Truncate(" "+text, w), w))}
	})[0]
}

// blankLine is w spaces.
func (m *Model) blankLine(w int) string { return strings.Repeat(" ", w) }

// tabView shows the focused column alone under a tab bar of all five. The
// deadline column is as wide as the widest deadline shown.
func (m *Model) tabView(f *frame, w, h int) string {
	c := m.board.current()
	out := []string{m.tabBar(w), m.env.styles.RuleFocus.Render(strings.Repeat("━", w)), m.moreLine(c.above, i18n.MoreAbove, w)}
	styles := make([]cardStyle, len(c.cards))
	dueW := 0
	for j, t := range c.cards {
		styles[j] = m.cardStyle(f, t, j == c.sel)
		dueW = max(dueW, textsafe.Width(styles[j].due.text))
	}
	for j, t := range c.cards {
		styles[j].dueW = dueW
		out = append(out, cardRow(&m.env, t, newCardKey(true, &m.env, &t, w, styles[j], f.now)))
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
