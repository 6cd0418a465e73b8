package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// Chart glyphs. Bars are characters, so NO_COLOR shows them too, and every
// bar carries its number.
const (
	glyphBar      = "█"
	glyphBreached = "▒"
	glyphOpen     = "░"
	glyphOK       = "✓"
	glyphMiss     = "✗"
)

// sparks are the eight levels of a sparkline.
var sparks = []rune("▁▂▃▄▅▆▇█")

// Layout: from twoColumnsFrom cells wide the charts go in two columns;
// labels take at most a third of a column.
const (
	twoColumnsFrom = 120
	columnGap      = 3
	agentRows      = 8
)

// view draws the header and brief across the width, then the charts
// stacked (or in two columns on a wide screen), scrolled by j/k when
// taller than the screen.
func (s *dashboardScreen) view(w, h int) string {
	st, l := s.e.styles, s.e.lang
	title := l.T(i18n.DashTitle, s.rangeName())
	if s.data != nil {
		r := s.data.report
		title += " (" + r.From.Format("01-02") + " – " + r.To.AddDate(0, 0, -1).Format("01-02") + ")"
	}
	out := []string{
		st.Title.Render(textsafe.Truncate(title, w)),
		st.Dim.Render(textsafe.Truncate(s.filterNames(), w)),
	}
	if s.data == nil {
		return strings.Join(append(out, "", st.Dim.Render(l.T(i18n.Loading))), "\n")
	}
	out = append(append(out, s.brief(w)...), "")
	// Every panel has a fixed height and a fixed place, whatever the
	// range or the data: switching from today to 30 days changes the
	// numbers, never where to look for them.
	sections := func(cw int) [][]string {
		return [][]string{fixed(s.targets(cw), 4), fixed(s.byChannel(cw), 1+len(domain.Channels)),
			fixed(s.byCategory(cw), 2+len(domain.Categories)), fixed(s.trend(cw), 9),
			fixed(s.slaBars(cw), 2+2*len(domain.Priorities)), fixed(s.csat(cw), 6), fixed(s.agents(cw), 2+agentRows)}
	}
	if w >= twoColumnsFrom {
		cw := (w - columnGap) / 2
		out = append(out, sideBySide(sections(cw), cw)...)
	} else {
		for i, sec := range sections(w) {
			if i > 0 {
				out = append(out, "")
			}
			out = append(out, sec...)
		}
	}
	if len(out) <= h {
		s.top, s.last = 0, 0
		return strings.Join(out, "\n")
	}
	// The last line says there is more, so the content gets h-1.
	s.last = len(out) - (h - 1)
	s.top = min(s.top, s.last)
	more := []string{}
	if s.top > 0 {
		more = append(more, l.T(i18n.MoreAbove))
	}
	if s.top < s.last {
		more = append(more, l.T(i18n.MoreBelow))
	}
	shown := append(out[s.top:s.top+h-1:s.top+h-1], st.Dim.Render(strings.Join(more, "  ")))
	return strings.Join(shown, "\n")
}

// fixed pads a panel with blank lines to n lines (panels are drawn no
// taller than their n).
func fixed(sec []string, n int) []string {
	for len(sec) < n {
		sec = append(sec, "")
	}
	return sec
}

// leftColumn says which of the sections (in the order view lists them)
// go in the left column on a wide screen: targets, categories,
// satisfaction and agents left; channels, trend and SLA right.
var leftColumn = []bool{true, false, true, false, false, true, true}

// sideBySide puts each section in its column (leftColumn) and joins the
// two columns line by line.
func sideBySide(sections [][]string, cw int) []string {
	var cols [2][]string
	for i, sec := range sections {
		c := 1
		if leftColumn[i] {
			c = 0
		}
		if len(cols[c]) > 0 {
			cols[c] = append(cols[c], "")
		}
		cols[c] = append(cols[c], sec...)
	}
	out := make([]string, max(len(cols[0]), len(cols[1])))
	gap := strings.Repeat(" ", columnGap)
	for i := range out {
		left, right := "", ""
		if i < len(cols[0]) {
			left = cols[0][i]
		}
		if i < len(cols[1]) {
			right = cols[1][i]
		}
		out[i] = strings.TrimRight(fitLine(left, cw)+gap+right, " ")
	}
	return out
}

// brief is today's numbers, wrapped to the width:
//
//	Today  new 3 · resolved 1 · breaching 2 · escalated 2 · negative 67% · emergencies 0
func (s *dashboardScreen) brief(w int) []string {
	st, l, d := s.e.styles, s.e.lang, s.data
	type cell struct {
		label, value string
		hot          bool
	}
	cells := []cell{
		{l.T(i18n.DashNew), strconv.Itoa(d.today.Created), false},
		{l.T(i18n.DashResolved), strconv.Itoa(d.today.Resolved), false},
		{l.T(i18n.DashBreaching), count(d.breaching, d.breachCap), d.breaching > 0},
		{l.T(i18n.DashEscalated), count(d.escalated, d.escCap), d.escalated > 0},
		{l.T(i18n.DashNegative), percent(d.today.Negative, d.today.Created), false},
		{l.T(i18n.DashEmergencies), strconv.Itoa(d.emergencies), d.active},
	}
	if d.active {
		cells[len(cells)-1].value += " " + l.T(i18n.DashActive)
	}
	lead := l.T(i18n.DashToday) + "  "
	var out []string
	var ln line
	ln.add(inkOf(st.Title), lead)
	for i, c := range cells {
		text := c.label + " " + c.value
		sep := ""
		if i > 0 {
			sep = " · "
		}
		if i > 0 && ln.w+textsafe.Width(sep+text) > w {
			out = append(out, ln.String())
			ln = line{}
			ln.pad(textsafe.Width(lead))
			sep = ""
		}
		ln.add(inkOf(st.Dim), sep)
		ln.add(ink{}, c.label+" ")
		v := inkOf(st.Title)
		if c.hot {
			v = inkOf(st.Error)
		}
		ln.add(v, c.value)
	}
	return append(out, ln.String())
}

// targets compares the resolution rate and the handling time with their
// targets, a ✓ or ✗ beside each.
func (s *dashboardScreen) targets(w int) []string {
	st, l, r := s.e.styles, s.e.lang, s.data.report
	handling := "—"
	if r.Resolved > 0 {
		handling = duration(l, r.AvgHandling)
	}
	// Each rate says what it divides and what it is held to.
	rows := []struct {
		label, value, target string
		ok, judged           bool
	}{
		{l.T(i18n.DashResolutionRate), percentOf(r.ResolutionRate), l.T(i18n.DashAtLeast, percentOf(store.TargetResolutionRate)) +
			" · " + l.T(i18n.DashResolutionDef), r.ResolutionRate >= store.TargetResolutionRate, r.Created > 0},
		{l.T(i18n.DashHandling), handling, l.T(i18n.DashAtMost, l.T(i18n.AgeHours, int(store.TargetHandling/time.Hour))) + " · " + l.T(i18n.DashHandlingDef),
			r.AvgHandling <= store.TargetHandling, r.Resolved > 0},
		{l.T(i18n.DashReopenRate), percentOf(r.ReopenRate), l.T(i18n.DashNoTarget) + " · " + l.T(i18n.DashReopenDef), false, false},
	}
	labelW, valueW := 0, 0
	for _, row := range rows {
		labelW, valueW = max(labelW, textsafe.Width(row.label)), max(valueW, textsafe.Width(row.value))
	}
	out := []string{s.heading(i18n.DashTargets, w)}
	for _, row := range rows {
		var ln line
		ln.add(ink{}, textsafe.PadRight(row.label, labelW)+" ")
		ln.add(inkOf(st.Title), padLeft(row.value, valueW))
		switch {
		case row.judged && row.ok:
			ln.add(inkOf(st.Info), " "+glyphOK)
		case row.judged:
			ln.add(inkOf(st.Error), " "+glyphMiss)
		default:
			ln.add(ink{}, "  ")
		}
		ln.add(inkOf(st.Dim), " "+textsafe.Truncate(row.target, max(w-ln.w-1, 1)))
		out = append(out, ln.String())
	}
	return out
}

// heading is a section's title, cut to the width.
func (s *dashboardScreen) heading(k i18n.Key, w int, args ...any) string {
	return s.e.styles.Title.Render(textsafe.Truncate(s.e.lang.T(k, args...), w))
}

// byChannel is received volume per channel as bars.
func (s *dashboardScreen) byChannel(w int) []string {
	l, r := s.e.lang, s.data.report
	rows := make([]barRow, len(r.ByChannel))
	for i, c := range r.ByChannel {
		rows[i] = barRow{l.Channel(domain.Channel(c.Key)), c.N}
	}
	return append([]string{s.heading(i18n.DashByChannel, w)}, s.bars(rows, r.Created, w)...)
}

// byCategory is received volume per category as bars, with the top three
// and their shares named above them.
func (s *dashboardScreen) byCategory(w int) []string {
	st, l, r := s.e.styles, s.e.lang, s.data.report
	rows := make([]barRow, len(r.ByCategory))
	var top []string
	for i, c := range r.ByCategory {
		rows[i] = barRow{l.Category(domain.Category(c.Key)), c.N}
		if i < 3 {
			top = append(top, rows[i].label+" "+percent(c.N, r.Created))
		}
	}
	out := []string{s.heading(i18n.DashByCategory, w)}
	if len(top) > 0 {
		out = append(out, st.Dim.Render(textsafe.Truncate(l.T(i18n.DashTop3, strings.Join(top, l.T(i18n.ListSeparator))), w)))
	}
	return append(out, s.bars(rows, r.Created, w)...)
}

// barRow is one bar of a chart.
type barRow struct {
	label string
	n     int
}

// bars draws one bar a row, its length the row's share of total, so the
// channel and the category charts share one scale; each with its number
// and share:
//
//	Hotline      ████████████████████   5 (33%)
func (s *dashboardScreen) bars(rows []barRow, total, w int) []string {
	st := s.e.styles
	if len(rows) == 0 {
		return []string{st.Dim.Render(s.e.lang.T(i18n.DashNoData))}
	}
	labelW, numW, most := 0, 0, 0
	for _, r := range rows {
		labelW = max(labelW, textsafe.Width(r.label))
		numW = max(numW, len(strconv.Itoa(r.n)))
		most = max(most, r.n)
	}
	labelW = min(labelW, w/3)
	const shareW = 7 // " (100%)"
	barW := max(w-labelW-1-1-numW-shareW, 1)
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		var ln line
		ln.add(ink{}, textsafe.PadRight(textsafe.Truncate(r.label, labelW), labelW)+" ")
		n := scaled(r.n, max(total, most), barW)
		ln.add(inkOf(st.Key), strings.Repeat(glyphBar, n))
		ln.add(ink{}, strings.Repeat(" ", barW-n+1)+padLeft(strconv.Itoa(r.n), numW))
		ln.add(inkOf(st.Dim), " ("+percent(r.n, total)+")")
		out = append(out, ln.String())
	}
	return out
}

// trend is received and resolved per day: a bar pair a day for a week or
// less, two sparklines with their minimum and maximum for longer ranges.
func (s *dashboardScreen) trend(w int) []string {
	st, l, days := s.e.styles, s.e.lang, s.data.report.Daily
	out := []string{s.heading(i18n.DashTrend, w)}
	recv, res := l.T(i18n.DashReceived), l.T(i18n.DashResolved)
	if len(days) <= 7 {
		var ln line
		ln.add(inkOf(st.Key), glyphBar)
		ln.add(ink{}, " "+recv+"  ")
		ln.add(inkOf(st.Info), glyphBreached)
		ln.add(ink{}, " "+res)
		out = append(out, ln.String())
		most, numW := 0, 1
		for _, d := range days {
			most = max(most, d.Created, d.Resolved)
			numW = max(numW, len(strconv.Itoa(max(d.Created, d.Resolved))))
		}
		barW := max((w-6-2*(numW+2))/2, 1)
		for _, d := range days {
			var ln line
			ln.add(inkOf(st.Dim), d.Day.Format("01-02")+" ")
			for i, v := range []int{d.Created, d.Resolved} {
				n := scaled(v, most, barW)
				style, glyph := st.Key, glyphBar
				if i == 1 {
					style, glyph = st.Info, glyphBreached
				}
				ln.add(inkOf(style), strings.Repeat(glyph, n))
				ln.add(ink{}, strings.Repeat(" ", barW-n+1)+padLeft(strconv.Itoa(v), numW)+" ")
			}
			out = append(out, strings.TrimRight(ln.String(), " "))
		}
		return out
	}
	labelW := max(textsafe.Width(recv), textsafe.Width(res))
	series := []struct {
		label string
		ink   ink
		vals  []int
	}{{recv, inkOf(st.Key), nil}, {res, inkOf(st.Info), nil}}
	for _, d := range days {
		series[0].vals = append(series[0].vals, d.Created)
		series[1].vals = append(series[1].vals, d.Resolved)
	}
	// Received and resolved on one scale: the taller bar is the bigger day.
	_, hi0 := minMax(series[0].vals)
	_, hi1 := minMax(series[1].vals)
	for _, sr := range series {
		var ln line
		ln.add(ink{}, textsafe.PadRight(sr.label, labelW)+" ")
		ln.add(sr.ink, sparkline(sr.vals, max(hi0, hi1)))
		lo, hi := minMax(sr.vals)
		ln.add(inkOf(st.Dim), " "+l.T(i18n.DashMinMax, lo, hi))
		out = append(out, ln.String())
	}
	// The date axis under the sparklines: first and last day.
	first, last := days[0].Day.Format("01-02"), days[len(days)-1].Day.Format("01-02")
	axis := strings.Repeat(" ", labelW+1) + first
	axis += strings.Repeat(" ", max(labelW+1+len(days)-textsafe.Width(axis)-len(last), 1)) + last
	return append(out, st.Dim.Render(axis))
}

// slaBars draws, per priority, the first-response and resolution clocks
// of the tickets received in the range as met, breached and open
// segments, with the three numbers in columns.
func (s *dashboardScreen) slaBars(w int) []string {
	st, l := s.e.styles, s.e.lang
	heads := []string{glyphBar + " " + l.T(i18n.DashMet), glyphBreached + " " + l.T(i18n.DashBreached), glyphOpen + " " + l.T(i18n.DashOpen)}
	inks := []ink{inkOf(st.SLA[0]), inkOf(st.SLA[2]), inkOf(st.Dim)}
	glyphs := []string{glyphBar, glyphBreached, glyphOpen}
	clock := []string{l.T(i18n.DashFirst), l.T(i18n.DashResolve)}
	markW, clockW := 0, max(textsafe.Width(clock[0]), textsafe.Width(clock[1]))
	for _, r := range s.data.report.SLA {
		markW = max(markW, textsafe.Width(l.PriorityMark(r.Priority)))
	}
	numsW := 0
	for _, hd := range heads {
		numsW += 1 + textsafe.Width(hd)
	}
	barW := max(w-markW-1-clockW-1-numsW, 4)
	out := []string{s.heading(i18n.DashSLA, w)}
	var hl line
	hl.pad(markW + 1 + clockW + 1 + barW)
	for i, hd := range heads {
		hl.add(ink{}, " ")
		hl.add(inks[i], hd)
	}
	out = append(out, hl.String())
	for _, r := range s.data.report.SLA {
		for c, nums := range [][3]int{{r.FirstMet, r.FirstBreached, r.FirstOpen}, {r.ResolveMet, r.ResolveBreached, r.ResolveOpen}} {
			var ln line
			mark := ""
			if c == 0 {
				mark = l.PriorityMark(r.Priority)
			}
			ln.add(inkOf(st.Priority[priorityIndex(r.Priority)]), textsafe.PadRight(mark, markW))
			ln.add(ink{}, " "+textsafe.PadRight(clock[c], clockW)+" ")
			for i, n := range segments(nums[:], barW) {
				ln.add(inks[i], strings.Repeat(glyphs[i], n))
			}
			ln.pad(markW + 1 + clockW + 1 + barW)
			for i, n := range nums {
				ln.add(ink{}, " "+padLeft(strconv.Itoa(n), textsafe.Width(heads[i])))
			}
			out = append(out, ln.String())
		}
	}
	return out
}

// csat is the average of each satisfaction dimension as a bar out of 5,
// and the share of scores with a rating of 3 or less.
func (s *dashboardScreen) csat(w int) []string {
	st, l, c := s.e.styles, s.e.lang, s.data.report.CSAT
	out := []string{s.heading(i18n.DashCSAT, w)}
	if c.N == 0 {
		return append(out, st.Dim.Render(l.T(i18n.DashNoData)))
	}
	dims := []struct {
		label string
		avg   float64
	}{
		{l.T(i18n.FieldTimeliness), c.Timeliness}, {l.T(i18n.FieldEffectiveness), c.Effectiveness},
		{l.T(i18n.FieldAttitude), c.Attitude}, {l.T(i18n.FieldOverall), c.Overall},
	}
	labelW := 0
	for _, d := range dims {
		labelW = max(labelW, textsafe.Width(d.label))
	}
	barW := max(w-labelW-1-5, 5)
	for _, d := range dims {
		var ln line
		ln.add(ink{}, textsafe.PadRight(d.label, labelW)+" ")
		n := int(d.avg/5*float64(barW) + 0.5)
		ln.add(inkOf(st.Key), strings.Repeat(glyphBar, n))
		ln.add(inkOf(st.Dim), strings.Repeat(glyphOpen, barW-n))
		ln.add(inkOf(st.Title), " "+strconv.FormatFloat(d.avg, 'f', 1, 64))
		out = append(out, ln.String())
	}
	return append(out, st.Dim.Render(textsafe.Truncate(l.T(i18n.DashCSATSummary, c.N, percentOf(c.LowShare)), w)))
}

// agents is the per-agent table, busiest first, when the range has any.
func (s *dashboardScreen) agents(w int) []string {
	st, l, rows := s.e.styles, s.e.lang, s.data.report.Agents
	if len(rows) == 0 {
		return []string{s.heading(i18n.DashAgents, w), st.Dim.Render(l.T(i18n.DashNoData))}
	}
	rows = rows[:min(len(rows), agentRows)]
	heads := []string{l.T(i18n.DashResolved), l.T(i18n.DashAvg), l.T(i18n.DashOpen), l.T(i18n.FieldOverall)}
	cells := make([][]string, len(rows))
	widths := make([]int, len(heads))
	for i, hd := range heads {
		widths[i] = textsafe.Width(hd)
	}
	nameW := textsafe.Width(l.T(i18n.TeamAgent))
	for i, a := range rows {
		avg, score := "—", "—"
		if a.Resolved > 0 {
			avg = duration(l, a.AvgHandling)
		}
		if a.CSATCount > 0 {
			score = strconv.FormatFloat(a.CSATOverall, 'f', 1, 64)
		}
		cells[i] = []string{strconv.Itoa(a.Resolved), avg, strconv.Itoa(a.OpenNow), score}
		for j, c := range cells[i] {
			widths[j] = max(widths[j], textsafe.Width(c))
		}
		nameW = max(nameW, textsafe.Width(safeName(a.Agent)))
	}
	numsW := 0
	for _, cw := range widths {
		numsW += 2 + cw
	}
	nameW = min(nameW, max(w-numsW, 6))
	row := func(name string, cs []string, in ink) string {
		var ln line
		ln.add(in, textsafe.PadRight(textsafe.Truncate(name, nameW), nameW))
		for j, c := range cs {
			ln.add(in, "  "+padLeft(c, widths[j]))
		}
		return ln.String()
	}
	out := []string{s.heading(i18n.DashAgents, w), row(l.T(i18n.TeamAgent), heads, inkOf(st.Dim))}
	for i, a := range rows {
		out = append(out, row(safeName(a.Agent), cells[i], ink{}))
	}
	return out
}

// scaled is n of most in cells of width; anything above zero shows.
func scaled(n, most, width int) int {
	if n <= 0 || most <= 0 {
		return 0
	}
	return max(n*width/most, 1)
}

// segments splits width cells among parts in proportion (largest
// remainders get the leftover cells); an empty whole draws nothing.
func segments(parts []int, width int) []int {
	total := 0
	for _, p := range parts {
		total += p
	}
	out := make([]int, len(parts))
	if total == 0 {
		return out
	}
	used := 0
	rem := make([]int, len(parts))
	for i, p := range parts {
		out[i] = p * width / total
		rem[i] = p * width % total
		used += out[i]
	}
	for ; used < width; used++ {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}

// sparkline draws one cell a value, from ▁ (none) to █ (hi).
func sparkline(vals []int, hi int) string {
	var b strings.Builder
	for _, v := range vals {
		i := 0
		if hi > 0 {
			i = v * (len(sparks) - 1) / hi
		}
		b.WriteRune(sparks[i])
	}
	return b.String()
}

func minMax(vals []int) (int, int) {
	if len(vals) == 0 {
		return 0, 0
	}
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi
}

// percent is a of b as a whole percentage; "—" when b is zero.
func percent(a, b int) string {
	if b == 0 {
		return "—"
	}
	return percentOf(float64(a) / float64(b))
}

func percentOf(f float64) string { return fmt.Sprintf("%.0f%%", f*100) }

// duration is a handling time in the units of a card's age: "35m", "5h",
// "2d" (under a minute is "0m", not the age's "now").
func duration(l i18n.Lang, d time.Duration) string {
	if d < time.Minute {
		return l.T(i18n.AgeMinutes, 0)
	}
	var zero time.Time
	return age(l, zero.Add(d), zero)
}

// padLeft right-aligns s in cells.
func padLeft(s string, cells int) string {
	return strings.Repeat(" ", max(cells-textsafe.Width(s), 0)) + s
}
